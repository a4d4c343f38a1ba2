import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Service = { name: string; port: number; peakRssMb: () => number; stop: () => Promise<void> };

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
 * Starts a TypeScript entry point as its own Node process (node --import tsx, so the pid is the
 * process doing the work and its peak RSS is its own). With a port, waits until it listens.
 */
export async function startService(
  name: string,
  entry: string,
  env: Record<string, string>,
  port?: number,
  nodeArgs: string[] = [],
): Promise<Service> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
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
