import { prisma } from '../db/client.ts';
import { logger } from '../logger.ts';
import { runningHere } from './in-process.ts';
import { kickOutbox } from './outbox.ts';
import { addToQueue, jobQueue, usesQueue } from './queue.ts';

/** A job handed over longer ago than this and not finished is checked against the queue. */
export const RECONCILE_AFTER_MS = 60_000;
const PAGE = 200;

type Stale = { id: string; name: string };
type Outcome = 'requeued' | 'failed' | 'fine';

/** Without Redis, a row claimed but not in hand here was left by a process that stopped mid-job. */
async function reclaim(row: Stale, before: Date): Promise<Outcome> {
  if (runningHere(row.id)) return 'fine';
  const { count } = await prisma.backgroundJob.updateMany({
    where: { id: row.id, status: { in: ['PENDING', 'RUNNING'] }, enqueuedAt: { lt: before } },
    data: { status: 'PENDING', enqueuedAt: null },
  });
  return count ? 'requeued' : 'fine';
}

async function requeue(row: Stale): Promise<Outcome> {
  const state = await jobQueue().getJobState(row.id);
  if (state === 'failed') {
    // BullMQ gave up without the runner recording it: the job stalled too often (its worker died or
    // blocked mid-job). Running it again could crash the next worker the same way.
    const { count } = await prisma.backgroundJob.updateMany({
      where: { id: row.id, status: { in: ['PENDING', 'RUNNING'] } },
      data: { status: 'FAILED', error: 'The job stopped without finishing; see the worker log.', finishedAt: new Date() },
    });
    return count ? 'failed' : 'fine';
  }
  // Waiting, delayed or active: the queue has it. Completed: the runner finished the row first.
  if (state !== 'unknown') return 'fine';
  await addToQueue(row);
  await prisma.backgroundJob.update({ where: { id: row.id }, data: { enqueuedAt: new Date() } });
  return 'requeued';
}

/**
 * Finds work handed over but neither finished nor known to the queue (Redis restarted or was flushed,
 * or the process running it died) and hands it over again. Rows BullMQ itself gave up on are marked
 * FAILED. Idempotent, so it can run on a timer in every worker.
 */
export async function reconcileOutbox(
  opts: { inProcess?: boolean; olderThanMs?: number } = {},
): Promise<{ requeued: number; failed: number }> {
  const inProcess = opts.inProcess ?? !usesQueue();
  const before = new Date(Date.now() - (opts.olderThanMs ?? RECONCILE_AFTER_MS));
  const counts = { requeued: 0, failed: 0 };
  let cursor: string | undefined;
  for (;;) {
    const page: Stale[] = await prisma.backgroundJob.findMany({
      where: { status: { in: ['PENDING', 'RUNNING'] }, enqueuedAt: { lt: before }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: PAGE,
      select: { id: true, name: true },
    });
    for (const row of page) {
      const outcome = inProcess ? await reclaim(row, before) : await requeue(row);
      if (outcome !== 'fine') counts[outcome]++;
    }
    if (page.length < PAGE) break;
    cursor = page.at(-1)?.id;
  }
  if (counts.requeued || counts.failed) logger.warn(counts, 'reconciler found lost jobs');
  if (inProcess && counts.requeued) kickOutbox({ inProcess });
  return counts;
}
