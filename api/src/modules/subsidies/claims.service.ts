import { prisma, type Tx } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { Context } from '../../graphql/context.ts';
import { DomainError, ForbiddenError, NotFoundError, WrongStateError, type ErrorParams } from '../../graphql/errors.ts';
import { hasRole } from '../../graphql/viewer.ts';
import { holdsRoleFor } from '../../shared/access.ts';
import { addYears, DAY_MS, todayInChina } from '../../shared/china-time.ts';
import { formatYuan, splitByShares } from '../../shared/money.ts';
import { addWorkingDays, holidayCalendar } from '../../shared/working-days.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { caregiverWhereFor, employingInstitutionsOf } from '../caregivers/caregivers.access.ts';
import { emitEvent } from '../notifications/events.service.ts';
import { evaluateClaim, subjectFromInput } from './claim-evaluation.ts';
import { evidenceStore, inspectEvidence } from '../../files/file-store.ts';
import { commitToEnvelope, releaseFromEnvelope } from './funds.service.ts';
import { emitInstalmentEvent } from './instalments.service.ts';
import { evidenceOf, termsOf } from './policy-terms.ts';
import { DuplicateClaimError, EvidenceMissingError, SamePersonError, SubsidyNotEligibleError } from './subsidies.errors.ts';
import type { TAddEvidenceInput, TClaimInput, TReasonInput, TRecordRecoveryInput, TReviewClaimInput } from './subsidies.schemas.ts';

/** Room for many approvers queueing on one claim's row lock without Prisma giving up on the transaction. */
const TX_OPTIONS = { maxWait: 20_000, timeout: 20_000 };

export const claimReference = (year: number, n: bigint | number) => `BT-${year}-${String(n).padStart(8, '0')}`;

/** Claim references from a database sequence (gaps after a rollback are harmless). */
export async function nextClaimReferences(tx: Pick<Tx, '$queryRaw'>, count: number, year: number): Promise<string[]> {
  const rows = await tx.$queryRaw<
    { n: bigint }[]
  >`SELECT nextval('subsidy_claim_reference_seq') AS n FROM generate_series(1, ${count}::int)`;
  return rows.map((r) => claimReference(year, r.n));
}

const userIdOf = (ctx: Context) => (ctx.viewer?.kind === 'user' ? ctx.viewer.userId : null);

/** A person the viewer may claim for: themself, or someone their institution employs now. */
async function claimantCaregiver(ctx: Context, caregiverId: string | null | undefined): Promise<string> {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  if (!caregiverId || caregiverId === ctx.viewer.caregiverId) {
    if (!ctx.viewer.caregiverId) throw new ForbiddenError('CAREGIVER_OR_EMPLOYER_ONLY');
    return ctx.viewer.caregiverId;
  }
  const institutions = employingInstitutionsOf(ctx.viewer);
  if (institutions !== null && institutions.length === 0) throw new NotFoundError('Caregiver');
  const employed = await prisma.employment.findFirst({
    where: { caregiverId, endDate: null, ...(institutions === null ? {} : { institutionId: { in: institutions } }) },
    select: { id: true },
  });
  if (!employed) throw new NotFoundError('Caregiver');
  return caregiverId;
}

/** The claim, if the viewer is on the claimant's side: the person, their employer's staff, or an admin. */
async function claimantsClaim(tx: Tx, ctx: Context, claimId: string) {
  const claim = await tx.subsidyClaim.findUnique({
    where: { id: claimId },
    include: { employment: { select: { institutionId: true } }, evidence: true },
  });
  const viewer = ctx.viewer;
  const mine =
    claim &&
    viewer?.kind === 'user' &&
    (hasRole(viewer, 'ADMIN') ||
      viewer.caregiverId === claim.caregiverId ||
      (claim.employment !== null && (employingInstitutionsOf(viewer) ?? []).includes(claim.employment.institutionId)));
  if (!claim || !mine) throw new NotFoundError('SubsidyClaim');
  return claim;
}

/** Eligibility before anything is written: what a claim would get today, rule by rule. */
export async function checkSubsidyEligibility(ctx: Context, input: TClaimInput) {
  const caregiverId = input.caregiverId ?? (ctx.viewer?.kind === 'user' ? ctx.viewer.caregiverId : null);
  if (!caregiverId) throw new NotFoundError('Caregiver');
  const visible = await prisma.caregiver.findFirst({
    where: { id: caregiverId, AND: [caregiverWhereFor(ctx.viewer)] },
    select: { id: true },
  });
  if (!visible) throw new NotFoundError('Caregiver');
  return evaluateClaim(caregiverId, subjectFromInput(input), todayInChina());
}

