import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { applyAsAssessor, decideAssessor } from './assessor.service.ts';
import { addBlacklistEntry, decideBlacklistAppeal, liftBlacklistEntry, lodgeBlacklistAppeal } from './blacklist.service.ts';
import {
  AssessorCodesMissingError,
  AssessorCodesTakenError,
  BlacklistedError,
  CertificateSerialsExhaustedError,
  ExamNotHeldError,
  NotEligibleError,
  ObjectionsOpenError,
  PublicityRunningError,
  SessionFullError,
} from './certification.errors.ts';
import {
  ZAddBlacklistEntryInput,
  ZApplyAsAssessorInput,
  ZDecideAssessorInput,
  ZApplyForExamInput,
  ZCreateExamSessionInput,
  ZDecideApplicationInput,
  ZLiftBlacklistEntryInput,
  ZLodgeAppealInput,
  ZDecideAppealInput,
  ZRecordFirstAidInput,
  ZObjectionInput,
  ZRecordScoresInput,
  ZResolveObjectionInput,
  ZRevokeCertificateInput,
} from './certification.schemas.ts';
import {
  applyForExam,
  createExamSession,
  decideApplication,
  issueCertificates,
  lodgeObjection,
  publishResults,
  recordScores,
  resolveObjection,
  revokeCertificate,
} from './certification.service.ts';
import {
  AssessmentKind,
  AssessorRegistrationNode,
  BlacklistAppealNode,
  BlacklistEntryNode,
  CertificateNode,
  EligibilityType,
  ExamSessionNode,
  FirstAidCertificateType,
  LevelApplicationNode,
} from './certification.types.ts';
import { recordFirstAidCertificate } from './first-aid.service.ts';

