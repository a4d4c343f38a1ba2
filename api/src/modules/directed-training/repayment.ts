import type { BreachKind } from '../../generated/prisma/enums.ts';
import { wholeMonthsBetween } from '../../shared/china-time.ts';

export type ClassTerms = {
  programmeYears: number;
  tuitionFenPerYear: number;
  lodgingFenPerYear: number;
  allowanceFenPerYear: number;
  penaltyPercent: number;
};
export type Repayment = { monthsSupported: number; supportReceivedFen: number; penaltyFen: number; amountDueFen: number };

/**
 * What a breach costs: the support received (tuition and lodging waived and the living allowance, for
 * each whole month studied, at most the programme's length) plus the penalty on it. A drop-out is
 * supported until they left; a graduate for the whole time studied. Fen are rounded half up.
 */
export function repaymentFor(
  terms: ClassTerms,
  student: { enrolledOn: Date; graduatedOn: Date | null },
  kind: BreachKind,
  occurredOn: Date,
): Repayment {
  const studiedUntil = kind === 'DROPPED_OUT' || !student.graduatedOn ? occurredOn : student.graduatedOn;
  const monthsSupported = Math.min(Math.max(0, wholeMonthsBetween(student.enrolledOn, studiedUntil)), terms.programmeYears * 12);
  const perYear = terms.tuitionFenPerYear + terms.lodgingFenPerYear + terms.allowanceFenPerYear;
  const supportReceivedFen = Math.round((perYear * monthsSupported) / 12);
  const penaltyFen = Math.round((supportReceivedFen * terms.penaltyPercent) / 100);
  return { monthsSupported, supportReceivedFen, penaltyFen, amountDueFen: supportReceivedFen + penaltyFen };
}

/** Service owed in months, and whether the insured months served meet it. */
export const serviceOwedMonths = (serviceYears: number) => serviceYears * 12;
