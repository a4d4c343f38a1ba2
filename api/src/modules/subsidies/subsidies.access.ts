import type { Prisma } from '../../generated/prisma/client.ts';
import { NOTHING } from '../../shared/access.ts';
import { BUREAU_ROLES, hasRole, membershipsWith, tokenReach, type Viewer } from '../../graphql/viewer.ts';
import { employingInstitutionsOf } from '../caregivers/caregivers.access.ts';

/** Region subtrees the viewer reads subsidies for: bureau memberships, or a `subsidies:read` token's region. */
function subsidyRegions(viewer: Viewer): string[] | 'all' {
  if (hasRole(viewer, 'ADMIN')) return 'all';
  if (viewer?.kind === 'token') return tokenReach(viewer, 'subsidies:read');
  return membershipsWith(viewer, ...BUREAU_ROLES).flatMap((m) => (m.regionPath ? [m.regionPath] : []));
}

/**
 * Claims a viewer may read: bureaus and tokens their region's, institutions those resting on their
 * employments, a caregiver their own.
 */
export function claimWhereFor(viewer: Viewer): Prisma.SubsidyClaimWhereInput {
  const regions = subsidyRegions(viewer);
  if (regions === 'all') return {};
  const or: Prisma.SubsidyClaimWhereInput[] = regions.map((path) => ({ region: { path: { startsWith: path } } }));
  if (viewer?.kind === 'user') {
    const institutions = employingInstitutionsOf(viewer) ?? [];
    if (institutions.length) or.push({ employment: { institutionId: { in: institutions } } });
    if (viewer.caregiverId) or.push({ caregiverId: viewer.caregiverId });
  }
  return or.length ? { OR: or } : NOTHING;
}

/** Payment batches: bureaus and `subsidies:read` tokens of the batch's region. */
export function batchWhereFor(viewer: Viewer): Prisma.PaymentBatchWhereInput {
  const regions = subsidyRegions(viewer);
  if (regions === 'all') return {};
  return regions.length ? { OR: regions.map((path) => ({ region: { path: { startsWith: path } } })) } : NOTHING;
}
