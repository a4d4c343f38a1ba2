import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { prisma } from '../db/client.ts';
import { jobQueue, usesQueue } from '../jobs/queue.ts';
import { env } from '../config/env.ts';
import { logger } from '../logger.ts';

/**
 * Prometheus metrics of this process (API or worker). Figures that live in PostgreSQL or Redis (queue
 * depth, outbox and audit-sealer lag, locked sign-ins) are read when scraped, so every replica reports
 * the same system-wide values and no process keeps state another needs.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'carecert_' });

// Operation names come from clients; past this many distinct names the rest count as "other", so a
// caller inventing names cannot grow the registry without bound.
const MAX_OPERATION_NAMES = 300;
const seenOperations = new Set<string>();

export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  const label = name.slice(0, 64);
  if (seenOperations.has(label)) return label;
  if (seenOperations.size >= MAX_OPERATION_NAMES) return 'other';
  seenOperations.add(label);
  return label;
}

export const operationDuration = new Histogram({
  name: 'carecert_graphql_operation_duration_seconds',
  help: 'GraphQL operations executed, by operation name and outcome (ok, or error when the response carried errors).',
  labelNames: ['operation', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const requestsRefused = new Counter({
  name: 'carecert_http_requests_refused_total',
  help: 'Requests refused before execution, by reason (rate_limited, too_large, ...).',
  labelNames: ['reason'] as const,
  registers: [registry],
});

const secondsSince = (at: Date | null | undefined) => (at ? Math.max(0, (Date.now() - at.getTime()) / 1000) : 0);

new Gauge({
  name: 'carecert_queue_jobs',
  help: 'Jobs in the BullMQ queue by state (waiting, active, delayed, failed); 0 without Redis.',
  labelNames: ['state'] as const,
  registers: [registry],
  async collect() {
    if (!usesQueue()) return;
    const counts = await jobQueue().getJobCounts('waiting', 'active', 'delayed', 'failed');
    for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
  },
});

new Gauge({
  name: 'carecert_job_oldest_pending_age_seconds',
  help: 'Age of the oldest job handed to the queue and not yet started.',
  registers: [registry],
  async collect() {
    const oldest = await prisma.backgroundJob.findFirst({
      where: { status: 'PENDING', enqueuedAt: { not: null } },
      orderBy: { enqueuedAt: 'asc' },
      select: { enqueuedAt: true },
    });
    this.set(secondsSince(oldest?.enqueuedAt));
  },
});

new Gauge({
  name: 'carecert_outbox_lag_seconds',
  help: 'Age of the oldest outbox row not yet handed to the queue (or run in process).',
  registers: [registry],
  async collect() {
    const oldest = await prisma.backgroundJob.findFirst({
      where: { status: 'PENDING', enqueuedAt: null },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    });
    this.set(secondsSince(oldest?.createdAt));
  },
});

new Gauge({
  name: 'carecert_audit_unsealed_age_seconds',
  help: 'Age of the oldest audit row not yet sealed into the hash chain.',
  registers: [registry],
  async collect() {
    const oldest = await prisma.auditLog.findFirst({ where: { seq: null }, orderBy: { id: 'asc' }, select: { at: true } });
    this.set(secondsSince(oldest?.at));
  },
});

new Gauge({
  name: 'carecert_signin_locked',
  help: 'Sign-in throttle entries (accounts and addresses) locked now.',
  registers: [registry],
  async collect() {
    this.set(await prisma.loginThrottle.count({ where: { lockedUntil: { gt: new Date() } } }));
  },
});

/** The text exposition, for `/metrics`. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * Whether a caller may read `/metrics`: with METRICS_TOKEN set, a request bearing it; without, only
 * from loopback (a sidecar or an operator on the host). Figures about load are not for the public.
 */
export function mayReadMetrics(authorization: string | null, remoteAddress: string | undefined): boolean {
  const token = env.METRICS_TOKEN;
  if (token) return authorization === `Bearer ${token}`;
  return remoteAddress === '127.0.0.1' || remoteAddress === '::1' || remoteAddress === '::ffff:127.0.0.1';
}

/** The worker's `/metrics`, on METRICS_PORT (the worker serves nothing else). */
export function serveWorkerMetrics(port: number, host: string): Server {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    if (!mayReadMetrics(req.headers.authorization ?? null, req.socket.remoteAddress)) return void res.writeHead(403).end();
    renderMetrics().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (err: unknown) => {
        logger.error({ err }, 'metrics failed');
        res.writeHead(500).end();
      },
    );
  });
  // A second worker on the same host finds the port taken: it runs its jobs all the same.
  server.on('error', (err) => logger.warn({ err, port }, 'worker metrics not served'));
  server.listen(port, host, () => logger.info({ port }, 'worker metrics on /metrics'));
  return server;
}
