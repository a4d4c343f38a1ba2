import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError } from '../graphql/errors.ts';
import { logger } from '../logger.ts';
import { prisma, type Tx } from './client.ts';

export const SERIALIZABLE_MAX_ATTEMPTS = 5;

/** PostgreSQL's "try again" answers: serialization failure, deadlock, and Prisma's name for them. */
function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; cause?: { code?: string }; message?: string } | null;
  if (!e) return false;
  const codes = [e.code, e.meta?.code, e.cause?.code];
  return (
    codes.includes('P2034') ||
    codes.includes('40001') ||
    codes.includes('40P01') ||
    /could not serialize access|deadlock detected/.test(e.message ?? '')
  );
}

/** Raised when a transaction kept losing to concurrent ones; nothing was written, the caller may retry. */
export class BusyError extends ConflictError {
  override readonly code: string = 'BUSY';
  constructor() {
    super('系统繁忙，请稍后重试 / Too many simultaneous changes to the same records; nothing was saved, try again');
  }
}

/**
 * Runs `work` in a SERIALIZABLE transaction, retrying a bounded number of times when PostgreSQL
 * reports a conflict with a concurrent transaction (with jittered backoff, so the contenders spread
 * out). Money paths use this: a rule checked inside holds as if the requests had come one by one.
 */
export async function runSerializable<T>(
  work: (tx: Tx) => Promise<T>,
  { maxAttempts = SERIALIZABLE_MAX_ATTEMPTS, timeout = 15_000 } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(work, { isolationLevel: 'Serializable', timeout, maxWait: timeout });
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= maxAttempts) {
        logger.warn({ attempts: attempt }, 'serializable transaction gave up after repeated conflicts');
        throw new BusyError();
      }
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
}
