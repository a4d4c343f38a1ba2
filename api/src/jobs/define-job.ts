import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.ts';

export type JobContext = {
  /** The BackgroundJob row this run belongs to. */
  jobId: string;
  /** Records progress on the job row, where the API and the portal read it; call it per batch, not per item. */
  reportProgress(done: number, total: number): Promise<void>;
  logger: Logger;
  /** This is the last attempt: a handler that records its own state (a webhook delivery) marks it finished on failure. */
  final?: boolean;
};

/** Whatever a handler returns is stored on the row as JSON and shown to whoever started the job. */
export type JobResult = Prisma.InputJsonValue | void;

/**
 * A background job. Delivery is at least once, so `handler` must be idempotent, keyed by the entities
 * in its payload; payloads carry ids only, never personal data.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType, R extends JobResult = JobResult> = {
  /** Dotted id, `domain.verbNoun` or deeper; it is stored on the row, so renaming one strands its pending rows. */
  name: string;
  payload: S;
  // Method syntax keeps the parameter bivariant, so a definition for a specific payload fits the registry's map.
  handler(payload: z.output<S>, ctx: JobContext): Promise<R>;
  /**
   * For a job that runs on the calendar: the period due at `now` (its key) and the payload for it. The
   * maintenance loop stages every scheduled job each hour, keyed by period, so a period runs once
   * however many processes stage it.
   */
  schedule?(now: Date): { period: string; payload: z.input<S> };
  /**
   * Retries on the queue when the default (BULLMQ_ATTEMPTS, exponential from 1 s) is too short, e.g. a
   * webhook receiver that may be down for an hour. BULLMQ_ATTEMPTS, when set, still wins (tests).
   */
  retry?: { attempts: number; firstDelayMs: number };
};

export function defineJob<S extends z.ZodType, R extends JobResult>(def: JobDefinition<S, R>): JobDefinition<S, R> {
  if (!/^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/.test(def.name)) throw new Error(`job name must be dotted, e.g. domain.verbNoun: ${def.name}`);
  return def;
}
