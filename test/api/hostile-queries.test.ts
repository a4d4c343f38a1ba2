import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCareCertYoga } from '../../api/src/app/yoga.ts';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { schema } from '../../api/src/app/schema.ts';
import { estimateCost, QUERY_LIMITS } from '../../api/src/graphql/limits.ts';
import { makeUser } from '../support/factories.ts';
import { createApiToken } from '../../api/src/modules/auth/api-token.service.ts';
import { validateSessionToken } from '../../api/src/modules/auth/auth.service.ts';
import { API_TOKEN_SCOPES } from '../../api/src/modules/auth/auth.policy.ts';
import { gql } from '../support/graphql.ts';

type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] };

function client(yoga: ReturnType<typeof createCareCertYoga>) {
  return async (
    query: string,
    opts: { token?: string; ip?: string; headers?: Record<string, string>; method?: string; contentType?: string } = {},
  ) => {
    const init: RequestInit = {
      method: opts.method ?? 'POST',
      headers: {
        ...(opts.method === 'GET' ? {} : { 'content-type': opts.contentType ?? 'application/json' }),
        'x-forwarded-for': opts.ip ?? `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
    };
    let url = 'http://carecert.test/graphql';
    if (init.method === 'GET') url += `?query=${encodeURIComponent(query)}`;
    else init.body = opts.contentType && opts.contentType !== 'application/json' ? query : JSON.stringify({ query });
    const response = await yoga.fetch(url, init);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text.startsWith('{') ? JSON.parse(text) : { raw: text }) as Body & { raw?: string },
    };
  };
}

const prod = client(createCareCertYoga({ production: true, rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } }));
const dev = client(createCareCertYoga({ production: false, rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } }));

const nested = (depth: number) => {
  let selection = 'code';
  for (let i = 0; i < depth; i++) selection = `parent { ${selection} }`;
  return `{ regions(first: 1) { edges { node { ${selection} } } } }`;
};

let adminToken: string;
// In production a portal session may run only persisted operations; made-up queries come from API tokens.
let apiToken: string;
beforeAll(async () => {
  adminToken = (await makeUser('ADMIN')).token;
  const admin = { viewer: await validateSessionToken(adminToken), requestId: 'test', clientIp: '127.0.0.1', userAgent: null };
  apiToken = (
    await createApiToken(admin as Parameters<typeof createApiToken>[0], {
      name: `limits-${randomUUID()}`,
      scopes: [...API_TOKEN_SCOPES],
      expiresInDays: 1,
    })
  ).token;
});

describe('limits applied before execution', () => {
  it('refuses a query nested deeper than the limit, and production does not reveal the limit', async () => {
    const deep = nested(QUERY_LIMITS.depth + 2);
    const inDev = await dev(deep, { token: adminToken });
    expect(inDev.body.errors?.[0]?.message).toMatch(/depth/i);
    expect(inDev.body.errors?.[0]?.message).toContain(String(QUERY_LIMITS.depth));
    expect(inDev.body.data ?? null).toBeNull();
    const inProd = await prod(deep, { token: apiToken });
    expect(inProd.body.errors?.[0]?.message).toMatch(/depth/i);
    expect(inProd.body.errors?.[0]?.message).not.toContain(String(QUERY_LIMITS.depth));
    expect(inProd.body.data ?? null).toBeNull();
  });

  it('accepts a query of reasonable depth', async () => {
    const ok = await prod(nested(3), { token: apiToken });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data?.regions).toBeDefined();
  });

  it('refuses too many aliases, directives and tokens', async () => {
    const aliases = `{ ${Array.from({ length: QUERY_LIMITS.aliases + 1 }, (_, i) => `a${i}: viewer { username }`).join(' ')} }`;
    expect((await prod(aliases)).body.errors?.[0]?.message).toMatch(/alias/i);
    const directives = `{ __typename ${'@include(if: true) '.repeat(QUERY_LIMITS.directives + 1)} }`;
    expect((await prod(directives)).body.errors?.[0]?.message).toMatch(/directive/i);
    const tokens = `{ ${'__typename '.repeat(QUERY_LIMITS.tokens + 10)} }`;
    expect((await prod(tokens)).body.errors?.[0]?.message).toMatch(/token/i);
  });

  it('refuses a query whose cost exceeds the budget even when each other limit is met', async () => {
    // Wide rather than deep: aliases within the limit, each asking for a large page of nested rows.
    const wide = `{ ${Array.from({ length: 12 }, (_, i) => `r${i}: regions(first: 100) { edges { node { code name nameEn level parent { code name parent { code name } } children(first: 100) { edges { node { code name level } } } } } }`).join(' ')} }`;
    const res = await prod(wide, { token: apiToken });
    expect(res.body.errors?.[0]?.message).toMatch(/cost/i);
    expect(res.body.data ?? null).toBeNull();
  });

  it('estimates the cost of one document per set of variables (the estimate is kept per document and variables)', async () => {
    const yoga = createCareCertYoga({ production: true, rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } });
    const document =
      'query Tree($n: Int) { regions(first: $n) { edges { node { code children(first: 100) { edges { node { code children(first: 100) { edges { node { code } } } } } } } } } }';
    const codesFor = async (n: number) => {
      const response = await yoga.fetch('http://carecert.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}` },
        body: JSON.stringify({ query: document, variables: { n } }),
      });
      const body = (await response.json()) as Body;
      return (body.errors ?? []).map((e) => e.extensions?.code);
    };
    // About 20,000 per region asked for: one is within the budget, ten are not, whatever came before.
    for (const [n, refused] of [
      [1, false],
      [10, true],
      [1, false],
      [10, true],
    ] as const) {
      expect((await codesFor(n)).includes('QUERY_LIMIT_EXCEEDED'), `n = ${n}`).toBe(refused);
    }
  });
});

