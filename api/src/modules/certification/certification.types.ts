import { builder } from '../../graphql/builder.ts';
import { RuleResultType } from '../../shared/rule-result.ts';
import { hasRole, membershipsWith, type Viewer } from '../../graphql/viewer.ts';
import {
  AppealStatus,
  AssessmentKind as AssessmentKindEnum,
  CertificateSource,
  CertificateStatus,
  ExamSessionStatus,
  LevelApplicationStatus,
  RegistrationStatus,
} from '../../generated/prisma/enums.ts';
import { appealWhereFor, blacklistWhereFor } from './blacklist.service.ts';
import { applicationWhereFor, certificateWhereFor } from './certification.access.ts';
import { CaregiverNode } from '../caregivers/caregiver.types.ts';
import type { Eligibility } from './eligibility.ts';
import type { VerificationResult } from './verification.service.ts';

builder.enumType(CertificateStatus, { name: 'CertificateStatus' });
builder.enumType(CertificateSource, { name: 'CertificateSource' });
builder.enumType(ExamSessionStatus, { name: 'ExamSessionStatus' });
builder.enumType(LevelApplicationStatus, { name: 'LevelApplicationStatus' });
builder.enumType(RegistrationStatus, { name: 'RegistrationStatus' });
export const AssessmentKind = builder.enumType(AssessmentKindEnum, {
  name: 'AssessmentKind',
  description: 'EMPLOYER (Y): an employer assessing its own staff; SOCIAL (S): a social assessment organisation.',
});
builder.enumType(AppealStatus, {
  name: 'AppealStatus',
  description: 'LODGED waits for civil affairs; UPHELD lifted the entry; DISMISSED left it in force.',
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

export const BlacklistEntryNode = builder.prismaNode('BlacklistEntry', {
  id: { field: 'id' },
  // Bureaus read every entry; the listed person or organisation reads its own (to appeal it).
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [blacklistWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true },
  fields: (t) => ({
    caregiver: t.relation('caregiver', { nullable: true }),
    organisation: t.relation('organisation', { nullable: true }),
    reason: t.exposeString('reason'),
    evidence: t.exposeString('evidence', {
      nullable: true,
      description: 'What the entry rests on; null on entries recorded before it was asked for.',
    }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', nullable: true }),
    issuerRegion: t.relation('issuerRegion'),
    liftedAt: t.expose('liftedAt', { type: 'DateTime', nullable: true }),
    liftedReason: t.exposeString('liftedReason', { nullable: true }),
    appeals: t.relation('appeals', { query: { orderBy: { lodgedAt: 'desc' } } }),
  }),
});

export const BlacklistAppealNode = builder.prismaNode('BlacklistAppeal', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [appealWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true },
  description: 'An appeal against a blacklist entry (申诉); civil affairs decides it.',
  fields: (t) => ({
    entry: t.relation('entry'),
    onBehalfOf: t.exposeString('onBehalfOf', { nullable: true, description: 'Who appeals when it was lodged on the subject’s behalf.' }),
    grounds: t.exposeString('grounds'),
    lodgedAt: t.expose('lodgedAt', { type: 'DateTime' }),
    status: t.expose('status', { type: AppealStatus }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decisionReason: t.exposeString('decisionReason', { nullable: true }),
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
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
