import type { Prisma } from '../../generated/prisma/client.ts';
import { hasRole, type Viewer } from '../../graphql/viewer.ts';
import { employingInstitutionsOf } from '../caregivers/caregivers.access.ts';

/**
 * A job is visible to whoever started it, to admins, and, for a post-subsidy batch shared by several
 * institutions' rosters, to the staff of each of them.
 */
export function jobWhereFor(viewer: Viewer): Prisma.BackgroundJobWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (viewer?.kind !== 'user') return { id: { in: [] } };
  const institutions = employingInstitutionsOf(viewer) ?? [];
  return institutions.length
    ? { OR: [{ createdById: viewer.userId }, { rosters: { some: { institutionId: { in: institutions } } } }] }
    : { createdById: viewer.userId };
}
