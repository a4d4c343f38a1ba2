import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { createDatabase, dropDatabase } from './services.ts';

/**
 * Pieces for the fault tests: a scratch database, a Redis server of the test's own (to kill, restart
 * and flush without touching the shared one), and real worker / API processes whose output is kept.
 */

const ROOT = new URL('../..', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms = 60_000, every = 50): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A migrated PostgreSQL database and a Redis server of the test's own, with this process pointed at
 * both: a worker on them sees no other file's jobs, and the Redis can be killed or flushed. Call it
 * before anything imports the API (its configuration is read once), and import the API dynamically.
 */
export async function faultRig(prefix: string) {
  const redis = await ownRedis();
  const db = await createDatabase(prefix);
  process.env.DATABASE_URL = db.url;
  process.env.REDIS_URL = redis.url;
  process.env.BULLMQ_PREFIX = prefix;
  const { applyMigrations } = await import('../../api/src/db/migrate.ts');
  const { createAdapterFactory } = await import('../../api/src/db/client.ts');
  await applyMigrations(createAdapterFactory({ kind: 'postgres', url: db.url }));
  return { db, redis, prefix, drop: () => dropDatabase(db.name) };
}

/** A redis-server without persistence on a free port; `restart` comes back empty on the same port, as after a crash. */
export async function ownRedis() {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: 'ignore',
    });
    await waitFor(
      async () => {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => {});
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      },
      `redis-server on ${port}`,
      15_000,
    );
  };
  const kill = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url, port, start, kill, restart: async () => (await kill(), await start()) };
}

export type Proc = { child: ChildProcess; output: () => string; kill: (signal?: NodeJS.Signals) => Promise<void> };

/** Starts `node --import tsx <script>` from the repository root and keeps everything it writes. */
export function spawnNode(script: string, env: Record<string, string>): Proc {
  const chunks: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => chunks.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => chunks.push(d.toString()));
  return {
    child,
    output: () => chunks.join(''),
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

/** A real worker process (`pnpm worker`) on the given database and Redis; holds on jobs lapse after `lockMs`. */
export function spawnWorker(opts: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  lockMs?: number;
  env?: Record<string, string>;
}): Proc {
  return spawnNode('api/src/worker.ts', {
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    BULLMQ_PREFIX: opts.prefix,
    BULLMQ_LOCK_MS: String(opts.lockMs ?? 4_000),
    ...opts.env,
  });
}
