import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { CourseKind } from '../../generated/prisma/enums.ts';
import { addCourseSession, cancelCourse, changeCourseCapacity, createCourse, publishCourse } from './courses.service.ts';
import { applyForCourse, recordAttendance, recordCourseResult, withdrawEnrolment } from './enrolments.service.ts';
import { EntitlementUsedError, NotOpenToYouError } from './training.errors.ts';
import {
  ZAddCourseSessionInput,
  ZApplyForCourseInput,
  ZChangeCapacityInput,
  ZCreateCourseInput,
  ZRecordAttendanceInput,
  ZRecordCourseResultInput,
  ZWithdrawEnrolmentInput,
} from './training.schemas.ts';
import { CourseNode, CourseSessionType, EnrolmentNode } from './training.types.ts';

builder.objectType(EntitlementUsedError, {
  name: 'EntitlementUsedError',
  description: 'The year’s government-funded training is used by another course.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ year: t.exposeInt('year'), courseTitle: t.exposeString('courseTitle') }),
});
builder.objectType(NotOpenToYouError, {
  name: 'NotOpenToYouError',
  description: 'The course is not open to this person; the message says why.',
  interfaces: [ErrorInterface],
});

const ERRORS = [InputValidationError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError];

const CreateCourseInput = builder
  .inputType('CreateCourseInput', {
    fields: (t) => ({
      code: t.string({ description: 'The provider’s code, e.g. SR-2027-PJ01 (used in attendance files).' }),
      title: t.string(),
      description: t.string({ required: false }),
      kind: t.field({ type: CourseKind }),
      targetLevelCode: t.string({ required: false, description: 'Skill level the course prepares for, e.g. L4.' }),
      regionCode: t.string({ description: 'Region the course is held in (6-digit code).' }),
      requiredHours: t.int(),
      passMark: t.int({ required: false, description: 'Lowest passing assessment score (default 60).' }),
      capacity: t.int(),
      feeYuan: t.float({ description: 'Fee in yuan; 0 for a government-funded course.' }),
      governmentFunded: t.boolean(),
      place: t.string(),
      startsOn: t.field({ type: 'Date' }),
      endsOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(ZCreateCourseInput);

const AddCourseSessionInput = builder
  .inputType('AddCourseSessionInput', {
    fields: (t) => ({
      courseId: t.id(),
      topic: t.string(),
      startsAt: t.field({ type: 'DateTime' }),
      endsAt: t.field({ type: 'DateTime' }),
      place: t.string(),
      hours: t.float(),
    }),
  })
  .validate(ZAddCourseSessionInput);

const ChangeCapacityInput = builder
  .inputType('ChangeCourseCapacityInput', { fields: (t) => ({ courseId: t.id(), capacity: t.int() }) })
  .validate(ZChangeCapacityInput);
const ApplyForCourseInput = builder
  .inputType('ApplyForCourseInput', { fields: (t) => ({ courseId: t.id() }) })
  .validate(ZApplyForCourseInput);
const WithdrawEnrolmentInput = builder
  .inputType('WithdrawEnrolmentInput', { fields: (t) => ({ enrolmentId: t.id(), reason: t.string({ required: false }) }) })
  .validate(ZWithdrawEnrolmentInput);
const AttendanceLineInput = builder.inputType('AttendanceLineInput', { fields: (t) => ({ enrolmentId: t.id(), hours: t.float() }) });
const RecordAttendanceInput = builder
  .inputType('RecordAttendanceInput', {
    fields: (t) => ({ sessionId: t.id({ description: 'CourseSession.id' }), lines: t.field({ type: [AttendanceLineInput] }) }),
  })
  .validate(ZRecordAttendanceInput);
const RecordCourseResultInput = builder
  .inputType('RecordCourseResultInput', {
    fields: (t) => ({
      enrolmentId: t.id(),
      score: t.float({ description: '0 to 100, two decimals at most.' }),
      assessedOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(ZRecordCourseResultInput);

const PROVIDER = { role: ['TRAINING_PROVIDER_STAFF' as const] };

builder.mutationFields((t) => ({
  createCourse: t.field({
    type: CourseNode,
    description: 'A provider drafts a course; add its sessions, then publish it.',
    authScopes: PROVIDER,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: CreateCourseInput }) },
    resolve: (_root, { input }, ctx) => createCourse(ctx, input),
  }),
  addCourseSession: t.field({
    type: CourseSessionType,
    authScopes: PROVIDER,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: AddCourseSessionInput }) },
    resolve: (_root, { input }, ctx) => addCourseSession(ctx, input),
  }),
  publishCourse: t.field({
    type: CourseNode,
    description: 'Opens a draft to applications once its sessions give the required hours.',
    authScopes: PROVIDER,
    errors: { types: ERRORS },
    args: { courseId: t.arg.globalID({ for: CourseNode }) },
    resolve: (_root, { courseId }, ctx) => publishCourse(ctx, courseId.id),
  }),
  cancelCourse: t.field({
    type: CourseNode,
    description: 'Cancels a course before it starts; every place is withdrawn with the reason.',
    authScopes: PROVIDER,
    errors: { types: ERRORS },
    args: {
      courseId: t.arg.globalID({ for: CourseNode }),
      reason: t.arg.string({ validate: z.string().trim().min(2, 'at least 2 characters').max(200, 'at most 200 characters') }),
    },
    resolve: (_root, { courseId, reason }, ctx) => cancelCourse(ctx, courseId.id, reason),
  }),
  changeCourseCapacity: t.field({
    type: CourseNode,
    description: 'More seats promote the waitlist at once; fewer than are taken is refused.',
    authScopes: PROVIDER,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: ChangeCapacityInput }) },
    resolve: (_root, { input }, ctx) => changeCourseCapacity(ctx, input),
  }),
  applyForCourse: t.field({
    type: EnrolmentNode,
    description: 'A caregiver applies: a free seat enrols at once, a full course waitlists in arrival order.',
    authScopes: { role: 'CAREGIVER' },
    errors: { types: [EntitlementUsedError, NotOpenToYouError, ...ERRORS] },
    args: { input: t.arg({ type: ApplyForCourseInput }) },
    resolve: (_root, { input }, ctx) => applyForCourse(ctx, input),
  }),
  withdrawEnrolment: t.field({
    type: EnrolmentNode,
    description: 'The caregiver or the provider withdraws a place; the first person waiting takes the seat.',
    authScopes: { role: ['CAREGIVER', 'TRAINING_PROVIDER_STAFF'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: WithdrawEnrolmentInput }) },
    resolve: (_root, { input }, ctx) => withdrawEnrolment(ctx, input),
  }),
  recordAttendance: t.int({
    description: 'Records the hours each person attended one session (again to correct); returns the lines written.',
    authScopes: PROVIDER,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RecordAttendanceInput }) },
    resolve: (_root, { input }, ctx) => recordAttendance(ctx, input),
  }),
  recordCourseResult: t.field({
    type: EnrolmentNode,
    description:
      'Records the assessment score; the enrolment completes when the hours are met and the score passes, else fails with the reason.',
    authScopes: PROVIDER,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RecordCourseResultInput }) },
    resolve: (_root, { input }, ctx) => recordCourseResult(ctx, input),
  }),
}));
