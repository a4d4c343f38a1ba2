import { ErrorParam, paramList } from '../../graphql/error-types.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { prisma } from '../../db/client.ts';
import { CourseKind, CourseStatus, EnrolmentStatus, RosterImportKind } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { formatYuan } from '../../shared/money.ts';
import { REJECTED_ROWS_KEPT, pageOf, rejectedRowsPage, type RejectedRow } from '../../shared/row-import.ts';
import { CaregiverNode } from '../caregivers/caregivers.types.ts';
import { courseWhereFor, enrolmentWhereFor, rosterImportWhereFor } from './training.access.ts';
import { EntitlementUsedError, NotOpenToYouError } from './training.errors.ts';

builder.enumType(CourseKind, {
  name: 'CourseKind',
  description: 'Pre-job 岗前, skill upgrade 技能提升, family carer 家庭照护者, first aid 救护员, director 院长.',
});
builder.enumType(CourseStatus, { name: 'CourseStatus' });
builder.enumType(EnrolmentStatus, { name: 'EnrolmentStatus' });

export const CourseSessionType = builder.prismaObject('CourseSession', {
  description: 'One scheduled class of a course.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Database id (attendance is recorded against it).' }),
    seq: t.exposeInt('seq'),
    topic: t.exposeString('topic'),
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    endsAt: t.expose('endsAt', { type: 'DateTime' }),
    place: t.exposeString('place'),
    hours: t.string({ select: { hours: true }, description: 'Teaching hours, e.g. "3.5".', resolve: (s) => s.hours.toFixed(1) }),
  }),
});

export const CourseNode = builder.prismaNode('Course', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [courseWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true, tokenScope: 'training:read' },
  fields: (t) => ({
    code: t.exposeString('code'),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    kind: t.expose('kind', { type: CourseKind }),
    status: t.expose('status', { type: CourseStatus }),
    provider: t.relation('provider'),
    region: t.relation('region'),
    targetLevel: t.relation('targetLevel', { nullable: true }),
    requiredHours: t.exposeInt('requiredHours'),
    passMark: t.exposeInt('passMark'),
    capacity: t.exposeInt('capacity'),
    seatsTaken: t.exposeInt('seatsTaken'),
    openSeats: t.int({ select: { capacity: true, seatsTaken: true }, resolve: (c) => Math.max(0, c.capacity - c.seatsTaken) }),
    waitlisted: t.relationCount('enrolments', { where: { status: 'WAITLISTED' } }),
    feeFen: t.exposeInt('feeFen'),
    feeYuan: t.string({ select: { feeFen: true }, resolve: (c) => formatYuan(c.feeFen) }),
    governmentFunded: t.exposeBoolean('governmentFunded'),
    place: t.exposeString('place'),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    sessions: t.relation('sessions', { query: { orderBy: { seq: 'asc' } } }),
    enrolments: t.relatedConnection('enrolments', {
      cursor: 'id',
      totalCount: true,
      description: 'Places the viewer may see (the provider: all), seat holders first, then the waitlist in queue order.',
      args: { status: t.arg({ type: [EnrolmentStatus], required: false }) },
      query: (args, ctx) => ({
        where: { AND: [enrolmentWhereFor(ctx.viewer), args.status?.length ? { status: { in: args.status } } : {}] },
        orderBy: [{ queueNo: 'asc' }],
      }),
    }),
  }),
});

