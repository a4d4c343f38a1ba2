import {
  AssessmentKind as AssessmentKindEnum,
  CertificateSource,
  CertificateStatus,
  ExamSessionStatus,
  LevelApplicationStatus,
  RegistrationStatus,
} from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { hasRole, membershipsWith, type Viewer } from '../../graphql/viewer.ts';
import { RuleResultType } from '../../shared/rule-result.ts';
import { CaregiverNode } from '../caregivers/caregivers.types.ts';
import { type PrintedCertificate } from './certificate-pdf.ts';
import { applicationWhereFor, certificateWhereFor } from './certification.access.ts';
import {
  AssessorCodesMissingError,
  AssessorCodesTakenError,
  CertificateFontMissingError,
  VerifyUrlNotPublicError,
  CertificateSerialsExhaustedError,
  ExamNotHeldError,
  NotEligibleError,
  ObjectionsOpenError,
  PublicityRunningError,
  SessionFullError,
} from './certification.errors.ts';
import type { Eligibility } from './eligibility.ts';
import { type EmployerLookupResult } from './employer-lookup.service.ts';
import type { VerificationResult } from './verification.service.ts';
import { VerificationRateLimitedError } from './verification.service.ts';

builder.enumType(CertificateStatus, { name: 'CertificateStatus' });
builder.enumType(CertificateSource, { name: 'CertificateSource' });
builder.enumType(ExamSessionStatus, { name: 'ExamSessionStatus' });
builder.enumType(LevelApplicationStatus, { name: 'LevelApplicationStatus' });
builder.enumType(RegistrationStatus, { name: 'RegistrationStatus' });
export const AssessmentKind = builder.enumType(AssessmentKindEnum, {
  name: 'AssessmentKind',
  description: 'EMPLOYER (Y): an employer assessing its own staff; SOCIAL (S): a social assessment organisation.',
});
const RESULT_SELECT = { status: true, session: { select: { status: true, assessorId: true } } } as const;

/**
 * Whether the viewer may see an application's scores and pass or fail: the assessment body that
 * holds the session (it enters them) and admins always; the candidate and everyone else only once
 * the results are publicised, so nobody reads "passed" before the assessor has published.
 */
function resultsVisible(a: { session: { status: string; assessorId: string } }, viewer: Viewer): boolean {
  if (a.session.status !== 'OPEN' || hasRole(viewer, 'ADMIN')) return true;
  return membershipsWith(viewer, 'ASSESSOR').some((m) => m.organisationId === a.session.assessorId);
}

export const SkillLevelType = builder.prismaObject('SkillLevel', {
  description: 'A skill level of the 养老护理员 standard (levels are data: new ones need no code change).',
  fields: (t) => ({
    code: t.exposeString('code'),
    rank: t.exposeInt('rank', { description: 'Higher is more senior.' }),
    grade: t.exposeInt('grade', { nullable: true, description: '5 = 五级 … 1 = 一级; null outside the five.' }),
    nameZh: t.exposeString('nameZh'),
    nameEn: t.exposeString('nameEn'),
    requiresReview: t.exposeBoolean('requiresReview'),
  }),
});

export const CertificateNode = builder.prismaNode('Certificate', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [certificateWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true, tokenScope: 'certificates:read' },
  fields: (t) => ({
    number: t.exposeString('number'),
    caregiver: t.relation('caregiver'),
    level: t.relation('level'),
    issuer: t.relation('issuer'),
    issuedOn: t.expose('issuedOn', { type: 'Date' }),
    expiresOn: t.expose('expiresOn', { type: 'Date', nullable: true }),
    status: t.expose('status', { type: CertificateStatus }),
    source: t.expose('source', { type: CertificateSource }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    revokedReason: t.exposeString('revokedReason', { nullable: true }),
  }),
});

builder.prismaObjectField(CaregiverNode, 'certificates', (t) =>
  t.relation('certificates', {
    description: 'The person’s skill-level certificates the viewer may read, newest first (revoked ones included).',
    authScopes: { loggedIn: true, tokenScope: 'certificates:read' },
    query: (_args, ctx) => ({ where: certificateWhereFor(ctx.viewer), orderBy: [{ issuedOn: 'desc' }, { id: 'desc' }] }),
  }),
);

export const ExamSessionNode = builder.prismaNode('ExamSession', {
  id: { field: 'id' },
  authScopes: { loggedIn: true },
  fields: (t) => ({
    assessor: t.relation('assessor'),
    level: t.relation('level'),
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    place: t.exposeString('place'),
    capacity: t.exposeInt('capacity'),
    seatsTaken: t.exposeInt('seatsTaken'),
    feeFen: t.exposeInt('feeFen', { description: 'Exam fee in fen.' }),
    status: t.expose('status', { type: ExamSessionStatus }),
    publicationDays: t.exposeInt('publicationDays'),
    publicationEndsOn: t.expose('publicationEndsOn', { type: 'Date', nullable: true }),
    applications: t.relatedConnection('applications', {
      cursor: 'id',
      description: 'Applications for the session that the viewer may see (the assessor sees all of them).',
      query: (_args, ctx) => ({ where: applicationWhereFor(ctx.viewer), orderBy: { createdAt: 'asc' } }),
    }),
  }),
});

