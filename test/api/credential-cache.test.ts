import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCareCertYoga } from '../../api/src/app/yoga.ts';
import { prisma } from '../../api/src/db/client.ts';
import { CREDENTIAL_CACHE_TTL_MS, CredentialCache, credentialCache } from '../../api/src/modules/auth/credential-cache.ts';
import { gid, makeOrganisation, makeRegionTree, makeUser, TEST_PASSWORD } from '../support/factories.ts';

/**
 * API tokens and sessions are validated through a short in-process cache. Each API process below is a
 * Yoga pipeline with a credential cache of its own (its own Redis connections), as two processes
 * would have: process A holds the process-wide cache that the services evict through, process B
 * learns of evictions only through Redis.
 */
const hasRedis = Boolean(process.env.REDIS_URL);
const NO_LIMITS = { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 };

let statements = 0;
prisma.$on('query', () => {
  statements += 1;
});

type Api = ReturnType<typeof createCareCertYoga>;
async function call(api: Api, query: string, token: string, variables: Record<string, unknown> = {}) {
  const before = statements;
  const response = await api.fetch('http://carecert.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.77' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  return { ...body, sql: statements - before };
}

const CREATE_TOKEN = /* GraphQL */ `
  mutation ($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      ... on MutationCreateApiTokenSuccess {
        data {
          token
          apiToken {
            id
          }
        }
      }
    }
  }
`;
const REVOKE = /* GraphQL */ `
  mutation ($id: ID!) {
    revokeApiToken(id: $id) {
      __typename
    }
  }
`;
const API_CLIENT = /* GraphQL */ `
  {
    apiClient {
      name
    }
  }
`;
const VIEWER = /* GraphQL */ `
  {
    viewer {
      username
      memberships {
        role
      }
    }
  }
`;

describe.skipIf(!hasRedis)('credential cache across API processes', () => {
  let a: Api;
  let b: Api;
  let cacheB: CredentialCache;

  beforeAll(async () => {
    cacheB = new CredentialCache();
    a = createCareCertYoga({ rateLimits: NO_LIMITS, credentials: credentialCache() });
    b = createCareCertYoga({ rateLimits: NO_LIMITS, credentials: cacheB });
    await Promise.all([credentialCache().whenReady(), cacheB.whenReady()]);
  });

  afterAll(async () => {
    await cacheB.close();
  });

  it('serves a validated token from memory, and a revoked token is refused by both processes on their next request', async () => {
    const admin = await makeUser('ADMIN');
    const created = await call(a, CREATE_TOKEN, admin.token, {
      input: { name: `cache-${Date.now()}`, scopes: ['caregivers:read'], expiresInDays: 1 },
    });
    const { token, apiToken } = created.data!.createApiToken.data;

    // First use on each process reads the token; the next use within the TTL reads nothing.
    for (const api of [a, b]) {
      const first = await call(api, API_CLIENT, token);
      expect(first.data?.apiClient?.name).toMatch(/^cache-/);
      const again = await call(api, API_CLIENT, token);
      expect(again.data?.apiClient?.name).toMatch(/^cache-/);
      expect(again.sql).toBeLessThan(first.sql);
    }

    // Revoked through A (process-wide cache); B has it cached too and must learn through Redis.
    expect((await call(a, REVOKE, admin.token, { id: apiToken.id })).data?.revokeApiToken.__typename).toBe('MutationRevokeApiTokenSuccess');
    expect((await call(b, API_CLIENT, token)).data?.apiClient).toBeNull();
    expect((await call(a, API_CLIENT, token)).data?.apiClient).toBeNull();
  });

  it('refuses a logged-out session in both processes on their next request, whichever process logged it out', async () => {
    const { user } = await makeUser('ADMIN');
    const signIn = async () => {
      const res = await a.fetch('http://carecert.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.78' },
        body: JSON.stringify({
          query:
            'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { ... on MutationLoginSuccess { data { token } } } }',
          variables: { u: user.username, p: TEST_PASSWORD },
        }),
      });
      return ((await res.json()) as any).data.login.data.token as string;
    };
    const [first, second] = [await signIn(), await signIn()];
    for (const token of [first, second])
      for (const api of [a, b]) expect((await call(api, VIEWER, token)).data?.viewer?.username).toBe(user.username);

    // Logged out through B: A (the process-wide cache) hears of it through Redis.
    expect((await call(b, 'mutation { logout { __typename } }', first)).data?.logout.__typename).toBe('MutationLogoutSuccess');
    expect((await call(a, VIEWER, first)).data?.viewer).toBeNull();
    expect((await call(b, VIEWER, first)).data?.viewer).toBeNull();
    // The user's other session is untouched.
    expect((await call(a, VIEWER, second)).data?.viewer?.username).toBe(user.username);

    // Everywhere at once: every session of the user, in both processes.
    expect((await call(a, 'mutation { logoutEverywhere { __typename } }', second)).data?.logoutEverywhere.__typename).toBe(
      'MutationLogoutEverywhereSuccess',
    );
    expect((await call(b, VIEWER, second)).data?.viewer).toBeNull();
    expect((await call(a, VIEWER, second)).data?.viewer).toBeNull();
  });

  it('applies a disable and a change of roles in both processes from the next request', async () => {
    const tree = await makeRegionTree();
    const home = await makeOrganisation(tree.county.id);
    const admin = await makeUser('ADMIN');
    const staff = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    for (const api of [a, b])
      expect((await call(api, VIEWER, staff.token)).data?.viewer?.memberships).toEqual([{ role: 'INSTITUTION_STAFF' }]);

    const setRoles = await call(
      a,
      'mutation($input: SetUserMembershipsInput!) { setUserMemberships(input: $input) { __typename } }',
      admin.token,
      {
        input: { userId: gid('User', staff.user.id), memberships: [{ role: 'HR_REVIEWER', regionCode: tree.county.code }] },
      },
    );
    expect(setRoles.data?.setUserMemberships.__typename).toBe('MutationSetUserMembershipsSuccess');
    for (const api of [b, a]) expect((await call(api, VIEWER, staff.token)).data?.viewer?.memberships).toEqual([{ role: 'HR_REVIEWER' }]);

    const disabled = await call(a, 'mutation($id: ID!) { disableUser(id: $id) { __typename } }', admin.token, {
      id: gid('User', staff.user.id),
    });
    expect(disabled.data?.disableUser.__typename).toBe('MutationDisableUserSuccess');
    for (const api of [b, a]) expect((await call(api, VIEWER, staff.token)).data?.viewer).toBeNull();
  });
});

