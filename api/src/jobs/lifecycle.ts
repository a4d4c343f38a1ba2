import { Worker } from 'bullmq';
import { prisma } from '../db/client.ts';
import { logger } from '../logger.ts';
import { closeOutbox, drainOutbox, kickOutbox, openOutbox, stageJob } from './outbox.ts';
import { closeRedis, jobLockMs, QUEUE_NAME, queuePrefix, reportQueueError, workerConnection } from './queue.ts';
import { reconcileOutbox } from './reconcile.ts';
import { scheduledJobs } from './registry.ts';
import { runJob } from './runner.ts';

/**
 * in-process: no Redis; this process drains the outbox and runs every job (the embedded default).
 * enqueue-only: the API with Redis; it hands jobs to the queue and leaves running them to workers.
 * worker: `pnpm worker`; runs jobs from the queue and keeps the outbox and the reconciler going.
 */
export type JobsMode = 'in-process' | 'enqueue-only' | 'worker';

const DRAIN_EVERY_MS = 2_000;
const RECONCILE_EVERY_MS = 30_000;
const MAINTENANCE_EVERY_MS = 60 * 60_000;

let started = false;
let timers: NodeJS.Timeout[] = [];
let worker: Worker<{ id: string }> | null = null;

async function stageMaintenance(inProcess: boolean) {
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    for (const def of scheduledJobs()) {
      const { period, payload } = def.schedule!(now);
      await stageJob(tx, def, payload, { key: `${def.name}:${period}` });
    }
  });
  kickOutbox({ inProcess });
}

/** Runs `task` now and every `ms`, skipping a tick while the previous run is still going. */
function every(ms: number, task: () => Promise<unknown>, what: string) {
  let busy = false;
  const run = () => {
    if (busy) return;
    busy = true;
    task()
      .catch((error: unknown) => logger.error({ err: error }, `${what} failed`))
      .finally(() => {
        busy = false;
      });
  };
  run();
  timers.push(setInterval(run, ms).unref());
}

/** Work a module needs done on a timer by whoever runs the maintenance loops (not a queued job). */
export type PeriodicTask = { everyMs: number; run: () => Promise<unknown>; what: string };

export function startJobs(mode: JobsMode, periodic: PeriodicTask[] = []): void {
  if (started) throw new Error('background jobs already started');
  started = true;
  openOutbox();
  const inProcess = mode === 'in-process';
  if (mode === 'worker') {
    worker = new Worker<{ id: string }>(
      QUEUE_NAME,
      (job) => runJob(job.data.id, { final: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
      { connection: workerConnection(), prefix: queuePrefix(), concurrency: 2, lockDuration: jobLockMs(), stalledInterval: jobLockMs() },
    );
    worker.on('error', reportQueueError('worker', 'worker error'));
  }
  every(DRAIN_EVERY_MS, () => drainOutbox({ inProcess }), 'outbox drain');
  // Finding lost jobs is the duty of whoever runs them; an API beside workers would only repeat their lookups.
  if (mode !== 'enqueue-only') {
    every(RECONCILE_EVERY_MS, () => reconcileOutbox({ inProcess }), 'outbox reconcile');
    every(MAINTENANCE_EVERY_MS, () => stageMaintenance(inProcess), 'maintenance staging');
    for (const task of periodic) every(task.everyMs, task.run, task.what);
  }
  logger.info({ mode }, 'background jobs started');
}

/** Stops the loops and waits for the job in hand to finish; then closes the Redis connections. */
export async function stopJobs(): Promise<void> {
  started = false;
  for (const timer of timers) clearInterval(timer);
  timers = [];
  await Promise.all([worker?.close(), closeOutbox()]);
  worker = null;
  await closeRedis();
}