/**
 * Starts a claim as a draft. The amount and the rule-by-rule explanation come from the policy in force;
 * nothing the client sends sets them. One claim per person, kind and subject.
 */
export async function createSubsidyClaim(ctx: Context, input: TClaimInput) {
  const caregiverId = await claimantCaregiver(ctx, input.caregiverId);
  const today = todayInChina();
  const evaluation = await evaluateClaim(caregiverId, subjectFromInput(input), today);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.subsidyClaim.findUnique({
      where: { caregiverId_kind_subjectKey: { caregiverId, kind: input.kind, subjectKey: evaluation.subjectKey } },
      select: { reference: true },
    });
    if (existing) throw new DuplicateClaimError(existing.reference);
    const [reference] = await nextClaimReferences(tx, 1, today.getUTCFullYear());
    const claim = await tx.subsidyClaim.create({
      data: {
        reference: reference!,
        policyId: evaluation.policy.id,
        kind: input.kind,
        caregiverId,
        employmentId: evaluation.employmentId,
        regionId: evaluation.regionId,
        subjectKey: evaluation.subjectKey,
        facts: evaluation.facts,
        amountFen: evaluation.eligibility.amountFen,
        eligibility: evaluation.eligibility as unknown as Prisma.InputJsonValue,
      },
    });
    await recordAudit(tx, ctx, { action: 'subsidy.createClaim', entityType: 'SubsidyClaim', entityId: claim.id, after: claim });
    return claim;
  });
}

/** Attaches a contract, diploma or insurance record to a claim still with the claimant. */
export async function addClaimEvidence(ctx: Context, input: TAddEvidenceInput) {
  const content = Buffer.from(input.contentBase64, 'base64');
  const { mimeType, sha256 } = inspectEvidence(input.fileName, content);
  const userId = userIdOf(ctx);
  if (!userId) throw new ForbiddenError();
  const claim = await claimantsClaim(prisma, ctx, input.claimId);
  if (!['DRAFT', 'REJECTED', 'WITHDRAWN'].includes(claim.status)) throw new WrongStateError('CLAIM_SUBMITTED');
  // Bytes first: a row never points at a file that is not there (an orphan file is harmless).
  await evidenceStore.put(sha256, content);
  return prisma.$transaction(async (tx) => {
    const evidence = await tx.claimEvidence.upsert({
      where: { claimId_sha256: { claimId: claim.id, sha256 } },
      create: {
        claimId: claim.id,
        kind: input.kind,
        fileName: input.fileName,
        mimeType,
        sizeBytes: content.length,
        sha256,
        uploadedById: userId,
      },
      update: { kind: input.kind, fileName: input.fileName },
    });
    await recordAudit(tx, ctx, {
      action: 'subsidy.addEvidence',
      entityType: 'SubsidyClaim',
      entityId: claim.id,
      after: { evidenceId: evidence.id, kind: input.kind, fileName: input.fileName, sha256 },
    });
    return evidence;
  });
}

/** The bytes of an evidence file, for someone who may read its claim. */
export async function claimEvidenceFile(ctx: Context, evidenceId: string, claimWhere: Prisma.SubsidyClaimWhereInput) {
  const evidence = await prisma.claimEvidence.findFirst({ where: { id: evidenceId, claim: claimWhere } });
  if (!evidence) throw new NotFoundError('ClaimEvidence');
  return { ...evidence, content: await evidenceStore.get(evidence.sha256) };
}

/**
 * Submits a draft (or resubmits a rejected or withdrawn claim): judged again on today's records under
 * the policy in force, and refused with the reasons when it does not qualify.
 */
