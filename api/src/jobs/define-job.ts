import type { Logger } from 'pino';
import type { z } from 'zod';

export type JobContext = {
  jobId: string;
  /** Records progress on the job row, where the API and the portal read it. */
  reportProgress(done: number, total: number): Promise<void>;
  logger: Logger;
};

/**
 * A background job. Delivery is at least once, so `handler` must be idempotent, keyed by the entities
 * in its payload; payloads carry ids only, never personal data.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType, R = unknown> = {
  name: string;
  payload: S;
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<R>;
};

export function defineJob<S extends z.ZodType, R>(def: JobDefinition<S, R>): JobDefinition<S, R> {
  if (!/^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/.test(def.name)) throw new Error(`job name must be dotted, e.g. domain.verbNoun: ${def.name}`);
  return def;
}
