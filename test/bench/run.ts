/**
 * `pnpm bench [-- --scale=0.2 --repeats=5 --only=list,one]`: builds (or reuses) the benchmark database,
 * starts the API and the hand-written baseline as their own processes, runs each scenario against its
 * baseline with interleaved repeats, and prints one table. See BENCHMARKS.md for how to read it.
 */
import { parseArgs } from 'node:util';
import { benchDatabaseUrl, prepareData } from './data.ts';
import { buildApi, COMPILED, startService, type Service } from './processes.ts';
import { API_SEMI_SPACE_FLAG } from '../../api/src/config/heap.ts';
import { printTable, type Row } from './report.ts';

const { values: args } = parseArgs({
  // pnpm passes the `--` of `pnpm bench -- --scale=0.2` through.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    scale: { type: 'string', default: '1' },
    repeats: { type: 'string', default: '5' },
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    only: { type: 'string', default: 'list,one,indicators,login,batch,pgbench' },
    /** Repeats of the batch scenario, which takes far longer per repeat than the HTTP ones. */
    'batch-repeats': { type: 'string', default: '3' },
    /** A directory: the API process writes a V8 CPU profile there (open it in Chrome DevTools). */
    profile: { type: 'string' },
    /** Reuse api/dist as it is instead of building it first. */
    'no-build': { type: 'boolean', default: false },
    /** Extra Node options for the API process (space-separated), to measure their effect. */
    'api-node-options': { type: 'string', default: '' },
    /** Another compiled API server to measure (e.g. an earlier commit's build), instead of this one's. */
    'api-entry': { type: 'string', default: COMPILED.server },
  },
});
const caregivers = Math.round(50_000 * Number(args.scale));
const only = new Set(args.only.split(','));
const url = benchDatabaseUrl(caregivers);

// The API modules read their configuration on import: set it before the first import below. The
// API runs as deployed (production mode); the keys are the development ones the seed encrypted with.
const apiEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: url,
  // Its own Redis database index, so queues and rate-limit counters of other work on this Redis are untouched.
  REDIS_URL: 'redis://127.0.0.1:6379/7',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 'carecert-dev-data-key').toString('base64'),
  BLIND_INDEX_KEY: Buffer.alloc(32, 'carecert-dev-blind-index').toString('base64'),
  CREDENTIAL_SIGNING_KEY: Buffer.alloc(32, 'carecert-bench-signing').toString('base64'),
  RATE_LIMIT_IP_PER_MINUTE: '100000000',
  RATE_LIMIT_TOKEN_PER_MINUTE: '100000000',
  LOG_LEVEL: 'info',
};
Object.assign(process.env, apiEnv, { LOG_LEVEL: 'warn' });

await prepareData(url, caregivers);
const { onStatement, prisma } = await import('../../api/src/db/client.ts');
const { createCareCertYoga } = await import('../../api/src/app/yoga.ts');
const { newToken } = await import('../../api/src/modules/auth/session-token.ts');
const { API_TOKEN_PREFIX, API_TOKEN_SCOPES } = await import('../../api/src/modules/auth/auth.policy.ts');
const { listScenario } = await import('./scenario-list.ts');
const { oneScenario } = await import('./scenario-one.ts');
const { indicatorsScenario } = await import('./scenario-indicators.ts');
const { loginScenario } = await import('./scenario-login.ts');
const { batchScenario } = await import('./scenario-batch.ts');
const { pgbenchRows } = await import('./pgbench.ts');

let statements = 0;
onStatement(() => {
  statements += 1;
});
const yoga = createCareCertYoga({ rateLimits: { ipPerMinute: 100_000_000, tokenPerMinute: 100_000_000, namespace: 'bench' } });
const admin = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' }, select: { id: true } });
// Another system's API token, as the scenarios' callers are: in production a portal session may run
// only the portal's persisted operations, and these queries are not the portal's.
const { id: tokenId, token, secretHash } = newToken(API_TOKEN_PREFIX);
await prisma.apiToken.create({
  data: {
    id: tokenId,
    name: 'bench',
    scopes: [...API_TOKEN_SCOPES],
    secretHash,
    createdById: admin.id,
    expiresAt: new Date(Date.now() + 86_400_000),
    lastUsedAt: new Date(),
  },
});

if (!args['no-build'] && args['api-entry'] === COMPILED.server) buildApi();
const api = await startService(
  'api',
  [
    // As `pnpm start` and the image start it (api/src/config/heap.ts); extra options come after, so they win.
    API_SEMI_SPACE_FLAG,
    ...args['api-node-options'].split(' ').filter(Boolean),
    ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : []),
    args['api-entry'],
  ],
  { ...apiEnv, API_PORT: '4610', API_HOST: '127.0.0.1' },
  4610,
);
const plain = await startService('plain', ['test/bench/plain-server.ts'], { DATABASE_URL: url, PLAIN_PORT: '4611' }, 4611);
const services: Service[] = [api, plain];

const ctx = {
  api,
  plain,
  token,
  repeats: Number(args.repeats),
  requests: Number(args.requests),
  concurrency: Number(args.concurrency),
  countStatements: async (run: () => Promise<unknown>) => {
    const before = statements;
    await run();
    return statements - before;
  },
  gqlInProcess: async (query: string, variables: Record<string, unknown>) => {
    const response = await yoga.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  },
};

const rows: Row[] = [];
const started = Date.now();
try {
  if (only.has('list')) rows.push(...(await listScenario(ctx)));
  if (only.has('one')) {
    const sample = await prisma.caregiver.findMany({ select: { id: true }, orderBy: { id: 'asc' }, take: 500 });
    rows.push(...(await oneScenario(sample.map((c) => Buffer.from(`Caregiver:${c.id}`).toString('base64')))(ctx)));
  }
  if (only.has('indicators')) rows.push(...(await indicatorsScenario(ctx)));
  if (only.has('login')) rows.push(...(await loginScenario(ctx)));
} catch (error) {
  printTable(rows);
  throw error;
} finally {
  for (const service of services) await service.stop();
}
try {
  // With the API and the baseline stopped: the batch runs in a worker process of its own.
  if (only.has('batch'))
    rows.push(...(await batchScenario({ repeats: Number(args['batch-repeats']), env: apiEnv, countStatements: ctx.countStatements })));
} catch (error) {
  // What was measured before the failure is still worth reading.
  printTable(rows);
  throw error;
}
const [apiRss, plainRss] = [api.peakRssMb(), plain.peakRssMb()];
rows.push({
  scenario: 'memory',
  metric: 'peak RSS, api process vs plain',
  a: apiRss,
  b: plainRss,
  unit: 'MiB',
  target: '≤ 2.5×',
  met: apiRss / plainRss <= 2.5,
  note: 'VmHWM over the scenarios run; compiled API',
});
// Last, with the API and the baseline stopped, so it measures the machine and PostgreSQL alone.
if (only.has('pgbench')) rows.push(...(await pgbenchRows()));
console.log(`\n${caregivers} caregivers, ${ctx.repeats} interleaved repeats, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
printTable(rows);
await prisma.$disconnect();
process.exit(0);
