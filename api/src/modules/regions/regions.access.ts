import type { Prisma } from '../../generated/prisma/client.ts';
import { hasRole, type Viewer } from '../../graphql/viewer.ts';
/** Population files an analyst uploaded (admins: all). */
export function populationImportWhereFor(viewer: Viewer): Prisma.PopulationImportWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  return viewer?.kind === 'user' ? { createdById: viewer.userId } : { id: { in: [] } };
}

/** Who reads and uploads population figures. */
export const POPULATION_SCOPES = { role: ['CIVIL_AFFAIRS_ANALYST', 'ADMIN'] } as const;
