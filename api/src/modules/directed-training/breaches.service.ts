import { prisma, type Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import { hasRole } from '../../graphql/viewer.ts';
import { todayInChina } from '../../shared/china-time.ts';
import { formatYuan } from '../../shared/money.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { settleAwardsOnLeaving } from '../subsidies/instalments.service.ts';
import { lockStudent } from './classes.service.ts';
import { mayManageClass } from './directed-training.access.ts';

import type { TCreditRecordInput, TRecordBreachInput, TRecordRepaymentInput } from './directed-training.schemas.ts';
import { repaymentFor } from './repayment.ts';

// Which breach fits which state: a student drops out, a graduate refuses placement, a placed graduate leaves.
const BREACH_FROM = { DROPPED_OUT: ['ENROLLED'], REFUSED_PLACEMENT: ['GRADUATED'], LEFT_SERVICE: ['PLACED', 'SERVING'] } as const;

/** Opens a breach with the repayment it costs (support received plus the class's penalty). */
export async function recordBreach(ctx: Context, input: TRecordBreachInput) {
  return prisma.$transaction(async (tx) => {
    const s = await lockStudent(tx, ctx, input.studentId, true);
    if (!(BREACH_FROM[input.kind] as readonly string[]).includes(s.status)) {
      throw new WrongStateError('STUDENT_STATUS', { status: s.status, action: `BREACH_${input.kind}` });
    }
    if (input.occurredOn < s.enrolledOn) throw InputValidationError.at(['input', 'occurredOn'], 'BEFORE_ENROLMENT');
    if (input.occurredOn > todayInChina()) throw InputValidationError.at(['input', 'occurredOn'], 'DATE_IN_FUTURE');
    const due = repaymentFor(s.class, s, input.kind, input.occurredOn);
    const breach = await tx.directedBreach.create({
      data: {
        studentId: s.id,
        kind: input.kind,
        occurredOn: input.occurredOn,
        note: input.note,
        supportReceivedFen: due.supportReceivedFen,
        penaltyPercent: s.class.penaltyPercent,
        amountDueFen: due.amountDueFen,
        status: due.amountDueFen === 0 ? 'REPAID' : 'DUE',
        recordedById: ctx.viewer?.kind === 'user' ? ctx.viewer.userId : null,
      },
    });
    await tx.directedStudent.update({ where: { id: s.id }, data: { status: 'BREACHED' } });
    if (input.kind === 'LEFT_SERVICE' && s.placementId) {
      // The placement ends the day the graduate left, unless the employer recorded an end already.
      const ended = await tx.employment.updateMany({ where: { id: s.placementId, endDate: null }, data: { endDate: input.occurredOn } });
      if (ended.count) await settleAwardsOnLeaving(tx, ctx, { id: s.placementId, caregiverId: s.caregiverId, endDate: input.occurredOn });
    }
    await recordAudit(tx, ctx, {
      action: 'directed.breach',
      entityType: 'DirectedBreach',
      entityId: breach.id,
      before: { status: s.status },
      after: { ...breach, monthsSupported: due.monthsSupported },
    });
    return breach;
  });
}

async function lockBreach(tx: Tx, ctx: Context, breachId: string) {
  await tx.$queryRaw`SELECT id FROM "DirectedBreach" WHERE id = ${breachId}::uuid FOR UPDATE`;
  const breach = await tx.directedBreach.findUnique({
    where: { id: breachId },
    include: { student: { include: { class: { include: { sponsorRegion: { select: { path: true } } } } } } },
  });
  const cls = breach?.student.class;
  if (!breach || !cls || !mayManageClass(ctx.viewer, { collegeId: cls.collegeId, sponsorRegionPath: cls.sponsorRegion.path }, true))
    throw new NotFoundError('DirectedBreach');
  return breach;
}

/**
 * Records money received against a breach. The receipt reference makes a repeat harmless (the same
 * receipt again returns the breach unchanged; the same receipt with another amount is refused), and
 * nobody can record more than is outstanding.
 */
export async function recordRepayment(ctx: Context, input: TRecordRepaymentInput) {
  return prisma.$transaction(async (tx) => {
    const breach = await lockBreach(tx, ctx, input.breachId);
    const same = await tx.repayment.findUnique({ where: { breachId_reference: { breachId: breach.id, reference: input.reference } } });
    if (same) {
      if (same.amountFen !== input.amountYuan)
        throw InputValidationError.at(['input', 'reference'], 'RECEIPT_RECORDED', {
          reference: input.reference,
          amountYuan: formatYuan(same.amountFen),
        });
      return tx.directedBreach.findUniqueOrThrow({ where: { id: breach.id } });
    }
    if (breach.status !== 'DUE') throw new WrongStateError('REPAYMENT_NOT_DUE', { status: breach.status });
    const outstanding = breach.amountDueFen - breach.repaidFen;
    if (input.amountYuan > outstanding)
      throw InputValidationError.at(['input', 'amountYuan'], 'AMOUNT_OVER_OUTSTANDING', { outstandingYuan: formatYuan(outstanding) });
    if (input.paidOn > todayInChina()) throw InputValidationError.at(['input', 'paidOn'], 'DATE_IN_FUTURE');
    if (input.paidOn < breach.occurredOn) throw InputValidationError.at(['input', 'paidOn'], 'BEFORE_BREACH');
    const repayment = await tx.repayment.create({
      data: {
        breachId: breach.id,
        amountFen: input.amountYuan,
        paidOn: input.paidOn,
        reference: input.reference,
        recordedById: ctx.viewer?.kind === 'user' ? ctx.viewer.userId : null,
      },
    });
    const repaidFen = breach.repaidFen + input.amountYuan;
    const after = await tx.directedBreach.update({
      where: { id: breach.id },
      data: { repaidFen, status: repaidFen === breach.amountDueFen ? 'REPAID' : 'DUE' },
    });
    await recordAudit(tx, ctx, {
      action: 'directed.repayment',
      entityType: 'DirectedBreach',
      entityId: breach.id,
      before: { repaidFen: breach.repaidFen },
      after: { repaidFen, status: after.status, repaymentId: repayment.id, reference: input.reference },
    });
    return after;
  });
}

/** The HR bureau writes an unpaid repayment to the credit record; it stays owed. */
export async function recordToCreditRecord(ctx: Context, input: TCreditRecordInput) {
  if (!hasRole(ctx.viewer, 'HR_APPROVER', 'ADMIN')) throw new ForbiddenError('HR_APPROVER_ONLY');
  return prisma.$transaction(async (tx) => {
    const breach = await lockBreach(tx, ctx, input.breachId);
    if (breach.status !== 'DUE') throw new WrongStateError('REPAYMENT_NOT_DUE', { status: breach.status });
    const after = await tx.directedBreach.update({ where: { id: breach.id }, data: { status: 'CREDIT_RECORDED' } });
    await recordAudit(tx, ctx, {
      action: 'directed.creditRecord',
      entityType: 'DirectedBreach',
      entityId: breach.id,
      before: { status: breach.status },
      after: { status: after.status, note: input.note, outstandingFen: breach.amountDueFen - breach.repaidFen },
    });
    return after;
  });
}
