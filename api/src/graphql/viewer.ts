import type { Role } from '../generated/prisma/enums.ts';

export type ViewerMembership = {
  role: Role;
  organisationId: string | null;
  regionId: string | null;
  /** Materialised path of the scoped region, so subtree checks are a prefix test. */
  regionPath: string | null;
};

export type UserViewer = {
  kind: 'user';
  userId: string;
  sessionId: string;
  username: string;
  displayName: string;
  caregiverId: string | null;
  memberships: ViewerMembership[];
  /** When the password was last entered in this session (sign-in or re-authentication). */
  authenticatedAt: Date;
};

export type TokenViewer = {
  kind: 'token';
  tokenId: string;
  name: string;
  scopes: string[];
  /** Materialised path of the region the token is limited to; null = every region. */
  regionPath: string | null;
};

/** Who is asking: a signed-in user, another system's API token, or nobody. */
export type Viewer = UserViewer | TokenViewer | null;

export function hasRole(viewer: Viewer, ...roles: Role[]): boolean {
  return viewer?.kind === 'user' && viewer.memberships.some((m) => roles.includes(m.role));
}

export function membershipsWith(viewer: Viewer, ...roles: Role[]): ViewerMembership[] {
  return viewer?.kind === 'user' ? viewer.memberships.filter((m) => roles.includes(m.role)) : [];
}

export function hasTokenScope(viewer: Viewer, scope: string): boolean {
  return viewer?.kind === 'token' && viewer.scopes.includes(scope);
}

/**
 * Region subtrees an API token reads with `scope`: every region for a token without a region limit,
 * its region's subtree otherwise, none without the scope. Every scope's where-builder starts here, so a
 * token's region limit holds for whatever it reads.
 */
export function tokenReach(viewer: TokenViewer, scope: string): string[] | 'all' {
  if (!viewer.scopes.includes(scope)) return [];
  return viewer.regionPath ? [viewer.regionPath] : 'all';
}

/**
 * Region subtrees a viewer reads a region-scoped figure or object in: everything for admins, a token's
 * reach for `tokenScope`, and for a user the regions of their memberships in `roles` (none without one).
 */
export function regionReach(viewer: Viewer, opts: { roles: readonly Role[]; tokenScope: string }): string[] | 'all' {
  if (viewer?.kind === 'token') return tokenReach(viewer, opts.tokenScope);
  if (hasRole(viewer, 'ADMIN')) return 'all';
  return membershipsWith(viewer, ...opts.roles).flatMap((m) => (m.regionPath ? [m.regionPath] : []));
}

/** Whether a region path lies within a reach. */
export const withinReach = (reach: string[] | 'all', regionPath: string) =>
  reach === 'all' || reach.some((path) => regionPath.startsWith(path));

export function actorOf(viewer: Viewer): { actorUserId: string | null; actorTokenId: string | null } {
  if (viewer?.kind === 'user') return { actorUserId: viewer.userId, actorTokenId: null };
  if (viewer?.kind === 'token') return { actorUserId: null, actorTokenId: viewer.tokenId };
  return { actorUserId: null, actorTokenId: null };
}

/** Government roles scoped to a region and its whole subtree. */
export const BUREAU_ROLES = ['HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'CIVIL_AFFAIRS_ANALYST'] as const satisfies readonly Role[];
