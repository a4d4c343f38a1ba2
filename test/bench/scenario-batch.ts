import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { prisma } from '../../api/src/db/client.ts';
import { drainOutbox, stageJob } from '../../api/src/jobs/outbox.ts';
import { generateRosterClaims, openBatchKey } from '../../api/src/modules/subsidies/post-subsidy-batch.ts';
import { generatePostSubsidiesJob } from '../../api/src/modules/subsidies/subsidies.jobs.ts';
import { chunkedPgBatch, singleStatementBatch } from './batch-baselines.ts';
import { BATCH_MONTH, claimsFingerprint, prepareBatchMonth, resetBatchMonth } from './batch-data.ts';
import { startService } from './processes.ts';
import type { Row } from './report.ts';
import { median, timed } from './timing.ts';
import { SESSION_SETTINGS } from '../../api/src/db/session-settings.ts';

// node-postgres reads a DATE as local midnight; the API (Prisma) as UTC midnight. The judge compares days.
pg.types.setTypeParser(1082, (value: string) => new Date(`${value}T00:00:00Z`));

/** Waits until no background job is pending or running, and every audit row is sealed into the chain. */
async function settle(what: string, limitMs = 300_000): Promise<void> {
  const until = Date.now() + limitMs;
  for (;;) {
    const [busy] = await prisma.$queryRaw<{ jobs: number; unsealed: number }[]>`
      SELECT (SELECT count(*)::int FROM "BackgroundJob" WHERE status IN ('PENDING', 'RUNNING')) AS jobs,
             (SELECT count(*)::int FROM "AuditLog" WHERE seq IS NULL) AS unsealed`;
    if (!busy!.jobs && !busy!.unsealed) return;
    if (Date.now() > until)
      throw new Error(`${what}: ${busy!.jobs} jobs unfinished and ${busy!.unsealed} audit rows unsealed after ${limitMs / 1000} s`);
    await sleep(200);
  }
}

/**
 * The program's way: each province's rosters join one open batch, as confirmation does, staged in one
 * transaction; the outbox hands the jobs to BullMQ on Redis and the worker process runs them. Timed from
 * staging until every job row is COMPLETED.
 */
async function throughQueue(rosterIds: string[]): Promise<{ ms: number; jobs: number }> {
  const started = performance.now();
  const jobIds = await prisma.$transaction(async (tx) => {
    const provinces = await tx.$queryRaw<{ code: string }[]>`
      SELECT DISTINCT split_part(rg.path, '/', 1) AS code FROM "MonthlyRoster" r
      JOIN "Organisation" o ON o.id = r."institutionId" JOIN "Region" rg ON rg.id = o."regionId"
      WHERE r.id = ANY(${rosterIds}::uuid[])`;
    const ids: string[] = [];
    for (const { code } of provinces) {
      const batch = { provinceCode: code, month: BATCH_MONTH };
      // A key of its own per run (the rows of earlier runs stay as they finished); the job finds its rosters by id.
      const job = await stageJob(tx, generatePostSubsidiesJob, batch, { key: `${openBatchKey(batch)}:bench-${randomUUID()}` });
      await tx.$executeRaw`
        UPDATE "MonthlyRoster" r SET "jobId" = ${job.id}::uuid FROM "Organisation" o JOIN "Region" rg ON rg.id = o."regionId"
        WHERE r.id = ANY(${rosterIds}::uuid[]) AND o.id = r."institutionId" AND split_part(rg.path, '/', 1) = ${code}`;
      ids.push(job.id);
    }
    return ids;
  });
  await drainOutbox({ inProcess: false });
  for (;;) {
    const rows = await prisma.backgroundJob.findMany({ where: { id: { in: jobIds } }, select: { status: true, error: true } });
    const failed = rows.find((r) => r.status === 'FAILED');
    if (failed) throw new Error(`batch job failed: ${failed.error}`);
    if (rows.every((r) => r.status === 'COMPLETED')) break;
    await sleep(50);
  }
  return { ms: performance.now() - started, jobs: jobIds.length };
}

/** Rosters adding up to about `people` lines, for counting statements at two sizes. */
async function rostersFor(rosterIds: string[], people: number): Promise<string[]> {
  const sizes = await prisma.$queryRaw<{ id: string; n: number }[]>`
    SELECT r.id, count(em.id)::int AS n FROM "MonthlyRoster" r JOIN "Employment" e ON e."institutionId" = r."institutionId"
    JOIN "EmploymentMonth" em ON em."employmentId" = e.id AND em.month = r.month WHERE r.id = ANY(${rosterIds}::uuid[]) GROUP BY r.id ORDER BY r.id`;
  const picked: string[] = [];
  let total = 0;
  for (const s of sizes) {
    if (total + s.n > people) break;
    picked.push(s.id);
    total += s.n;
  }
  return picked;
}

/**
 * Scenario 4: the monthly post-subsidy batch for every synthetic care home, through the real queue and
 * a worker process, against a chunked raw-pg baseline judging with the same rules and one set-based SQL
 * statement with the rules restated in SQL. Runs interleaved (A B C A B C ...), each from the same
 * empty month; the rows of the three must agree.
 */
