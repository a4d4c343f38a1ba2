import { assertSameJson, graphqlCall, plainCall, type Scenario } from './context.ts';
import { interleave, load, median, post } from './timing.ts';

export const ONE_QUERY = `query One($id: ID!) {
  caregiver(id: $id) {
    id name residentIdMasked gender birthDate
    certificates { number issuedOn status level { code } }
    enrolments { status completedOn }
  }
}`;

/** Scenario 2: one caregiver by global id, cycling through `ids` so no answer is a cache hit in the database. */
export function oneScenario(ids: string[]): Scenario {
  return async (ctx) => {
    const statements = await ctx.countStatements(() => ctx.gqlInProcess(ONE_QUERY, { id: ids[0] }));
    for (const id of ids.slice(0, 3)) {
      assertSameJson(
        'one caregiver',
        JSON.parse(await post(graphqlCall(ctx, ONE_QUERY, { id }))),
        JSON.parse(await post(plainCall(ctx, '/one', { id }))),
      );
    }
    const gql = ids.map((id) => graphqlCall(ctx, ONE_QUERY, { id }));
    const plain = ids.map((id) => plainCall(ctx, '/one', { id }));
    const requests = ctx.requests * 2;
    const runs = await interleave(
      ctx.repeats,
      () => load(requests, ctx.concurrency, (i) => gql[i % gql.length]!),
      () => load(requests, ctx.concurrency, (i) => plain[i % plain.length]!),
    );
    const tputA = median(runs.a.map((r) => r.throughput));
    const tputB = median(runs.b.map((r) => r.throughput));
    return [
      {
        scenario: '2 one by id',
        metric: 'SQL statements per request',
        a: statements,
        b: 1,
        unit: '',
        target: '',
        met: null,
        note: 'includes the API-token look-up',
      },
      {
        scenario: '2 one by id',
        metric: 'throughput',
        a: tputA,
        b: tputB,
        unit: 'req/s',
        target: '≥ 0.5×',
        met: tputA / tputB >= 0.5,
        note: `${ctx.concurrency} clients, JSON equal`,
      },
      {
        scenario: '2 one by id',
        metric: 'p50 latency',
        a: median(runs.a.map((r) => r.p50)),
        b: median(runs.b.map((r) => r.p50)),
        unit: 'ms',
        target: '',
        met: null,
        note: '',
      },
    ];
  };
}
