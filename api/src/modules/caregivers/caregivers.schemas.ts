import { IMAGE_MAX_BYTES, zBase64Upload } from '../../files/file-store.ts';
import { z } from 'zod';
import { coded } from '../../graphql/zod-issues.ts';
import { ContractType, Education, Post } from '../../generated/prisma/enums.ts';
import { zGlobalId } from '../../graphql/global-id.ts';
import { parseResidentId } from './resident-id.ts';

// Dates are civil dates in China (UTC+8, no daylight saving): 'today' there, not in UTC.
const today = () => new Date(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));

export const ZResidentId = z.string().transform((raw, ctx) => {
  const parsed = parseResidentId(raw);
  if (!parsed.ok) {
    ctx.addIssue({
      code: 'custom',
      message: `invalid resident ID number: ${parsed.reason}`,
      params: { code: parsed.code, ...parsed.params },
    });
    return z.NEVER;
  }
  return parsed;
});

export const ZPhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number');

export const ZPersonName = z
  .string()
  .trim()
  .min(2, 'at least 2 characters')
  .max(30, 'at most 30 characters')
  .regex(/^[\p{Script=Han}A-Za-z·• .'-]+$/u, 'letters, Chinese characters and · only');

export const ZRegionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');

const ZEmploymentBase = z.object({
  institutionId: zGlobalId('Organisation'),
  post: z.enum(Post),
  contractType: z.enum(ContractType),
  fullTime: z.boolean(),
  startDate: z.date().refine((d) => d <= today(), coded('DATE_IN_FUTURE')),
  endDate: z.date().nullish(),
  /** Last day of the labour contract as signed. */
  contractEndsOn: z.date().nullish(),
});

function endAfterStart<T extends { startDate: Date; endDate?: Date | null; contractEndsOn?: Date | null }>(v: T, ctx: z.RefinementCtx) {
  if (v.endDate && v.endDate < v.startDate)
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before the start date', params: { code: 'END_BEFORE_START' } });
  if (v.contractEndsOn && v.contractEndsOn <= v.startDate)
    ctx.addIssue({
      code: 'custom',
      path: ['contractEndsOn'],
      message: 'must be after the start date',
      params: { code: 'CONTRACT_END_NOT_AFTER_START' },
    });
}

export const ZEmploymentFields = ZEmploymentBase.superRefine(endAfterStart);

export const ZRegisterCaregiverInput = z.object({
  name: ZPersonName,
  residentId: ZResidentId,
  phone: ZPhone.nullish(),
  education: z.enum(Education),
  regionCode: ZRegionCode,
  familyCarer: z.boolean().default(false),
  employment: ZEmploymentFields.nullish(),
});
export type TRegisterCaregiverInput = z.infer<typeof ZRegisterCaregiverInput>;

export const ZUpdateCaregiverInput = z.object({
  name: ZPersonName.optional(),
  phone: ZPhone.nullish(),
  education: z.enum(Education).optional(),
  regionCode: ZRegionCode.optional(),
  familyCarer: z.boolean().optional(),
  /** The bank (social security card) account subsidies are paid into: 12 to 19 digits. */
  bankAccount: z
    .string()
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits'))
    .optional(),
  bankName: z.string().trim().min(2, 'at least 2 characters').max(60, 'at most 60 characters').optional(),
});
export type TUpdateCaregiverInput = z.infer<typeof ZUpdateCaregiverInput>;

export const ZCorrectResidentIdInput = z.object({
  caregiverId: zGlobalId('Caregiver'),
  residentId: ZResidentId,
  reason: z.string().trim().min(4, 'say why (at least 4 characters)').max(500),
});
export type TCorrectResidentIdInput = z.infer<typeof ZCorrectResidentIdInput>;

export const ZAddEmploymentInput = ZEmploymentBase.extend({ caregiverId: zGlobalId('Caregiver') }).superRefine(endAfterStart);
export type TAddEmploymentInput = z.infer<typeof ZAddEmploymentInput>;

export const ZUpdateEmploymentInput = z.object({
  post: z.enum(Post).optional(),
  contractType: z.enum(ContractType).optional(),
  fullTime: z.boolean().optional(),
  endDate: z.date().nullish(),
  contractEndsOn: z.date().nullish(),
});
export type TUpdateEmploymentInput = z.infer<typeof ZUpdateEmploymentInput>;

const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

export const ZEmploymentMonthInput = z.object({
  month: ZMonth,
  socialInsurancePaid: z.boolean(),
  attendanceDays: z.number().int().min(0, 'cannot be negative').max(31, 'at most 31'),
});

export const ZRecordEmploymentMonthsInput = z.object({
  months: z
    .array(ZEmploymentMonthInput)
    .min(1, 'at least one month')
    .max(120)
    .refine((ms) => new Set(ms.map((m) => m.month)).size === ms.length, 'each month once'),
});
export type TRecordEmploymentMonthsInput = z.infer<typeof ZRecordEmploymentMonthsInput>;

export const ZRevealResidentIdInput = z.object({
  caregiverId: zGlobalId('Caregiver'),
  /** Why the full number is needed, kept in the audit log (e.g. 办理社保补缴核对). */
  purpose: z.string().trim().min(4, 'say why the full number is needed (at least 4 characters)').max(200),
});
export type TRevealResidentIdInput = z.infer<typeof ZRevealResidentIdInput>;

export const ZUploadPhotoInput = z.object({
  caregiverId: zGlobalId('Caregiver'),
  fileName: z.string().trim().min(1).max(200),
  contentBase64: zBase64Upload(IMAGE_MAX_BYTES),
});
export type TUploadPhotoInput = z.infer<typeof ZUploadPhotoInput>;
