import type { Role } from '../generated/prisma/enums.ts';
import { hasRole, membershipsWith, type Viewer } from '../graphql/viewer.ts';

/** Matches no row: used when the viewer may see nothing, so queries still run and return empty. */
export const NOTHING = { id: { in: [] as string[] } };

/** Whether the viewer holds one of `roles` for a region containing `regionPath` (admins hold every role). */
export function holdsRoleFor(viewer: Viewer, roles: Role | Role[], regionPath: string): boolean {
  if (hasRole(viewer, 'ADMIN')) return true;
  const wanted = Array.isArray(roles) ? roles : [roles];
  return membershipsWith(viewer, ...wanted).some((m) => m.regionPath !== null && regionPath.startsWith(m.regionPath));
}
