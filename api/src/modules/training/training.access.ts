import type { Prisma } from '../../generated/prisma/client.ts';
import { BUREAU_ROLES, hasRole, membershipsWith, tokenReach, type Viewer } from '../../graphql/viewer.ts';
import { NOTHING } from '../../shared/access.ts';
import { employingInstitutionsOf } from '../caregivers/caregivers.access.ts';

/** Providers the viewer works for (admins: null, any). */
export function providersOf(viewer: Viewer): string[] | null {
  if (hasRole(viewer, 'ADMIN')) return null;
  return membershipsWith(viewer, 'TRAINING_PROVIDER_STAFF').flatMap((m) => (m.organisationId ? [m.organisationId] : []));
}

/** Region subtrees a viewer reads training figures for: bureaus, and `training:read` tokens (their region, or all). */
export function trainingRegions(viewer: Viewer): string[] | 'all' {
  if (hasRole(viewer, 'ADMIN')) return 'all';
  if (viewer?.kind === 'token') return tokenReach(viewer, 'training:read');
  return membershipsWith(viewer, ...BUREAU_ROLES).flatMap((m) => (m.regionPath ? [m.regionPath] : []));
}

/** Published and cancelled courses are public to signed-in users and tokens (within a token's region); drafts only to their provider. */
export function courseWhereFor(viewer: Viewer): Prisma.CourseWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (!viewer) return NOTHING;
  const regions = trainingRegions(viewer);
  if (viewer.kind === 'token') {
    if (regions === 'all') return { status: { not: 'DRAFT' } };
    return regions.length ? { status: { not: 'DRAFT' }, region: { path: { startsWith: regions[0] } } } : NOTHING;
  }
  const own = providersOf(viewer) ?? [];
  return { OR: [{ status: { not: 'DRAFT' } }, ...(own.length ? [{ providerId: { in: own } }] : [])] };
}

/**
 * Enrolments: a caregiver's own; a provider's courses'; an institution's employees'; bureaus and
 * `training:read` tokens those on courses in their region.
 */
export function enrolmentWhereFor(viewer: Viewer): Prisma.EnrolmentWhereInput {
  const regions = trainingRegions(viewer);
  if (regions === 'all') return {};
  const or: Prisma.EnrolmentWhereInput[] = regions.map((path) => ({ course: { region: { path: { startsWith: path } } } }));
  if (viewer?.kind === 'user') {
    if (viewer.caregiverId) or.push({ caregiverId: viewer.caregiverId });
    const providers = providersOf(viewer) ?? [];
    if (providers.length) or.push({ course: { providerId: { in: providers } } });
    const institutions = employingInstitutionsOf(viewer) ?? [];
    if (institutions.length) or.push({ caregiver: { employments: { some: { institutionId: { in: institutions }, endDate: null } } } });
  }
  return or.length ? { OR: or } : NOTHING;
}

/** Imports of the viewer's college or provider (admins: all). */
export function rosterImportWhereFor(viewer: Viewer): Prisma.RosterImportWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  const orgs = membershipsWith(viewer, 'COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF').flatMap((m) =>
    m.organisationId ? [m.organisationId] : [],
  );
  return { organisationId: { in: orgs } };
}
