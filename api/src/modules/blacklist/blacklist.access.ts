import type { Prisma } from '../../generated/prisma/client.ts';
import { BUREAU_ROLES, hasRole, membershipsWith, type Viewer } from '../../graphql/viewer.ts';
import { NOTHING } from '../../shared/access.ts';
/** Organisations whose staff the viewer is: an entry naming one of them is the viewer's own. */
export const organisationsOf = (viewer: Viewer) =>
  membershipsWith(viewer, 'INSTITUTION_STAFF', 'COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF', 'ASSESSOR').flatMap((m) =>
    m.organisationId ? [m.organisationId] : [],
  );

/** Entries a viewer may read: bureaus and admins all of them; the listed person or organisation their own. */
export function blacklistWhereFor(viewer: Viewer): Prisma.BlacklistEntryWhereInput {
  return hasRole(viewer, 'ADMIN', ...BUREAU_ROLES) ? {} : ownEntriesWhere(viewer);
}

/** Entries naming the viewer or an organisation they work for. */
export function ownEntriesWhere(viewer: Viewer): Prisma.BlacklistEntryWhereInput {
  if (viewer?.kind !== 'user') return NOTHING;
  const or: Prisma.BlacklistEntryWhereInput[] = [];
  if (viewer.caregiverId) or.push({ caregiverId: viewer.caregiverId });
  const organisations = organisationsOf(viewer);
  if (organisations.length) or.push({ organisationId: { in: organisations } });
  return or.length ? { OR: or } : NOTHING;
}

/** Appeals a viewer may read: those against entries they may read. */
export const appealWhereFor = (viewer: Viewer): Prisma.BlacklistAppealWhereInput => ({ entry: blacklistWhereFor(viewer) });

/**
 * Entries a viewer may change (lift): admins any; civil affairs those issued in its region's subtree.
 * Reading is wider (every bureau reads the whole blacklist); acting belongs to the issuing region.
 */
export function blacklistWriteWhereFor(viewer: Viewer): Prisma.BlacklistEntryWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  const or = membershipsWith(viewer, 'CIVIL_AFFAIRS_ANALYST').flatMap((m) =>
    m.regionPath ? [{ issuerRegion: { path: { startsWith: m.regionPath } } }] : [],
  );
  return or.length ? { OR: or } : NOTHING;
}

/** Whether the viewer is civil affairs for a region containing the entry's issuing bureau. */
