import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { BUREAU_ROLES, hasRole, membershipsWith, type Viewer } from '../../graphql/viewer.ts';

const NOTHING: Prisma.AuditLogWhereInput = { id: { in: [] } };

/**
 * Audit rows a viewer may read: admins every row; a bureau the rows written by people who work in its
 * region's subtree (bureau staff of that region and staff of organisations located in it). The log
 * keeps no region of its own, and an entity's region cannot be found generically from its type and
 * id, so the actor's place of work is what ties a row to a region. Everyone else: none.
 */
export async function auditWhereFor(viewer: Viewer): Promise<Prisma.AuditLogWhereInput> {
  if (hasRole(viewer, 'ADMIN')) return {};
  const paths = membershipsWith(viewer, ...BUREAU_ROLES).flatMap((m) => (m.regionPath ? [m.regionPath] : []));
  if (!paths.length) return NOTHING;
  const members = await prisma.membership.findMany({
    where: {
      OR: paths.flatMap((path) => [
        { region: { path: { startsWith: path } } },
        { organisation: { region: { path: { startsWith: path } } } },
      ]),
    },
    select: { userId: true },
    distinct: ['userId'],
  });
  return { actorUserId: { in: members.map((m) => m.userId) } };
}

/** Whether the viewer may open the audit log at all (the rows are narrowed by `auditWhereFor`). */
export const mayReadAudit = (viewer: Viewer) => hasRole(viewer, 'ADMIN', ...BUREAU_ROLES);
