import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { UnauthenticatedError } from '../../graphql/errors.ts';
import type { UserViewer } from '../../graphql/viewer.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { InvalidCredentialsError, ReauthenticationRequiredError } from './auth.errors.ts';
import {
  REAUTHENTICATION_WINDOW_MS,
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_ACTIVITY_WRITE_INTERVAL_MS,
  SESSION_IDLE_TIMEOUT_MS,
} from './auth.policy.ts';
import type { TChangePasswordInput, TLoginInput } from './auth.schemas.ts';
import { reserveLoginAttempt, settleSuccessfulAttempt } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { newToken, secretMatches, splitToken } from './session-token.ts';

// Verified against when the username does not exist, so a wrong username costs as much time as a wrong password.
const decoyHash = hashPassword('carecert-decoy-password');

type SessionRow = {
  id: string;
  secretHash: Uint8Array;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
  reauthenticatedAt: Date | null;
  userId: string;
  username: string;
  displayName: string;
  caregiverId: string | null;
  disabledAt: Date | null;
  memberships: UserViewer['memberships'];
};

/**
 * The session with its user and memberships in one statement: every authenticated request runs it,
 * and a nested Prisma include costs four (session, user, memberships, regions).
 */
async function findSession(id: string): Promise<SessionRow | null> {
  const rows = await prisma.$queryRaw<SessionRow[]>`
    SELECT s.id, s."secretHash", s."createdAt", s."lastActiveAt", s."expiresAt", s."reauthenticatedAt",
      u.id AS "userId", u.username, u."displayName", u."caregiverId", u."disabledAt",
      coalesce((
        SELECT json_agg(json_build_object('role', m.role, 'organisationId', m."organisationId", 'regionId', m."regionId", 'regionPath', r.path) ORDER BY m.id)
        FROM "Membership" m LEFT JOIN "Region" r ON r.id = m."regionId" WHERE m."userId" = u.id
      ), '[]') AS memberships
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${id}`;
  return rows[0] ?? null;
}

export type IssuedSession = { token: string; expiresAt: Date; userId: string };

/** A new session's row and the token handed to its holder (only the secret's hash is stored). */
function newSession(userId: string, meta: { ip: string; userAgent: string | null }) {
  const { id, token, secretHash } = newToken();
  const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_TIMEOUT_MS);
  return {
    row: { id, userId, secretHash, expiresAt, ipAddress: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null },
    issued: { token, expiresAt, userId },
  };
}

export async function createSession(userId: string, meta: { ip: string; userAgent: string | null }): Promise<IssuedSession> {
  const { row, issued } = newSession(userId, meta);
  await prisma.session.create({ data: row });
  return issued;
}

/** Idle or absolute expiry, whichever comes first. */
export function sessionEndsAt(session: { lastActiveAt: Date; expiresAt: Date }): Date {
  return new Date(Math.min(session.expiresAt.getTime(), session.lastActiveAt.getTime() + SESSION_IDLE_TIMEOUT_MS));
}

/** Returns the viewer for a session token, or null when it is unknown, wrong, expired or its user disabled. */
export async function validateSessionToken(token: string, now = new Date()): Promise<UserViewer | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const session = await findSession(parts.id);
  if (!session || !secretMatches(parts.secret, session.secretHash)) return null;
  if (sessionEndsAt(session) <= now || session.disabledAt) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now.getTime() - session.lastActiveAt.getTime() >= SESSION_ACTIVITY_WRITE_INTERVAL_MS) {
    await prisma.session.update({ where: { id: session.id }, data: { lastActiveAt: now } });
  }
  return {
    kind: 'user',
    userId: session.userId,
    sessionId: session.id,
    username: session.username,
    displayName: session.displayName,
    caregiverId: session.caregiverId,
    authenticatedAt: session.reauthenticatedAt ?? session.createdAt,
    memberships: session.memberships,
  };
}

type LoginRow = { id: string; passwordHash: string; disabledAt: Date | null };

/**
 * Signs in with three statements around the password check: reserving the attempt (see
 * reserveLoginAttempt), the user, then (on success) settling the attempt, the session and the audit row
 * in one statement, so they are written together or not at all. Sign-in is the busiest write of a
 * morning; as separate statements it was seven round trips on top of the hash.
 */