describe('credential cache in one process (no Redis: the embedded default)', () => {
  it('keeps a validation for the TTL, evicts locally, and does not store what an eviction overtook', async () => {
    let now = 1_000_000;
    let reads = 0;
    let answer: { kind: 'token'; tokenId: string; name: string; scopes: string[]; regionPath: null } | null = {
      kind: 'token',
      tokenId: 't1',
      name: 'x',
      scopes: [],
      regionPath: null,
    };
    let gate: Promise<void> = Promise.resolve();
    const cache = new CredentialCache({
      redisUrl: null,
      now: () => now,
      validate: async () => {
        reads += 1;
        const seen = answer;
        await gate;
        return seen;
      },
    });
    await cache.viewerFor('cct_a.b');
    await cache.viewerFor('cct_a.b');
    expect(reads).toBe(1);
    now += CREDENTIAL_CACHE_TTL_MS;
    await cache.viewerFor('cct_a.b');
    expect(reads).toBe(2);

    await cache.evict(['token:t1']);
    answer = null;
    expect(await cache.viewerFor('cct_a.b')).toBeNull();
    expect(reads).toBe(3);

    // A lookup that read the row before an eviction must not put it back afterwards.
    answer = { kind: 'token', tokenId: 't1', name: 'x', scopes: [], regionPath: null };
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const racing = cache.viewerFor('cct_a.b');
    await cache.evict(['token:t1']);
    open();
    expect(await racing).not.toBeNull();
    gate = Promise.resolve();
    await cache.viewerFor('cct_a.b');
    expect(reads).toBe(5);
  });
});
