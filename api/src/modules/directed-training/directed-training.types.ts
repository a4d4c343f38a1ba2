import { builder } from '../../graphql/builder.ts';
import { BreachKind, DirectedStudentStatus, RepaymentStatus } from '../../generated/prisma/enums.ts';
import { formatYuan } from '../../shared/money.ts';
import { classWhereFor, studentWhereFor } from './directed-training.access.ts';
import { programmeEndsOn } from './programme-calendar.ts';
import { serviceOwedMonths } from './repayment.ts';

builder.enumType(DirectedStudentStatus, { name: 'DirectedStudentStatus' });
builder.enumType(BreachKind, { name: 'BreachKind' });
builder.enumType(RepaymentStatus, { name: 'RepaymentStatus' });

export const DirectedClassNode = builder.prismaNode('DirectedClass', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [classWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true, tokenScope: 'training:read' },
  description: 'A directed-training class (定向培养班) a college runs for a sponsoring region.',
  fields: (t) => ({
    college: t.relation('college'),
    cohortYear: t.exposeInt('cohortYear'),
    major: t.exposeString('major'),
    name: t.exposeString('name'),
    quota: t.exposeInt('quota'),
    studentCount: t.exposeInt('studentCount', { description: 'Students admitted (a drop-out’s place is not refilled).' }),
    sponsorRegion: t.relation('sponsorRegion'),
    sponsorName: t.exposeString('sponsorName'),
    serviceYears: t.exposeInt('serviceYears'),
    programmeYears: t.exposeInt('programmeYears'),
    supportYuanPerYear: t.string({
      select: { tuitionFenPerYear: true, lodgingFenPerYear: true, allowanceFenPerYear: true },
      description: 'Tuition and lodging waived plus the living allowance, per student per year.',
      resolve: (c) => formatYuan(c.tuitionFenPerYear + c.lodgingFenPerYear + c.allowanceFenPerYear),
    }),
    tuitionYuanPerYear: t.string({ select: { tuitionFenPerYear: true }, resolve: (c) => formatYuan(c.tuitionFenPerYear) }),
    lodgingYuanPerYear: t.string({ select: { lodgingFenPerYear: true }, resolve: (c) => formatYuan(c.lodgingFenPerYear) }),
    allowanceYuanPerYear: t.string({ select: { allowanceFenPerYear: true }, resolve: (c) => formatYuan(c.allowanceFenPerYear) }),
    penaltyPercent: t.exposeInt('penaltyPercent'),
    students: t.relatedConnection('students', {
      cursor: 'id',
      totalCount: true,
      description: 'Students with their agreements (people: signed-in users only).',
      authScopes: { loggedIn: true },
      args: { status: t.arg({ type: [DirectedStudentStatus], required: false }) },
      query: (args, ctx) => ({
        where: { AND: [studentWhereFor(ctx.viewer), args.status?.length ? { status: { in: args.status } } : {}] },
        orderBy: [{ studentNo: 'asc' }],
      }),
    }),
  }),
});

export const DirectedStudentNode = builder.prismaNode('DirectedStudent', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [studentWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true },
  fields: (t) => ({
    class: t.relation('class'),
    caregiver: t.relation('caregiver'),
    studentNo: t.exposeString('studentNo'),
    status: t.expose('status', { type: DirectedStudentStatus }),
    enrolledOn: t.expose('enrolledOn', { type: 'Date' }),
    agreementNo: t.exposeString('agreementNo', { nullable: true }),
    agreementSignedOn: t.expose('agreementSignedOn', { type: 'Date', nullable: true }),
    graduatedOn: t.expose('graduatedOn', { type: 'Date', nullable: true }),
    earlyGraduationReason: t.exposeString('earlyGraduationReason', {
      nullable: true,
      description: 'Why the student graduated before the programme ended (e.g. transfer credit).',
    }),
    programmeEndsOn: t.field({
      type: 'Date',
      description: 'First day graduation may be recorded without a reason.',
      select: { enrolledOn: true, class: { select: { programmeYears: true } } },
      resolve: (s) => programmeEndsOn(s.enrolledOn, s.class.programmeYears),
    }),
    placement: t.relation('placement', { nullable: true }),
    servedMonths: t.exposeInt('servedMonths', { description: 'Insured months served in the sponsoring region since placement.' }),
    owedMonths: t.int({ select: { class: { select: { serviceYears: true } } }, resolve: (s) => serviceOwedMonths(s.class.serviceYears) }),
    serviceCountedAt: t.expose('serviceCountedAt', { type: 'DateTime', nullable: true }),
    fulfilledOn: t.expose('fulfilledOn', { type: 'Date', nullable: true }),
    breach: t.relation('breach', { nullable: true }),
  }),
});

