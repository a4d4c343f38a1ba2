import type { JobDefinition } from './define-job.ts';

// Filled at start-up by the composition root (app/wiring.ts) with every module's `<module>.jobs.ts`
// definitions, so the queue infrastructure knows no module.
const definitions = new Map<string, JobDefinition>();

export function registerJob(def: JobDefinition): void {
  // Two definitions under one name would run whichever registered last for both kinds of row.
  const known = definitions.get(def.name);
  if (known && known !== def) throw new Error(`two jobs are named ${def.name}`);
  definitions.set(def.name, def);
}

export function jobDefinition(name: string): JobDefinition | undefined {
  return definitions.get(name);
}

export function scheduledJobs(): JobDefinition[] {
  return [...definitions.values()].filter((def) => def.schedule);
}