export async function batchScenario(opts: {
  repeats: number;
  env: Record<string, string>;
  countStatements: (run: () => Promise<unknown>) => Promise<number>;
}): Promise<Row[]> {
  const rosterIds = await prepareBatchMonth();
  await resetBatchMonth(rosterIds);
  const [{ people }] = (await prisma.$queryRaw<{ people: number }[]>`
    SELECT count(*)::int AS people FROM "MonthlyRoster" r JOIN "Employment" e ON e."institutionId" = r."institutionId"
    JOIN "EmploymentMonth" em ON em."employmentId" = e.id AND em.month = r.month WHERE r.id = ANY(${rosterIds}::uuid[])`) as [
    { people: number },
  ];

  // Statements of the batch at one chunk and at four: the same per chunk, whatever the size.
  const fakeJob = { jobId: randomUUID(), reportProgress: async () => undefined };
  const one = await rostersFor(rosterIds, 500);
  const four = await rostersFor(rosterIds, 2000);
  const perOne = await opts.countStatements(() => generateRosterClaims(one, fakeJob));
  await resetBatchMonth(rosterIds);
  const perFour = await opts.countStatements(() => generateRosterClaims(four, fakeJob));
  await resetBatchMonth(rosterIds);

  const worker = await startService('worker', 'api/src/worker.ts', opts.env);
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, options: SESSION_SETTINGS });
  const times = { a: [] as number[], b: [] as number[], c: [] as number[] };
  let jobs = 0;
  let reference: { all: Awaited<ReturnType<typeof claimsFingerprint>>; facts: Awaited<ReturnType<typeof claimsFingerprint>> } | null = null;
  try {
    await settle('worker start-up (maintenance jobs)', 900_000);
    for (let i = 0; i < opts.repeats; i++) {
      await resetBatchMonth(rosterIds);
      const a = await throughQueue(rosterIds);
      times.a.push(a.ms);
      jobs = a.jobs;
      const written = { all: await claimsFingerprint(true), facts: await claimsFingerprint(false) };
      reference ??= written;
      if (written.all.md5 !== reference.all.md5) throw new Error('batch: two runs through the queue wrote different claims');
      await settle('sealing the batch’s audit rows');

      await resetBatchMonth(rosterIds);
      times.b.push(await timed(() => chunkedPgBatch(pool, rosterIds)));
      const chunked = await claimsFingerprint(true);
      if (chunked.md5 !== reference.all.md5 || chunked.excluded !== reference.all.excluded) {
        throw new Error(
          `batch: the chunked baseline wrote other claims (${chunked.count} vs ${reference.all.count}, ${chunked.excluded} vs ${reference.all.excluded} left out)`,
        );
      }
      await settle('sealing the baseline’s audit rows');

      await resetBatchMonth(rosterIds);
      times.c.push(await timed(() => singleStatementBatch(pool, rosterIds)));
      const single = await claimsFingerprint(false);
      if (single.md5 !== reference.facts.md5)
        throw new Error(`batch: the single statement wrote other claims (${single.count} vs ${reference.facts.count})`);
    }
  } finally {
    await pool.end();
    await worker.stop();
  }
  await resetBatchMonth(rosterIds);
  const [a, b, c] = [median(times.a), median(times.b), median(times.c)];
  const perChunk = (perFour - perOne) / 3;
  const scenario = `4 monthly batch, ${people} people`;
  const claims = `${reference!.all.count} claims, ${reference!.all.excluded} left out with reasons`;
  return [
    {
      scenario,
      metric: 'time vs chunked raw pg',
      a,
      b,
      unit: 'ms',
      target: '≤ 3×',
      met: a / b <= 3,
      note: `${claims}; rows equal in every column`,
    },
    {
      scenario,
      metric: 'time vs one SQL statement',
      a,
      b: c,
      unit: 'ms',
      target: '≤ 10×',
      met: a / c <= 10,
      note: 'same people, amounts, policies and facts; B writes no explanation, audit or exclusions',
    },
    {
      scenario,
      metric: 'jobs',
      a: jobs,
      b: people / 500,
      unit: '',
      target: '≤ N / 500',
      met: jobs <= people / 500,
      note: 'one per province and month; B here is N / 500',
    },
    {
      scenario,
      metric: 'SQL statements per 500 people',
      a: perChunk,
      b: 7,
      unit: '',
      target: 'a fixed handful',
      met: perChunk <= 15,
      note: `${perOne} for ${one.length} rosters (≤ 500 people, 1 chunk), ${perFour} for ${four.length} (≤ 2,000, 4 chunks); B: facts, BEGIN, references, claims, audit, exclusions, COMMIT`,
    },
    {
      scenario: 'memory',
      metric: 'peak RSS, worker process',
      a: worker.peakRssMb(),
      b: null,
      unit: 'MiB',
      target: '',
      met: null,
      note: 'during scenario 4',
    },
  ];
}
