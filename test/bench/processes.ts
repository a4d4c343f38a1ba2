import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Service = { name: string; port: number; peakRssMb: () => number; stop: () => Promise<void> };

/** The compiled API (api/dist), built as `pnpm build` builds it. */
export const COMPILED = { server: 'api/dist/api/src/server.js', worker: 'api/dist/api/src/worker.js' };

export function buildApi(): void {
  console.log('[bench] building the API (pnpm --filter @carecert/api run build)');
  execFileSync('pnpm', ['--filter', '@carecert/api', 'run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Peak resident set size of a live process (VmHWM), in MiB. */
function peakRss(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function waitForPort(port: number, child: ChildProcess, name: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`${name} did not listen on ${port}`);
}

/**
 * Starts a Node process running `args` (Node options, then the entry point; the pid is the process
 * doing the work, so its peak RSS is its own). The API and the worker run their compiled JavaScript
 * (`pnpm build`), as production does; a TypeScript entry runs under Node's own type stripping, which
 * compiles nothing in process. With a port, waits until it listens.
 */
export async function startService(name: string, args: string[], env: Record<string, string>, port?: number): Promise<Service> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  child.on('exit', (code, signal) => {
    if (code && signal !== 'SIGTERM') console.error(`[bench] ${name} exited ${code}: ${stderr}`);
  });
  if (port) await waitForPort(port, child, name);
  let peak = 0;
  let running = true;
  child.once('exit', () => (running = false));
  return {
    name,
    port: port ?? 0,
    peakRssMb: () => (peak = running ? Math.max(peak, peakRss(child.pid!)) : peak),
    stop: async () => {
      if (!running) return;
      peak = Math.max(peak, peakRss(child.pid!));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(12_000)]);
    },
  };
}
