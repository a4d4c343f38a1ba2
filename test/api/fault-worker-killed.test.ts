import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultRig, spawnWorker, waitFor, type Proc } from '../support/fault-rig.ts';

/**
 * A worker process killed with SIGKILL in the middle of a month's post-subsidy batch: nothing runs its
 * shutdown, its BullMQ hold on the job simply lapses. A second worker must take the job over and the
 * month must end with one claim per eligible person: none missing, none twice.
 */
const hasServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const PEOPLE = 400;

describe.skipIf(!hasServices)('worker killed mid-batch', () => {
  let rig: Awaited<ReturnType<typeof faultRig>>;
  let seed: typeof import('../support/post-subsidy-seed.ts');
  let prisma: typeof import('../../api/src/db/client.ts').prisma;
  const workers: Proc[] = [];

  beforeAll(async () => {
    rig = await faultRig('carecert_fault_kill');
    seed = await import('../support/post-subsidy-seed.ts');
    ({ prisma } = await import('../../api/src/db/client.ts'));
  }, 180_000);

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await prisma?.$disconnect();
    await rig?.redis.kill();
    await rig?.drop();
  });

  it('completes the batch after a SIGKILL with every eligible person claimed exactly once', async () => {
    const region = await seed.makeSubsidyRegion();
    const { job, caregiverIds } = await seed.seedConfirmedMonth(region, PEOPLE);
    const row = () => prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });

    const spawn = () => {
      // Small chunks, so the batch is killed part-way.
      const w = spawnWorker({ databaseUrl: rig.db.url, redisUrl: rig.redis.url, prefix: rig.prefix, env: { POST_SUBSIDY_CHUNK: '50' } });
      workers.push(w);
      return w;
    };
    const first = spawn();
    // Started, some chunks written, not finished.
    await waitFor(
      async () => {
        const r = await row();
        return r.status === 'RUNNING' && (r.progress ?? 0) > 0 && (r.progress ?? 0) < PEOPLE;
      },
      'the batch to be part-way',
      90_000,
      20,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; job ${JSON.stringify(await row())}; worker said:\n${first.output()}`);
    });
    await first.kill('SIGKILL');
    const cut = await row();
    expect(cut.status, first.output()).toBe('RUNNING');
    const partial = await seed.claimsOf(caregiverIds);
    // The kill really landed mid-batch: some claims are written, some are not.
    expect(partial.claims.length).toBeGreaterThan(0);
    expect(partial.claims.length).toBeLessThan(PEOPLE);

    const second = spawn();
    await waitFor(async () => (await row()).status === 'COMPLETED', 'the second worker to finish the batch', 90_000, 200);
    const done = await row();
    expect(done.attempts, second.output()).toBeGreaterThanOrEqual(2);

    const after = await seed.claimsOf(caregiverIds);
    expect(after.missing).toEqual([]);
    expect(after.duplicated).toEqual([]);
    expect(after.claims).toHaveLength(PEOPLE);
    // One generation audit row per claim: the re-run wrote nothing for claims the first run had made.
    expect(after.auditsPerClaim).toEqual([1]);
    // Nobody left marked as excluded by a half-finished run.
    const months = await prisma.employmentMonth.findMany({
      where: { employment: { caregiverId: { in: caregiverIds } } },
      select: { subsidyExclusion: true },
    });
    expect(months.filter((m) => m.subsidyExclusion !== null)).toEqual([]);
  }, 240_000);
});
