import { builder } from '../../graphql/builder.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { BlacklistedError } from '../blacklist/blacklist.errors.ts';
import { applyAsAssessor, decideAssessor, setAssessorFiling, uploadAssessorSeal } from './assessor.service.ts';
import {
  AssessorCodesMissingError,
  AssessorCodesTakenError,
  CertificateSerialsExhaustedError,
  ExamNotHeldError,
  NotEligibleError,
  ObjectionsOpenError,
  PublicityRunningError,
  SessionFullError,
} from './certification.errors.ts';
import {
  ZApplyAsAssessorInput,
  ZApplyForExamInput,
  ZCreateExamSessionInput,
  ZDecideApplicationInput,
  ZDecideAssessorInput,
  ZObjectionInput,
  ZRecordFirstAidInput,
  ZRecordScoresInput,
  ZResolveObjectionInput,
  ZRevokeCertificateInput,
  ZSetAssessorFilingInput,
  ZUploadSealInput,
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
  CertificateNode,
  ExamSessionNode,
  FirstAidCertificateType,
  LevelApplicationNode,
} from './certification.types.ts';
import { recordFirstAidCertificate } from './first-aid.service.ts';

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

const SetAssessorFilingInput = builder
  .inputType('SetAssessorFilingInput', { fields: (t) => ({ registrationId: t.id(), filingCode: t.string() }) })
  .validate(ZSetAssessorFilingInput);
const UploadSealInput = builder
  .inputType('UploadAssessorSealInput', {
    fields: (t) => ({ registrationId: t.id(), fileName: t.string(), contentBase64: t.string({ description: 'A PNG of at most 1 MB.' }) }),
  })
  .validate(ZUploadSealInput);

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
  setAssessorFiling: t.field({
    type: AssessorRegistrationNode,
    description: 'The assessment body records its filing number (备案编号), printed on its certificates; its own staff only.',
    authScopes: { role: 'ASSESSOR' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: SetAssessorFilingInput }) },
    resolve: (_root, { input }, ctx) => setAssessorFiling(ctx, input),
  }),
  uploadAssessorSeal: t.field({
    type: AssessorRegistrationNode,
    description: 'The assessment body uploads its seal (PNG, at most 1 MB), printed on its certificates; its own staff only.',
    authScopes: { role: 'ASSESSOR' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: UploadSealInput }) },
    resolve: (_root, { input }, ctx) => uploadAssessorSeal(ctx, input),
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
}));
