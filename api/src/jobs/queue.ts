import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { env } from '../config/env.ts';

export const QUEUE_NAME = 'carecert';
/** Key prefix in Redis; tests give each file its own so they can run side by side. */
export const queuePrefix = () => process.env.BULLMQ_PREFIX ?? 'carecert';

let connection: Redis | null = null;
let queue: Queue | null = null;

export function usesQueue(): boolean {
  return Boolean(env.REDIS_URL);
}

/** One connection per process; BullMQ needs `maxRetriesPerRequest: null` so blocking calls survive reconnects. */
export function redisConnection(): Redis {
  if (!env.REDIS_URL) throw new Error('REDIS_URL is not set');
  connection ??= new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  return connection;
}

export function jobQueue(): Queue {
  queue ??= new Queue(QUEUE_NAME, { connection: redisConnection(), prefix: queuePrefix() });
  return queue;
}

export async function closeQueue(): Promise<void> {
  await queue?.close();
  queue = null;
  if (connection) await connection.quit().catch(() => connection?.disconnect());
  connection = null;
}
