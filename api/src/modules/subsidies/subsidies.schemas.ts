import { z } from 'zod';
import { zGlobalId } from '../../graphql/global-id.ts';
import { zActivityDate } from '../../shared/plausible-dates.ts';
import { zYuan } from '../../shared/money.ts';
import { coded } from '../../graphql/zod-issues.ts';
import { ZBankFileColumns } from './bank-file.ts';

const KINDS = ['ONBOARDING_AWARD', 'POST_SUBSIDY', 'SKILLS_UPGRADE', 'CERTIFICATION', 'TRAINING', 'COMPETITION_AWARD'] as const;
const reason = z.string().trim().min(2, 'must give a reason').max(500);
const firstOfMonth = z.date().refine((d) => d.getUTCDate() === 1, 'must be the first day of a month');
const base64 = (maxBytes: number, label: string) =>
  z
    .string()
    .max(Math.ceil((maxBytes * 4) / 3) + 4, `file is larger than ${label}`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/** What a claim is for; which ids are needed depends on the kind. Amounts are never part of the input. */
export const ZClaimInput = z.object({
  kind: z.enum(KINDS),
  caregiverId: zGlobalId('Caregiver').nullish(),
  employmentId: zGlobalId('Employment').nullish(),
  month: firstOfMonth.nullish(),
  graduatedOn: z.date().nullish(),
  certificateId: zGlobalId('Certificate').nullish(),
  enrolmentId: z.string().uuid('must be an enrolment id').nullish(),
});
export type TClaimInput = z.infer<typeof ZClaimInput>;

export const ZAddEvidenceInput = z.object({
  claimId: zGlobalId('SubsidyClaim'),
  kind: z.enum(['CONTRACT', 'DIPLOMA', 'INSURANCE_RECORD', 'OTHER']),
  fileName: z.string().trim().min(1).max(200),
  contentBase64: base64(3 * 1024 * 1024, '3 MB'),
});
export type TAddEvidenceInput = z.infer<typeof ZAddEvidenceInput>;

export const ZReviewClaimInput = z
  .object({ claimId: zGlobalId('SubsidyClaim'), pass: z.boolean(), reason: reason.nullish() })
  .refine((v) => v.pass || !!v.reason, { path: ['reason'], message: 'is required when rejecting' });
export type TReviewClaimInput = z.infer<typeof ZReviewClaimInput>;

export const ZReasonInput = z.object({ claimId: zGlobalId('SubsidyClaim'), reason });
export type TReasonInput = z.infer<typeof ZReasonInput>;

export const ZRecordRecoveryInput = z.object({
  claimId: zGlobalId('SubsidyClaim'),
  amountYuan: zYuan(10_000_000).refine((v) => v > 0, 'must be more than 0'),
});
export type TRecordRecoveryInput = z.infer<typeof ZRecordRecoveryInput>;

export const ZRosterInput = z.object({
  institutionId: zGlobalId('Organisation'),
  month: firstOfMonth,
  lines: z
    .array(
      z.object({
        employmentId: zGlobalId('Employment'),
        attendanceDays: z.number().int().min(0).max(31),
        socialInsurancePaid: z.boolean(),
        liabilityIncident: z.boolean(),
      }),
    )
    .max(5000),
});
export type TRosterInput = z.infer<typeof ZRosterInput>;

/** The bureau roles a policy may name to review and to approve its claims (a person never does both: SAME_PERSON). */
export const DECIDING_ROLES = ['HR_REVIEWER', 'HR_APPROVER', 'CIVIL_AFFAIRS_ANALYST'] as const;

export const ZPublishPolicyInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{3,30}$/, 'must be 3–30 capital letters, digits or dashes'),
  kind: z.enum(KINDS),
  nameZh: z.string().trim().min(2).max(100),
  nameEn: z.string().trim().min(2).max(200),
  regionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code'),
  effectiveFrom: zActivityDate,
  effectiveTo: zActivityDate.nullish(),
  amounts: z.record(z.string(), z.unknown()),
  rules: z.record(z.string(), z.unknown()).nullish(),
  instalments: z.array(z.object({ sharePercent: z.number(), afterYears: z.number() })).nullish(),
  publicationDays: z.number().int().min(0).max(30),
  fundCodes: z.array(z.string()).min(1, 'at least one fund source'),
  reviewRole: z.enum(DECIDING_ROLES).nullish(),
  approveRole: z.enum(DECIDING_ROLES).nullish(),
});
export type TPublishPolicyInput = z.infer<typeof ZPublishPolicyInput>;

/** Ten billion yuan: more than any city's yearly care-workforce fund. */
export const FUND_ENVELOPE_MAX_YUAN = 10_000_000_000;

export const ZSetEnvelopeInput = z.object({
  fundCode: z.string(),
  year: z.number().int().min(2000).max(2100),
  amountYuan: zYuan(FUND_ENVELOPE_MAX_YUAN),
  reason: z.string().trim().min(2, 'give the reason for the budget (the decision or document)').max(500),
});
export type TSetEnvelopeInput = z.infer<typeof ZSetEnvelopeInput>;

export const ZCreatePaymentBatchInput = z.object({
  regionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code'),
  /** Chosen by the client per attempt (a UUID); a retry with the same key returns the same batch. */
  idempotencyKey: z.string().trim().min(8, 'must be at least 8 characters').max(100),
  claimIds: z.array(zGlobalId('SubsidyClaim')).max(5000).nullish(),
});
export type TCreatePaymentBatchInput = z.infer<typeof ZCreatePaymentBatchInput>;

export const ZImportBankReturnInput = z.object({
  batchId: zGlobalId('PaymentBatch'),
  fileName: z
    .string()
    .trim()
    .regex(/\.(csv|xlsx)$/i, 'must be a .csv or .xlsx file')
    .max(200),
  contentBase64: base64(5 * 1024 * 1024, '5 MB'),
});
export type TImportBankReturnInput = z.infer<typeof ZImportBankReturnInput>;

export const ZCreateFundSourceInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{3,30}$/, 'must be 3–30 capital letters, digits or dashes'),
  name: z.string().trim().min(2).max(100),
  kind: z.enum(['WELFARE_LOTTERY', 'SPECIAL_FUND', 'EMPLOYMENT_FUND']),
  regionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code'),
});
export type TCreateFundSourceInput = z.infer<typeof ZCreateFundSourceInput>;

/** The paying account of a fund as the bank prints it (spaces as typed are dropped), and its default bank layout. */
export const ZUpdateFundPaymentInput = z.object({
  fundCode: z.string().trim().min(1).max(30),
  payerAccount: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .refine((v) => /^\d{8,32}$/.test(v), coded('BANK_ACCOUNT_FORMAT')),
  payerName: z.string().trim().min(2).max(100),
  payerBank: z.string().trim().max(100).nullish(),
  bankFileLayoutId: z.string().uuid().nullish(),
});
export type TUpdateFundPaymentInput = z.infer<typeof ZUpdateFundPaymentInput>;

/** A bank's 代发 template as the admin enters it: saved by its code (a new code adds a layout). */
export const ZSaveBankFileLayoutInput = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => /^[A-Z0-9][A-Z0-9-]{1,29}$/.test(v), coded('LAYOUT_CODE_FORMAT')),
  bankName: z.string().trim().min(2).max(40),
  name: z.string().trim().min(2).max(60),
  format: z.enum(['CSV', 'XLSX']),
  totalRow: z.enum(['TOP', 'BOTTOM', 'NONE']),
  columns: ZBankFileColumns,
});
export type TSaveBankFileLayoutInput = z.infer<typeof ZSaveBankFileLayoutInput>;
