import { z } from 'zod';
import { BreachKind, ContractType, Education, Post } from '../../generated/prisma/enums.ts';
import { atMostDecimals } from '../../shared/decimal-places.ts';
import { zGlobalId } from '../../graphql/global-id.ts';
import { ZPersonName, ZPhone, ZResidentId } from '../caregivers/caregivers.schemas.ts';

const ZYuan = (max: number) =>
  z
    .number()
    .min(0, 'cannot be negative')
    .max(max, `must be at most ${max} yuan`)
    .refine(atMostDecimals(2), 'at most two decimals')
    .transform((v) => Math.round(v * 100));
const ZText = (min: number, max: number) => z.string().trim().min(min, `at least ${min} characters`).max(max, `at most ${max} characters`);
const ZDay = z.date();

export const ZCreateDirectedClassInput = z.object({
  cohortYear: z.number().int('must be a year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'),
  major: ZText(2, 60),
  name: ZText(2, 80),
  quota: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
  sponsorRegionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code'),
  sponsorName: ZText(2, 80),
  serviceYears: z.number().int('must be whole years').min(1, 'must be at least 1').max(20, 'must be at most 20').default(5),
  programmeYears: z.number().int('must be whole years').min(1, 'must be at least 1').max(6, 'must be at most 6').default(3),
  tuitionYuanPerYear: ZYuan(100_000),
  lodgingYuanPerYear: ZYuan(100_000),
  allowanceYuanPerYear: ZYuan(100_000),
  penaltyPercent: z.number().int('must be a whole percentage').min(0, 'must be 0 to 200').max(200, 'must be 0 to 200').default(50),
});
export type TCreateDirectedClassInput = z.infer<typeof ZCreateDirectedClassInput>;

export const ZStudentNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{2,30}$/, 'letters, digits and - only (2 to 30)');
export const ZAgreementNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{4,40}$/, 'letters, digits and - only (4 to 40)');

/** A student as admitted: the person (registered if new) and their place in the class. */
export const ZStudentFields = z.object({
  studentNo: ZStudentNo,
  name: ZPersonName,
  residentId: ZResidentId,
  phone: ZPhone.nullish(),
  education: z.enum(Education).default('SENIOR'),
  enrolledOn: ZDay,
});

export const ZAdmitStudentInput = ZStudentFields.extend({ classId: zGlobalId('DirectedClass') });
export type TAdmitStudentInput = z.infer<typeof ZAdmitStudentInput>;

export const ZRecordAgreementInput = z.object({ studentId: zGlobalId('DirectedStudent'), agreementNo: ZAgreementNo, signedOn: ZDay });
export type TRecordAgreementInput = z.infer<typeof ZRecordAgreementInput>;

export const ZGraduateInput = z.object({
  studentId: zGlobalId('DirectedStudent'),
  graduatedOn: ZDay,
  earlyGraduationReason: ZText(2, 500).nullish(),
});
export type TGraduateInput = z.infer<typeof ZGraduateInput>;

export const ZPlaceGraduateInput = z.object({
  studentId: zGlobalId('DirectedStudent'),
  institutionId: zGlobalId('Organisation'),
  startDate: ZDay,
  post: z.enum(Post).default('CARE_WORKER'),
  contractType: z.enum(ContractType).default('LABOUR'),
  contractEndsOn: ZDay.nullish(),
});
export type TPlaceGraduateInput = z.infer<typeof ZPlaceGraduateInput>;

export const ZRecordBreachInput = z.object({
  studentId: zGlobalId('DirectedStudent'),
  kind: z.enum(BreachKind),
  occurredOn: ZDay,
  note: ZText(2, 500),
});
export type TRecordBreachInput = z.infer<typeof ZRecordBreachInput>;

export const ZRecordRepaymentInput = z.object({
  breachId: zGlobalId('DirectedBreach'),
  amountYuan: ZYuan(10_000_000).refine((fen) => fen > 0, 'must be more than 0'),
  paidOn: ZDay,
  reference: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,40}$/, 'the receipt number: letters, digits and - (4 to 40)'),
});
export type TRecordRepaymentInput = z.infer<typeof ZRecordRepaymentInput>;

export const ZCreditRecordInput = z.object({ breachId: zGlobalId('DirectedBreach'), note: ZText(2, 500) });
export type TCreditRecordInput = z.infer<typeof ZCreditRecordInput>;
