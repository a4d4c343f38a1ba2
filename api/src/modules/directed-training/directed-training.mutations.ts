import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { BreachKind, ContractType, Education, Post } from '../../generated/prisma/enums.ts';
import { recordBreach, recordRepayment, recordToCreditRecord } from './breaches.service.ts';
import { admitStudent, createDirectedClass, graduateStudent, placeGraduate, recordAgreement } from './classes.service.ts';
import { ActiveAgreementError, GraduationBeforeProgrammeEndError, QuotaFullError } from './directed-training.errors.ts';
import {
  ZAdmitStudentInput,
  ZCreateDirectedClassInput,
  ZCreditRecordInput,
  ZGraduateInput,
  ZPlaceGraduateInput,
  ZRecordAgreementInput,
  ZRecordBreachInput,
  ZRecordRepaymentInput,
} from './directed-training.schemas.ts';
import { DirectedBreachNode, DirectedClassNode, DirectedStudentNode } from './directed-training.types.ts';

builder.objectType(QuotaFullError, {
  name: 'QuotaFullError',
  description: 'Every place of the class’s quota is taken.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ quota: t.exposeInt('quota') }),
});
builder.objectType(ActiveAgreementError, {
  name: 'ActiveAgreementError',
  description: 'The person holds an active directed-training agreement in another class.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ className: t.exposeString('className') }),
});

builder.objectType(GraduationBeforeProgrammeEndError, {
  name: 'GraduationBeforeProgrammeEndError',
  description: 'Graduation before the end of the programme needs a recorded reason (params: earliest, programmeYears).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ earliest: t.expose('earliest', { type: 'Date' }), programmeYears: t.exposeInt('programmeYears') }),
});

const ERRORS = [InputValidationError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError];
const COLLEGE = { role: ['COLLEGE_STAFF' as const] };
const COLLEGE_OR_BUREAU = { role: ['COLLEGE_STAFF' as const, 'HR_REVIEWER' as const, 'HR_APPROVER' as const] };

const CreateDirectedClassInput = builder
  .inputType('CreateDirectedClassInput', {
    fields: (t) => ({
      cohortYear: t.int(),
      major: t.string({ description: 'e.g. 智慧健康养老服务与管理' }),
      name: t.string({ description: 'e.g. 2026级上饶定向班' }),
      quota: t.int(),
      sponsorRegionCode: t.string({ description: 'Region that sponsors the class and where graduates serve.' }),
      sponsorName: t.string({ description: 'The sponsoring bureau or institution, as named in the agreements.' }),
      serviceYears: t.int({ required: false, description: 'Years of service owed (default 5).' }),
      programmeYears: t.int({ required: false, description: 'Length of the programme (default 3).' }),
      tuitionYuanPerYear: t.float(),
      lodgingYuanPerYear: t.float(),
      allowanceYuanPerYear: t.float(),
      penaltyPercent: t.int({ required: false, description: 'Penalty on breach as a percentage of the support received (default 50).' }),
    }),
  })
  .validate(ZCreateDirectedClassInput);