builder.objectType(NotEligibleError, {
  name: 'NotEligibleError',
  description: 'The person meets none of the level’s entry rules; `eligibility` says what each lacks.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    eligibility: t.field({ type: EligibilityType, resolve: (e) => ({ eligible: false, levelCode: '', rules: e.rules }) }),
  }),
});
builder.objectType(BlacklistedError, {
  name: 'BlacklistedError',
  description: 'The person is on the credit blacklist.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ until: t.expose('until', { type: 'Date', nullable: true }) }),
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

const ERRORS = [InputValidationError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError];

const CreateExamSessionInput = builder
  .inputType('CreateExamSessionInput', {
    fields: (t) => ({
      levelCode: t.string(),
      startsAt: t.field({ type: 'DateTime' }),
      place: t.string(),
      capacity: t.int(),
      feeYuan: t.float({ description: 'Exam fee in yuan (two decimals at most).' }),
      publicationDays: t.int({ required: false, description: 'Working days results are publicised (default 5).' }),
    }),
  })
  .validate(ZCreateExamSessionInput);

const ApplyForExamInput = builder
  .inputType('ApplyForExamInput', {
    fields: (t) => ({
      sessionId: t.id(),
      caregiverId: t.id({ required: false, description: 'Institution staff: the employee applying.' }),
    }),
  })
  .validate(ZApplyForExamInput);

const DecideApplicationInput = builder
  .inputType('DecideApplicationInput', {
    fields: (t) => ({ applicationId: t.id(), approve: t.boolean(), reason: t.string({ required: false }) }),
  })
  .validate(ZDecideApplicationInput);

const RecordScoresInput = builder
  .inputType('RecordScoresInput', {
    fields: (t) => ({
      applicationId: t.id(),
      theory: t.float(),
      practical: t.float(),
      review: t.float({ required: false, description: 'Comprehensive review (levels 2 and 1 and above).' }),
    }),
  })
  .validate(ZRecordScoresInput);

const ObjectionInput = builder
  .inputType('ObjectionInput', { fields: (t) => ({ applicationId: t.id(), text: t.string() }) })
  .validate(ZObjectionInput);
const ResolveObjectionInput = builder
  .inputType('ResolveObjectionInput', { fields: (t) => ({ applicationId: t.id(), reply: t.string() }) })
  .validate(ZResolveObjectionInput);
const RevokeCertificateInput = builder
  .inputType('RevokeCertificateInput', { fields: (t) => ({ certificateId: t.id(), reason: t.string() }) })
  .validate(ZRevokeCertificateInput);
const AddBlacklistEntryInput = builder
  .inputType('AddBlacklistEntryInput', {
    fields: (t) => ({
      caregiverId: t.id(),
      reason: t.string(),
      evidence: t.string({ description: 'The case file, judgment or inspection report the entry rests on.' }),
      startsOn: t.field({ type: 'Date' }),
      endsOn: t.field({ type: 'Date', required: false }),
    }),
  })
  .validate(ZAddBlacklistEntryInput);
const LiftBlacklistEntryInput = builder
  .inputType('LiftBlacklistEntryInput', { fields: (t) => ({ entryId: t.id(), reason: t.string() }) })
  .validate(ZLiftBlacklistEntryInput);

const LodgeAppealInput = builder
  .inputType('LodgeBlacklistAppealInput', {
    fields: (t) => ({
      entryId: t.id(),
      grounds: t.string(),
      onBehalfOf: t.string({
        required: false,
        description: 'Civil affairs recording a paper appeal: who appeals (a relative, a lawyer, the employer).',
      }),
    }),
  })
  .validate(ZLodgeAppealInput);
const DecideAppealInput = builder
  .inputType('DecideBlacklistAppealInput', { fields: (t) => ({ appealId: t.id(), uphold: t.boolean(), reason: t.string() }) })
  .validate(ZDecideAppealInput);

const RecordFirstAidInput = builder
  .inputType('RecordFirstAidInput', {
    fields: (t) => ({
      caregiverId: t.id(),
      number: t.string(),
      issuer: t.string(),
      issuedOn: t.field({ type: 'Date' }),
      expiresOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(ZRecordFirstAidInput);

const ApplyAsAssessorInput = builder
  .inputType('ApplyAsAssessorInput', { fields: (t) => ({ levelCodes: t.stringList(), note: t.string({ required: false }) }) })
  .validate(ZApplyAsAssessorInput);
const DecideAssessorInput = builder
  .inputType('DecideAssessorInput', {
    fields: (t) => ({
      registrationId: t.id(),
      approve: t.boolean(),
      reason: t.string({ required: false }),
      assessmentKind: t.field({
        type: AssessmentKind,
        required: false,
        description: 'On approval: EMPLOYER (Y) or SOCIAL (S), the first letter of the body’s certificate numbers.',
      }),
      bodyCode: t.string({
        required: false,
        description: 'On approval: the 4-digit code the ministry assigned; 0000 for a body registered with the province.',
      }),
      siteCode: t.string({
        required: false,
        description: 'On approval: the 6-digit serial the province assigned to the body or its site.',
      }),
    }),
  })
  .validate(ZDecideAssessorInput);

const SessionArg = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) => t.arg.globalID({ for: ExamSessionNode });

builder.mutationFields((t) => ({
  applyAsAssessor: t.field({
    type: AssessorRegistrationNode,
    description: 'An assessment body applies to the HR bureau to assess the given levels (again after a refusal).',
    authScopes: { role: 'ASSESSOR' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: ApplyAsAssessorInput }) },
    resolve: (_root, { input }, ctx) => applyAsAssessor(ctx, input),
  }),
  decideAssessorRegistration: t.field({
    type: AssessorRegistrationNode,
    authScopes: { role: ['HR_APPROVER', 'ADMIN'] },
    errors: { types: [AssessorCodesTakenError, ...ERRORS] },
    args: { input: t.arg({ type: DecideAssessorInput }) },
    resolve: (_root, { input }, ctx) => decideAssessor(ctx, input),
  }),
  createExamSession: t.field({
    type: ExamSessionNode,
    authScopes: { role: 'ASSESSOR' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: CreateExamSessionInput }) },
    resolve: (_root, { input }, ctx) => createExamSession(ctx, input),
  }),
  applyForExam: t.field({
    type: LevelApplicationNode,
    description: 'Applies for an exam session; refused with the explanation when no entry rule is met.',
    authScopes: { role: ['CAREGIVER', 'INSTITUTION_STAFF'] },
    errors: { types: [NotEligibleError, BlacklistedError, ...ERRORS] },
    args: { input: t.arg({ type: ApplyForExamInput }) },
    resolve: (_root, { input }, ctx) => applyForExam(ctx, input),
  }),
  decideLevelApplication: t.field({
    type: LevelApplicationNode,
    description: 'Approves (gives a seat) or rejects an application for one of the assessor’s sessions.',
    authScopes: { role: ['ASSESSOR', 'ADMIN'] },
    errors: { types: [SessionFullError, ...ERRORS] },
    args: { input: t.arg({ type: DecideApplicationInput }) },
    resolve: (_root, { input }, ctx) => decideApplication(ctx, input),
  }),
  recordExamScores: t.field({
    type: LevelApplicationNode,
    description: 'Records the scores; the result is pass when every part is at least 60.',
    authScopes: { role: ['ASSESSOR', 'ADMIN'] },
    errors: { types: [ExamNotHeldError, ...ERRORS] },
    args: { input: t.arg({ type: RecordScoresInput }) },
    resolve: (_root, { input }, ctx) => recordScores(ctx, input),
  }),
  publishExamResults: t.field({
    type: ExamSessionNode,
    description: 'Publicises the session’s results for its working days (公示).',
    authScopes: { role: ['ASSESSOR', 'ADMIN'] },
    errors: { types: [ExamNotHeldError, ...ERRORS] },
    args: { sessionId: SessionArg(t) },
    resolve: (_root, { sessionId }, ctx) => publishResults(ctx, sessionId.id),
  }),
  issueCertificates: t.int({
    description: 'Issues certificates to those who passed, after publicity with no open objection; returns how many.',
    authScopes: { role: ['ASSESSOR', 'ADMIN'] },
    errors: { types: [PublicityRunningError, ObjectionsOpenError, AssessorCodesMissingError, CertificateSerialsExhaustedError, ...ERRORS] },
    args: { sessionId: SessionArg(t) },
    resolve: (_root, { sessionId }, ctx) => issueCertificates(ctx, sessionId.id),
  }),
  lodgeExamObjection: t.field({
    type: LevelApplicationNode,
    authScopes: { role: ['CAREGIVER', 'INSTITUTION_STAFF'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: ObjectionInput }) },
    resolve: (_root, { input }, ctx) => lodgeObjection(ctx, input),
  }),
  resolveExamObjection: t.field({
    type: LevelApplicationNode,
    authScopes: { role: ['ASSESSOR', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: ResolveObjectionInput }) },
    resolve: (_root, { input }, ctx) => resolveObjection(ctx, input),
  }),
  revokeCertificate: t.field({
    type: CertificateNode,
    description: 'Revokes a certificate (e.g. obtained by fraud); it then shows as revoked and counts nowhere.',
    authScopes: { role: ['HR_APPROVER', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RevokeCertificateInput }) },
    resolve: (_root, { input }, ctx) => revokeCertificate(ctx, input),
  }),
  recordFirstAidCertificate: t.field({
    type: FirstAidCertificateType,
    description: 'Records a first-aid certificate (救护员证) of a person the institution employs now.',
    authScopes: { role: ['INSTITUTION_STAFF', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RecordFirstAidInput }) },
    resolve: (_root, { input }, ctx) => recordFirstAidCertificate(ctx, input),
  }),
  addBlacklistEntry: t.field({
    type: BlacklistEntryNode,
    description: 'Civil affairs lists a person living or working in its region, with the reason, the period and the evidence.',
    authScopes: { role: 'CIVIL_AFFAIRS_ANALYST' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: AddBlacklistEntryInput }) },
    resolve: (_root, { input }, ctx) => addBlacklistEntry(ctx, input),
  }),
  lodgeBlacklistAppeal: t.field({
    type: BlacklistAppealNode,
    description: 'Appeals against a blacklist entry in force: the listed person or organisation, or civil affairs on their behalf.',
    authScopes: { loggedIn: true },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: LodgeAppealInput }) },
    resolve: (_root, { input }, ctx) => lodgeBlacklistAppeal(ctx, input),
  }),
  decideBlacklistAppeal: t.field({
    type: BlacklistAppealNode,
    description: 'Civil affairs decides an appeal: upholding lifts the entry, dismissing keeps it.',
    authScopes: { role: 'CIVIL_AFFAIRS_ANALYST' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: DecideAppealInput }) },
    resolve: (_root, { input }, ctx) => decideBlacklistAppeal(ctx, input),
  }),
  liftBlacklistEntry: t.field({
    type: BlacklistEntryNode,
    description: 'Lifts an entry early (e.g. after a successful appeal), with the reason.',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: LiftBlacklistEntryInput }) },
    resolve: (_root, { input }, ctx) => liftBlacklistEntry(ctx, input),
  }),
}));
