import type { JobDefinition } from './define-job.ts';
import { purgeExpiredSessions } from '../modules/auth/auth.jobs.ts';

// Every domain's `<domain>.jobs.ts` definitions are listed here, so the worker knows them all.
const definitions = new Map<string, JobDefinition>();

export function registerJob(def: JobDefinition): void {
  definitions.set(def.name, def as JobDefinition);
}

export function jobDefinition(name: string): JobDefinition | undefined {
  return definitions.get(name);
}

for (const def of [purgeExpiredSessions]) registerJob(def as JobDefinition);
