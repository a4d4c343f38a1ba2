import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { env } from '../../config/env.ts';
import type { Viewer } from '../../graphql/viewer.ts';
import { logger } from '../../logger.ts';
import { isApiToken, validateApiToken } from './api-token.service.ts';
import { validateSessionToken } from './auth.service.ts';

/** How long a validated credential is served from memory before PostgreSQL is asked again. */
export const CREDENTIAL_CACHE_TTL_MS = 2_000;
/** How long an eviction waits for every subscribed API process to confirm it before giving up (the TTL then bounds staleness). */
const EVICTION_ACK_TIMEOUT_MS = 500;
const CHANNEL = 'carecert:credentials:evict';
const ACK_CHANNEL = 'carecert:credentials:evicted';

/** What a cached credential can be evicted by: its API token, its session, or its user (every session of them). */
export type CredentialTag = `token:${string}` | `session:${string}` | `user:${string}`;

type Entry = { viewer: Viewer; until: number; tags: CredentialTag[] };

const tagsOf = (viewer: Viewer): CredentialTag[] =>
  viewer?.kind === 'token'
    ? [`token:${viewer.tokenId}`]
    : viewer?.kind === 'user'
      ? [`session:${viewer.sessionId}`, `user:${viewer.userId}`]
      : [];

/** Validates a bearer credential against the database (API token or portal session). */
export function validateCredential(token: string): Promise<Viewer> {
  return isApiToken(token) ? validateApiToken(token) : validateSessionToken(token);
}

/**
 * Validated API tokens and sessions, kept for CREDENTIAL_CACHE_TTL_MS so a busy caller costs no
 * database round trip per request. Anything that ends or changes a credential (revocation, logout,
 * password change or reset, disabling a user, a change of roles) calls `evictCredentials` after its
 * transaction commits: the entry goes at once here, and through Redis pub/sub in every other API
 * process, and the eviction returns only when each subscribed process has confirmed it, so the
 * caller's next request is refused wherever it lands. Without Redis (the embedded default is one
 * process) the cache and its evictions are local. If Redis is unreachable, other processes may serve
 * an ended credential for at most the TTL.
 *
 * Keys are SHA-256 digests of the bearer value, so the cache holds no usable secret. Refusals are not
 * cached: a made-up token is looked up each time, as before (and counted against the address's rate
 * limit).
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<CredentialTag, Set<string>>();
  /** Bumped by every eviction: a lookup that started before one must not store what it read. */
  private epoch = 0;
  private readonly publisher: Redis | null;
  private readonly subscriber: Redis | null;
  private readonly pendingAcks = new Map<string, { acks: number; receivers: number | null; done: () => void }>();
  private readonly ready: Promise<void>;

  constructor(
    private readonly opts: {
      redisUrl?: string | null;
      ttlMs?: number;
      validate?: (token: string) => Promise<Viewer>;
      now?: () => number;
    } = {},
  ) {
    const url = opts.redisUrl === undefined ? env.REDIS_URL : opts.redisUrl;
    if (!url) {
      this.publisher = this.subscriber = null;
      this.ready = Promise.resolve();
      return;
    }
    const options = { maxRetriesPerRequest: 1, lazyConnect: false } as const;
    this.publisher = new Redis(url, { ...options, enableOfflineQueue: false });
    this.subscriber = new Redis(url, options);
    for (const connection of [this.publisher, this.subscriber])
      connection.on('error', (err) => logger.debug({ err }, 'credential-cache Redis unavailable'));
    this.subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
    this.ready = this.subscriber.subscribe(CHANNEL, ACK_CHANNEL).then(
      () => undefined,
      (err: unknown) => logger.warn({ err }, 'credential-cache could not subscribe to evictions'),
    );
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** Resolves once this process listens for other processes' evictions. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** The viewer for a bearer credential: from memory when validated within the TTL, else from the database. */
  async viewerFor(token: string): Promise<Viewer> {
    const key = createHash('sha256').update(token).digest('base64');
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.viewer;
    if (hit) this.drop(key);
    const epoch = this.epoch;
    const viewer = await (this.opts.validate ?? validateCredential)(token);
    if (viewer && epoch === this.epoch) this.store(key, viewer);
    return viewer;
  }

  private store(key: string, viewer: Viewer) {
    // An expired entry is dropped when next asked for; bound the map so a flood of distinct valid
    // credentials cannot grow it without end.
    if (this.entries.size >= 50_000) this.clear();
    const tags = tagsOf(viewer);
    this.entries.set(key, { viewer, until: this.now() + (this.opts.ttlMs ?? CREDENTIAL_CACHE_TTL_MS), tags });
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private drop(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }

  private clear() {
    this.entries.clear();
    this.byTag.clear();
  }

  /** Forgets the credentials under these tags in this process only. */
  evictLocally(tags: readonly string[]) {
    this.epoch += 1;
    for (const tag of tags) for (const key of [...(this.byTag.get(tag as CredentialTag) ?? [])]) this.drop(key);
  }

  /**
   * Forgets the credentials here and in every API process sharing the Redis, and waits (briefly) until
   * every subscribed process has confirmed. Call it after the change is committed.
   */
  async evict(tags: readonly CredentialTag[]): Promise<void> {
    this.evictLocally(tags);
    if (!this.publisher || tags.length === 0) return;
    const id = randomUUID();
    try {
      let settle!: () => void;
      const confirmed = new Promise<void>((resolve) => (settle = resolve));
      const waiting = { acks: 0, receivers: null as number | null, done: settle };
      this.pendingAcks.set(id, waiting);
      // PUBLISH answers how many subscribers (this process's included) received the message; their
      // acknowledgements may arrive before that answer does.
      waiting.receivers = await this.publisher.publish(CHANNEL, JSON.stringify({ id, tags }));
      if (waiting.acks >= waiting.receivers) settle();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        confirmed.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), EVICTION_ACK_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      if (timedOut)
        logger.warn(
          { receivers: waiting.receivers, confirmed: waiting.acks },
          'credential eviction not confirmed by every API process in time',
        );
    } catch (err) {
      logger.warn({ err }, 'credential eviction not published: other API processes may serve it until their cache expires');
    } finally {
      this.pendingAcks.delete(id);
    }
  }

  private onMessage(channel: string, message: string) {
    let parsed: { id?: string; tags?: unknown };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      return;
    }
    if (channel === CHANNEL && Array.isArray(parsed.tags)) {
      this.evictLocally(parsed.tags.filter((t): t is string => typeof t === 'string'));
      this.publisher
        ?.publish(ACK_CHANNEL, JSON.stringify({ id: parsed.id }))
        .catch((err: unknown) => logger.debug({ err }, 'credential eviction not acknowledged'));
    } else if (channel === ACK_CHANNEL && parsed.id) {
      const waiting = this.pendingAcks.get(parsed.id);
      if (!waiting) return;
      waiting.acks += 1;
      if (waiting.receivers !== null && waiting.acks >= waiting.receivers) waiting.done();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher?.quit().catch(() => undefined), this.subscriber?.quit().catch(() => undefined)]);
  }
}

let processCache: CredentialCache | null = null;

/** The process's credential cache, shared by the HTTP pipeline and the services that evict from it. */
export function credentialCache(): CredentialCache {
  return (processCache ??= new CredentialCache());
}

/** Ends cached validations of these credentials in every API process (after the change is committed). */
export function evictCredentials(...tags: CredentialTag[]): Promise<void> {
  return credentialCache().evict(tags);
}
