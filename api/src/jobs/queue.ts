import { Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { env } from '../config/env.ts';
import { logger } from '../logger.ts';
import { jobDefinition } from './registry.ts';

export const QUEUE_NAME = 'carecert';
/** Key prefix in Redis; tests give each file its own so they can run side by side. */
export const queuePrefix = () => process.env.BULLMQ_PREFIX ?? 'carecert';
/**
 * How long a worker's hold on a running job lasts without renewal, and how often workers look for
 * holds that lapsed: a worker killed mid-job keeps its job that long (up to about three times it)
 * before another worker runs it again. BullMQ's 30 s by default; the fault tests shorten it.
 */
export const jobLockMs = () => Number(process.env.BULLMQ_LOCK_MS ?? 30_000);

/** Attempts before a job is recorded FAILED; tests lower it to reach a failure without minutes of backoff. */
const jobAttempts = () => Number(process.env.BULLMQ_ATTEMPTS ?? 5);

export function usesQueue(): boolean {
  return Boolean(env.REDIS_URL);
}

type Role = 'producer' | 'worker';

const OPTIONS: Record<Role, RedisOptions> = {
  // Adding fails at once while Redis is away, rather than waiting in memory: the row stays in the
  // outbox, which is the durable buffer, and a later drain hands it over.
  producer: { enableOfflineQueue: false },
  // A worker's blocking reads must outlast a Redis restart; BullMQ refuses a worker connection without this.
  worker: { maxRetriesPerRequest: null },
};

const connections = new Map<Role, Redis>();
let queue: Queue | null = null;

function connection(role: Role): Redis {
  if (!env.REDIS_URL) throw new Error('REDIS_URL is not set');
  let redis = connections.get(role);
  if (!redis) {
    redis = new Redis(env.REDIS_URL, OPTIONS[role]);
    // ioredis reports every failed reconnect; one line per outage is enough.
    let down = false;
    redis.on('error', (err) => {
      if (!down) logger.warn({ err, role }, 'Redis unreachable; retrying');
      down = true;
    });
    redis.on('ready', () => {
      down = false;
    });
    connections.set(role, redis);
  }
  return redis;
}

export const workerConnection = (): Redis => connection('worker');

/**
 * An error listener for BullMQ's queue and worker. While Redis is down the connection has said so once;
 * BullMQ would repeat it on every reconnect attempt.
 */
export function reportQueueError(role: Role, what: string) {
  return (err: Error) => {
    if (connections.get(role)?.status === 'ready') logger.error({ err }, what);
  };
}

export function jobQueue(): Queue {
  if (!queue) {
    queue = new Queue(QUEUE_NAME, { connection: connection('producer'), prefix: queuePrefix() });
    queue.on('error', reportQueueError('producer', 'queue error'));
  }
  return queue;
}

/** Hands one outbox row to BullMQ. The job id is the row id, so adding it again while Redis still has it is a no-op. */
export function addToQueue(row: { id: string; name: string }) {
  const retry = process.env.BULLMQ_ATTEMPTS ? undefined : jobDefinition(row.name)?.retry;
  return jobQueue().add(
    row.name,
    { id: row.id },
    {
      jobId: row.id,
      attempts: retry?.attempts ?? jobAttempts(),
      backoff: { type: 'exponential', delay: retry?.firstDelayMs ?? 1000 },
      // The row is the lasting record; Redis keeps finished jobs only long enough to debug them.
      removeOnComplete: { age: 86_400, count: 10_000 },
      removeOnFail: { age: 7 * 86_400 },
    },
  );
}

export async function closeRedis(): Promise<void> {
  await queue?.close();
  queue = null;
  for (const redis of connections.values()) await redis.quit().catch(() => redis.disconnect());
  connections.clear();
}
