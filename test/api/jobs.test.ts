import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { prisma } from '../../api/src/db/client.ts';
import { DomainError } from '../../api/src/graphql/errors.ts';
import { defineJob, type JobDefinition } from '../../api/src/jobs/define-job.ts';
import { startJobs, stopJobs } from '../../api/src/jobs/lifecycle.ts';
import { drainOutbox, kickOutbox, stageJob } from '../../api/src/jobs/outbox.ts';
import { jobQueue, queuePrefix } from '../../api/src/jobs/queue.ts';
import { reconcileOutbox } from '../../api/src/jobs/reconcile.ts';
import { registerJob } from '../../api/src/jobs/registry.ts';
import { runJob } from '../../api/src/jobs/runner.ts';
import { purgeExpiredSessions } from '../../api/src/modules/auth/auth.jobs.ts';
import { SESSION_IDLE_TIMEOUT_MS, THROTTLE_WINDOW_MS } from '../../api/src/modules/auth/auth.policy.ts';
import { gid, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql, type GqlResponse } from '../support/graphql.ts';

// This file's own Redis keys, so it cannot see or disturb another file's queue.
process.env.BULLMQ_PREFIX = `carecert-test-jobs-${process.pid}-${Date.now()}`;
const hasRedis = Boolean(process.env.REDIS_URL);
const hasPostgres = Boolean(process.env.DATABASE_URL);

// Handler effects, per job row, as the jobs see them.
const effects = new Map<string, number>();
const count = (id: string) => effects.set(id, (effects.get(id) ?? 0) + 1);

const countRuns = defineJob({
  name: 'test.countRuns',
  payload: z.object({ label: z.string() }),
  handler: async (_payload, ctx) => {
    await ctx.reportProgress(1, 2);
    count(ctx.jobId);
    await ctx.reportProgress(2, 2);
    return { done: true };
  },
});

const failsOnce = defineJob({
  name: 'test.failsOnce',
  payload: z.object({}),
  handler: async (_payload, ctx) => {
    count(ctx.jobId);
    if (effects.get(ctx.jobId) === 1) throw new Error('connection reset');
    return { recovered: true };
  },
});

const alwaysFails = defineJob({
  name: 'test.alwaysFails',
  payload: z.object({}),
  handler: async (_payload, ctx) => {
    count(ctx.jobId);
    throw new Error('caregiver 360102199001011234 has no record');
  },
});

const refuses = defineJob({
  name: 'test.refuses',
  payload: z.object({}),
  handler: async () => {
    throw new DomainError('The roster has no rows');
  },
});

const returnsNothing = defineJob({
  name: 'test.returnsNothing',
  payload: z.object({}),
  handler: async () => {},
});

const withDate = defineJob({
  name: 'test.withDate',
  payload: z.object({ at: z.date() }),
  handler: async () => {},
});

// BullMQ stops retrying on an error of this name, as it does for a job that stalled too often.
const abandoned = defineJob({
  name: 'test.abandoned',
  payload: z.object({}),
  handler: async () => {
    throw Object.assign(new Error('job stalled more than allowable limit'), { name: 'UnrecoverableError' });
  },
});

// A job that runs until the test lets it finish.
let release: () => void = () => {};
const slow = defineJob({
  name: 'test.slow',
  payload: z.object({}),
  handler: async (_payload, ctx) => {
    await new Promise<void>((resolve) => (release = resolve));
    count(ctx.jobId);
  },
});

for (const def of [countRuns, failsOnce, alwaysFails, refuses, returnsNothing, withDate, abandoned, slow]) registerJob(def);

const uniqueKey = (label: string) => `test:${label}:${process.pid}:${Math.random().toString(36).slice(2)}`;
const row = (id: string) => prisma.backgroundJob.findUniqueOrThrow({ where: { id } });
const stage = <S extends z.ZodType>(def: JobDefinition<S>, payload: z.input<S>, label: string) =>
  prisma.$transaction((tx) => stageJob(tx, def, payload, { key: uniqueKey(label) }));

