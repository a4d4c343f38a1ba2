import type { z } from 'zod';
import type { Tx } from '../db/client.ts';
import { prisma } from '../db/client.ts';
import { logger } from '../logger.ts';
import type { JobDefinition } from './define-job.ts';
import { jobQueue, usesQueue } from './queue.ts';
import { runJob } from './runner.ts';

const QUEUE_ATTEMPTS = 5;
const IN_PROCESS_ATTEMPTS = 3;
/** A job handed over longer ago than this and not finished is checked against the queue. */
export const RECONCILE_AFTER_MS = 60_000;

/**
 * Writes the job's outbox row inside the caller's transaction, so the job exists exactly when the data
 * it acts on does. The key names the work: staging the same key again returns the existing row.
 */
export async function stageJob<S extends z.ZodType>(
  tx: Tx,
  def: JobDefinition<S>,
  payload: z.input<S>,
  opts: { key: string; createdById?: string | null },
) {
  const parsed = def.payload.parse(payload);
  return tx.backgroundJob.upsert({
    where: { key: opts.key },
    create: { name: def.name, key: opts.key, payload: parsed as never, createdById: opts.createdById ?? null },
    update: {},
  });
}

function enqueue(row: { id: string; name: string }) {
  // The job id is the row id: adding it again while it is still in Redis is a no-op.
  return jobQueue().add(row.name, { id: row.id }, {
    jobId: row.id,
    attempts: QUEUE_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 86_400, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  });
}

async function runInProcess(id: string) {
  for (let attempt = 1; attempt <= IN_PROCESS_ATTEMPTS; attempt++) {
    try {
      await runJob(id, { final: attempt === IN_PROCESS_ATTEMPTS });
      return;
    } catch {
      // recorded on the row by runJob; try again unless that was the last attempt
    }
  }
}

let draining: Promise<number> | null = null;

/**
 * Hands committed, not yet handed-over rows to the queue, or, without Redis, runs them here one at a
 * time. Returns how many rows it took. Concurrent calls share one pass.
 */
export function drainOutbox(opts: { inProcess?: boolean } = {}): Promise<number> {
  draining ??= (async () => {
    const inProcess = opts.inProcess ?? !usesQueue();
    let taken = 0;
    for (;;) {
      const rows = await prisma.backgroundJob.findMany({
        where: { status: 'PENDING', enqueuedAt: null },
        orderBy: { createdAt: 'asc' },
        take: 50,
        select: { id: true, name: true },
      });
      if (rows.length === 0) return taken;
      for (const row of rows) {
        // Claim first, so two drains in two processes never hand the same row over twice.
        const claimed = await prisma.backgroundJob.updateMany({ where: { id: row.id, enqueuedAt: null }, data: { enqueuedAt: new Date() } });
        if (claimed.count === 0) continue;
        taken++;
        if (inProcess) await runInProcess(row.id);
        else await enqueue(row);
      }
    }
  })().finally(() => {
    draining = null;
  });
  return draining;
}

/** Fire-and-forget drain after a commit; a failure here is picked up by the periodic drain. */
export function kickOutbox(): void {
  setImmediate(() => {
    drainOutbox().catch((error) => logger.error({ err: error }, 'outbox drain failed'));
  });
}

/**
 * Finds work that was handed over but is neither finished nor known to the queue (Redis restarted or
 * was flushed, or the process running it died) and hands it over again. Returns how many.
 */
export async function reconcileOutbox(opts: { inProcess?: boolean; olderThanMs?: number } = {}): Promise<number> {
  const inProcess = opts.inProcess ?? !usesQueue();
  const before = new Date(Date.now() - (opts.olderThanMs ?? RECONCILE_AFTER_MS));
  const stale = await prisma.backgroundJob.findMany({
    where: { status: { in: ['PENDING', 'RUNNING'] }, enqueuedAt: { lt: before } },
    select: { id: true, name: true },
    take: 500,
  });
  let redone = 0;
  for (const row of stale) {
    if (!inProcess && (await jobQueue().getJob(row.id))) continue;
    if (inProcess) {
      await prisma.backgroundJob.updateMany({ where: { id: row.id, enqueuedAt: { lt: before } }, data: { enqueuedAt: null, status: 'PENDING' } });
    } else {
      await enqueue(row);
      await prisma.backgroundJob.update({ where: { id: row.id }, data: { enqueuedAt: new Date() } });
    }
    redone++;
  }
  if (redone) logger.warn({ redone }, 'reconciler handed lost jobs over again');
  if (inProcess && redone) kickOutbox();
  return redone;
}
