import http from 'node:http';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One measured repeat of a side: what the scenario compares. */
export type Sample = { throughput: number; p50: number; p99: number };

/**
 * Runs `a` and `b` alternately (A B A B ...) so drift on a shared machine hits both sides alike, after
 * one unmeasured warm-up of each.
 */
export async function interleave<T>(repeats: number, a: () => Promise<T>, b: () => Promise<T>): Promise<{ a: T[]; b: T[] }> {
  await a();
  await b();
  const out = { a: [] as T[], b: [] as T[] };
  for (let i = 0; i < repeats; i++) {
    out.a.push(await a());
    out.b.push(await b());
  }
  return out;
}

/** Milliseconds one call takes. */
export async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export type HttpCall = { port: number; path: string; body: string; headers?: Record<string, string> };

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One POST over a kept-alive connection; resolves with the body text and rejects on a non-200. */
export function post({ port, path, body, headers }: HttpCall): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) resolve(text);
          else reject(new Error(`HTTP ${res.statusCode} from ${path}: ${text.slice(0, 300)}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A closed loop: `concurrency` clients each send requests back to back until `requests` are done. */
export async function load(requests: number, concurrency: number, next: (i: number) => HttpCall): Promise<Sample> {
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < requests) {
        const call = next(issued++);
        latencies.push(await timed(() => post(call)));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { throughput: requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
