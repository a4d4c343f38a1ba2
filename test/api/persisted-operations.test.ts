import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCareCertYoga } from '../../api/src/app/yoga.ts';
import { createApiToken } from '../../api/src/modules/auth/api-token.service.ts';
import { validateSessionToken } from '../../api/src/modules/auth/auth.service.ts';
import { collectOperations } from '../../web/scripts/persisted-operations.ts';
import { makeRegionTree, makeUser } from '../support/factories.ts';

const production = createCareCertYoga({ production: true, rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } });
const manifest = JSON.parse(readFileSync('api/persisted-operations.json', 'utf8')) as Record<string, string>;
const viewerHash = Object.entries(manifest).find(([, text]) => /^query Viewer\b/.test(text))?.[0];

async function send(body: Record<string, unknown>, token?: string, authorization = token ? `Bearer ${token}` : undefined) {
  const res = await production.fetch('http://carecert.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] },
  };
}

let session: string;
let apiToken: string;

beforeAll(async () => {
  session = (await makeUser('HR_REVIEWER', { regionId: (await makeRegionTree()).city.id })).token;
  const admin = {
    viewer: await validateSessionToken((await makeUser('ADMIN')).token),
    requestId: 't',
    clientIp: '127.0.0.1',
    userAgent: null,
  };
  apiToken = (
    await createApiToken(admin as Parameters<typeof createApiToken>[0], {
      name: `pq-${Date.now()}`,
      scopes: ['training:read'],
      expiresInDays: 1,
    })
  ).token;
});

describe('persisted operations', () => {
  it('the manifest lists exactly the portal’s operations as they are now', () => {
    expect(collectOperations()).toEqual(manifest);
    expect(Object.keys(manifest).length).toBeGreaterThan(50);
    expect(viewerHash).toBeDefined();
  });

  it('in production a portal session runs listed operations by hash and nothing else', async () => {
    const byHash = await send({ operationName: 'Viewer', extensions: { persistedQuery: { version: 1, sha256Hash: viewerHash } } }, session);
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data).toHaveProperty('viewer');

    const madeUp = await send({ query: '{ caregivers(first: 100) { edges { node { name phone } } } }' }, session);
    expect(madeUp.status).toBe(403);
    expect(madeUp.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    expect(madeUp.body.data ?? null).toBeNull();

    const unknown = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }, session);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('API tokens and anonymous callers may still send query text', async () => {
    const token = await send({ query: '{ courses(first: 1) { totalCount } }' }, apiToken);
    expect(token.body.errors).toBeUndefined();
    const anonymous = await send({
      query: 'query($n: String!, $h: String!) { verifyCertificate(number: $n, holderName: $h) { __typename } }',
      variables: { n: '361102261000000011', h: '李秀英' },
    });
    expect(anonymous.body.errors?.[0]?.extensions?.code).not.toBe('PERSISTED_QUERY_ONLY');
  });

  // Every way of writing the scheme that the authenticator accepts, so none of them slips past the rule.
  const spellings = ['Bearer ', 'bearer ', 'BEARER ', 'bEaReR ', 'Bearer\t', 'Bearer  ', 'Bearer \t '];

  it.each(spellings.map((s) => [JSON.stringify(s), s] as const))(
    'a portal session sent as %s is held to persisted operations',
    async (_label, scheme) => {
      const who = await send(
        { operationName: 'Viewer', extensions: { persistedQuery: { version: 1, sha256Hash: viewerHash } } },
        undefined,
        `${scheme}${session}`,
      );
      expect((who.body.data?.viewer as { username?: string } | null)?.username).toBeTruthy();
      const madeUp = await send({ query: '{ viewer { username } }' }, undefined, `${scheme}${session}`);
      expect(madeUp.status).toBe(403);
      expect(madeUp.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
      expect(madeUp.body.data ?? null).toBeNull();
    },
  );

  it.each(spellings.map((s) => [JSON.stringify(s), s] as const))('an API token sent as %s may send query text', async (_label, scheme) => {
    const res = await send({ query: '{ apiClient { scopes } }' }, undefined, `${scheme}${apiToken}`);
    expect(res.body.data?.apiClient).toEqual({ scopes: ['training:read'] });
  });

  it('a header that is not a bearer credential authenticates nobody', async () => {
    for (const authorization of [`Basic ${session}`, `Bearer${session}`, `Bearer ${session} extra`, session]) {
      const res = await send({ query: '{ viewer { username } }' }, undefined, authorization);
      expect(res.body.data?.viewer ?? null, authorization.slice(0, 12)).toBeNull();
    }
  });
});