vi.setConfig({ testTimeout: 120_000 });
// Generous: on a 2-core CI machine this file runs beside the browser tests, and a worker may wait its turn.
async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('staging', () => {
  it('leaves no row and no queue job when the transaction rolls back', async () => {
    const key = uniqueKey('rollback');
    let id = '';
    await expect(
      prisma.$transaction(async (tx) => {
        id = (await stageJob(tx, countRuns, { label: 'x' }, { key })).id;
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(id).not.toBe('');
    expect(await prisma.backgroundJob.findUnique({ where: { key } })).toBeNull();
    if (hasRedis) {
      await drainOutbox({ inProcess: false });
      expect(await jobQueue().getJobState(id)).toBe('unknown');
    }
  });

  it('stages the same work once, keeping the first payload, however often it is asked for', async () => {
    const key = uniqueKey('same');
    const a = await prisma.$transaction((tx) => stageJob(tx, countRuns, { label: 'first' }, { key }));
    const b = await prisma.$transaction((tx) => stageJob(tx, countRuns, { label: 'second' }, { key }));
    expect(b.id).toBe(a.id);
    expect(await prisma.backgroundJob.count({ where: { key } })).toBe(1);
    expect((await row(a.id)).payload).toEqual({ label: 'first' });
  });

  it.skipIf(!hasPostgres)('stages one row when transactions stage the same key at the same time', async () => {
    const key = uniqueKey('race');
    const rows = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        prisma.$transaction(async (tx) => {
          const staged = await stageJob(tx, countRuns, { label: `racer ${i}` }, { key });
          // Hold the transaction open so the others arrive while it is uncommitted.
          await new Promise((r) => setTimeout(r, 50));
          return staged;
        }),
      ),
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    expect(await prisma.backgroundJob.count({ where: { key } })).toBe(1);
  });

  it('stores only what the payload schema names, so a stray personal field never reaches the queue', async () => {
    const staged = await stage(countRuns, { label: 'ids', residentId: '360102199001011234' } as never, 'strip');
    expect((await row(staged.id)).payload).toEqual({ label: 'ids' });
  });

  it('rejects a payload that breaks the schema or would not survive JSON, before anything is written', async () => {
    const key = uniqueKey('bad');
    await expect(prisma.$transaction((tx) => stageJob(tx, countRuns, { label: 42 } as never, { key }))).rejects.toThrow();
    await expect(prisma.$transaction((tx) => stageJob(tx, withDate, { at: new Date() }, { key }))).rejects.toThrow(/survive JSON/);
    expect(await prisma.backgroundJob.count({ where: { key } })).toBe(0);
  });
});

describe('in process (no Redis)', () => {
  it('runs the job, records progress and result, and has one effect when delivered twice', async () => {
    const staged = await stage(countRuns, { label: 'inproc' }, 'inproc');
    expect(await drainOutbox({ inProcess: true })).toBeGreaterThanOrEqual(1);
    const done = await row(staged.id);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 2, total: 2, attempts: 1, result: { done: true }, error: null });
    expect(done.enqueuedAt).toBeInstanceOf(Date);
    expect(done.finishedAt).toBeInstanceOf(Date);

    await runJob(staged.id, { final: true });
    expect(effects.get(staged.id)).toBe(1);
    expect((await row(staged.id)).attempts).toBe(1);
  });

  it('retries a failed attempt and completes', async () => {
    const staged = await stage(failsOnce, {}, 'flaky');
    await drainOutbox({ inProcess: true });
    expect(await row(staged.id)).toMatchObject({ status: 'COMPLETED', attempts: 2, error: null, result: { recovered: true } });
    expect(effects.get(staged.id)).toBe(2);
  });

  it('gives up after its attempts with a message that leaks nothing of the failure', async () => {
    const staged = await stage(alwaysFails, {}, 'fails');
    await drainOutbox({ inProcess: true });
    const failed = await row(staged.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 3, error: 'The job failed; see the worker log.' });
    expect(failed.finishedAt).toBeInstanceOf(Date);
    expect(effects.get(staged.id)).toBe(3);
    // Finished is final: delivering it again runs nothing.
    await runJob(staged.id, { final: true });
    expect(effects.get(staged.id)).toBe(3);
  });

  it('keeps the message of an expected failure, and completes a job that returns nothing', async () => {
    const refused = await stage(refuses, {}, 'refuses');
    await expect(runJob(refused.id, { final: true })).rejects.toThrow('The roster has no rows');
    expect(await row(refused.id)).toMatchObject({ status: 'FAILED', error: 'The roster has no rows' });

    const quiet = await stage(returnsNothing, {}, 'quiet');
    await runJob(quiet.id, { final: true });
    expect(await row(quiet.id)).toMatchObject({ status: 'COMPLETED', result: null });
  });

  it('marks a row no handler knows as FAILED, naming the job', async () => {
    const orphan = await prisma.backgroundJob.create({ data: { name: 'test.neverDefined', key: uniqueKey('orphan'), payload: {} } });
    await expect(runJob(orphan.id, { final: true })).rejects.toThrow();
    expect(await row(orphan.id)).toMatchObject({ status: 'FAILED', error: 'No handler for job test.neverDefined in this worker' });
  });

  it('leaves a long job in hand alone, and runs again a job whose process died mid-run', async () => {
    const long = await stage(slow, {}, 'long');
    const draining = drainOutbox({ inProcess: true });
    try {
      await waitFor(async () => (await row(long.id)).status === 'RUNNING', 'the slow job to start');
      await reconcileOutbox({ inProcess: true, olderThanMs: 0 });
      expect(await row(long.id)).toMatchObject({ status: 'RUNNING', enqueuedAt: expect.any(Date) });
    } finally {
      release();
      await draining;
    }
    expect(await row(long.id)).toMatchObject({ status: 'COMPLETED', attempts: 1 });
    expect(effects.get(long.id)).toBe(1);

    // Another process claimed this one an hour ago and never finished it.
    const orphaned = await stage(countRuns, { label: 'orphaned' }, 'orphaned');
    await prisma.backgroundJob.update({
      where: { id: orphaned.id },
      data: { status: 'RUNNING', attempts: 1, enqueuedAt: new Date(Date.now() - 3_600_000), startedAt: new Date(Date.now() - 3_600_000) },
    });
    expect((await reconcileOutbox({ inProcess: true })).requeued).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await row(orphaned.id)).status === 'COMPLETED', 'the orphaned job to be run again');
    expect(await row(orphaned.id)).toMatchObject({ attempts: 2 });
    expect(effects.get(orphaned.id)).toBe(1);
  });
});

