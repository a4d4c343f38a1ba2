import { prisma } from '../../db/client.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { JobContext } from '../../jobs/define-job.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { RuleResult } from '../certification/eligibility.ts';
import { evaluateClaim, type ClaimEvaluation } from './claim-evaluation.ts';
import { nextClaimReferences } from './claims.service.ts';
import { NoPolicyError } from './subsidies.errors.ts';

/** People judged per transaction: small enough to keep locks short, large enough to keep the job quick. */
export const POST_SUBSIDY_CHUNK = 50;

export type PostSubsidyBatchResult = { people: number; created: number; existing: number; excluded: number };

/**
 * Creates the month's post-subsidy claims for a confirmed roster: one SUBMITTED claim per eligible
 * person, with the amount and explanation from the month's policy; everyone left out keeps the failed
 * rules on their roster line. Claims are inserted with ON CONFLICT DO NOTHING on (person, kind,
 * month), so running again, twice at once, or for a second employer of the same person adds nothing.
 */
export async function generatePostSubsidies(rosterId: string, job: Pick<JobContext, 'jobId' | 'reportProgress'>): Promise<PostSubsidyBatchResult> {
  const roster = await prisma.monthlyRoster.findUnique({ where: { id: rosterId } });
  if (!roster) return { people: 0, created: 0, existing: 0, excluded: 0 };
  const lines = await prisma.employmentMonth.findMany({
    where: { month: roster.month, employment: { institutionId: roster.institutionId } },
    select: { id: true, employmentId: true, employment: { select: { caregiverId: true } } },
    orderBy: { id: 'asc' },
  });
  const ctx = { viewer: null, requestId: `job:${job.jobId}` };
  const result: PostSubsidyBatchResult = { people: lines.length, created: 0, existing: 0, excluded: 0 };
  await job.reportProgress(0, lines.length);
  for (let start = 0; start < lines.length; start += POST_SUBSIDY_CHUNK) {
    const chunk = lines.slice(start, start + POST_SUBSIDY_CHUNK);
    const judged = await Promise.all(
      chunk.map(async (line) => {
        try {
          return { line, evaluation: await evaluateClaim(line.employment.caregiverId, { kind: 'POST_SUBSIDY', employmentId: line.employmentId, month: roster.month }, roster.month) };
        } catch (error) {
          if (!(error instanceof NoPolicyError)) throw error;
          const rule: RuleResult = { ruleId: 'policy', met: false, zh: '本地区该月无岗位补贴政策', en: 'No post-subsidy policy in force for this region and month' };
          return { line, evaluation: null, rules: [rule] };
        }
      }),
    );
    const eligible = judged.filter((j): j is { line: (typeof chunk)[number]; evaluation: ClaimEvaluation } => !!j.evaluation?.eligibility.eligible);
    await prisma.$transaction(async (tx) => {
      const references = await nextClaimReferences(tx, eligible.length, roster.month.getUTCFullYear());
      const rows = eligible.map(({ line, evaluation }, i) => ({
        reference: references[i]!,
        policyId: evaluation.policy.id,
        kind: 'POST_SUBSIDY' as const,
        caregiverId: line.employment.caregiverId,
        employmentId: line.employmentId,
        regionId: evaluation.regionId,
        subjectKey: evaluation.subjectKey,
        facts: evaluation.facts,
        status: 'SUBMITTED' as const,
        amountFen: evaluation.eligibility.amountFen,
        eligibility: evaluation.eligibility as unknown as Prisma.InputJsonValue,
        submittedById: roster.confirmedById,
        submittedAt: new Date(),
      }));
      const inserted = rows.length ? await tx.subsidyClaim.createMany({ data: rows, skipDuplicates: true }) : { count: 0 };
      result.created += inserted.count;
      result.existing += rows.length - inserted.count;
      const mine = await tx.subsidyClaim.findMany({ where: { reference: { in: references } }, select: { id: true, reference: true, caregiverId: true, amountFen: true } });
      for (const claim of mine) {
        await recordAudit(tx, ctx, { action: 'subsidy.generateClaim', entityType: 'SubsidyClaim', entityId: claim.id, after: { rosterId, reference: claim.reference, month: roster.month, amountFen: claim.amountFen, status: 'SUBMITTED' } });
      }
      for (const j of judged) {
        const failed = j.evaluation ? j.evaluation.eligibility.rules.filter((r) => !r.met) : (j.rules ?? []);
        if (failed.length) result.excluded++;
        await tx.employmentMonth.update({ where: { id: j.line.id }, data: { subsidyExclusion: failed.length ? (failed as unknown as Prisma.InputJsonValue) : Prisma.DbNull } });
      }
    });
    await job.reportProgress(Math.min(start + POST_SUBSIDY_CHUNK, lines.length), lines.length);
  }
  return result;
}
