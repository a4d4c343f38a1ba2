import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { createDatabase, dropDatabase } from './services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    portalUrl: string;
  }
}

const root = new URL('../../', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

async function waitUntilUp(url: string, what: string, child: ChildProcess) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not start`);
}

/** Newest modification time under the portal's sources, so a stale build is rebuilt rather than tested. */
function newestSource(): number {
  const walk = (path: string): number =>
    statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => walk(join(path, name)))) : statSync(path).mtimeMs;
  return Math.max(...['web/src', 'web/static', 'web/vite.config.ts', 'web/package.json'].map((p) => walk(`${root}${p}`)));
}

/** The real thing for the browser: a migrated, seeded PostgreSQL, the API and the built portal. */
export default async function setup(project: TestProject) {
  if (!existsSync('/usr/bin/chromium')) throw new Error('Browser tests need Debian chromium: apt-get install chromium');
  const built = `${root}web/build/index.js`;
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource()) await run('pnpm', ['--filter', '@carecert/web', 'build'], process.env);

  const db = await createDatabase('carecert_web');
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${webPort}`;
  // No REDIS_URL: the API runs its jobs in process, as in the embedded default. WEB_ORIGIN is the portal's
  // origin, as in a deployment, so the QR code and link on a printed certificate open this portal's /verify.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn', NODE_ENV: 'development', API_PORT: String(apiPort), WEB_ORIGIN: origin };
  delete env.REDIS_URL;
  await run('pnpm', ['-s', 'db:migrate'], env);
  await run('pnpm', ['-s', 'db:seed'], env);

  const apiProc = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const webProc = spawn(process.execPath, ['web/build/index.js'], {
    cwd: root,
    env: { ...process.env, PORT: String(webPort), HOST: '127.0.0.1', ORIGIN: origin, API_URL: `http://127.0.0.1:${apiPort}/graphql` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitUntilUp(`http://127.0.0.1:${apiPort}/health`, 'API', apiProc);
  await waitUntilUp(`${origin}/login`, 'portal', webProc);
  project.provide('portalUrl', origin);

  return async () => {
    for (const child of [webProc, apiProc]) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await dropDatabase(db.name);
  };
}
