import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, productionKeys, root, run, start, stop, waitUntilUp } from './production-system.ts';
import { createDatabase, dropDatabase, REDIS_URL, redisReachable } from './services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    portalUrl: string;
    /** The database behind the portal, for tests that must stage a state no portal flow produces. */
    portalDatabaseUrl: string | null;
  }
}

/** Newest modification time under some sources, so a stale build is rebuilt rather than tested. */
function newest(paths: string[]): number {
  const walk = (path: string): number =>
    statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => walk(join(path, name)))) : statSync(path).mtimeMs;
  return Math.max(...paths.map((p) => walk(`${root}${p}`)));
}

const stale = (built: string, sources: string[]) => !existsSync(`${root}${built}`) || statSync(`${root}${built}`).mtimeMs < newest(sources);

/**
 * The browser tests drive what ships. CI starts the production system as the README says (`pnpm start`
 * and `pnpm worker` with NODE_ENV=production) and passes its address in CARECERT_PORTAL_URL. Without it,
 * this starts the same thing here: the production build (rebuilt when stale) on a fresh PostgreSQL
 * database with the demo data, random keys, Redis and a worker process.
 */
export default async function setup(project: TestProject) {
  if (!existsSync('/usr/bin/chromium')) throw new Error('Browser tests need Debian chromium: apt-get install chromium');
  const given = process.env.CARECERT_PORTAL_URL;
  if (given) {
    await waitUntilUp(`${given}/login`, `the portal at ${given}`);
    project.provide('portalUrl', given.replace(/\/$/, ''));
    project.provide('portalDatabaseUrl', process.env.CARECERT_PORTAL_DATABASE_URL ?? null);
    return;
  }

  // vitest sets NODE_ENV=test, under which Vite builds a portal that sends query text as `vite dev` does.
  const buildEnv = { ...process.env, NODE_ENV: 'production' };
  if (stale('api/dist/api/src/server.js', ['api/src', 'prisma'])) await run('pnpm', ['--filter', '@carecert/api', 'build'], buildEnv);
  if (stale('web/build/index.js', ['web/src', 'web/static', 'web/vite.config.ts', 'web/package.json']))
    await run('pnpm', ['--filter', '@carecert/web', 'build'], buildEnv);

  const db = await createDatabase('carecert_web');
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${webPort}`;
  const redis = (await redisReachable()) ? REDIS_URL : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...productionKeys(),
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    SEED_DEMO: '1',
    LOG_LEVEL: 'warn',
    API_PORT: String(apiPort),
    API_HOST: '127.0.0.1',
    WEB_PORT: String(webPort),
    HOST: '127.0.0.1',
    ORIGIN: origin,
    WEB_ORIGIN: origin,
    // The rig serves on 127.0.0.1; production refuses to print such an address as a certificate's QR code otherwise.
    VERIFY_URL_ALLOW_LOCAL: '1',
    PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
    API_URL: `http://127.0.0.1:${apiPort}/graphql`,
    EVIDENCE_DIR: `${root}test/.artifacts/evidence-${db.name}`,
    BULLMQ_PREFIX: db.name,
    // The webhook tests' receivers listen on 127.0.0.1 over http; no deployment sets this.
    WEBHOOK_ALLOW_LOOPBACK: '1',
  };
  if (redis) env.REDIS_URL = redis;
  else delete env.REDIS_URL;

  const children: ChildProcess[] = [];
  const app = start('pnpm', ['-s', 'start'], env);
  children.push(app);
  await waitUntilUp(`http://127.0.0.1:${apiPort}/health`, 'API', app, 180);
  if (redis) children.push(start('pnpm', ['-s', 'worker'], env));
  await waitUntilUp(`${origin}/login`, 'portal', app);
  project.provide('portalUrl', origin);
  project.provide('portalDatabaseUrl', db.url);

  return async () => {
    await Promise.all(children.map((child) => stop(child)));
    await dropDatabase(db.name);
  };
}
