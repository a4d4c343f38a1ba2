import type { Redis } from 'ioredis';
import { logger } from '../logger.ts';

/**
 * Takes up to ARGV[1] of what is left of KEYS[1]'s allowance (ARGV[2]) for its window, never more than
 * an eighth of what is left (at least one), so the last part of an allowance is handed out a little
 * at a time. The window starts with the key's first lease and lasts ARGV[3] ms. Returns the grant (0
 * when nothing is left) and the milliseconds left in the window.
 */
const LEASE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local left = tonumber(ARGV[2]) - used
local ttl = redis.call('PTTL', KEYS[1])
if left <= 0 then return {0, ttl} end
local grant = math.min(tonumber(ARGV[1]), math.max(1, math.floor(left / 8)))
redis.call('INCRBY', KEYS[1], grant)
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  ttl = tonumber(ARGV[3])
end
return {grant, ttl}`;

/** Gives back a lease's unused part (only while the window's key still exists). */
const GIVE_BACK = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECRBY', KEYS[1], ARGV[1]) end
return 0`;

type KeyState = { endsAt: number; leased: number; used: number; leasing: Promise<void> | null; exhaustedUntil: number; alone: boolean };

type Leasing = Redis & {
  carecertLease?: (key: string, want: number, points: number, windowMs: number) => Promise<[number, number]>;
  carecertGiveBack?: (key: string, unused: number) => Promise<number>;
};

/**
 * A fixed-window counter (`points` per `windowMs` from a key's first request, the window kept by Redis
 * so every process is in the same one) counted in process and synchronised with Redis:
 *
 * - Each process leases part of a key's allowance from Redis (one atomic script) and counts requests
 *   against its lease in memory, so a steady caller costs a Redis round trip per lease, not per request.
 * - Leases are reserved in Redis before they are spent, so the processes together never admit more
 *   than the limit while Redis answers.
 * - Every `syncMs` each process gives back what it leased and did not use. Between two such moments
 *   a process may hold unused leases while another is refused: the tolerance is that the processes
 *   together may admit fewer than the limit, by at most (processes − 1) × the lease size for at most
 *   `syncMs`. A lease is at most `maxLease` and at most an eighth of what is left, so near the limit it
 *   is one request.
 * - Without Redis the count is this process's alone; when Redis fails, each process counts alone (as
 *   before: rather than refusing or waving through everything).
 */
export class LeasedLimiter {
  private readonly keys = new Map<string, KeyState>();
  private readonly maxLease: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly opts: {
      points: number;
      keyPrefix: string;
      redis: Redis | null;
      windowMs?: number;
      syncMs?: number;
      maxLease?: number;
      now?: () => number;
    },
  ) {
    this.maxLease = opts.maxLease ?? Math.max(1, Math.min(1000, Math.floor(opts.points / 20)));
    this.timer = setInterval(() => void this.sync(), opts.syncMs ?? 1000);
    this.timer.unref();
    const redis = opts.redis as Leasing | null;
    if (redis && !redis.carecertLease) {
      redis.defineCommand('carecertLease', { numberOfKeys: 1, lua: LEASE });
      redis.defineCommand('carecertGiveBack', { numberOfKeys: 1, lua: GIVE_BACK });
    }
  }

  private get windowMs() {
    return this.opts.windowMs ?? 60_000;
  }

  private now() {
    return this.opts.now?.() ?? Date.now();
  }

  private redisKey(key: string) {
    return `${this.opts.keyPrefix}:${key}`;
  }

  /** Counts one request: 0 when admitted, else the milliseconds until the window ends. */
  async consume(key: string): Promise<number> {
    for (;;) {
      const now = this.now();
      let state = this.keys.get(key);
      if (!state || state.endsAt <= now) {
        state = { endsAt: now + this.windowMs, leased: 0, used: 0, leasing: null, exhaustedUntil: 0, alone: false };
        this.keys.set(key, state);
      }
      if (state.used < state.leased) {
        state.used += 1;
        return 0;
      }
      if (state.exhaustedUntil > now) return Math.max(1, state.endsAt - now);
      if (state.leasing) {
        await state.leasing;
        continue;
      }
      const current = state;
      current.leasing = this.lease(key, current).finally(() => (current.leasing = null));
      await current.leasing;
      if (current.used >= current.leased && current.exhaustedUntil > this.now()) return Math.max(1, current.endsAt - this.now());
    }
  }

  private async lease(key: string, state: KeyState): Promise<void> {
    const redis = this.opts.redis as Leasing | null;
    const local = () => {
      // This process's own count: it may use the whole allowance.
      state.alone = true;
      if (state.leased < this.opts.points) state.leased = this.opts.points;
      else state.exhaustedUntil = state.endsAt;
    };
    if (!redis || redis.status !== 'ready') return local();
    try {
      const [grant, ttl] = (await redis.carecertLease!(this.redisKey(key), this.maxLease, this.opts.points, this.windowMs)).map(Number) as [
        number,
        number,
      ];
      if (ttl > 0) state.endsAt = this.now() + ttl;
      if (grant > 0) state.leased += grant;
      // Exhausted until the next synchronisation, when another process may have given some back.
      else state.exhaustedUntil = Math.min(state.endsAt, this.now() + (this.opts.syncMs ?? 1000));
    } catch (err) {
      logger.debug({ err }, 'rate-limit lease failed; counting in this process alone');
      local();
    }
  }

  /** Gives back unused leases and forgets ended windows. */
  async sync(): Promise<void> {
    const redis = this.opts.redis as Leasing | null;
    const now = this.now();
    const returns: Promise<unknown>[] = [];
    for (const [key, state] of this.keys) {
      if (state.endsAt <= now) {
        if (!state.leasing) this.keys.delete(key);
        continue;
      }
      const unused = state.leased - state.used;
      if (state.alone || state.leasing || unused <= 0 || !redis || redis.status !== 'ready') continue;
      state.leased = state.used;
      returns.push(
        redis.carecertGiveBack!(this.redisKey(key), unused).catch((err: unknown) =>
          logger.debug({ err }, 'rate-limit lease not given back'),
        ),
      );
    }
    await Promise.all(returns);
  }

  close() {
    clearInterval(this.timer);
  }
}