describe('production surface', () => {
  it('turns introspection and field suggestions off in production only', async () => {
    const intro = '{ __schema { types { name } } }';
    expect((await prod(intro)).body.errors?.[0]?.message).toMatch(/introspection/i);
    expect((await dev(intro)).body.data?.__schema.types.length).toBeGreaterThan(10);

    const typo = '{ regoins(first: 1) { edges { node { code } } } }';
    expect((await dev(typo)).body.errors?.[0]?.message).toMatch(/Did you mean/);
    const hidden = await prod(typo);
    expect(hidden.body.errors?.[0]?.message).not.toMatch(/Did you mean|regions/);
  });

  it('serves no GraphiQL page in production and refuses batched requests', async () => {
    const page = await prod('', { method: 'GET', headers: { accept: 'text/html' } });
    expect(page.body.raw ?? '').not.toMatch(/graphiql/i);
    const batch = await createCareCertYoga({ production: true }).fetch('http://carecert.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batch.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses simple cross-site requests without the CSRF header, and accepts JSON posts', async () => {
    const simpleGet = await prod('{ __typename }', { method: 'GET' });
    expect(simpleGet.status).toBe(403);
    const withHeader = await prod('{ __typename }', { method: 'GET', headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(withHeader.body.data?.__typename).toBe('Query');
    const formPost = await prod('query={__typename}', { contentType: 'application/x-www-form-urlencoded' });
    expect(formPost.status).toBeGreaterThanOrEqual(400);
    expect((await prod('{ __typename }')).body.data?.__typename).toBe('Query');
  });
});

describe('alias limit', () => {
  it('counts aliases of __typename like any other', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.aliases + 1 }, (_, i) => `t${i}: __typename`).join(' ');
    const res = await prod(`{ ${aliases} }`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
    expect(res.body.data ?? null).toBeNull();
    const within = Array.from({ length: QUERY_LIMITS.aliases }, (_, i) => `t${i}: __typename`).join(' ');
    expect((await prod(`{ ${within} }`)).body.data?.t0).toBe('Query');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After per client address, without executing, and keeps other addresses served', async () => {
    const limited = client(
      createCareCertYoga({ production: true, rateLimits: { ipPerMinute: 3, tokenPerMinute: 1_000, namespace: randomUUID() } }),
    );
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < 3; i++) expect((await limited('{ __typename }', { ip })).status).toBe(200);
    const refused = await limited('{ __typename }', { ip });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.body.data ?? null).toBeNull();
    expect((await limited('{ __typename }', { ip: `${ip.split('.').slice(0, 3).join('.')}.251` })).status).toBe(200);
  });

  it('counts a request when it arrives: documents refused by parsing, by a limit or by the body limit use up the allowance', async () => {
    const limited = client(
      createCareCertYoga({
        production: true,
        bodyLimit: 4096,
        rateLimits: { ipPerMinute: 4, tokenPerMinute: 1_000, namespace: randomUUID() },
      }),
    );
    const ip = `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    expect((await limited('{ regions(first: 1 ', { ip })).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((await limited(nested(QUERY_LIMITS.depth + 2), { ip })).body.errors?.[0]?.extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
    expect((await limited(`{ __typename ${' '.repeat(5000)}}`, { ip })).status).toBe(413);
    expect((await limited('not json', { ip, contentType: 'application/json' })).status).toBeLessThan(500);
    const refused = await limited('{ __typename }', { ip });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('counts per API token, and a made-up token falls back to the address allowance', async () => {
    const admin = await makeUser('ADMIN');
    const created = await gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { ... on MutationCreateApiTokenSuccess { data { token } } } }`,
      { input: { name: `limit-${randomUUID().slice(0, 8)}`, scopes: ['caregivers:read'], expiresInDays: 1 } },
      { token: admin.token },
    );
    const token: string = created.data?.createApiToken.data.token;
    const limited = client(
      createCareCertYoga({ production: true, rateLimits: { ipPerMinute: 2, tokenPerMinute: 4, namespace: randomUUID() } }),
    );
    // Each request from a new address: only the token's allowance can run out.
    for (let i = 0; i < 4; i++) expect((await limited('{ apiClient { name } }', { token, ip: `192.0.2.${i + 10}` })).status).toBe(200);
    expect((await limited('{ apiClient { name } }', { token, ip: '192.0.2.99' })).status).toBe(429);

    const fakeIp = `192.0.2.${Math.floor(Math.random() * 50) + 150}`;
    const fakes = await Promise.all([1, 2, 3].map((n) => limited('{ __typename }', { token: `cct_fake${n}.secret`, ip: fakeIp })));
    expect(fakes.map((r) => r.status).sort()).toEqual([200, 200, 429]);
  });

  it('holds one limit across two API processes sharing Redis: never more than the limit, fewer by at most one lease held by the other', async () => {
    // Two pipelines with limiters of their own on one namespace, as two API processes on one Redis.
    const rateLimits = { ipPerMinute: 40, tokenPerMinute: 1_000, namespace: randomUUID() };
    const apis = [
      client(createCareCertYoga({ production: true, rateLimits })),
      client(createCareCertYoga({ production: true, rateLimits })),
    ];
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const answers = await Promise.all(Array.from({ length: 70 }, (_, i) => apis[i % 2]!('{ __typename }', { ip })));
    const admitted = answers.filter((r) => r.status === 200).length;
    // A lease is at most points / 20 (here 2): the tolerance stated in SECURITY.md.
    expect(admitted).toBeLessThanOrEqual(40);
    expect(admitted).toBeGreaterThanOrEqual(40 - 2);
    expect(answers.filter((r) => r.status === 429).length).toBe(70 - admitted);
    // Both processes served part of the allowance: neither counted alone.
    expect(answers.filter((r, i) => i % 2 === 0 && r.status === 200).length).toBeGreaterThan(0);
    expect(answers.filter((r, i) => i % 2 === 1 && r.status === 200).length).toBeGreaterThan(0);
  });
});