export async function submitSubsidyClaim(ctx: Context, claimId: string) {
  const today = todayInChina();
  return prisma.$transaction(async (tx) => {
    const claim = await claimantsClaim(tx, ctx, claimId);
    if (!['DRAFT', 'REJECTED', 'WITHDRAWN'].includes(claim.status)) throw new WrongStateError('CLAIM_SUBMITTED');
    const facts = claim.facts as Record<string, string | null>;
    const subject = subjectFromInput({
      kind: claim.kind,
      employmentId: claim.employmentId,
      month: facts.month ? new Date(`${facts.month}-01T00:00:00Z`) : null,
      graduatedOn: facts.graduatedOn ? new Date(`${facts.graduatedOn}T00:00:00Z`) : null,
      certificateId: facts.certificateId ?? null,
      enrolmentId: facts.enrolmentId ?? null,
    });
    const evaluation = await evaluateClaim(claim.caregiverId, subject, today, tx);
    if (!evaluation.eligibility.eligible) throw new SubsidyNotEligibleError(evaluation.eligibility.rules);
    const missing = evidenceOf(evaluation.policy, claim.evidence).filter((e) => !e.present);
    if (missing.length) throw new EvidenceMissingError(missing.map((e) => e.kind));
    const updated = await tx.subsidyClaim.update({
      where: { id: claim.id },
      data: {
        status: 'SUBMITTED',
        policyId: evaluation.policy.id,
        amountFen: evaluation.eligibility.amountFen,
        eligibility: evaluation.eligibility as unknown as Prisma.InputJsonValue,
        submittedById: userIdOf(ctx),
        submittedAt: new Date(),
        reviewedById: null,
        reviewedAt: null,
        rejectedReason: null,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'subsidy.submitClaim',
      entityType: 'SubsidyClaim',
      entityId: claim.id,
      before: { status: claim.status, amountFen: claim.amountFen },
      after: { status: updated.status, amountFen: updated.amountFen },
    });
    const region = await tx.region.findUniqueOrThrow({ where: { id: updated.regionId }, select: { path: true } });
    await emitEvent(tx, {
      code: 'claim.submitted',
      subjectType: 'SubsidyClaim',
      subjectId: updated.id,
      caregiverId: updated.caregiverId,
      regionPath: region.path,
      audience: ['REVIEWERS'],
      params: { reference: updated.reference, kind: updated.kind, status: 'SUBMITTED' },
    });
    return updated;
  });
}

export async function withdrawSubsidyClaim(ctx: Context, claimId: string) {
  return prisma.$transaction(async (tx) => {
    const claim = await claimantsClaim(tx, ctx, claimId);
    if (!['DRAFT', 'SUBMITTED', 'REJECTED'].includes(claim.status)) throw new WrongStateError('CLAIM_REVIEWED');
    const updated = await tx.subsidyClaim.update({ where: { id: claim.id }, data: { status: 'WITHDRAWN' } });
    await recordAudit(tx, ctx, {
      action: 'subsidy.withdrawClaim',
      entityType: 'SubsidyClaim',
      entityId: claim.id,
      before: { status: claim.status },
      after: { status: 'WITHDRAWN' },
    });
    return updated;
  });
}

/** Locks the claim row so decisions on one claim run one after another, then reads it with its policy and region. */
async function lockedClaim(tx: Tx, claimId: string) {
  await tx.$queryRaw`SELECT id FROM "SubsidyClaim" WHERE id = ${claimId}::uuid FOR UPDATE`;
  const claim = await tx.subsidyClaim.findUnique({
    where: { id: claimId },
    include: {
      region: { select: { path: true } },
      policy: { include: { funds: { orderBy: { priority: 'asc' } } } },
      employment: { select: { startDate: true } },
      instalments: true,
    },
  });
  if (!claim) throw new NotFoundError('SubsidyClaim');
  return claim;
}

/** The first step of the bureau's check: pass the claim on to approval, or reject it with a reason. */
export async function reviewSubsidyClaim(ctx: Context, input: TReviewClaimInput) {
  const userId = userIdOf(ctx);
  return prisma.$transaction(async (tx) => {
    const claim = await lockedClaim(tx, input.claimId);
    if (!userId || !holdsRoleFor(ctx.viewer, claim.policy.reviewRole, claim.region.path)) throw new NotFoundError('SubsidyClaim');
    if (claim.status !== 'SUBMITTED') throw new WrongStateError('CLAIM_NOT_SUBMITTED');
    if (claim.submittedById === userId) throw new SamePersonError();
    const data = input.pass
      ? { status: 'REVIEWED' as const, reviewedById: userId, reviewedAt: new Date() }
      : { status: 'REJECTED' as const, rejectedReason: input.reason! };
    const updated = await tx.subsidyClaim.update({ where: { id: claim.id }, data });
    await recordAudit(tx, ctx, {
      action: input.pass ? 'subsidy.reviewClaim' : 'subsidy.rejectClaim',
      entityType: 'SubsidyClaim',
      entityId: claim.id,
      before: { status: claim.status },
      after: { status: updated.status, reason: input.reason ?? null },
    });
    return updated;
  }, TX_OPTIONS);
}

/**
 * Approves a reviewed claim (a different person from the reviewer and the submitter: checked here and
 * by a CHECK constraint), commits its amount against a fund envelope, and lays out its instalments.
 * The claim row is locked first, so fifty simultaneous approvals make one approval.
 */
export async function approveSubsidyClaim(ctx: Context, claimId: string) {
  const userId = userIdOf(ctx);
  const today = todayInChina();
  return prisma.$transaction(async (tx) => {
    const claim = await lockedClaim(tx, claimId);
    if (!userId || !holdsRoleFor(ctx.viewer, claim.policy.approveRole, claim.region.path)) throw new NotFoundError('SubsidyClaim');
    if (claim.status !== 'REVIEWED') throw new WrongStateError('CLAIM_NOT_REVIEWED');
    if (claim.reviewedById === userId || claim.submittedById === userId) throw new SamePersonError();
    const envelopeId = await commitToEnvelope(tx, claim.policy, today.getUTCFullYear(), claim.amountFen);
    const publicationEndsOn =
      claim.policy.publicationDays > 0
        ? addWorkingDays(today, claim.policy.publicationDays, await holidayCalendar(today, claim.policy.publicationDays, tx))
        : null;
    const plan = termsOf(claim.policy).instalments ?? [{ sharePercent: 100, afterYears: 0 }];
    const amounts = splitByShares(
      claim.amountFen,
      plan.map((p) => p.sharePercent),
    );
    const serviceStart = claim.employment?.startDate ?? today;
    await tx.instalment.createMany({
      data: plan.map((p, i) => ({
        claimId: claim.id,
        seq: i + 1,
        sharePercent: p.sharePercent,
        afterYears: p.afterYears,
        dueOn:
          p.afterYears > 0
            ? addYears(serviceStart, p.afterYears)
            : publicationEndsOn
              ? new Date(publicationEndsOn.getTime() + DAY_MS)
              : today,
        amountFen: amounts[i]!,
        status: p.afterYears === 0 && !publicationEndsOn ? ('PAYABLE' as const) : ('SCHEDULED' as const),
      })),
    });
    const updated = await tx.subsidyClaim.update({
      where: { id: claim.id },
      data: {
        status: publicationEndsOn ? 'PUBLICISED' : 'APPROVED',
        approvedById: userId,
        approvedAt: new Date(),
        publicationEndsOn,
        envelopeId,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'subsidy.approveClaim',
      entityType: 'SubsidyClaim',
      entityId: claim.id,
      before: { status: claim.status },
      after: { status: updated.status, amountFen: claim.amountFen, envelopeId, publicationEndsOn, instalments: amounts },
    });
    await emitEvent(tx, {
      code: 'claim.approved',
      subjectType: 'SubsidyClaim',
      subjectId: claim.id,
      caregiverId: claim.caregiverId,
      regionPath: claim.region.path,
      audience: ['CAREGIVER'],
      params: { reference: claim.reference, kind: claim.kind, status: updated.status, amountYuan: (claim.amountFen / 100).toFixed(2) },
    });
    return updated;
  }, TX_OPTIONS);
}

export type BulkOutcome = { claimId: string; ok: boolean; code: string | null; params?: ErrorParams; message: string | null };

/** Approves many claims, each on its own with every check of a single approval; one failure stops none of the others. */
export async function approveSubsidyClaims(ctx: Context, claimIds: string[]): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const claimId of claimIds) {
    try {
      await approveSubsidyClaim(ctx, claimId);
      outcomes.push({ claimId, ok: true, code: null, message: null });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes.push({ claimId, ok: false, code: error.code, params: error.params, message: error.message });
    }
  }
  return outcomes;
}

