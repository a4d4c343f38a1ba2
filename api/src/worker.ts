import { env } from './config/env.ts';
import { prisma } from './db/client.ts';
import { startJobs, stopJobs } from './jobs/lifecycle.ts';
import { logger } from './logger.ts';

if (!env.REDIS_URL) {
  logger.error('The worker needs REDIS_URL; without it the API runs jobs in its own process.');
  process.exit(1);
}

startJobs('worker');

async function shutdown(signal: string) {
  logger.info({ signal }, 'worker stopping after the job in hand');
  await stopJobs();
  await prisma.$disconnect();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
