import { spawn, type ChildProcess } from 'node:child_process';
import { createAdapterFactory, databaseFromEnv, prisma } from './db/client.ts';
import { applyMigrations } from './db/migrate.ts';
import { repoRoot, runtimePaths } from './config/paths.ts';
import { env } from './config/env.ts';
import { logger } from './logger.ts';

// `pnpm dev` / `pnpm start`: the whole system in one command. Migrates, applies the reference data
// (and creates the first admin from INITIAL_ADMIN_PASSWORD), loads the demo data once on the embedded
// database or with SEED_DEMO=1, serves the API (with jobs in process unless REDIS_URL points at a queue
// served by `pnpm worker`) and runs the portal beside it.
const mode = process.argv[2] === 'start' ? 'start' : 'dev';
const root = repoRoot();

await applyMigrations(createAdapterFactory(databaseFromEnv()));
const { prepareDatabase, seed } = await import('../../prisma/seed.ts');
const { referenceSets, initialAdmin } = await prepareDatabase(prisma);
if (referenceSets.length) logger.info({ sets: referenceSets }, 'applied reference data');
if (initialAdmin) logger.info({ username: initialAdmin }, 'created the first administrator from INITIAL_ADMIN_PASSWORD');
if (!env.DATABASE_URL || process.env.SEED_DEMO === '1') {
  const { created } = await seed(prisma);
  if (created) logger.info('Loaded the demo data (see README for the demo logins).');
}

const { exitGracefully, stopApi } = await import('./server.ts');

const webEnv = { ...process.env, API_URL: process.env.API_URL ?? `http://localhost:${env.API_PORT}/graphql` };
const web: ChildProcess =
  mode === 'dev'
    ? spawn('pnpm', ['--filter', '@carecert/web', 'dev'], { cwd: root, stdio: 'inherit', env: webEnv })
    : spawn(process.execPath, [runtimePaths.webBuild()], {
        cwd: root,
        stdio: 'inherit',
        // Uploads (population files, rosters, evidence) go up to a few MB; adapter-node's default is 512 KB.
        env: {
          ...webEnv,
          PORT: process.env.WEB_PORT ?? '3000',
          ORIGIN: process.env.ORIGIN ?? env.WEB_ORIGIN,
          BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '4M',
        },
      });

const webStopped = new Promise<number | null>((resolve) => web.once('exit', resolve));
let stopping = false;
void webStopped.then((code) => {
  // The portal ending on its own takes the API down too, so a supervisor restarts both.
  if (stopping) return;
  logger.info({ code }, 'portal stopped');
  exitGracefully('portal exit', stopApi);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    web.kill(signal);
    exitGracefully(signal, () => Promise.all([webStopped, stopApi()]));
  });
}
