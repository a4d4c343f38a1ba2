import { prisma, type Tx } from '../../db/client.ts';
import type { JobContext } from '../../jobs/define-job.ts';
import { recordAudits } from '../audit/audit.service.ts';
import { singleRule, type RuleResult } from '../../shared/rule-result.ts';
import { postSubsidyEvaluation, type ClaimEvaluation } from './claim-evaluation.ts';
import { nextClaimReferences } from './claims.service.ts';
import { judgePostSubsidies } from './post-subsidy-facts.ts';

/**
 * People judged and written per transaction: large enough that the fixed cost of a chunk (about a
 * dozen statements) is small per person, small enough to keep locks short and progress moving.
 * `POST_SUBSIDY_CHUNK` overrides it (the fault tests use small chunks to stop a batch part-way); a
 * value that is not a positive whole number is ignored rather than allowed to skip people.
 */
export function postSubsidyChunk(): number {
  const chosen = Number(process.env.POST_SUBSIDY_CHUNK);
  return Number.isInteger(chosen) && chosen > 0 ? chosen : 500;
}

export type PostSubsidyBatchResult = { people: number; created: number; existing: number; excluded: number };

/**
 * A month's rosters of one province share a batch job: a roster confirmed while the batch has not yet
 * started joins it, so the month-end rush becomes a few jobs rather than one per institution. The open
 * batch is found by its key; a starting batch renames its key to its own id, so later confirmations
 * open the next one.
 */
export type PostSubsidyBatch = { provinceCode: string; month: string };
const BATCH_KEY = 'subsidies.generatePostSubsidies';
export const openBatchKey = (batch: PostSubsidyBatch) => `${BATCH_KEY}:${batch.provinceCode}:${batch.month}:open`;
export const closedBatchKey = (batch: PostSubsidyBatch, jobId: string) => `${BATCH_KEY}:${batch.provinceCode}:${batch.month}:${jobId}`;

/**
 * Closes the batch (idempotent: a retried attempt finds it closed) and generates the claims of every
 * roster that joined it. Closing first, in its own statement, waits for any confirmation holding the
 * batch row, so the rosters read after it are all there will be.
 */
export async function runPostSubsidyBatch(
  batch: PostSubsidyBatch,
  job: Pick<JobContext, 'jobId' | 'reportProgress'>,
): Promise<PostSubsidyBatchResult> {
  await prisma.backgroundJob.updateMany({
    where: { id: job.jobId, key: openBatchKey(batch) },
    data: { key: closedBatchKey(batch, job.jobId) },
  });
  const rosters = await prisma.monthlyRoster.findMany({ where: { jobId: job.jobId }, select: { id: true } });
  return generateRosterClaims(
    rosters.map((r) => r.id),
    job,
  );
}

type Line = { id: string; employmentId: string; caregiverId: string; month: Date; confirmedById: string };
type Judged = { line: Line; evaluation: ClaimEvaluation | null; failed: RuleResult[] };

const NO_POLICY: RuleResult = singleRule('policy', false, 'NO_POLICY_FOR_MONTH');

/**
 * Creates the month's post-subsidy claims for confirmed rosters: one SUBMITTED claim per eligible
 * person, with the amount and explanation from the month's policy; everyone left out keeps the failed
 * rules on their roster line. Facts are read and rows written chunk by chunk, a fixed number of
 * statements per chunk. Claims are inserted with ON CONFLICT DO NOTHING on (person, kind, month), so
 * running again, twice at once, or for a second employer of the same person adds nothing; only the
 * claims a run inserted get its audit rows.
 */
