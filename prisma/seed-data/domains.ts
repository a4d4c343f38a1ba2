import type { Tx } from '../../api/src/db/client.ts';
import { seedCertificates } from './certificates.ts';
import { seedCompetitions } from './competitions.ts';
import { seedSubsidies } from './subsidies.ts';
import { seedTraining } from './training.ts';
import { seedWorkforceIndicators } from './workforce-indicators.ts';

/** What the core seed created, for the domain seeds that build on it (all maps are by natural key). */
export type SeedContext = {
  /** Region id by GB/T 2260 code. */
  regionIds: Map<string, string>;
  /** Organisation id by name. */
  organisationIds: Map<string, string>;
  /** Caregiver ids in the order the workforce generator made them (index 0 is the demo caregiver). */
  caregiverIds: string[];
  /** User id by demo username. */
  userIds: Map<string, string>;
  /** Skill level id by code. */
  levelIds: Map<string, string>;
  /** The day the demo data describes ("today" in the demo), first of a month. */
  asOf: Date;
};

export type DomainSeed = { name: string; run: (tx: Tx, ctx: SeedContext) => Promise<void> };

/** Domain seeds, run in this order inside the core seed's transaction; later ones may read earlier ones' rows. */
export const DOMAIN_SEEDS: DomainSeed[] = [
  { name: 'certificates', run: seedCertificates },
  { name: 'training', run: seedTraining },
  { name: 'subsidies', run: seedSubsidies },
  // After subsidies: its promotions count from November 2026, after every demo claim was made.
  { name: 'competitions', run: seedCompetitions },
  // Last: its snapshots count what the other domains created.
  { name: 'workforce indicators', run: seedWorkforceIndicators },
];
