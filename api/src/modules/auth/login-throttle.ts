import { prisma } from '../../db/client.ts';
import { ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, LOCKOUT_MS, THROTTLE_WINDOW_MS } from './auth.policy.ts';

// Counters live in PostgreSQL (not Redis) so throttling also works in the embedded default and
// survives a Redis flush. Keys never contain the password.
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

async function bump(key: string, max: number, now: Date): Promise<void> {
  // One statement per key, so concurrent failures cannot lose a count.
  await prisma.$executeRaw`
    INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${key}, 1, ${now}, NULL)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "LoginThrottle"."windowStart" < ${new Date(now.getTime() - THROTTLE_WINDOW_MS)} THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
      "windowStart" = CASE WHEN "LoginThrottle"."windowStart" < ${new Date(now.getTime() - THROTTLE_WINDOW_MS)} THEN ${now} ELSE "LoginThrottle"."windowStart" END,
      "lockedUntil" = CASE
        WHEN "LoginThrottle"."windowStart" >= ${new Date(now.getTime() - THROTTLE_WINDOW_MS)} AND "LoginThrottle"."failures" + 1 >= ${max}
        THEN ${new Date(now.getTime() + LOCKOUT_MS)} ELSE "LoginThrottle"."lockedUntil" END`;
}

export async function recordFailedLogin(username: string, ip: string, now = new Date()): Promise<void> {
  await bump(accountKey(username), ACCOUNT_MAX_FAILURES, now);
  await bump(ipKey(ip), IP_MAX_FAILURES, now);
}

/** A successful sign-in clears the account's counter; the address keeps its count (one IP, many accounts). */
export async function clearFailedLogins(username: string): Promise<void> {
  await prisma.loginThrottle.deleteMany({ where: { key: accountKey(username) } });
}
