import { Worker } from 'bullmq';
import { prisma } from '../db/client.ts';
import { logger } from '../logger.ts';
import { sealAuditBacklog } from '../modules/audit/audit-chain.ts';
import { purgeExpiredSessions } from '../modules/auth/auth.jobs.ts';
import { snapshotWorkforceMonth } from '../modules/workforce/workforce.jobs.ts';
import { releaseDueInstalmentsJob } from '../modules/subsidies/subsidies.jobs.ts';
import { followServiceJob } from '../modules/directed-training/directed-training.jobs.ts';
import { todayInChina } from '../shared/china-time.ts';
import { closeOutbox, drainOutbox, kickOutbox, openOutbox, stageJob } from './outbox.ts';
import { closeRedis, jobLockMs, QUEUE_NAME, queuePrefix, reportQueueError, workerConnection } from './queue.ts';
import { reconcileOutbox } from './reconcile.ts';
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
// An unsealed audit row can be altered by whoever bypasses the trigger without breaking the chain: keep the window short.
const AUDIT_SEAL_EVERY_MS = 10_000;

let started = false;
let timers: NodeJS.Timeout[] = [];
let worker: Worker<{ id: string }> | null = null;

async function stageMaintenance(inProcess: boolean) {
  // One key per hour: however many processes stage it, the purge runs once an hour.
  const hour = new Date().toISOString().slice(0, 13);
  // The month just ended, in China: staged every hour, it runs once per month by its key.
  const china = new Date(Date.now() + 8 * 3_600_000);
  const lastMonth = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  await prisma.$transaction(async (tx) => {
    await stageJob(tx, purgeExpiredSessions, {}, { key: `${purgeExpiredSessions.name}:${hour}` });
    await stageJob(tx, snapshotWorkforceMonth, { month: lastMonth }, { key: `${snapshotWorkforceMonth.name}:${lastMonth}` });
    // Daily in China: publication periods end and instalments fall due by the day.
    const today = todayInChina().toISOString().slice(0, 10);
    await stageJob(tx, releaseDueInstalmentsJob, { day: today }, { key: `${releaseDueInstalmentsJob.name}:${today}` });
    await stageJob(tx, followServiceJob, { day: today }, { key: `${followServiceJob.name}:${today}` });
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

export function startJobs(mode: JobsMode): void {
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
    every(AUDIT_SEAL_EVERY_MS, () => sealAuditBacklog(), 'audit seal');
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