describe('the portal’s own operations', () => {
  it('each fits the cost budget, priced as the API prices it (a failure report’s params are a handful, not a page)', () => {
    const operations: Record<string, string> = JSON.parse(
      readFileSync(new URL('../../api/persisted-operations.json', import.meta.url), 'utf8'),
    );
    const over: string[] = [];
    let priced = 0;
    for (const text of Object.values(operations)) {
      const document = parse(text);
      // Required scalars get a stand-in (a page size at the largest a page may be); optional ones stay unset.
      const variables: Record<string, unknown> = {};
      for (const definition of document.definitions.flatMap((d) =>
        d.kind === 'OperationDefinition' ? (d.variableDefinitions ?? []) : [],
      )) {
        if (definition.type.kind !== 'NonNullType' || definition.defaultValue) continue;
        const name = definition.type.type.kind === 'NamedType' ? definition.type.type.name.value : null;
        const standIn =
          name === 'Int' ? 100 : name === 'Boolean' ? true : name === 'Float' ? 1 : name === 'ID' || name === 'String' ? 'x' : undefined;
        if (standIn !== undefined) variables[definition.variable.name.value] = standIn;
      }
      let cost: number;
      try {
        cost = estimateCost(schema, document, variables);
      } catch {
        continue; // an input object or custom scalar is required: priced when the portal sends it
      }
      priced++;
      if (cost > QUERY_LIMITS.cost) over.push(`${text.slice(0, 60)}…: ${Math.round(cost)}`);
    }
    expect(over).toEqual([]);
    expect(priced).toBeGreaterThan(Object.keys(operations).length / 2);
  });
});