export async function generateRosterClaims(
  rosterIds: string[],
  job: Pick<JobContext, 'jobId' | 'reportProgress'>,
): Promise<PostSubsidyBatchResult> {
  const lines = await prisma.$queryRaw<Line[]>`
    SELECT em.id, em."employmentId", e."caregiverId", r.month, r."confirmedById"
    FROM "MonthlyRoster" r
    JOIN "Employment" e ON e."institutionId" = r."institutionId"
    JOIN "EmploymentMonth" em ON em."employmentId" = e.id AND em.month = r.month
    WHERE r.id = ANY(${rosterIds}::uuid[])
    ORDER BY em.id`;
  const ctx = { viewer: null, requestId: `job:${job.jobId}` };
  const result: PostSubsidyBatchResult = { people: lines.length, created: 0, existing: 0, excluded: 0 };
  const chunkSize = postSubsidyChunk();
  await job.reportProgress(0, lines.length);
  for (let start = 0; start < lines.length; start += chunkSize) {
    const chunk = lines.slice(start, start + chunkSize);
    const judged = new Map((await judgePostSubsidies(chunk)).map((j) => [j.line, j]));
    const verdicts: Judged[] = chunk.map((line) => {
      const one = judged.get(line);
      const evaluation = one ? postSubsidyEvaluation(one) : null;
      return { line, evaluation, failed: evaluation ? evaluation.eligibility.rules.filter((r) => !r.met) : [NO_POLICY] };
    });
    const written = await prisma.$transaction((tx) => writeChunk(tx, ctx, verdicts));
    result.created += written.created;
    result.existing += written.existing;
    result.excluded += verdicts.filter((v) => v.failed.length).length;
    await job.reportProgress(Math.min(start + chunkSize, lines.length), lines.length);
  }
  return result;
}

async function writeChunk(tx: Tx, ctx: { viewer: null; requestId: string }, verdicts: Judged[]) {
  const eligible = verdicts.filter((v): v is Judged & { evaluation: ClaimEvaluation } => !!v.evaluation?.eligibility.eligible);
  const year = verdicts[0]!.line.month.getUTCFullYear();
  const references = eligible.length ? await nextClaimReferences(tx, eligible.length, year) : [];
  // Written in SQL rather than through createMany: Prisma walks every JSON value of every row it
  // sends, which made the explanations the larger part of a batch's time. Ids are random UUIDs here.
  const inserted = eligible.length
    ? await tx.$queryRaw<{ id: string; reference: string; subjectKey: string; amountFen: number }[]>`
        INSERT INTO "SubsidyClaim" (id, reference, "policyId", kind, "caregiverId", "employmentId", "regionId", "subjectKey", facts, status, "amountFen", eligibility, "submittedById", "submittedAt", "updatedAt")
        SELECT gen_random_uuid(), ref, policy, 'POST_SUBSIDY', person, employment, region, subject, facts::jsonb, 'SUBMITTED', amount, eligibility::jsonb, submitter, now(), now()
        FROM unnest(
          ${references}::text[], ${eligible.map((v) => v.evaluation.policy.id)}::uuid[], ${eligible.map((v) => v.line.caregiverId)}::uuid[],
          ${eligible.map((v) => v.line.employmentId)}::uuid[], ${eligible.map((v) => v.evaluation.regionId)}::uuid[], ${eligible.map((v) => v.evaluation.subjectKey)}::text[],
          ${eligible.map((v) => JSON.stringify(v.evaluation.facts))}::text[], ${eligible.map((v) => v.evaluation.eligibility.amountFen)}::int[],
          ${eligible.map((v) => JSON.stringify(v.evaluation.eligibility))}::text[], ${eligible.map((v) => v.line.confirmedById)}::uuid[]
        ) AS t(ref, policy, person, employment, region, subject, facts, amount, eligibility, submitter)
        ON CONFLICT DO NOTHING
        RETURNING id, reference, "subjectKey", "amountFen"`
    : [];
  await recordAudits(
    tx,
    ctx,
    inserted.map((claim) => ({
      action: 'subsidy.generateClaim',
      entityType: 'SubsidyClaim',
      entityId: claim.id,
      after: { reference: claim.reference, month: claim.subjectKey, amountFen: claim.amountFen, status: 'SUBMITTED' },
    })),
  );
  // Every line's exclusion in one statement: the failed rules, or none.
  const ids = verdicts.map((v) => v.line.id);
  const exclusions = verdicts.map((v) => (v.failed.length ? JSON.stringify(v.failed) : null));
  await tx.$executeRaw`
    UPDATE "EmploymentMonth" AS em SET "subsidyExclusion" = v.exclusion::jsonb
    FROM unnest(${ids}::uuid[], ${exclusions}::text[]) AS v(id, exclusion)
    WHERE em.id = v.id`;
  return { created: inserted.length, existing: eligible.length - inserted.length };
}
