import { createCareCertYoga } from '../../api/src/app/yoga.ts';
import { onStatement } from '../../api/src/db/client.ts';

// Rate limits are tested on their own (hostile-queries.test.ts); here they would only couple test files.
const yoga = createCareCertYoga({ rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } });

export type GqlResponse<T = Record<string, any>> = { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };

let sqlStatements = 0;
onStatement(() => {
  sqlStatements += 1;
});

/** Sends one operation through Yoga's fetch (the full HTTP pipeline, no socket). */
export async function gql<T = Record<string, any>>(
  query: string,
  variables: Record<string, unknown> = {},
  opts: { token?: string; ip?: string; headers?: Record<string, string> } = {},
): Promise<GqlResponse<T> & { sql: number; status: number; headers: Headers }> {
  const before = sqlStatements;
  const response = await yoga.fetch('http://carecert.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': opts.ip ?? '198.51.100.7',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GqlResponse<T>;
  return { ...body, sql: sqlStatements - before, status: response.status, headers: response.headers };
}

export { yoga };
