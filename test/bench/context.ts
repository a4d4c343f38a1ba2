import { isDeepStrictEqual } from 'node:util';
import type { Service } from './processes.ts';
import type { Row } from './report.ts';
import type { HttpCall } from './timing.ts';

/** What every scenario gets from the runner. */
export type BenchContext = {
  api: Service;
  plain: Service;
  /** An API token with every read scope and no region (sees every row, so both sides return the same rows). */
  token: string;
  repeats: number;
  /** Requests per measured repeat of an HTTP scenario. */
  requests: number;
  concurrency: number;
  /** SQL statements the in-process API issues while `run` runs (Prisma query events). */
  countStatements: (run: () => Promise<unknown>) => Promise<number>;
  /** One GraphQL operation through the in-process Yoga (no socket), for statement counts. */
  gqlInProcess: (query: string, variables: Record<string, unknown>) => Promise<unknown>;
};

export type Scenario = (ctx: BenchContext) => Promise<Row[]>;

export function graphqlCall(ctx: BenchContext, query: string, variables: Record<string, unknown>): HttpCall {
  return {
    port: ctx.api.port,
    path: '/graphql',
    body: JSON.stringify({ query, variables }),
    headers: { authorization: `Bearer ${ctx.token}` },
  };
}

export function plainCall(ctx: BenchContext, path: string, body: Record<string, unknown>): HttpCall {
  return { port: ctx.plain.port, path, body: JSON.stringify(body), headers: { authorization: `Bearer ${ctx.token}` } };
}

/** Both sides must answer alike before their speed means anything. */
export function assertSameJson(what: string, a: unknown, b: unknown): void {
  if (!isDeepStrictEqual(a, b)) {
    throw new Error(
      `${what}: GraphQL and the baseline disagree\nA: ${JSON.stringify(a).slice(0, 600)}\nB: ${JSON.stringify(b).slice(0, 600)}`,
    );
  }
}
