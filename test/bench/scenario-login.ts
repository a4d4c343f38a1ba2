import { graphqlCall, plainCall, type Scenario } from './context.ts';
import { LIST_QUERY } from './scenario-list.ts';
import { interleave, load, median, post, timed, type HttpCall } from './timing.ts';

const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { __typename ... on MutationLoginSuccess { data { token } } } }`;
const CREDENTIALS = { username: 'admin', password: 'CareCert#2026' };
const LOGINS_PER_REPEAT = 10;

/**
 * Scenario 5: sign-in against one argon2id verification plus one primary-key query, one at a time;
 * then the caregiver list's p99 while four clients sign in back to back, against its p99 alone.
 */
export const loginScenario: Scenario = async (ctx) => {
  // Anonymous, as a person signing in is: no API token to look up.
  const gql: HttpCall = { ...graphqlCall(ctx, LOGIN, { input: CREDENTIALS }), headers: {} };
  const plain = plainCall(ctx, '/login', CREDENTIALS);
  const answer = JSON.parse(await post(gql)) as { data?: { login?: { __typename?: string } } };
  if (answer.data?.login?.__typename !== 'MutationLoginSuccess') throw new Error(`login failed: ${JSON.stringify(answer)}`);
  const serially = async (call: typeof gql) => {
    const times: number[] = [];
    for (let i = 0; i < LOGINS_PER_REPEAT; i++) times.push(await timed(() => post(call)));
    return median(times);
  };
  const runs = await interleave(
    ctx.repeats,
    () => serially(gql),
    () => serially(plain),
  );
  const [p50A, p50B] = [median(runs.a), median(runs.b)];

  const list = graphqlCall(ctx, LIST_QUERY, { first: 100 });
  const listAlone = () => load(ctx.requests / 2, 4, () => list);
  const listDuringLogins = async () => {
    let done = false;
    const burst = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!done) await post(gql);
      }),
    );
    const result = await listAlone();
    done = true;
    await burst;
    return result;
  };
  const burst = await interleave(ctx.repeats, listDuringLogins, listAlone);
  const [p99Burst, p99Idle] = [median(burst.a.map((r) => r.p99)), median(burst.b.map((r) => r.p99))];
  return [
    {
      scenario: '5 login',
      metric: 'p50 sign-in, one at a time',
      a: p50A,
      b: p50B,
      unit: 'ms',
      target: '≤ 1.1×',
      met: p50A / p50B <= 1.1,
      note: 'B: one PK query + argon2id verify',
    },
    {
      scenario: '5 login',
      metric: 'list p99: 4 clients signing in vs idle',
      a: p99Burst,
      b: p99Idle,
      unit: 'ms',
      target: '≤ 1.5×',
      met: p99Burst / p99Idle <= 1.5,
      note: 'both sides are the API',
    },
  ];
};