describe.skipIf(!hasRedis)('queue (real Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await stopJobs();
    await flushQueue();
    await redis.quit();
  });

  /** Redis forgets this file's queue, as after a restart without persistence. */
  async function flushQueue() {
    const keys = await redis.keys(`${queuePrefix()}:*`);
    if (keys.length) await redis.del(...keys);
  }

  const backdate = (id: string) => prisma.backgroundJob.update({ where: { id }, data: { enqueuedAt: new Date(Date.now() - 3_600_000) } });

  it.skipIf(!hasPostgres)('hands a job to the queue only after its transaction commits, with the row id alone', async () => {
    let id = '';
    await prisma.$transaction(async (tx) => {
      id = (await stageJob(tx, countRuns, { label: 'commit' }, { key: uniqueKey('commit') })).id;
      // A drain on another connection while the row is uncommitted must not see it.
      await drainOutbox({ inProcess: false });
      expect(await jobQueue().getJobState(id)).toBe('unknown');
    });
    kickOutbox({ inProcess: false });
    await waitFor(async () => (await jobQueue().getJobState(id)) === 'waiting', 'the kicked drain');
    expect((await jobQueue().getJob(id))?.data).toEqual({ id });
    expect((await row(id)).enqueuedAt).toBeInstanceOf(Date);
  });

  it('re-enqueues jobs Redis lost, and the worker runs each once, even when delivered twice', async () => {
    const lost = await stage(countRuns, { label: 'lost' }, 'lost');
    await drainOutbox({ inProcess: false });
    expect(await jobQueue().getJobState(lost.id)).toBe('waiting');

    await flushQueue();
    expect(await jobQueue().getJobState(lost.id)).toBe('unknown');
    // Younger than the threshold: it may still be on its way, so it is left alone.
    await reconcileOutbox({ inProcess: false });
    expect(await jobQueue().getJobState(lost.id)).toBe('unknown');
    await backdate(lost.id);
    expect((await reconcileOutbox({ inProcess: false })).requeued).toBeGreaterThanOrEqual(1);
    expect(await jobQueue().getJobState(lost.id)).toBe('waiting');
    // Now the queue has it again, so a second pass adds nothing.
    const again = await reconcileOutbox({ inProcess: false });
    expect(again.requeued).toBe(0);

    startJobs('worker');
    await waitFor(async () => (await row(lost.id)).status === 'COMPLETED', 'the worker');
    expect(await row(lost.id)).toMatchObject({ attempts: 1, progress: 2, total: 2, result: { done: true } });
    expect(effects.get(lost.id)).toBe(1);

    // The same row delivered a second time, under another BullMQ id.
    const duplicate = await jobQueue().add(countRuns.name, { id: lost.id }, { jobId: `${lost.id}-again` });
    await waitFor(async () => (await jobQueue().getJobState(duplicate.id!)) === 'completed', 'the duplicate delivery');
    expect(effects.get(lost.id)).toBe(1);
    expect((await row(lost.id)).attempts).toBe(1);
  });

  it('runs a job staged and kicked while the worker is up, retrying a failed attempt with backoff', async () => {
    const staged = await stage(failsOnce, {}, 'worker-flaky');
    kickOutbox({ inProcess: false });
    await waitFor(async () => (await row(staged.id)).status === 'COMPLETED', 'the retried job');
    expect(await row(staged.id)).toMatchObject({ attempts: 2, error: null, result: { recovered: true } });
    expect(effects.get(staged.id)).toBe(2);
  });

  it('marks FAILED a job BullMQ gave up on while its row still says it will run', async () => {
    const staged = await stage(abandoned, {}, 'abandoned');
    kickOutbox({ inProcess: false });
    await waitFor(async () => (await jobQueue().getJobState(staged.id)) === 'failed', 'BullMQ to give up');
    expect(await row(staged.id)).toMatchObject({ status: 'PENDING', attempts: 1 });
    await backdate(staged.id);
    await reconcileOutbox({ inProcess: false });
    expect(await row(staged.id)).toMatchObject({ status: 'FAILED', error: 'The job stopped without finishing; see the worker log.' });
    expect(await jobQueue().getJobState(staged.id)).toBe('failed');
  });
});

