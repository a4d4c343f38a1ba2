import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { CourseKind, CourseStatus, EnrolmentStatus } from '../../generated/prisma/enums.ts';
import { formatYuan } from '../../shared/money.ts';
import { CaregiverNode } from '../caregivers/caregiver.types.ts';
import { courseWhereFor, enrolmentWhereFor } from './training.access.ts';

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
