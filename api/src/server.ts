import { createServer } from 'node:http';
import { env } from './config/env.ts';
import { createCareCertYoga } from './graphql/yoga.ts';
import { logger } from './logger.ts';

const yoga = createCareCertYoga();
const server = createServer(yoga);

server.listen(env.API_PORT, env.API_HOST, () => {
  logger.info(`CareCert API on http://localhost:${env.API_PORT}${yoga.graphqlEndpoint}`);
});

function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
