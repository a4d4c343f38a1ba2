import { addMonths, todayInChina } from '../../shared/china-time.ts';
import { DAY_MS } from '../../shared/china-time.ts';
import { prisma, type Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { emitEvent } from '../notifications/events.service.ts';
import { releaseFromEnvelope } from './funds.service.ts';
import { termsOf } from './policy-terms.ts';
import { judgeInstalment } from './subsidy-eligibility.ts';

/** Posts that count as care work for an award's instalments (as in the due-day check). */
const CARE_POSTS = ['CARE_WORKER', 'DIRECTOR'] as const;

/** Why an instalment was forfeited or suspended; the portal words the code. */
export type InstalmentReason = 'LEFT_EMPLOYMENT' | 'NOT_REEMPLOYED' | 'RECHECK_FAILED' | 'REVOKED';

type AuditCtx = Pick<Context, 'viewer' | 'requestId'>;

type ClaimOfInstalment = { id: string; caregiverId: string; reference: string; kind: string; regionId: string };

/**
 * Tells the caregiver that an instalment of their award fell due (and is payable now) or was forfeited,
 * in the transaction that changed it. The event is about the claim (the portal links to it); the
 * instalment, its amount and the reason are what changed.
 */
export async function emitInstalmentEvent(
  tx: Tx,
  code: 'instalment.due' | 'instalment.forfeited',
  claim: ClaimOfInstalment,
  instalment: { id: string; seq: number; amountFen: number; dueOn: Date },
  reason: InstalmentReason | null = null,
) {
  const region = await tx.region.findUniqueOrThrow({ where: { id: claim.regionId }, select: { path: true } });
  await emitEvent(tx, {
    code,
    subjectType: 'SubsidyClaim',
    subjectId: claim.id,
    caregiverId: claim.caregiverId,
    regionPath: region.path,
    audience: ['CAREGIVER'],
    params: {
      reference: claim.reference,
      kind: claim.kind,
      instalmentId: instalment.id,
      seq: instalment.seq,
      amountYuan: (instalment.amountFen / 100).toFixed(2),
      dueOn: instalment.dueOn.toISOString().slice(0, 10),
      status: code === 'instalment.due' ? 'PAYABLE' : 'FORFEITED',
      reason,
    },
  });
}

/**
 * Forfeits instalments of one claim (releasing their commitment from the envelope) and, when nothing is
 * left to pay, finishes the claim as paid if any part was paid. The caller holds the claim's row lock.
 */
async function forfeitInstalments(
  tx: Tx,
  ctx: AuditCtx,
  claim: ClaimOfInstalment & { envelopeId: string | null },
  instalments: { id: string; seq: number; amountFen: number; dueOn: Date; status: string }[],
  reason: InstalmentReason,
) {
  if (instalments.length === 0) return;
  await tx.instalment.updateMany({
    where: { id: { in: instalments.map((i) => i.id) } },
    data: { status: 'FORFEITED', reason, suspendedUntil: null, checkedAt: new Date() },
  });
  await releaseFromEnvelope(
    tx,
    claim.envelopeId,
    instalments.reduce((sum, i) => sum + i.amountFen, 0),
  );
  const open = await tx.instalment.count({
    where: { claimId: claim.id, status: { in: ['SCHEDULED', 'PAYABLE', 'IN_BATCH', 'SUSPENDED'] } },
  });
  const paid = await tx.instalment.count({ where: { claimId: claim.id, status: 'PAID' } });
  if (open === 0 && paid > 0) await tx.subsidyClaim.update({ where: { id: claim.id }, data: { status: 'PAID' } });
  for (const i of instalments) {
    await recordAudit(tx, ctx, {
      action: 'subsidy.instalmentForfeited',
      entityType: 'Instalment',
      entityId: i.id,
      before: { status: i.status },
      after: { status: 'FORFEITED', reason },
    });
    await emitInstalmentEvent(tx, 'instalment.forfeited', claim, i, reason);
  }
}

/**
 * An employment ended: the onboarding awards resting on it lose the instalments not yet due on the
 * last day, at once rather than at each due day. The policy's `reemploymentKeepsMonths` (default 0)
 * decides: 0 forfeits them; N suspends them until N months after the last day, to be scheduled again
 * if the person takes a care post meanwhile. Nothing happens while the person still holds another care
 * post after that day. Runs in the caller's transaction.
 */
export async function settleAwardsOnLeaving(tx: Tx, ctx: AuditCtx, employment: { id: string; caregiverId: string; endDate: Date | null }) {
  const lastDay = employment.endDate;
  if (!lastDay) return;
  const stillInCare = await tx.employment.findFirst({
    where: {
      caregiverId: employment.caregiverId,
      id: { not: employment.id },
      post: { in: [...CARE_POSTS] },
      startDate: { lte: lastDay },
      OR: [{ endDate: null }, { endDate: { gt: lastDay } }],
    },
    select: { id: true },
  });
  if (stillInCare) return;
  const claims = await tx.subsidyClaim.findMany({
    where: {
      kind: 'ONBOARDING_AWARD',
      employmentId: employment.id,
      status: { in: ['APPROVED', 'PUBLICISED'] },
      instalments: { some: { status: 'SCHEDULED', dueOn: { gt: lastDay } } },
    },
    select: { id: true },
  });
  for (const { id } of claims) {
    await tx.$queryRaw`SELECT id FROM "SubsidyClaim" WHERE id = ${id}::uuid FOR UPDATE`;
    const claim = await tx.subsidyClaim.findUniqueOrThrow({
      where: { id },
      include: { policy: true, instalments: { where: { status: 'SCHEDULED', dueOn: { gt: lastDay } } } },
    });
    const keepMonths = termsOf({ ...claim.policy, kind: 'ONBOARDING_AWARD' as const }).rules.reemploymentKeepsMonths;
    if (keepMonths === 0) {
      await forfeitInstalments(tx, ctx, claim, claim.instalments, 'LEFT_EMPLOYMENT');
      continue;
    }
    // N months from the day after leaving, less a day: leaving on 05-31 with 6 months waits until 11-30.
    const suspendedUntil = new Date(addMonths(new Date(lastDay.getTime() + DAY_MS), keepMonths).getTime() - DAY_MS);
    await tx.instalment.updateMany({
      where: { id: { in: claim.instalments.map((i) => i.id) } },
      data: { status: 'SUSPENDED', reason: 'LEFT_EMPLOYMENT', suspendedUntil },
    });
    for (const i of claim.instalments)
      await recordAudit(tx, ctx, {
        action: 'subsidy.instalmentSuspended',
        entityType: 'Instalment',
        entityId: i.id,
        before: { status: 'SCHEDULED' },
        after: { status: 'SUSPENDED', reason: 'LEFT_EMPLOYMENT', suspendedUntil },
      });
  }
}

/** A care post began: instalments suspended when the person left are scheduled again if it began within their window. */
export async function restoreAwardsOnReemployment(
  tx: Tx,
  ctx: AuditCtx,
  employment: { caregiverId: string; post: string; startDate: Date },
) {
  if (!(CARE_POSTS as readonly string[]).includes(employment.post)) return;
  const suspended = await tx.instalment.findMany({
    where: { status: 'SUSPENDED', suspendedUntil: { gte: employment.startDate }, claim: { caregiverId: employment.caregiverId } },
    select: { id: true },
  });
  if (suspended.length === 0) return;
  await tx.instalment.updateMany({
    where: { id: { in: suspended.map((i) => i.id) } },
    data: { status: 'SCHEDULED', reason: null, suspendedUntil: null },
  });
  for (const i of suspended)
    await recordAudit(tx, ctx, {
      action: 'subsidy.instalmentRestored',
      entityType: 'Instalment',
      entityId: i.id,
      before: { status: 'SUSPENDED' },
      after: { status: 'SCHEDULED' },
    });
}

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

  const publicised = await prisma.subsidyClaim.findMany({
    where: { status: 'PUBLICISED', publicationEndsOn: { lt: onDay } },
    select: { id: true },
  });
  for (const { id } of publicised) {
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "SubsidyClaim" WHERE id = ${id}::uuid FOR UPDATE`;
      const moved = await tx.subsidyClaim.updateMany({ where: { id, status: 'PUBLICISED' }, data: { status: 'APPROVED' } });
      if (moved.count === 0) return;
      result.publicised++;
      await tx.instalment.updateMany({
        where: { claimId: id, afterYears: 0, status: 'SCHEDULED' },
        data: { status: 'PAYABLE', checkedAt: new Date() },
      });
      await recordAudit(tx, ctx, {
        action: 'subsidy.publicationEnded',
        entityType: 'SubsidyClaim',
        entityId: id,
        before: { status: 'PUBLICISED' },
        after: { status: 'APPROVED' },
      });
    });
  }

  const lapsed = await prisma.instalment.findMany({
    where: { status: 'SUSPENDED', suspendedUntil: { lt: onDay } },
    select: { claimId: true },
    distinct: ['claimId'],
  });
  for (const { claimId } of lapsed) {
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "SubsidyClaim" WHERE id = ${claimId}::uuid FOR UPDATE`;
      const claim = await tx.subsidyClaim.findUniqueOrThrow({
        where: { id: claimId },
        include: { instalments: { where: { status: 'SUSPENDED', suspendedUntil: { lt: onDay } } } },
      });
      await forfeitInstalments(tx, ctx, claim, claim.instalments, 'NOT_REEMPLOYED');
      result.forfeited += claim.instalments.length;
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
      const instalment = await tx.instalment.findUnique({
        where: { id },
        include: { claim: { include: { policy: true, employment: true } } },
      });
      if (!instalment || instalment.status !== 'SCHEDULED' || instalment.claim.status !== 'APPROVED') return;
      const { claim } = instalment;
      let check: ReturnType<typeof judgeInstalment>;
      if (instalment.afterYears === 0) {
        check = { payable: true, rules: [] };
      } else {
        const serviceStart = claim.employment?.startDate ?? claim.approvedAt ?? onDay;
        const [employed, insuredMonths] = await Promise.all([
          tx.employment.findFirst({
            where: {
              caregiverId: claim.caregiverId,
              post: { in: ['CARE_WORKER', 'DIRECTOR'] },
              startDate: { lte: instalment.dueOn },
              OR: [{ endDate: null }, { endDate: { gte: instalment.dueOn } }],
            },
            select: { id: true },
          }),
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
      await tx.instalment.update({
        where: { id },
        data: { check: check.rules as unknown as Prisma.InputJsonValue, checkedAt: new Date() },
      });
      if (!check.payable) {
        await forfeitInstalments(tx, ctx, claim, [instalment], 'RECHECK_FAILED');
        result.forfeited++;
        return;
      }
      await tx.instalment.update({ where: { id }, data: { status: 'PAYABLE' } });
      result.payable++;
      await recordAudit(tx, ctx, {
        action: 'subsidy.instalmentPayable',
        entityType: 'Instalment',
        entityId: id,
        before: { status: 'SCHEDULED' },
        after: { status: 'PAYABLE', rules: check.rules },
      });
      await emitInstalmentEvent(tx, 'instalment.due', claim, instalment);
    });
  }
  return result;
}
