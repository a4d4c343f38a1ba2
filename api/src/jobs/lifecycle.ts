import { Worker } from 'bullmq';
import { prisma } from '../db/client.ts';
import { logger } from '../logger.ts';
import { purgeExpiredSessions } from '../modules/auth/auth.jobs.ts';
import { drainOutbox, kickOutbox, reconcileOutbox, stageJob } from './outbox.ts';
import { closeQueue, QUEUE_NAME, queuePrefix, redisConnection } from './queue.ts';
import { runJob } from './runner.ts';

/**
 * in-process: no Redis; this process drains the outbox and runs every job (the embedded default).
 * enqueue-only: the API with Redis; it hands jobs to the queue and leaves running them to workers.
 * worker: `pnpm worker`; runs jobs from the queue and keeps the outbox and the reconciler going.
 */
export type JobsMode = 'in-process' | 'enqueue-only' | 'worker';

let timers: NodeJS.Timeout[] = [];
let worker: Worker | null = null;

async function stageMaintenance() {
  const hour = new Date().toISOString().slice(0, 13);
  await prisma.$transaction((tx) => stageJob(tx, purgeExpiredSessions, {}, { key: `${purgeExpiredSessions.name}:${hour}` }));
  kickOutbox();
}

function every(ms: number, task: () => Promise<unknown>, what: string) {
  const timer = setInterval(() => {
    task().catch((error) => logger.error({ err: error }, `${what} failed`));
  }, ms);
  timer.unref();
  timers.push(timer);
}

export function startJobs(mode: JobsMode): void {
  if (mode === 'worker') {
    worker = new Worker(
      QUEUE_NAME,
      async (job) => runJob((job.data as { id: string }).id, { final: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
      { connection: redisConnection(), prefix: queuePrefix(), concurrency: 2 },
    );
    worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  }
  every(2_000, () => drainOutbox(), 'outbox drain');
  if (mode !== 'enqueue-only') {
    every(30_000, () => reconcileOutbox(), 'outbox reconcile');
    every(60 * 60_000, stageMaintenance, 'maintenance staging');
    stageMaintenance().catch((error) => logger.error({ err: error }, 'maintenance staging failed'));
  }
  kickOutbox();
  logger.info({ mode }, 'background jobs started');
}

/** Stops the loops and waits for the job in hand to finish. */
export async function stopJobs(): Promise<void> {
  for (const t of timers) clearInterval(t);
  timers = [];
  await worker?.close();
  worker = null;
  await closeQueue();
}