describe('in-process lifecycle', () => {
  it('drains on its own once started, and stopping waits for the job in hand', async () => {
    const long = await stage(slow, {}, 'lifecycle');
    startJobs('in-process');
    await waitFor(async () => (await row(long.id)).status === 'RUNNING', 'the periodic drain');
    let stopped = false;
    const stopping = stopJobs().then(() => (stopped = true));
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(stopped).toBe(false);
    } finally {
      release();
      await stopping;
    }
    expect(await row(long.id)).toMatchObject({ status: 'COMPLETED' });
    expect(effects.get(long.id)).toBe(1);
  });
});

describe('job progress through the API', () => {
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let id: string;
  beforeAll(async () => {
    const home = await makeOrganisation((await makeRegionTree()).county.id);
    owner = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const staged = await prisma.$transaction((tx) =>
      stageJob(tx, countRuns, { label: 'api' }, { key: uniqueKey('api'), createdById: owner.user.id }),
    );
    id = staged.id;
    await prisma.backgroundJob.update({ where: { id }, data: { progress: 30, total: 120, status: 'RUNNING' } });
  });

  it('shows its creator the progress, and nobody else', async () => {
    const QUERY = `query($id: ID!) { backgroundJob(id: $id) { status progress total percent } }`;
    const mine = await gql(QUERY, { id: gid('BackgroundJob', id) }, { token: owner.token });
    expect(mine.data?.backgroundJob).toEqual({ status: 'RUNNING', progress: 30, total: 120, percent: 25 });
    const admin = await makeUser('ADMIN');
    expect((await gql(QUERY, { id: gid('BackgroundJob', id) }, { token: admin.token })).data?.backgroundJob.percent).toBe(25);
    const stranger = await makeUser('CAREGIVER');
    expect((await gql(QUERY, { id: gid('BackgroundJob', id) }, { token: stranger.token })).data?.backgroundJob).toBeNull();
    // A global ID is not a permission: the node refetch applies the same filter.
    const NODE = `query($id: ID!) { node(id: $id) { id ... on BackgroundJob { progress } } }`;
    expect((await gql(NODE, { id: gid('BackgroundJob', id) }, { token: owner.token })).data?.node.progress).toBe(30);
    expect((await gql(NODE, { id: gid('BackgroundJob', id) }, { token: stranger.token })).data?.node).toBeNull();
  });

  it('lists the viewer’s own jobs, every job for an admin, in a constant number of SQL statements', async () => {
    const LIST = `{ backgroundJobs(first: 100) { totalCount edges { node { id name status percent } } } }`;
    const ownerJobs = [gid('BackgroundJob', id)];
    for (const label of ['list-a', 'list-b']) {
      const staged = await prisma.$transaction((tx) =>
        stageJob(tx, countRuns, { label }, { key: uniqueKey(label), createdById: owner.user.id }),
      );
      ownerJobs.push(gid('BackgroundJob', staged.id));
    }
    const other = await makeUser('CAREGIVER');
    const theirs = await prisma.$transaction((tx) =>
      stageJob(tx, countRuns, { label: 'list-c' }, { key: uniqueKey('list-c'), createdById: other.user.id }),
    );
    const ids = (res: GqlResponse) => res.data?.backgroundJobs.edges.map((e: { node: { id: string } }) => e.node.id);

    // Both credentials are validated once first: the in-process credential cache would otherwise make the
    // first request of one caller cost a statement more than the other's.
    await gql(LIST, {}, { token: owner.token });
    await gql(LIST, {}, { token: other.token });
    const mine = await gql(LIST, {}, { token: owner.token });
    expect(mine.data?.backgroundJobs.totalCount).toBe(3);
    expect(new Set(ids(mine))).toEqual(new Set(ownerJobs));
    const one = await gql(LIST, {}, { token: other.token });
    expect(ids(one)).toEqual([gid('BackgroundJob', theirs.id)]);
    expect(one.sql).toBe(mine.sql);
    // The page and its count are one statement each, whatever the page size.
    expect(mine.sql).toBeLessThanOrEqual(6);

    const all = await gql(LIST, {}, { token: (await makeUser('ADMIN')).token });
    expect(all.data?.backgroundJobs.totalCount).toBeGreaterThanOrEqual(4);
    expect(ids(all)).toEqual(expect.arrayContaining([...ownerJobs, gid('BackgroundJob', theirs.id)]));
    expect((await gql(LIST)).data?.backgroundJobs).toBeUndefined();
  });
});