export const DirectedBreachNode = builder.prismaNode('DirectedBreach', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [{ student: studentWhereFor(ctx.viewer) }] }),
  authScopes: { loggedIn: true },
  description: 'A breach of a directed-training agreement and its repayment.',
  fields: (t) => ({
    student: t.relation('student'),
    kind: t.expose('kind', { type: BreachKind }),
    occurredOn: t.expose('occurredOn', { type: 'Date' }),
    note: t.exposeString('note'),
    supportReceivedYuan: t.string({ select: { supportReceivedFen: true }, resolve: (b) => formatYuan(b.supportReceivedFen) }),
    penaltyPercent: t.exposeInt('penaltyPercent'),
    amountDueFen: t.exposeInt('amountDueFen'),
    amountDueYuan: t.string({ select: { amountDueFen: true }, resolve: (b) => formatYuan(b.amountDueFen) }),
    repaidYuan: t.string({ select: { repaidFen: true }, resolve: (b) => formatYuan(b.repaidFen) }),
    outstandingYuan: t.string({
      select: { amountDueFen: true, repaidFen: true },
      resolve: (b) => formatYuan(b.amountDueFen - b.repaidFen),
    }),
    status: t.expose('status', { type: RepaymentStatus }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    repayments: t.relation('repayments', { query: { orderBy: { paidOn: 'asc' } } }),
  }),
});

builder.prismaObject('Repayment', {
  fields: (t) => ({
    amountYuan: t.string({ select: { amountFen: true }, resolve: (r) => formatYuan(r.amountFen) }),
    paidOn: t.expose('paidOn', { type: 'Date' }),
    reference: t.exposeString('reference'),
  }),
});

export type OverviewRow = {
  collegeName: string;
  cohortYear: number;
  classes: number;
  quota: number;
  enrolled: number;
  graduated: number;
  placed: number;
  serving: number;
  fulfilled: number;
  breached: number;
  dueFen: number;
  repaidFen: number;
};

export const OverviewRowType = builder.objectRef<OverviewRow>('DirectedTrainingFigures').implement({
  description: 'Directed classes of one college and cohort: places and where the students are now (counts, no people).',
  fields: (t) => ({
    collegeName: t.exposeString('collegeName'),
    cohortYear: t.exposeInt('cohortYear'),
    classes: t.exposeInt('classes'),
    quota: t.exposeInt('quota'),
    enrolled: t.exposeInt('enrolled', { description: 'Students admitted.' }),
    graduated: t.exposeInt('graduated', { description: 'Students who have graduated (whatever came after).' }),
    placed: t.exposeInt('placed', { description: 'Graduates placed in an institution (whatever came after).' }),
    serving: t.exposeInt('serving', { description: 'Placed graduates serving now.' }),
    fulfilled: t.exposeInt('fulfilled'),
    breached: t.exposeInt('breached'),
    repaymentDueYuan: t.string({ resolve: (r) => formatYuan(r.dueFen) }),
    repaidYuan: t.string({ resolve: (r) => formatYuan(r.repaidFen) }),
  }),
});
