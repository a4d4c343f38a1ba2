import { env } from './config/env.ts';
import { prisma } from './db/client.ts';
import { startBackgroundWork } from './app/wiring.ts';
import { stopJobs } from './jobs/lifecycle.ts';
import { logger } from './logger.ts';
import { serveWorkerMetrics } from './observability/metrics.ts';

// `pnpm worker`: runs the jobs the API hands to Redis. Start as many as the load needs; the outbox
// claims and BullMQ's locks keep each job to one of them at a time.
if (!env.REDIS_URL) {
  logger.fatal('The worker needs REDIS_URL; without it the API runs jobs in its own process.');
  process.exit(1);
}

startBackgroundWork('worker');
const metrics = serveWorkerMetrics(env.METRICS_PORT, env.METRICS_HOST);

async function shutdown(signal: NodeJS.Signals) {
  // A second signal falls through to Node's default and ends the process at once; a job cut short
  // that way is redelivered when BullMQ notices it stalled.
  logger.info({ signal }, 'worker stopping after the jobs in hand');
  try {
    metrics.close();
    await stopJobs();
    await prisma.$disconnect();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'worker did not stop cleanly');
    process.exit(1);
  }
}
process.once('SIGTERM', (signal) => void shutdown(signal));
process.once('SIGINT', (signal) => void shutdown(signal));