export const EligibilityType = builder.objectRef<Eligibility>('Eligibility').implement({
  description: 'Whether a person may sit a level, rule by rule (any one met rule suffices).',
  fields: (t) => ({
    eligible: t.exposeBoolean('eligible'),
    levelCode: t.exposeString('levelCode'),
    rules: t.field({ type: [RuleResultType], resolve: (e) => e.rules }),
  }),
});

export const LevelApplicationNode = builder.prismaNode('LevelApplication', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [applicationWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true },
  fields: (t) => ({
    caregiver: t.relation('caregiver'),
    session: t.relation('session'),
    status: t.field({
      type: LevelApplicationStatus,
      select: RESULT_SELECT,
      description: 'PASSED and FAILED show only once the results are publicised (before that SCHEDULED), except to the assessment body.',
      resolve: (a, _args, ctx) =>
        resultsVisible(a, ctx.viewer) || (a.status !== 'PASSED' && a.status !== 'FAILED') ? a.status : 'SCHEDULED',
    }),
    eligibility: t.field({ type: EligibilityType, select: { eligibility: true }, resolve: (a) => a.eligibility as unknown as Eligibility }),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true }),
    theoryScore: t.string({
      nullable: true,
      select: { theoryScore: true, ...RESULT_SELECT },
      description: 'Exact score as written, e.g. "59.50"; null until the results are publicised, except to the assessment body.',
      resolve: (a, _args, ctx) => (resultsVisible(a, ctx.viewer) ? (a.theoryScore?.toFixed(2) ?? null) : null),
    }),
    practicalScore: t.string({
      nullable: true,
      select: { practicalScore: true, ...RESULT_SELECT },
      resolve: (a, _args, ctx) => (resultsVisible(a, ctx.viewer) ? (a.practicalScore?.toFixed(2) ?? null) : null),
    }),
    reviewScore: t.string({
      nullable: true,
      select: { reviewScore: true, ...RESULT_SELECT },
      resolve: (a, _args, ctx) => (resultsVisible(a, ctx.viewer) ? (a.reviewScore?.toFixed(2) ?? null) : null),
    }),
    objection: t.exposeString('objection', { nullable: true }),
    objectionReply: t.exposeString('objectionReply', { nullable: true }),
    objectionOpen: t.exposeBoolean('objectionOpen'),
    certificate: t.relation('certificate', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const VerificationType = builder.objectRef<VerificationResult>('CertificateVerification').implement({
  description: 'A certificate as the public check shows it: the holder’s name masked.',
  fields: (t) => ({
    number: t.exposeString('number'),
    holderMasked: t.exposeString('holderMasked'),
    levelCode: t.exposeString('levelCode'),
    levelNameZh: t.exposeString('levelNameZh'),
    levelNameEn: t.exposeString('levelNameEn'),
    issuerName: t.exposeString('issuerName'),
    issuedOn: t.expose('issuedOn', { type: 'Date' }),
    status: t.expose('status', { type: CertificateStatus }),
    revokedOn: t.expose('revokedOn', { type: 'DateTime', nullable: true }),
  }),
});

export const FirstAidCertificateType = builder.prismaObject('FirstAidCertificate', {
  description: 'A first-aid certificate (救护员证), valid until it expires.',
  fields: (t) => ({
    number: t.exposeString('number'),
    issuer: t.exposeString('issuer'),
    issuedOn: t.expose('issuedOn', { type: 'Date' }),
    expiresOn: t.expose('expiresOn', { type: 'Date' }),
    valid: t.boolean({
      select: { expiresOn: true },
      description: 'Not expired today.',
      resolve: (c) => c.expiresOn >= new Date(new Date().toISOString().slice(0, 10)),
    }),
  }),
});

export const AssessorRegistrationNode = builder.prismaNode('AssessorRegistration', {
  id: { field: 'id' },
  authScopes: { role: ['ASSESSOR', 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
  description: 'An assessment body’s registration with the HR bureau.',
  fields: (t) => ({
    organisation: t.relation('organisation'),
    levelCodes: t.exposeStringList('levelCodes'),
    status: t.expose('status', { type: RegistrationStatus }),
    note: t.exposeString('note', { nullable: true }),
    decisionReason: t.exposeString('decisionReason', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    assessmentKind: t.expose('assessmentKind', { type: AssessmentKind, nullable: true }),
    bodyCode: t.exposeString('bodyCode', { nullable: true }),
    provinceCode: t.exposeString('provinceCode', { nullable: true }),
    siteCode: t.exposeString('siteCode', { nullable: true }),
    filingCode: t.exposeString('filingCode', { nullable: true, description: '备案编号, printed on the body’s certificates.' }),
    hasSeal: t.boolean({
      select: { sealSha256: true },
      description: 'Whether the body has uploaded its seal image.',
      resolve: (r) => r.sealSha256 !== null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.objectType(VerificationRateLimitedError, {
  name: 'VerificationRateLimitedError',
  interfaces: [ErrorInterface],
  description: 'Too many certificate look-ups from this address; try again later.',
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

builder.objectType(VerifyUrlNotPublicError, {
  name: 'VerifyUrlNotPublicError',
  interfaces: [ErrorInterface],
  description:
    'The verification address the QR code would print is not public (localhost) in production; an operator must set PUBLIC_VERIFY_URL.',
});

builder.objectType(CertificateFontMissingError, {
  name: 'CertificateFontMissingError',
  interfaces: [ErrorInterface],
  description:
    'The server has no CJK font to print certificates with; an operator must install one (fonts-noto-cjk) or set CERTIFICATE_FONT.',
});

export const CertificatePdfType = builder.objectRef<PrintedCertificate>('CertificatePdf').implement({
  description: 'A certificate printed as an A4 landscape PDF, with a QR code to the public verification page.',
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    contentBase64: t.string({ description: 'The PDF, base64-encoded.', resolve: (p) => p.pdf.toString('base64') }),
    verificationUrl: t.exposeString('verificationUrl', {
      description: 'Where the QR code points: the verification page with the number filled in.',
    }),
  }),
});

export const EmployerLookupType = builder.objectRef<EmployerLookupResult>('EmployerLookup').implement({
  description: 'What a hiring institution sees about a candidate: valid certificates, first aid, and any blacklist entry in force.',
  fields: (t) => ({
    found: t.exposeBoolean('found', { description: 'False when no one with this ID number and name is registered.' }),
    certificates: t.field({
      type: [
        builder.objectRef<EmployerLookupResult['certificates'][number]>('EmployerLookupCertificate').implement({
          fields: (f) => ({
            number: f.exposeString('number'),
            levelNameZh: f.exposeString('levelNameZh'),
            levelNameEn: f.exposeString('levelNameEn'),
            issuedOn: f.expose('issuedOn', { type: 'Date' }),
            issuerName: f.exposeString('issuerName'),
          }),
        }),
      ],
      resolve: (r) => r.certificates,
    }),
    firstAidValidUntil: t.expose('firstAidValidUntil', { type: 'Date', nullable: true }),
    blacklisted: t.field({
      type: builder.objectRef<NonNullable<EmployerLookupResult['blacklisted']>>('EmployerLookupBlacklist').implement({
        fields: (f) => ({ reason: f.exposeString('reason'), until: f.expose('until', { type: 'Date', nullable: true }) }),
      }),
      nullable: true,
      resolve: (r) => r.blacklisted,
    }),
  }),
});

builder.objectType(NotEligibleError, {
  name: 'NotEligibleError',
  description: 'The person meets none of the level’s entry rules; `eligibility` says what each lacks.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    eligibility: t.field({ type: EligibilityType, resolve: (e) => ({ eligible: false, levelCode: '', rules: e.rules }) }),
  }),
});

builder.objectType(SessionFullError, {
  name: 'SessionFullError',
  description: 'Every seat of the session is taken.',
  interfaces: [ErrorInterface],
});

builder.objectType(ExamNotHeldError, {
  name: 'ExamNotHeldError',
  description: 'The exam session has not taken place yet (params: startsAt).',
  interfaces: [ErrorInterface],
});

builder.objectType(PublicityRunningError, {
  name: 'PublicityRunningError',
  description: 'Results are still publicised (params: endsOn, the last day).',
  interfaces: [ErrorInterface],
});

builder.objectType(AssessorCodesMissingError, {
  name: 'AssessorCodesMissingError',
  description: 'The HR bureau has not recorded the body’s codes: approve the registration again with them.',
  interfaces: [ErrorInterface],
});

builder.objectType(AssessorCodesTakenError, {
  name: 'AssessorCodesTakenError',
  description: 'Another body has these codes (params: bodyCode, provinceCode, siteCode).',
  interfaces: [ErrorInterface],
});

builder.objectType(CertificateSerialsExhaustedError, {
  name: 'CertificateSerialsExhaustedError',
  description: 'The site has given every serial of the year and level.',
  interfaces: [ErrorInterface],
});

builder.objectType(ObjectionsOpenError, {
  name: 'ObjectionsOpenError',
  description: 'Objections are still to be answered (params: count).',
  interfaces: [ErrorInterface],
});
