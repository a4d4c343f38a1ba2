import { createServer } from 'node:http';
import { env } from './config/env.ts';
import { createCareCertYoga } from './graphql/yoga.ts';
import { startJobs, stopJobs } from './jobs/lifecycle.ts';
import { logger } from './logger.ts';

const yoga = createCareCertYoga();
const server = createServer(yoga);

server.listen(env.API_PORT, env.API_HOST, () => {
  logger.info(`CareCert API on http://localhost:${env.API_PORT}${yoga.graphqlEndpoint}`);
  startJobs(env.REDIS_URL ? 'enqueue-only' : 'in-process');
});

function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  server.close(() => {
    stopJobs().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
