import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { prisma } from '../../api/src/db/client.ts';
import { defineJob } from '../../api/src/jobs/define-job.ts';
import { startJobs, stopJobs } from '../../api/src/jobs/lifecycle.ts';
import { drainOutbox, reconcileOutbox, stageJob } from '../../api/src/jobs/outbox.ts';
import { jobQueue } from '../../api/src/jobs/queue.ts';
import { registerJob } from '../../api/src/jobs/registry.ts';
import { runJob } from '../../api/src/jobs/runner.ts';
import { gid, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

// This file's own Redis keys, so it cannot see or disturb another run's queue.
process.env.BULLMQ_PREFIX = `carecert-test-${process.pid}-${Date.now()}`;
const hasRedis = Boolean(process.env.REDIS_URL);

const effects = new Map<string, number>();
const countRuns = defineJob({
  name: 'test.countRuns',
  payload: z.object({ label: z.string() }),
  handler: async (_payload, ctx) => {
    await ctx.reportProgress(1, 2);
    effects.set(ctx.jobId, (effects.get(ctx.jobId) ?? 0) + 1);
    await ctx.reportProgress(2, 2);
    return { done: true };
  },
});
registerJob(countRuns);

const key = (label: string) => `test.countRuns:${label}:${process.pid}:${Math.random().toString(36).slice(2)}`;

async function waitFor(check: () => Promise<boolean>, what: string, ms = 15_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('outbox', () => {
  it('leaves no row and no queue job when the transaction rolls back', async () => {
    const k = key('rollback');
    await expect(
      prisma.$transaction(async (tx) => {
        await stageJob(tx, countRuns, { label: 'x' }, { key: k });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await prisma.backgroundJob.findUnique({ where: { key: k } })).toBeNull();
  });

  it('stages the same work once, however often it is asked for', async () => {
    const k = key('same');
    const a = await prisma.$transaction((tx) => stageJob(tx, countRuns, { label: 'a' }, { key: k }));
    const b = await prisma.$transaction((tx) => stageJob(tx, countRuns, { label: 'a' }, { key: k }));
    expect(b.id).toBe(a.id);
    expect(await prisma.backgroundJob.count({ where: { key: k } })).toBe(1);
  });

  it('rejects a payload that breaks the job’s schema before anything is written', async () => {
    const k = key('bad');
    await expect(prisma.$transaction((tx) => stageJob(tx, countRuns, { label: 42 } as never, { key: k }))).rejects.toThrow();
    expect(await prisma.backgroundJob.count({ where: { key: k } })).toBe(0);
  });

  it('runs a job in process without Redis, records progress, and has one effect when delivered twice', async () => {
    const row = await prisma.$transaction((tx) => stageJob(tx, countRuns, { label: 'inproc' }, { key: key('inproc') }));
    await drainOutbox({ inProcess: true });
    const done = await prisma.backgroundJob.findUniqueOrThrow({ where: { id: row.id } });
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 2, total: 2, attempts: 1, result: { done: true } });
    await runJob(row.id, { final: true });
    expect(effects.get(row.id)).toBe(1);
  });
});

describe.skipIf(!hasRedis)('queue (real Redis)', () => {
  afterAll(async () => {
    await stopJobs();
  });

  it('hands a job to the queue only after its transaction commits', async () => {
    const k = key('commit');
    let id = '';
    await prisma.$transaction(async (tx) => {
      id = (await stageJob(tx, countRuns, { label: 'c' }, { key: k })).id;
      // Another connection drains while the row is uncommitted: it must not see it.
      await drainOutbox({ inProcess: false });
      expect(await jobQueue().getJob(id)).toBeUndefined();
    });
    await drainOutbox({ inProcess: false });
    const queued = await jobQueue().getJob(id);
    expect(queued?.data).toEqual({ id });
    expect(JSON.stringify(queued?.data)).not.toContain('label');
  });

  it('re-enqueues a job Redis lost, and the worker runs it exactly once', async () => {
    const row = await prisma.$transaction((tx) => stageJob(tx, countRuns, { label: 'lost' }, { key: key('lost') }));
    await drainOutbox({ inProcess: false });
    expect(await jobQueue().getJob(row.id)).toBeDefined();

    // Redis loses it (flush or restart without persistence).
    await (await jobQueue().getJob(row.id))!.remove();
    expect(await jobQueue().getJob(row.id)).toBeUndefined();
    expect(await reconcileOutbox({ inProcess: false, olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
    expect(await jobQueue().getJob(row.id)).toBeDefined();

    startJobs('worker');
    await waitFor(async () => (await prisma.backgroundJob.findUniqueOrThrow({ where: { id: row.id } })).status === 'COMPLETED', 'the worker');
    expect(effects.get(row.id)).toBe(1);
    // A second reconcile finds nothing to redo for a finished job.
    await reconcileOutbox({ inProcess: false, olderThanMs: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(effects.get(row.id)).toBe(1);
  });
});

describe('job progress through the API', () => {
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let id: string;
  beforeAll(async () => {
    const home = await makeOrganisation((await makeRegionTree()).county.id);
    owner = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const row = await prisma.$transaction((tx) => stageJob(tx, countRuns, { label: 'api' }, { key: key('api'), createdById: owner.user.id }));
    id = row.id;
    await prisma.backgroundJob.update({ where: { id }, data: { progress: 30, total: 120, status: 'RUNNING' } });
  });

  it('shows its creator the progress, and nobody else', async () => {
    const QUERY = `query($id: ID!) { backgroundJob(id: $id) { status progress total percent } }`;
    const mine = await gql(QUERY, { id: gid('BackgroundJob', id) }, { token: owner.token });
    expect(mine.data?.backgroundJob).toEqual({ status: 'RUNNING', progress: 30, total: 120, percent: 25 });
    const other = await makeUser('ADMIN');
    expect((await gql(QUERY, { id: gid('BackgroundJob', id) }, { token: other.token })).data?.backgroundJob.percent).toBe(25);
    const stranger = await makeUser('CAREGIVER');
    expect((await gql(QUERY, { id: gid('BackgroundJob', id) }, { token: stranger.token })).data?.backgroundJob).toBeNull();
  });
});