export async function login(ctx: Context, input: TLoginInput): Promise<IssuedSession> {
  await reserveLoginAttempt(input.username, ctx.clientIp);
  const [row] = await prisma.$queryRaw<LoginRow[]>`
    SELECT id, "passwordHash", "disabledAt" FROM "User" WHERE username = ${input.username}`;
  // A failure needs no further write: the reservation already counted it.
  const ok = await verifyPassword(row?.passwordHash ?? (await decoyHash), input.password);
  if (!row || !ok || row.disabledAt) throw new InvalidCredentialsError();
  const session = newSession(row.id, { ip: ctx.clientIp, userAgent: ctx.userAgent });
  const s = session.row;
  await prisma.$executeRaw`
    WITH ${settleSuccessfulAttempt(input.username, ctx.clientIp)},
    session AS (
      INSERT INTO "Session" (id, "userId", "secretHash", "expiresAt", "ipAddress", "userAgent")
      VALUES (${s.id}, ${s.userId}::uuid, ${s.secretHash}, ${s.expiresAt}, ${s.ipAddress}, ${s.userAgent})
    )
    INSERT INTO "AuditLog" ("requestId", action, "entityType", "entityId", after)
    VALUES (${ctx.requestId}, 'auth.login', 'User', ${row.id}, ${JSON.stringify({ ip: ctx.clientIp })}::jsonb)`;
  return session.issued;
}

function requireUser(ctx: Context): UserViewer {
  if (ctx.viewer?.kind !== 'user') throw new UnauthenticatedError();
  return ctx.viewer;
}

export async function logout(ctx: Context): Promise<void> {
  const viewer = requireUser(ctx);
  await prisma.session.deleteMany({ where: { id: viewer.sessionId } });
}

/** Ends every session of the viewer, this one included. Returns how many ended. */
export async function logoutEverywhere(ctx: Context): Promise<number> {
  const viewer = requireUser(ctx);
  const { count } = await prisma.$transaction(async (tx) => {
    const result = await tx.session.deleteMany({ where: { userId: viewer.userId } });
    await recordAudit(tx, ctx, {
      action: 'auth.logoutEverywhere',
      entityType: 'User',
      entityId: viewer.userId,
      after: { sessions: result.count },
    });
    return result;
  });
  return count;
}

/** Changes the password and ends every other session, so a thief holding an old session is locked out. */
export async function changePassword(ctx: Context, input: TChangePasswordInput): Promise<void> {
  const viewer = requireUser(ctx);
  await reserveLoginAttempt(viewer.username, ctx.clientIp);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: viewer.userId } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new InvalidCredentialsError();
  const passwordHash = await hashPassword(input.newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`WITH ${settleSuccessfulAttempt(user.username, ctx.clientIp)} SELECT 1`;
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await tx.session.deleteMany({ where: { userId: user.id, id: { not: viewer.sessionId } } });
    await recordAudit(tx, ctx, { action: 'auth.changePassword', entityType: 'User', entityId: user.id });
  });
}

/** Confirms the signed-in user's password again, so the next few minutes may reveal data or move money. */
export async function reauthenticate(ctx: Context, password: string): Promise<Date> {
  const viewer = requireUser(ctx);
  await reserveLoginAttempt(viewer.username, ctx.clientIp);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: viewer.userId } });
  if (!(await verifyPassword(user.passwordHash, password))) throw new InvalidCredentialsError();
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`WITH ${settleSuccessfulAttempt(user.username, ctx.clientIp)} SELECT 1`;
    await tx.session.update({ where: { id: viewer.sessionId }, data: { reauthenticatedAt: now } });
    await recordAudit(tx, ctx, { action: 'auth.reauthenticate', entityType: 'User', entityId: user.id });
  });
  return now;
}

/**
 * Guards actions that reveal personal data or move money: a person at the keyboard must have entered
 * the password in this session within REAUTHENTICATION_WINDOW_MS, so an unattended or stolen session
 * cannot do them. API tokens never pass: such actions belong to people.
 */
export function requireRecentAuthentication(ctx: Context, now = Date.now()): UserViewer {
  const viewer = requireUser(ctx);
  if (now - viewer.authenticatedAt.getTime() > REAUTHENTICATION_WINDOW_MS) throw new ReauthenticationRequiredError();
  return viewer;
}