/**
 * Rejects with a reason: a reviewer before review is done, an approver up to the end of publication
 * (an objection upheld). An approval undone gives its commitment back and drops its instalments.
 */
export async function rejectSubsidyClaim(ctx: Context, input: TReasonInput) {
  const userId = userIdOf(ctx);
  return prisma.$transaction(async (tx) => {
    const claim = await lockedClaim(tx, input.claimId);
    const reviewer = holdsRoleFor(ctx.viewer, claim.policy.reviewRole, claim.region.path);
    const approver = holdsRoleFor(ctx.viewer, claim.policy.approveRole, claim.region.path);
    if (!userId || !(reviewer || approver)) throw new NotFoundError('SubsidyClaim');
    const allowed =
      (claim.status === 'SUBMITTED' && reviewer) ||
      (claim.status === 'REVIEWED' && approver) ||
      (claim.status === 'PUBLICISED' && approver);
    if (!allowed) throw new WrongStateError('CLAIM_NOT_REJECTABLE');
    if (claim.status === 'PUBLICISED') {
      await releaseFromEnvelope(tx, claim.envelopeId, claim.amountFen);
      await tx.instalment.deleteMany({ where: { claimId: claim.id } });
    }
    const updated = await tx.subsidyClaim.update({
      where: { id: claim.id },
      data: {
        status: 'REJECTED',
        rejectedReason: input.reason,
        approvedById: null,
        approvedAt: null,
        publicationEndsOn: null,
        envelopeId: null,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'subsidy.rejectClaim',
      entityType: 'SubsidyClaim',
      entityId: claim.id,
      before: { status: claim.status },
      after: { status: 'REJECTED', reason: input.reason },
    });
    // The reason is free text: the caregiver reads it on the claim, the event carries the state only.
    await emitEvent(tx, {
      code: 'claim.rejected',
      subjectType: 'SubsidyClaim',
      subjectId: claim.id,
      caregiverId: claim.caregiverId,
      regionPath: claim.region.path,
      audience: ['CAREGIVER'],
      params: { reference: claim.reference, kind: claim.kind, status: 'REJECTED' },
    });
    return updated;
  }, TX_OPTIONS);
}

/**
 * A claim found fraudulent: instalments not yet paid are forfeited (their commitment released), and
 * what was paid becomes a recovery to collect. Refused while a payment is with the bank.
 */
export async function revokeSubsidyClaim(ctx: Context, input: TReasonInput) {
  const userId = userIdOf(ctx);
  return prisma.$transaction(async (tx) => {
    const claim = await lockedClaim(tx, input.claimId);
    if (!userId || !holdsRoleFor(ctx.viewer, claim.policy.approveRole, claim.region.path)) throw new NotFoundError('SubsidyClaim');
    if (!['APPROVED', 'PUBLICISED', 'PAID'].includes(claim.status)) throw new WrongStateError('CLAIM_NOT_APPROVED');
    if (claim.instalments.some((i) => i.status === 'IN_BATCH')) throw new WrongStateError('PAYMENT_WITH_BANK');
    const unpaid = claim.instalments.filter((i) => i.status === 'SCHEDULED' || i.status === 'PAYABLE' || i.status === 'SUSPENDED');
    const paidFen = claim.instalments.filter((i) => i.status === 'PAID').reduce((sum, i) => sum + i.amountFen, 0);
    await tx.instalment.updateMany({
      where: { id: { in: unpaid.map((i) => i.id) } },
      data: { status: 'FORFEITED', reason: 'REVOKED', suspendedUntil: null, checkedAt: new Date() },
    });
    await releaseFromEnvelope(
      tx,
      claim.envelopeId,
      unpaid.reduce((sum, i) => sum + i.amountFen, 0),
    );
    if (paidFen > 0)
      await tx.subsidyRecovery.create({ data: { claimId: claim.id, reason: input.reason, amountFen: paidFen, createdById: userId } });
    const updated = await tx.subsidyClaim.update({ where: { id: claim.id }, data: { status: 'REVOKED', rejectedReason: input.reason } });
    await recordAudit(tx, ctx, {
      action: 'subsidy.revokeClaim',
      entityType: 'SubsidyClaim',
      entityId: claim.id,
      before: { status: claim.status },
      after: { status: 'REVOKED', reason: input.reason, forfeitedFen: claim.amountFen - paidFen, toRecoverFen: paidFen },
    });
    for (const i of unpaid) await emitInstalmentEvent(tx, 'instalment.forfeited', claim, i, 'REVOKED');
    return updated;
  }, TX_OPTIONS);
}

/** Records money paid back on a recovery; the total recovered never passes what is owed. */
export async function recordRecovery(ctx: Context, input: TRecordRecoveryInput) {
  return prisma.$transaction(async (tx) => {
    const claim = await lockedClaim(tx, input.claimId);
    if (!holdsRoleFor(ctx.viewer, 'FINANCE_OFFICER', claim.region.path)) throw new NotFoundError('SubsidyClaim');
    const recovery = await tx.subsidyRecovery.findUnique({ where: { claimId: claim.id } });
    if (!recovery) throw new WrongStateError('NOTHING_TO_RECOVER');
    const amountFen = Math.round(input.amountYuan * 100);
    if (recovery.recoveredFen + amountFen > recovery.amountFen)
      throw new WrongStateError('RECOVERY_TOO_MUCH', { owedYuan: formatYuan(recovery.amountFen - recovery.recoveredFen) });
    const recoveredFen = recovery.recoveredFen + amountFen;
    await tx.subsidyRecovery.update({
      where: { id: recovery.id },
      data: { recoveredFen, settledAt: recoveredFen === recovery.amountFen ? new Date() : null },
    });
    await recordAudit(tx, ctx, {
      action: 'subsidy.recordRecovery',
      entityType: 'SubsidyClaim',
      entityId: claim.id,
      before: { recoveredFen: recovery.recoveredFen },
      after: { recoveredFen },
    });
    return tx.subsidyClaim.findUniqueOrThrow({ where: { id: claim.id } });
  }, TX_OPTIONS);
}