export const EnrolmentNode = builder.prismaNode('Enrolment', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [enrolmentWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true, tokenScope: 'training:read' },
  fields: (t) => ({
    course: t.relation('course'),
    caregiver: t.relation('caregiver', {
      nullable: true,
      description: 'Null for API tokens (they see figures, not people).',
      authScopes: { loggedIn: true },
      unauthorizedResolver: () => null,
    }),
    status: t.expose('status', { type: EnrolmentStatus }),
    waitlistPosition: t.int({
      nullable: true,
      description: 'Place in the waitlist, 1 being next; null unless waitlisted.',
      select: { status: true, queueNo: true, courseId: true },
      resolve: async (e) => {
        if (e.status !== 'WAITLISTED') return null;
        return 1 + (await prisma.enrolment.count({ where: { courseId: e.courseId, status: 'WAITLISTED', queueNo: { lt: e.queueNo } } }));
      },
    }),
    governmentFunded: t.boolean({
      select: { fundedYear: true },
      description: 'Uses the person’s government-funded training of the year.',
      resolve: (e) => e.fundedYear !== null,
    }),
    attendedHours: t.string({ select: { attendedHours: true }, resolve: (e) => e.attendedHours.toFixed(1) }),
    score: t.string({
      nullable: true,
      select: { score: true },
      description: 'Exact score, e.g. "59.50".',
      resolve: (e) => e.score?.toFixed(2) ?? null,
    }),
    outcomeNote: t.exposeString('outcomeNote', { nullable: true }),
    heldBackReason: t.exposeString('heldBackReason', {
      nullable: true,
      description:
        'Why promotion from the waitlist passed over this place: ENTITLEMENT_USED (the year’s government-funded training is used elsewhere).',
    }),
    enrolledAt: t.expose('enrolledAt', { type: 'DateTime', nullable: true }),
    withdrawnAt: t.expose('withdrawnAt', { type: 'DateTime', nullable: true }),
    completedOn: t.expose('completedOn', { type: 'Date', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    attendance: t.field({
      type: [
        builder
          .objectRef<{ seq: number; hours: string }>('SessionAttendance')
          .implement({ fields: (f) => ({ seq: f.exposeInt('seq'), hours: f.exposeString('hours') }) }),
      ],
      select: { attendance: { select: { hours: true, session: { select: { seq: true } } } } },
      description: 'Hours attended per session.',
      resolve: (e) => e.attendance.map((a) => ({ seq: a.session.seq, hours: a.hours.toFixed(1) })).sort((a, b) => a.seq - b.seq),
    }),
  }),
});

export const EntitlementType = builder.objectRef<{ year: number; used: boolean; caregiverId: string }>('TrainingEntitlement').implement({
  description: 'The one government-funded training a caregiver may take each year, and whether it is used.',
  fields: (t) => ({
    year: t.exposeInt('year'),
    used: t.exposeBoolean('used'),
    enrolment: t.prismaField({
      type: 'Enrolment',
      nullable: true,
      description: 'The place that uses it, if any.',
      resolve: (query, e) =>
        prisma.enrolment.findFirst({ ...query, where: { caregiverId: e.caregiverId, fundedYear: e.year, status: { not: 'WITHDRAWN' } } }),
    }),
  }),
});

builder.prismaObjectField(CaregiverNode, 'enrolments', (t) =>
  t.relation('enrolments', {
    description:
      'The person’s course places the viewer may see (own, employer’s staff, provider’s courses, bureau’s region), newest first.',
    authScopes: { loggedIn: true, tokenScope: 'training:read' },
    query: (_args, ctx) => ({ where: enrolmentWhereFor(ctx.viewer), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
);

export const RosterImportKindEnum = builder.enumType(RosterImportKind, {
  name: 'RosterImportKind',
  description: 'STUDENTS: a directed class’s students (college); ATTENDANCE: session attendance (provider).',
});

const RejectedRowType = builder.objectRef<RejectedRow>('RosterRejectedRow').implement({
  description: 'A row of a roster file that was not imported, and why (ID numbers masked).',
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'Line in the file, the header being 1.' }),
    column: t.exposeString('column'),
    value: t.exposeString('value'),
    code: t.string({
      description:
        'Stable code of the reason (REQUIRED, RESIDENT_ID_CHECK_DIGIT, COURSE_UNKNOWN ...); INVALID for reports kept before codes.',
      resolve: (r) => r.code ?? 'INVALID',
    }),
    params: t.field({ type: [ErrorParam], description: 'What the code needs to be worded.', resolve: (r) => paramList(r.params) }),
    message: t.exposeString('message', { description: 'English fallback wording.' }),
  }),
});

export const RosterImportNode = builder.prismaNode('RosterImport', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [rosterImportWhereFor(ctx.viewer)] }),
  authScopes: { role: ['COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF', 'ADMIN'] },
  fields: (t) => ({
    kind: t.expose('kind', { type: RosterImportKind }),
    fileName: t.exposeString('fileName'),
    sha256: t.exposeString('sha256'),
    rows: t.exposeInt('rows', { nullable: true, description: 'Rows below the header.' }),
    imported: t.exposeInt('imported', { description: 'Rows that changed something.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Good rows already recorded (a file imported again).' }),
    rejectedCount: t.int({
      description: 'Rows rejected (each may have several reasons).',
      select: { rows: true, imported: true, unchanged: true, finishedAt: true },
      resolve: (i) => (i.finishedAt ? Math.max(0, (i.rows ?? 0) - i.imported - i.unchanged) : 0),
    }),
    rejectedRows: t.field({
      type: [RejectedRowType],
      description: `Why rows were rejected, a page at a time; the first ${REJECTED_ROWS_KEPT} reasons of an import are kept.`,
      args: {
        offset: t.arg.int({ required: false, defaultValue: 0, validate: rejectedRowsPage.offset }),
        first: t.arg.int({ required: false, defaultValue: 100, validate: rejectedRowsPage.first }),
      },
      select: { rejectedRows: true },
      resolve: (i, { offset, first }) => pageOf<RejectedRow>(i.rejectedRows, offset, first),
    }),
    jobId: t.id({
      nullable: true,
      select: { jobId: true },
      description: 'Global ID of the BackgroundJob (progress).',
      resolve: (i) => (i.jobId ? encodeGlobalID('BackgroundJob', i.jobId) : null),
    }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

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
