import { IMAGE_MAX_BYTES, zBase64Upload } from '../../files/file-store.ts';
import { z } from 'zod';
import { coded } from '../../graphql/zod-issues.ts';
import { zGlobalId } from '../../graphql/global-id.ts';
import { checkPlausibleDates } from '../../shared/plausible-dates.ts';
import { ZResidentId } from '../caregivers/caregivers.schemas.ts';
import { isWellFormedCertificateNumber, normaliseCertificateNumber } from './certificate-number.ts';

const ZScore = z
  .number()
  .min(0, 'must be between 0 and 100')
  .max(100, 'must be between 0 and 100')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, coded('TOO_MANY_DECIMALS', { places: 2 }));

export const ZCreateExamSessionInput = z
  .object({
    levelCode: z.string().trim().min(1).max(30),
    startsAt: z.date().refine((d) => d.getTime() > Date.now(), coded('DATE_NOT_IN_FUTURE')),
    place: z.string().trim().min(2, 'say where').max(200),
    capacity: z.number().int('must be a whole number').min(1, 'at least 1').max(2000, 'at most 2,000'),
    feeYuan: z
      .number()
      .min(0, 'cannot be negative')
      .max(100_000)
      .refine((v) => Number.isInteger(v * 100), coded('TOO_MANY_DECIMALS', { places: 2 })),
    publicationDays: z.number().int().min(1).max(30).default(5),
  })
  .superRefine((v, ctx) => checkPlausibleDates(v, ctx, ['startsAt']));
export type TCreateExamSessionInput = z.infer<typeof ZCreateExamSessionInput>;

export const ZApplyForExamInput = z.object({
  sessionId: zGlobalId('ExamSession'),
  /** Institution staff apply for one of their people; a caregiver applies for themself. */
  caregiverId: zGlobalId('Caregiver').nullish(),
});
export type TApplyForExamInput = z.infer<typeof ZApplyForExamInput>;

export const ZDecideApplicationInput = z
  .object({
    applicationId: zGlobalId('LevelApplication'),
    approve: z.boolean(),
    reason: z.string().trim().max(500).nullish(),
  })
  .refine((v) => v.approve || (v.reason?.length ?? 0) >= 2, { path: ['reason'], message: 'say why the application is rejected' });
export type TDecideApplicationInput = z.infer<typeof ZDecideApplicationInput>;

export const ZRecordScoresInput = z.object({
  applicationId: zGlobalId('LevelApplication'),
  theory: ZScore,
  practical: ZScore,
  review: ZScore.nullish(),
});
export type TRecordScoresInput = z.infer<typeof ZRecordScoresInput>;

export const ZObjectionInput = z.object({
  applicationId: zGlobalId('LevelApplication'),
  text: z.string().trim().min(5, 'describe the objection (at least 5 characters)').max(1000),
});
export type TObjectionInput = z.infer<typeof ZObjectionInput>;

export const ZResolveObjectionInput = z.object({
  applicationId: zGlobalId('LevelApplication'),
  reply: z.string().trim().min(2, 'reply to the objection').max(1000),
});
export type TResolveObjectionInput = z.infer<typeof ZResolveObjectionInput>;

export const ZRevokeCertificateInput = z.object({
  certificateId: zGlobalId('Certificate'),
  reason: z.string().trim().min(4, 'say why (at least 4 characters)').max(500),
});
export type TRevokeCertificateInput = z.infer<typeof ZRevokeCertificateInput>;

export const ZVerifyCertificateInput = z.object({
  number: z
    .string()
    .max(60)
    .transform(normaliseCertificateNumber)
    .refine(isWellFormedCertificateNumber, {
      message: 'is not a certificate number (a letter and 21 digits, or an earlier 18- or 16-character number)',
      params: { code: 'CERTIFICATE_NUMBER_FORMAT' },
    }),
  holderName: z.string().trim().min(2, 'enter the holder’s full name').max(30),
});
export type TVerifyCertificateInput = z.infer<typeof ZVerifyCertificateInput>;

export const ZRecordFirstAidInput = z
  .object({
    caregiverId: zGlobalId('Caregiver'),
    number: z.string().trim().min(4, 'enter the certificate number').max(40),
    issuer: z.string().trim().min(2, 'name the issuing body, e.g. 江西省红十字会').max(100),
    issuedOn: z.date(),
    expiresOn: z.date(),
  })
  .refine((v) => v.expiresOn > v.issuedOn, {
    path: ['expiresOn'],
    message: 'must be after the issue date',
    params: { code: 'EXPIRY_NOT_AFTER_ISSUE' },
  });
export type TRecordFirstAidInput = z.infer<typeof ZRecordFirstAidInput>;

export const ZEmployerLookupInput = z.object({
  residentId: ZResidentId,
  name: z.string().trim().min(2, 'enter the full name').max(30),
  /** The person agreed to the check (PIPL art. 13): the employer confirms it, and the audit row keeps it. */
  consent: z.boolean().refine((v) => v, coded('CONSENT_REQUIRED')),
});
export type TEmployerLookupInput = z.infer<typeof ZEmployerLookupInput>;

export const ZApplyAsAssessorInput = z.object({
  levelCodes: z.array(z.string().trim().min(1).max(30)).min(1, 'choose at least one level').max(10),
  note: z.string().trim().max(1000).nullish(),
});
export type TApplyAsAssessorInput = z.infer<typeof ZApplyAsAssessorInput>;

export const ZDecideAssessorInput = z
  .object({
    registrationId: zGlobalId('AssessorRegistration'),
    approve: z.boolean(),
    reason: z.string().trim().max(500).nullish(),
    assessmentKind: z.enum(['EMPLOYER', 'SOCIAL']).nullish(),
    bodyCode: z
      .string()
      .trim()
      .regex(/^\d{4}$/, '4 digits (0000 for a body registered with the province)')
      .nullish(),
    siteCode: z
      .string()
      .trim()
      .regex(/^\d{6}$/, '6 digits, as the province assigned')
      .nullish(),
  })
  .refine((v) => v.approve || (v.reason?.length ?? 0) >= 2, { path: ['reason'], message: 'say why the registration is refused' })
  .refine((v) => !v.approve || v.assessmentKind, {
    path: ['assessmentKind'],
    message: 'say whether the body is an employer (Y) or a social organisation (S)',
    params: { code: 'REQUIRED' },
  })
  .refine((v) => !v.approve || v.bodyCode, {
    path: ['bodyCode'],
    message: 'enter the body code (0000 for a body registered with the province)',
    params: { code: 'REQUIRED' },
  })
  .refine((v) => !v.approve || v.siteCode, {
    path: ['siteCode'],
    message: 'enter the site serial the province assigned',
    params: { code: 'REQUIRED' },
  });
export type TDecideAssessorInput = z.infer<typeof ZDecideAssessorInput>;

/** 备案编号 as the HR bureau gave it: letters, digits and dashes. */
export const ZSetAssessorFilingInput = z.object({
  registrationId: zGlobalId('AssessorRegistration'),
  filingCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => /^[A-Z0-9-]{4,40}$/.test(v), coded('FILING_CODE_FORMAT')),
});
export type TSetAssessorFilingInput = z.infer<typeof ZSetAssessorFilingInput>;

export const ZUploadSealInput = z.object({
  registrationId: zGlobalId('AssessorRegistration'),
  fileName: z.string().trim().min(1).max(200),
  contentBase64: zBase64Upload(IMAGE_MAX_BYTES),
});
export type TUploadSealInput = z.infer<typeof ZUploadSealInput>;
