import { createServer, Socket, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { createCareCertYoga as CreateYoga } from '../../api/src/app/yoga.ts';

/**
 * A TCP relay between the API and PostgreSQL that can be cut: while cut it drops every open
 * connection and refuses new ones, as a restarting or failed-over database does.
 */
function relay(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  return {
    start: listen,
    get port() {
      return port;
    },
    async cut() {
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      for (const s of sockets) s.destroy();
    },
    restore: listen,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

const databaseUrl = new URL(inject('databaseUrl')!);
const pgRelay = relay({ host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) });
let yoga: ReturnType<typeof CreateYoga>;

beforeAll(async () => {
  await pgRelay.start();
  const viaRelay = new URL(databaseUrl);
  viaRelay.port = String(pgRelay.port);
  // Before the API is imported: its client reads DATABASE_URL once.
  process.env.DATABASE_URL = viaRelay.toString();
  const { createCareCertYoga } = await import('../../api/src/app/yoga.ts');
  yoga = createCareCertYoga({ rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } });
});

afterAll(() => pgRelay.stop());

const query = async (q = '{ regions(first: 5) { totalCount edges { node { code } } } }') => {
  const res = await yoga.fetch('http://carecert.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: { regions?: { totalCount: number } } | null;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    },
  };
};
const ready = async () => (await yoga.fetch('http://carecert.test/ready', {})).status;

describe('PostgreSQL refusing connections under load', () => {
  it('fails requests cleanly while the database is away and recovers without a restart', async () => {
    expect((await query()).body.data?.regions).toBeDefined();
    expect(await ready()).toBe(200);

    // Load in flight when the database goes away, and more while it stays away.
    const inFlight = Array.from({ length: 20 }, () => query());
    await pgRelay.cut();
    const during = await Promise.all([...inFlight, ...Array.from({ length: 20 }, () => query())]);
    expect(await ready()).toBeGreaterThanOrEqual(500);

    for (const { body } of during) {
      if (body.data?.regions) continue;
      // No stack, no SQL, no connection string: the masked message and a request id to quote.
      const [error] = body.errors ?? [];
      expect(error?.message).toBe('Unexpected error.');
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|at \w+ \(/i);
    }
    expect(during.filter((r) => !r.body.data?.regions).length).toBeGreaterThan(0);

    await new Promise((r) => setTimeout(r, 3_000));
    await pgRelay.restore();
    await expect.poll(async () => (await query()).body.data?.regions !== undefined, { timeout: 15_000, interval: 250 }).toBe(true);
    const after = await Promise.all(Array.from({ length: 20 }, () => query()));
    expect(after.every((r) => r.body.data?.regions !== undefined)).toBe(true);
    expect(await ready()).toBe(200);
  });
});
