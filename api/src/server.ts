import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { env } from './config/env.ts';
import { tuneHeapGrowth } from './config/heap.ts';
import { prisma } from './db/client.ts';
import { createCareCertYoga } from './app/yoga.ts';
import { readSmallBodies } from './graphql/body-limit.ts';
import { startBackgroundWork } from './app/wiring.ts';
import { stopJobs } from './jobs/lifecycle.ts';
import { logger } from './logger.ts';

tuneHeapGrowth();
const yoga = createCareCertYoga();
const server = createServer(readSmallBodies(yoga));

server.listen(env.API_PORT, env.API_HOST, () => {
  logger.info(`CareCert API on http://localhost:${env.API_PORT}${yoga.graphqlEndpoint}`);
  startBackgroundWork(env.REDIS_URL ? 'enqueue-only' : 'in-process');
});

// Past this a shutdown gives up on what is left: a request still running is cut, a job is redelivered.
const GRACE_MS = 25_000;

/**
 * Stops taking requests, lets the ones in flight finish (idle keep-alive connections close at once),
 * stops the job loops after the job in hand, then closes the database pool.
 */
export async function stopApi(): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
  await stopJobs();
  await prisma.$disconnect();
}

export function exitGracefully(signal: string, stop: () => Promise<unknown>) {
  logger.info({ signal }, 'shutting down after the requests and jobs in hand');
  setTimeout(() => {
    logger.warn('shutdown took too long; exiting');
    process.exit(1);
  }, GRACE_MS).unref();
  stop().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
}

// Run directly (`node server.js`, the image's command); `pnpm start` imports it and handles signals itself.
if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  process.once('SIGTERM', () => exitGracefully('SIGTERM', stopApi));
  process.once('SIGINT', () => exitGracefully('SIGINT', stopApi));
}
