import { todayInChina } from '../../china-time.ts';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { releaseFromEnvelope } from './funds.service.ts';
import { termsOf } from './policy-terms.ts';
import { judgeInstalment } from './subsidy-eligibility.ts';

const SYSTEM = (label: string) => ({ viewer: null, requestId: label });

export type ReleaseResult = { publicised: number; payable: number; forfeited: number };

/**
 * The daily step of the schedule: approvals whose publication ended become payable; instalments due
 * after years of service are checked against employment and insurance months and become payable or
 * forfeited (their commitment released). Each claim moves in its own transaction under its row lock,
 * so the step can run twice at once or be retried.
 */
export async function releaseDueInstalments(onDay: Date = todayInChina()): Promise<ReleaseResult> {
  const ctx = SYSTEM(`release:${onDay.toISOString().slice(0, 10)}`);
  const result: ReleaseResult = { publicised: 0, payable: 0, forfeited: 0 };

  const publicised = await prisma.subsidyClaim.findMany({ where: { status: 'PUBLICISED', publicationEndsOn: { lt: onDay } }, select: { id: true } });
  for (const { id } of publicised) {
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "SubsidyClaim" WHERE id = ${id}::uuid FOR UPDATE`;
      const moved = await tx.subsidyClaim.updateMany({ where: { id, status: 'PUBLICISED' }, data: { status: 'APPROVED' } });
      if (moved.count === 0) return;
      result.publicised++;
      await tx.instalment.updateMany({ where: { claimId: id, afterYears: 0, status: 'SCHEDULED' }, data: { status: 'PAYABLE', checkedAt: new Date() } });
      await recordAudit(tx, ctx, { action: 'subsidy.publicationEnded', entityType: 'SubsidyClaim', entityId: id, before: { status: 'PUBLICISED' }, after: { status: 'APPROVED' } });
    });
  }

  const due = await prisma.instalment.findMany({
    where: { status: 'SCHEDULED', dueOn: { lte: onDay }, claim: { status: 'APPROVED' } },
    select: { id: true, claimId: true },
    orderBy: { dueOn: 'asc' },
  });
  for (const { id, claimId } of due) {
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "SubsidyClaim" WHERE id = ${claimId}::uuid FOR UPDATE`;
      const instalment = await tx.instalment.findUnique({ where: { id }, include: { claim: { include: { policy: true, employment: true } } } });
      if (!instalment || instalment.status !== 'SCHEDULED' || instalment.claim.status !== 'APPROVED') return;
      const { claim } = instalment;
      let check: ReturnType<typeof judgeInstalment>;
      if (instalment.afterYears === 0) {
        check = { payable: true, rules: [] };
      } else {
        const serviceStart = claim.employment?.startDate ?? claim.approvedAt ?? onDay;
        const [employed, insuredMonths] = await Promise.all([
          tx.employment.findFirst({ where: { caregiverId: claim.caregiverId, post: { in: ['CARE_WORKER', 'DIRECTOR'] }, startDate: { lte: instalment.dueOn }, OR: [{ endDate: null }, { endDate: { gte: instalment.dueOn } }] }, select: { id: true } }),
          // Months insured at any care employer since the award's job began, each month counted once.
          tx.$queryRaw<{ n: bigint }[]>`
            SELECT count(DISTINCT m.month) AS n FROM "EmploymentMonth" m JOIN "Employment" e ON e.id = m."employmentId"
            WHERE e."caregiverId" = ${claim.caregiverId}::uuid AND m."socialInsurancePaid" AND m.month >= date_trunc('month', ${serviceStart}::date) AND m.month <= ${instalment.dueOn}::date`,
        ]);
        const terms = claim.kind === 'ONBOARDING_AWARD' ? termsOf({ ...claim.policy, kind: 'ONBOARDING_AWARD' as const }) : null;
        check = judgeInstalment({
          dueOn: instalment.dueOn,
          afterYears: instalment.afterYears,
          allowedGapMonths: terms?.rules.allowedGapMonths ?? 0,
          employedOnDueDay: !!employed,
          insuredMonths: Number(insuredMonths[0]?.n ?? 0),
        });
      }
      const status = check.payable ? 'PAYABLE' : 'FORFEITED';
      await tx.instalment.update({ where: { id }, data: { status, check: check.rules as unknown as Prisma.InputJsonValue, checkedAt: new Date() } });
      if (status === 'FORFEITED') {
        await releaseFromEnvelope(tx, claim.envelopeId, instalment.amountFen);
        result.forfeited++;
        // With nothing left to pay, the claim is finished: paid if any part was paid.
        const open = await tx.instalment.count({ where: { claimId, status: { in: ['SCHEDULED', 'PAYABLE', 'IN_BATCH'] } } });
        const paid = await tx.instalment.count({ where: { claimId, status: 'PAID' } });
        if (open === 0 && paid > 0) await tx.subsidyClaim.update({ where: { id: claimId }, data: { status: 'PAID' } });
      } else {
        result.payable++;
      }
      await recordAudit(tx, ctx, { action: check.payable ? 'subsidy.instalmentPayable' : 'subsidy.instalmentForfeited', entityType: 'Instalment', entityId: id, before: { status: 'SCHEDULED' }, after: { status, rules: check.rules } });
    });
  }
  return result;
}
