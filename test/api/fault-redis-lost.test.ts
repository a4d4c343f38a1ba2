import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faultRig, spawnWorker, waitFor, type Proc } from '../support/fault-rig.ts';

/**
 * Redis loses the queue while a month's batches are under way: restarted without persistence, or
 * flushed. The outbox rows in PostgreSQL still say which work is unfinished; the reconciler hands it
 * to the queue again and every claim is created exactly once, whichever batch was running, waiting,
 * or (re-queued while still running) run twice at once.
 */
const hasServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const INSTITUTIONS = 3;
const PEOPLE = 70;

describe.skipIf(!hasServices)('Redis lost mid-batch', () => {
  let rig: Awaited<ReturnType<typeof faultRig>>;
  let seed: typeof import('../support/post-subsidy-seed.ts');
  let prisma: typeof import('../../api/src/db/client.ts').prisma;
  let reconcileOutbox: typeof import('../../api/src/jobs/reconcile.ts').reconcileOutbox;
  let closeRedis: typeof import('../../api/src/jobs/queue.ts').closeRedis;
  let worker: Proc | null = null;

  beforeAll(async () => {
    rig = await faultRig('carecert_fault_redis');
    seed = await import('../support/post-subsidy-seed.ts');
    ({ prisma } = await import('../../api/src/db/client.ts'));
    ({ reconcileOutbox } = await import('../../api/src/jobs/reconcile.ts'));
    ({ closeRedis } = await import('../../api/src/jobs/queue.ts'));
  }, 180_000);

  afterEach(async () => {
    await worker?.kill();
    worker = null;
    await closeRedis();
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await rig?.redis.kill();
    await rig?.drop();
  });

  /**
   * Seeds a few institutions' confirmed months, starts a worker (two jobs at a time), and applies
   * `lose` once one batch is part-way and another still waits in the queue.
   */
  async function loseQueueMidBatch(lose: () => Promise<void>) {
    const months = [];
    // A province each: each month is a batch of its own.
    for (let i = 0; i < INSTITUTIONS; i++) months.push(await seed.seedConfirmedMonth(await seed.makeSubsidyRegion(), PEOPLE));
    const ids = months.map((m) => m.job.id);
    const caregiverIds = months.flatMap((m) => m.caregiverIds);
    const rows = () => prisma.backgroundJob.findMany({ where: { id: { in: ids } } });

    // Small chunks, so a batch is seen part-way.
    worker = spawnWorker({ databaseUrl: rig.db.url, redisUrl: rig.redis.url, prefix: rig.prefix, env: { POST_SUBSIDY_CHUNK: '10' } });
    const w = worker;
    await waitFor(
      async () => {
        const now = await rows();
        const partWay = now.some((r) => r.status === 'RUNNING' && r.progress > 0 && r.progress < PEOPLE);
        const queued = now.some((r) => r.status === 'PENDING' && r.enqueuedAt !== null);
        return partWay && queued;
      },
      'one batch part-way and another waiting in the queue',
      90_000,
      20,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; jobs ${JSON.stringify(await rows())}; worker said:\n${w.output()}`);
    });
    await lose();

    // What the worker's reconciler does on its timer once the rows are old enough; asked at once here.
    let requeued = 0;
    await waitFor(
      async () => {
        requeued += (await reconcileOutbox({ inProcess: false, olderThanMs: 0 })).requeued;
        return requeued > 0;
      },
      'the reconciler to re-enqueue the lost jobs',
      30_000,
      250,
    );

    await waitFor(async () => (await rows()).every((r) => r.status === 'COMPLETED'), 'every batch to complete', 120_000, 250).catch(
      async (e: Error) => {
        throw new Error(`${e.message}; jobs ${JSON.stringify(await rows())}; worker said:\n${w.output()}`);
      },
    );
    const after = await seed.claimsOf(caregiverIds);
    expect(after.missing).toEqual([]);
    expect(after.duplicated).toEqual([]);
    expect(after.claims).toHaveLength(INSTITUTIONS * PEOPLE);
    expect(after.auditsPerClaim).toEqual([1]);
    return { requeued };
  }

  it('re-enqueues after Redis restarts empty, and the batches complete with each claim created once', async () => {
    await loseQueueMidBatch(() => rig.redis.restart());
  }, 240_000);

  it('re-enqueues after Redis is flushed, and the batches complete with each claim created once', async () => {
    await loseQueueMidBatch(async () => {
      const admin = new Redis(rig.redis.url);
      try {
        await admin.flushall();
      } finally {
        await admin.quit();
      }
    });
  }, 240_000);
});
