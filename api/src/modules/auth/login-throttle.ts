import { Prisma } from '../../generated/prisma/client.ts';
import { prisma } from '../../db/client.ts';
import { TooManyAttemptsError } from './auth.errors.ts';
import { ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, LOCKOUT_MS, THROTTLE_WINDOW_MS } from './auth.policy.ts';

// Counters live in PostgreSQL (not Redis) so throttling also works in the embedded default, survives a
// Redis flush and holds across API processes. Keys never contain the password.
const accountKey = (username: string) => `account:${username}`;
const ipKey = (ip: string) => `ip:${ip}`;

/** The counters that can lock a sign-in of this account from this address. */
export const throttleKeys = (username: string, ip: string) => ({ account: accountKey(username), ip: ipKey(ip) });

/** Seconds from `now` until `until`, rounded up; 0 when not locked. */
export function secondsLocked(until: Date | null, now = new Date()): number {
  return until && until > now ? Math.ceil((until.getTime() - now.getTime()) / 1000) : 0;
}

/** Seconds until the account or the address may try again, or 0 when not locked. */
export async function lockedForSeconds(username: string, ip: string, now = new Date()): Promise<number> {
  const keys = throttleKeys(username, ip);
  const rows = await prisma.loginThrottle.findMany({ where: { key: { in: [keys.account, keys.ip] } } });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  return secondsLocked(until ? new Date(until) : null, now);
}

/**
 * Counts one attempt on `key` unless the key is locked; the statement yields the key when it counted.
 * ON CONFLICT DO UPDATE locks the row and judges the lock on its latest committed version, so of many
 * concurrent attempts exactly as many as the limit allows are counted, whichever process sends them.
 */
function reserveOn(key: string, max: number, now: Date, source: Prisma.Sql): Prisma.Sql {
  const windowFloor = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const lockUntil = new Date(now.getTime() + LOCKOUT_MS);
  const count = Prisma.sql`CASE WHEN t."windowStart" < ${windowFloor} THEN 1 ELSE t.failures + 1 END`;
  return Prisma.sql`
    INSERT INTO "LoginThrottle" AS t ("key", "failures", "windowStart", "lockedUntil")
    SELECT ${key}, 1, ${now}, CASE WHEN 1 >= ${max} THEN ${lockUntil}::timestamptz END ${source}
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = ${count},
      "windowStart" = CASE WHEN t."windowStart" < ${windowFloor} THEN ${now} ELSE t."windowStart" END,
      "lockedUntil" = CASE WHEN ${count} >= ${max} THEN ${lockUntil}::timestamptz END
    WHERE t."lockedUntil" IS NULL OR t."lockedUntil" <= ${now}
    RETURNING t.key`;
}

/**
 * Reserves one password check for this account from this address before the hash is computed, counted
 * as a failure until `settleSuccessfulAttempt` says otherwise. Throws TooManyAttemptsError when either
 * counter is locked. Checking the lock and counting the failure after the hash let every request of a
 * parallel burst through, because none of them had failed yet when the others looked.
 */
export async function reserveLoginAttempt(username: string, ip: string, now = new Date()): Promise<void> {
  const keys = throttleKeys(username, ip);
  // The address is counted only when the account was, so a locked address cannot spend an account's attempts
  // and a locked account does not spend the address's.
  const ipLocked = Prisma.sql`WHERE NOT EXISTS (SELECT 1 FROM "LoginThrottle" WHERE key = ${keys.ip} AND "lockedUntil" > ${now})`;
  const [row] = await prisma.$queryRaw<{ account: number; ip: number }[]>`
    WITH account AS (${reserveOn(keys.account, ACCOUNT_MAX_FAILURES, now, ipLocked)}),
    address AS (${reserveOn(keys.ip, IP_MAX_FAILURES, now, Prisma.sql`FROM account`)})
    SELECT (SELECT count(*)::int FROM account) AS account, (SELECT count(*)::int FROM address) AS ip`;
  if (row?.account && row.ip) return;
  // The address locked between the statement's snapshot and its row lock: give the account its attempt back.
  if (row?.account) await refundAccount(keys.account);
  throw new TooManyAttemptsError(Math.max(1, await lockedForSeconds(username, ip, now)));
}

async function refundAccount(key: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "LoginThrottle" SET failures = greatest(failures - 1, 0),
      "lockedUntil" = CASE WHEN failures - 1 < ${ACCOUNT_MAX_FAILURES} THEN NULL ELSE "lockedUntil" END
    WHERE key = ${key}`;
}

/**
 * Common table expressions for a reserved attempt that turned out right: the account's counter is
 * cleared, and the address gets its attempt back (one address signs many people in: an office, the portal).
 * Part of the caller's statement, so they are written with the session or not at all.
 */
export function settleSuccessfulAttempt(username: string, ip: string): Prisma.Sql {
  const keys = throttleKeys(username, ip);
  return Prisma.sql`
    cleared AS (DELETE FROM "LoginThrottle" WHERE key = ${keys.account}),
    refunded AS (
      UPDATE "LoginThrottle" SET failures = greatest(failures - 1, 0),
        "lockedUntil" = CASE WHEN failures - 1 < ${IP_MAX_FAILURES} THEN NULL ELSE "lockedUntil" END
      WHERE key = ${keys.ip}
    )`;
}