const AdmitStudentInput = builder
  .inputType('AdmitDirectedStudentInput', {
    fields: (t) => ({
      classId: t.id(),
      studentNo: t.string(),
      name: t.string(),
      residentId: t.string({ description: '18-character resident ID number (checked).' }),
      phone: t.string({ required: false }),
      education: t.field({
        type: Education,
        required: false,
        description: 'Highest education completed before the programme (default SENIOR).',
      }),
      enrolledOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(ZAdmitStudentInput);

const RecordAgreementInput = builder
  .inputType('RecordAgreementInput', {
    fields: (t) => ({ studentId: t.id(), agreementNo: t.string(), signedOn: t.field({ type: 'Date' }) }),
  })
  .validate(ZRecordAgreementInput);
const GraduateInput = builder
  .inputType('GraduateStudentInput', {
    fields: (t) => ({
      studentId: t.id(),
      graduatedOn: t.field({ type: 'Date' }),
      earlyGraduationReason: t.string({
        required: false,
        description: 'Needed when graduating before the programme ends (e.g. transfer credit); shown to the bureau.',
      }),
    }),
  })
  .validate(ZGraduateInput);
const PlaceGraduateInput = builder
  .inputType('PlaceGraduateInput', {
    fields: (t) => ({
      studentId: t.id(),
      institutionId: t.id({ description: 'A care institution in the sponsoring region.' }),
      startDate: t.field({ type: 'Date' }),
      post: t.field({ type: Post, required: false }),
      contractType: t.field({ type: ContractType, required: false }),
      contractEndsOn: t.field({ type: 'Date', required: false }),
    }),
  })
  .validate(ZPlaceGraduateInput);
const RecordBreachInput = builder
  .inputType('RecordBreachInput', {
    fields: (t) => ({ studentId: t.id(), kind: t.field({ type: BreachKind }), occurredOn: t.field({ type: 'Date' }), note: t.string() }),
  })
  .validate(ZRecordBreachInput);
const RecordRepaymentInput = builder
  .inputType('RecordRepaymentInput', {
    fields: (t) => ({
      breachId: t.id(),
      amountYuan: t.float(),
      paidOn: t.field({ type: 'Date' }),
      reference: t.string({ description: 'Receipt number; the same receipt twice is recorded once.' }),
    }),
  })
  .validate(ZRecordRepaymentInput);
const CreditRecordInput = builder
  .inputType('CreditRecordInput', { fields: (t) => ({ breachId: t.id(), note: t.string() }) })
  .validate(ZCreditRecordInput);

builder.mutationFields((t) => ({
  createDirectedClass: t.field({
    type: DirectedClassNode,
    authScopes: COLLEGE,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: CreateDirectedClassInput }) },
    resolve: (_root, { input }, ctx) => createDirectedClass(ctx, input),
  }),
  admitDirectedStudent: t.field({
    type: DirectedStudentNode,
    description: 'Admits a student (registered as a person when new) within the quota; one active agreement per person.',
    authScopes: COLLEGE,
    errors: { types: [QuotaFullError, ActiveAgreementError, ...ERRORS] },
    args: { input: t.arg({ type: AdmitStudentInput }) },
    resolve: (_root, { input }, ctx) => admitStudent(ctx, input),
  }),
  recordDirectedAgreement: t.field({
    type: DirectedStudentNode,
    description: 'Records the three-party agreement (student, college, sponsor).',
    authScopes: COLLEGE,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RecordAgreementInput }) },
    resolve: (_root, { input }, ctx) => recordAgreement(ctx, input),
  }),
  graduateDirectedStudent: t.field({
    type: DirectedStudentNode,
    authScopes: COLLEGE,
    errors: { types: [GraduationBeforeProgrammeEndError, ...ERRORS] },
    args: { input: t.arg({ type: GraduateInput }) },
    resolve: (_root, { input }, ctx) => graduateStudent(ctx, input),
  }),
  placeDirectedGraduate: t.field({
    type: DirectedStudentNode,
    description: 'Places a graduate with an employment record at a care institution in the sponsoring region; service counts from it.',
    authScopes: COLLEGE,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: PlaceGraduateInput }) },
    resolve: (_root, { input }, ctx) => placeGraduate(ctx, input),
  }),
  recordDirectedBreach: t.field({
    type: DirectedBreachNode,
    description:
      'Opens a breach (dropped out, refused placement, left service early) with the repayment due: support received plus the penalty.',
    authScopes: COLLEGE_OR_BUREAU,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RecordBreachInput }) },
    resolve: (_root, { input }, ctx) => recordBreach(ctx, input),
  }),
  recordDirectedRepayment: t.field({
    type: DirectedBreachNode,
    description: 'Records money received against a breach; never more than is outstanding, each receipt once.',
    authScopes: COLLEGE_OR_BUREAU,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RecordRepaymentInput }) },
    resolve: (_root, { input }, ctx) => recordRepayment(ctx, input),
  }),
  recordRepaymentToCreditRecord: t.field({
    type: DirectedBreachNode,
    description: 'The HR bureau writes an unpaid repayment to the credit record.',
    authScopes: { role: ['HR_APPROVER'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: CreditRecordInput }) },
    resolve: (_root, { input }, ctx) => recordToCreditRecord(ctx, input),
  }),
}));
