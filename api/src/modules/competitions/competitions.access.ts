import type { Prisma } from '../../generated/prisma/client.ts';
import { NOTHING } from '../../shared/access.ts';
import { BUREAU_ROLES, hasRole, membershipsWith, type Viewer } from '../../graphql/viewer.ts';

/** Competitions a viewer may read: bureaus those of their region's subtree, a caregiver those they entered. */
export function competitionWhereFor(viewer: Viewer): Prisma.CompetitionWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (viewer?.kind !== 'user') return NOTHING;
  const or: Prisma.CompetitionWhereInput[] = membershipsWith(viewer, ...BUREAU_ROLES).flatMap((m) =>
    m.regionPath ? [{ region: { path: { startsWith: m.regionPath } } }] : [],
  );
  if (viewer.caregiverId) or.push({ entries: { some: { caregiverId: viewer.caregiverId } } });
  return or.length ? { OR: or } : NOTHING;
}

/** Entries a viewer may read: all of a competition they may run or read as a bureau, a caregiver their own. */
export function entryWhereFor(viewer: Viewer): Prisma.CompetitionEntryWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (viewer?.kind !== 'user') return NOTHING;
  const or: Prisma.CompetitionEntryWhereInput[] = membershipsWith(viewer, ...BUREAU_ROLES).flatMap((m) =>
    m.regionPath ? [{ competition: { region: { path: { startsWith: m.regionPath } } } }] : [],
  );
  if (viewer.caregiverId) or.push({ caregiverId: viewer.caregiverId });
  return or.length ? { OR: or } : NOTHING;
}
