import { prisma, type Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { type FieldIssue, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { BUREAU_ROLES, type UserViewer } from '../../graphql/viewer.ts';
import type { OrganisationKind, Role } from '../../generated/prisma/enums.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { evictCredentials } from './credential-cache.ts';
import { throttleKeys } from './login-throttle.ts';
import { hashPassword } from './password.ts';
import type { TCreateUserInput, TMembershipInput, TSetUserMembershipsInput } from './auth.schemas.ts';
import { OwnAccountError, UsernameTakenError } from './auth.errors.ts';

/** The kinds of organisation whose staff may hold each staff role (a college or a home may also train). */
const STAFF_ORGANISATION_KINDS: Partial<Record<Role, OrganisationKind[]>> = {
  COLLEGE_STAFF: ['COLLEGE'],
  TRAINING_PROVIDER_STAFF: ['TRAINING_PROVIDER', 'COLLEGE', 'INSTITUTION'],
  ASSESSOR: ['ASSESSOR'],
  INSTITUTION_STAFF: ['INSTITUTION'],
};
const REGION_ROLES: readonly Role[] = BUREAU_ROLES;

type MembershipRow = { role: Role; organisationId: string | null; regionId: string | null };

function requireUser(ctx: Context): UserViewer {
  if (ctx.viewer?.kind !== 'user') throw new UnauthenticatedError();
  return ctx.viewer;
}

/**
 * Checks each role against its scope and resolves it to a membership row: staff roles name an active
 * organisation of a fitting kind, bureau roles a region, admins neither. Caregiver logins belong to a
 * caregiver record and are not made here. Every bad entry is reported, not only the first.
 */
async function resolveMemberships(memberships: TMembershipInput[]): Promise<MembershipRow[]> {
  const orgIds = memberships.flatMap((m) => (m.organisationId ? [m.organisationId] : []));
  const codes = memberships.flatMap((m) => (m.regionCode ? [m.regionCode] : []));
  const [orgs, regions] = await Promise.all([
    prisma.organisation.findMany({ where: { id: { in: orgIds } }, select: { id: true, kind: true, deactivatedAt: true } }),
    prisma.region.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } }),
  ]);
  const issues: FieldIssue[] = [];
  const rows: MembershipRow[] = [];
  const issue = (i: number, field: string, message: string, code: string, params: Record<string, string> = {}) =>
    issues.push({ path: ['input', 'memberships', String(i), field], message, code, params });
  memberships.forEach((m, i) => {
    const kinds = STAFF_ORGANISATION_KINDS[m.role];
    if (m.role === 'CAREGIVER')
      return issue(i, 'role', 'caregiver logins are made from the caregiver record', 'ROLE_NOT_ASSIGNABLE', { role: m.role });
    if (kinds) {
      const org = orgs.find((o) => o.id === m.organisationId);
      if (!m.organisationId)
        return issue(i, 'organisationId', 'this role needs an organisation', 'ORGANISATION_REQUIRED', { role: m.role });
      if (!org || org.deactivatedAt) return issue(i, 'organisationId', 'is not an active organisation', 'ORGANISATION_UNKNOWN');
      if (!kinds.includes(org.kind))
        return issue(i, 'organisationId', `a ${m.role} cannot belong to a ${org.kind}`, 'ORGANISATION_KIND_MISMATCH', {
          role: m.role,
          kind: org.kind,
        });
      return rows.push({ role: m.role, organisationId: org.id, regionId: null });
    }
    if (REGION_ROLES.includes(m.role)) {
      const region = regions.find((r) => r.code === m.regionCode);
      if (!m.regionCode) return issue(i, 'regionCode', 'this role needs a region', 'REGION_REQUIRED', { role: m.role });
      if (!region) return issue(i, 'regionCode', 'is not a known region', 'REGION_UNKNOWN', { code: m.regionCode });
      return rows.push({ role: m.role, organisationId: null, regionId: region.id });
    }
    return rows.push({ role: m.role, organisationId: null, regionId: null });
  });
  if (issues.length) throw new InputValidationError(issues);
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.role}/${r.organisationId}/${r.regionId}`;
    return !seen.has(key) && seen.add(key);
  });
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A temporary password: 12 characters without look-alikes (no i, l, o, 0, 1) so it can be read out
 * over the phone, always holding a letter and a digit as every password must.
 */
export function temporaryPassword(): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    // 256 is not a multiple of 31: bytes above the last whole multiple would favour the first characters.
    const chars = [...bytes]
      .filter((b) => b < 248)
      .map((b) => ALPHABET[b % ALPHABET.length])
      .slice(0, 12);
    const password = chars.join('');
    if (chars.length === 12 && /[a-z]/.test(password) && /\d/.test(password))
      return `${password.slice(0, 4)}-${password.slice(4, 8)}-${password.slice(8)}`;
  }
}

const auditMemberships = (rows: MembershipRow[]) =>
  rows.map((r) => ({ role: r.role, organisationId: r.organisationId, regionId: r.regionId }));

/** Creates a login with its roles and a temporary password, returned once, to be changed at the first sign-in. */
export async function createUser(ctx: Context, input: TCreateUserInput) {
  requireUser(ctx);
  const memberships = await resolveMemberships(input.memberships);
  if (await prisma.user.findUnique({ where: { username: input.username }, select: { id: true } }))
    throw new UsernameTakenError(input.username);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const user = await prisma.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: {
        username: input.username,
        displayName: input.displayName,
        locale: input.locale,
        passwordHash,
        mustChangePassword: true,
        memberships: { create: memberships },
      },
    });
    await recordAudit(tx, ctx, {
      action: 'user.create',
      entityType: 'User',
      entityId: created.id,
      after: { username: created.username, displayName: created.displayName, memberships: auditMemberships(memberships) },
    });
    return created;
  });
  return { user, temporaryPassword: password };
}

async function findUser(tx: Tx, id: string) {
  const user = await tx.user.findUnique({ where: { id }, include: { memberships: true } });
  if (!user) throw new NotFoundError('User');
  return user;
}

/** Replaces the user's roles; the change applies from their next request, since sessions read roles each time. */
export async function setUserMemberships(ctx: Context, input: TSetUserMembershipsInput) {
  const viewer = requireUser(ctx);
  const memberships = await resolveMemberships(input.memberships);
  if (input.userId === viewer.userId && !memberships.some((m) => m.role === 'ADMIN')) throw new OwnAccountError();
  const updated = await prisma.$transaction(async (tx) => {
    const user = await findUser(tx, input.userId);
    if (user.caregiverId)
      throw InputValidationError.at(['input', 'userId'], 'ROLE_NOT_ASSIGNABLE', {
        role: 'CAREGIVER',
      });
    await tx.membership.deleteMany({ where: { userId: user.id } });
    await tx.membership.createMany({ data: memberships.map((m) => ({ ...m, userId: user.id })) });
    await recordAudit(tx, ctx, {
      action: 'user.setMemberships',
      entityType: 'User',
      entityId: user.id,
      before: { memberships: auditMemberships(user.memberships) },
      after: { memberships: auditMemberships(memberships) },
    });
    return tx.user.findUniqueOrThrow({ where: { id: user.id } });
  });
  // Roles are read with the session: drop cached validations so the new roles hold from the next request.
  await evictCredentials(`user:${input.userId}`);
  return updated;
}

/** Disables (or re-enables) a login; disabling ends every session at once. */
export async function setUserDisabled(ctx: Context, id: string, disabled: boolean) {
  const viewer = requireUser(ctx);
  if (disabled && id === viewer.userId) throw new OwnAccountError();
  const result = await prisma.$transaction(async (tx) => {
    const user = await findUser(tx, id);
    const disabledAt = disabled ? (user.disabledAt ?? new Date()) : null;
    const updated = await tx.user.update({ where: { id }, data: { disabledAt } });
    const ended = disabled ? (await tx.session.deleteMany({ where: { userId: id } })).count : 0;
    await recordAudit(tx, ctx, {
      action: disabled ? 'user.disable' : 'user.enable',
      entityType: 'User',
      entityId: id,
      before: { disabledAt: user.disabledAt },
      after: { disabledAt, sessionsEnded: ended },
    });
    return updated;
  });
  await evictCredentials(`user:${id}`);
  return result;
}

/**
 * Gives the user a new temporary password (returned once, never stored in clear), ends their sessions
 * and clears their sign-in lock: someone locked out and calling the help desk gets one answer.
 */
export async function resetUserPassword(ctx: Context, id: string) {
  requireUser(ctx);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const user = await prisma.$transaction(async (tx) => {
    const existing = await findUser(tx, id);
    const updated = await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true } });
    const ended = await tx.session.deleteMany({ where: { userId: id } });
    await tx.loginThrottle.deleteMany({ where: { key: throttleKeys(existing.username, '').account } });
    await recordAudit(tx, ctx, { action: 'user.resetPassword', entityType: 'User', entityId: id, after: { sessionsEnded: ended.count } });
    return updated;
  });
  await evictCredentials(`user:${id}`);
  return { user, temporaryPassword: password };
}

/** Lifts the account's sign-in lock after failed attempts (the per-address count is left alone). */
export async function unlockUser(ctx: Context, id: string) {
  requireUser(ctx);
  return prisma.$transaction(async (tx) => {
    const user = await findUser(tx, id);
    const key = throttleKeys(user.username, '').account;
    const throttle = await tx.loginThrottle.findUnique({ where: { key } });
    await tx.loginThrottle.deleteMany({ where: { key } });
    await recordAudit(tx, ctx, {
      action: 'user.unlock',
      entityType: 'User',
      entityId: id,
      before: { failures: throttle?.failures ?? 0, lockedUntil: throttle?.lockedUntil ?? null },
    });
    return user;
  });
}

/** When each user last signed in, from the sign-in audit rows (one statement for a page of users). */
export async function lastSignIns(userIds: readonly string[]): Promise<Map<string, Date>> {
  const rows = await prisma.auditLog.groupBy({
    by: ['entityId'],
    where: { entityType: 'User', action: 'auth.login', entityId: { in: [...userIds] } },
    _max: { at: true },
  });
  return new Map(rows.flatMap((r) => (r._max.at ? [[r.entityId, r._max.at] as const] : [])));
}

/** Until when each user's sign-in is locked, for those locked now. */
export async function lockedUntil(usernames: readonly string[], now = new Date()): Promise<Map<string, Date>> {
  const keys = usernames.map((u) => throttleKeys(u, '').account);
  const rows = await prisma.loginThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: now } } });
  return new Map(rows.map((r) => [r.key.slice(r.key.indexOf(':') + 1), r.lockedUntil!]));
}
