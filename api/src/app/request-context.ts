import { randomUUID } from 'node:crypto';
import { isApiToken, validateApiToken } from '../modules/auth/api-token.service.ts';
import { validateSessionToken } from '../modules/auth/auth.service.ts';
import { env } from '../config/env.ts';
import type { Context } from '../graphql/context.ts';
import type { Viewer } from '../graphql/viewer.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The client's address. Each proxy appends the address it saw to X-Forwarded-For, so only the
 * rightmost `trustedHops` entries were written by proxies we run; anything left of them was written by
 * the client and could be forged to dodge per-address throttles. The address is therefore the entry
 * `trustedHops` from the right (TRUST_PROXY); loopback (the portal on the same host) counts as one hop.
 * A header with fewer entries than that did not come through the proxies: the connecting address counts.
 */
export function clientIpOf(request: Request, socketIp: string | undefined, trustedHops: number = env.TRUST_PROXY): string {
  const hops = !socketIp || LOOPBACK.has(socketIp) ? Math.max(trustedHops, 1) : trustedHops;
  if (hops > 0) {
    const entries = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const client = entries.length >= hops ? entries[entries.length - hops] : undefined;
    if (client) return client;
  }
  return socketIp ?? 'unknown';
}

const requestIds = new WeakMap<Request, string>();

/** A caller-supplied X-Request-Id is kept when it is a plain token, so a trace can cross services. */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const given = request.headers.get('x-request-id');
    id = given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/**
 * The credential of an `Authorization: Bearer <token>` header, or null. The scheme is case-insensitive
 * (RFC 9110 §11.1) and may be followed by spaces or tabs. Everything that decides who is calling reads
 * the header through this one function: when the persisted-operations rule and the authenticator each
 * had their own parser, `bearer <session>` was a session to one and nobody to the other.
 */
export function bearerTokenOf(request: Request): string | null {
  return request.headers.get('authorization')?.match(/^bearer[ \t]+(\S+)[ \t]*$/i)?.[1] ?? null;
}

const viewers = new WeakMap<Request, Promise<Viewer>>();

/** Who sent the request, looked up once per request (the rate limit asks on arrival, the context later). */
export function viewerOf(request: Request): Promise<Viewer> {
  let viewer = viewers.get(request);
  if (!viewer) {
    const token = bearerTokenOf(request);
    viewer = !token ? Promise.resolve(null) : isApiToken(token) ? validateApiToken(token) : validateSessionToken(token);
    viewers.set(request, viewer);
  }
  return viewer;
}

/** Whether the request carries something that claims to be an API token (validated only by viewerOf). */
export function claimsApiToken(request: Request): boolean {
  const token = bearerTokenOf(request);
  return !!token && isApiToken(token);
}

export async function buildContext(request: Request, socketIp?: string): Promise<Context> {
  return {
    viewer: await viewerOf(request),
    requestId: requestIdOf(request),
    clientIp: clientIpOf(request, socketIp),
    userAgent: request.headers.get('user-agent'),
  };
}