describe('sessions.purgeExpired', () => {
  it('deletes sessions past their absolute or idle expiry and throttles that lock nobody, and keeps the rest', async () => {
    const { user, token } = await makeUser('CAREGIVER');
    const now = Date.now();
    const session = (label: string, expiresAt: number, lastActiveAt: number) =>
      prisma.session.create({
        data: {
          id: `${label}-${uniqueKey('s')}`,
          userId: user.id,
          secretHash: new Uint8Array(32),
          expiresAt: new Date(expiresAt),
          lastActiveAt: new Date(lastActiveAt),
        },
      });
    const expired = await session('expired', now - 1000, now);
    const idle = await session('idle', now + 3_600_000, now - SESSION_IDLE_TIMEOUT_MS - 1000);
    const live = token.split('.')[0]!;
    const stale = now - THROTTLE_WINDOW_MS - 1000;
    const throttle = (label: string, windowStart: number, lockedUntil: number | null) =>
      prisma.loginThrottle.create({
        data: {
          key: uniqueKey(label),
          failures: 5,
          windowStart: new Date(windowStart),
          lockedUntil: lockedUntil === null ? null : new Date(lockedUntil),
        },
      });
    const gone = [await throttle('stale', stale, null), await throttle('lock-over', stale, now - 1000)];
    const kept = [await throttle('locked', stale, now + 600_000), await throttle('fresh', now, null)];

    const staged = await prisma.$transaction((tx) => stageJob(tx, purgeExpiredSessions, {}, { key: uniqueKey('purge') }));
    await runJob(staged.id, { final: true });
    const done = await row(staged.id);
    expect(done.status).toBe('COMPLETED');
    expect((done.result as { sessions: number }).sessions).toBeGreaterThanOrEqual(2);

    expect(await prisma.session.count({ where: { id: { in: [expired.id, idle.id] } } })).toBe(0);
    expect(await prisma.session.findUnique({ where: { id: live } })).not.toBeNull();
    expect(await prisma.loginThrottle.count({ where: { key: { in: gone.map((t) => t.key) } } })).toBe(0);
    expect(await prisma.loginThrottle.count({ where: { key: { in: kept.map((t) => t.key) } } })).toBe(2);
  });
});
