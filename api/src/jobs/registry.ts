import type { JobDefinition } from './define-job.ts';
import { purgeExpiredSessions } from '../modules/auth/auth.jobs.ts';
import { snapshotWorkforceMonth } from '../modules/ratios/ratios.jobs.ts';
import { generatePostSubsidiesJob, importBankReturnJob, releaseDueInstalmentsJob } from '../modules/subsidies/subsidies.jobs.ts';
import { followServiceJob } from '../modules/directed-training/directed-training.jobs.ts';
import { importRosterJob } from '../modules/training/training.jobs.ts';
import { importPopulationJob } from '../modules/regions/regions.jobs.ts';

// Every domain's `<domain>.jobs.ts` definitions are listed here, so the worker knows them all.
const definitions = new Map<string, JobDefinition>();

function add(def: JobDefinition): void {
  // Two definitions under one name would run whichever registered last for both kinds of row.
  const known = definitions.get(def.name);
  if (known && known !== def) throw new Error(`two jobs are named ${def.name}`);
  definitions.set(def.name, def);
}

// Read on first use, not when this module loads: a service that stages its own job imports the
// runner through the outbox, so this module can load while that domain's jobs module is still loading.
let builtinsAdded = false;
function addBuiltins(): void {
  if (builtinsAdded) return;
  builtinsAdded = true;
  for (const def of [purgeExpiredSessions, snapshotWorkforceMonth, generatePostSubsidiesJob, releaseDueInstalmentsJob, importBankReturnJob, importRosterJob, importPopulationJob, followServiceJob]) add(def);
}

export function registerJob(def: JobDefinition): void {
  addBuiltins();
  add(def);
}

export function jobDefinition(name: string): JobDefinition | undefined {
  addBuiltins();
  return definitions.get(name);
}
