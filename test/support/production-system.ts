import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

/** Starts processes of the production build (`pnpm start`, `pnpm worker`) as the README tells an operator to. */

export const root = new URL('../../', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The keys production refuses to start without, fresh for every run. */
export function productionKeys(): Record<string, string> {
  const key = () => randomBytes(32).toString('base64');
  return { DATA_ENCRYPTION_KEY: key(), BLIND_INDEX_KEY: key(), CREDENTIAL_SIGNING_KEY: key() };
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

export function start(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Its own process group, so stopping it reaches what it started (pnpm, the API, the portal).
  return spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
}

export async function waitUntilUp(url: string, what: string, child?: ChildProcess, seconds = 90) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
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

/** Ends a process with SIGTERM (a graceful shutdown) and waits for it, SIGKILL after `seconds`. */
export function stop(child: ChildProcess, seconds = 15): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => signal('SIGKILL'), seconds * 1000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    signal('SIGTERM');
  });
}
