import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { CourseKind, CourseStatus, EnrolmentStatus } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { readMany } from '../../graphql/json-read.ts';
import type { Context } from '../../graphql/context.ts';
import { InputValidationError } from '../../graphql/errors.ts';
import { todayInChina } from '../../shared/china-time.ts';
import { ancestorPaths } from '../regions/region-paths.ts';
import { trainingEntitlement } from './enrolments.service.ts';
import { courseWhereFor, enrolmentWhereFor, providersOf, rosterImportWhereFor } from './training.access.ts';
import { CourseNode, EnrolmentNode, EntitlementType, RosterImportNode } from './training.types.ts';

const CourseFilter = builder.inputType('CourseFilter', {
  description: 'Catalogue search; every field narrows the list.',
  fields: (t) => ({
    regionCode: t.string({
      required: false,
      description: 'Courses held in this region, in the regions above it (a city course serves its counties) or below it.',
    }),
    kind: t.field({ type: CourseKind, required: false }),
    levelCode: t.string({ required: false, description: 'Target skill level, e.g. L4.' }),
    openSeats: t.boolean({ required: false, description: 'Only courses with a free seat.' }),
    startsFrom: t.field({ type: 'Date', required: false }),
    startsTo: t.field({ type: 'Date', required: false }),
    status: t.field({ type: [CourseStatus], required: false, description: 'Default: published.' }),
    mine: t.boolean({ required: false, description: 'Provider staff: only the own provider’s courses (drafts included).' }),
    search: t.string({ required: false, description: 'Words in the title or code.' }),
  }),
});

type Filter = typeof CourseFilter.$inferInput;

async function courseListWhere(filter: Filter | null | undefined, ctx: Context): Promise<Prisma.CourseWhereInput> {
  const and: Prisma.CourseWhereInput[] = [courseWhereFor(ctx.viewer)];
  const f = filter ?? {};
  if (f.mine) and.push({ providerId: { in: providersOf(ctx.viewer) ?? [] } });
  and.push({ status: { in: f.status?.length ? f.status : f.mine ? ['DRAFT', 'PUBLISHED', 'CANCELLED'] : ['PUBLISHED'] } });
  if (f.kind) and.push({ kind: f.kind });
  if (f.levelCode) and.push({ targetLevel: { code: f.levelCode } });
  if (f.openSeats) and.push({ seatsTaken: { lt: prisma.course.fields.capacity } });
  if (f.startsFrom) and.push({ startsOn: { gte: f.startsFrom } });
  if (f.startsTo) and.push({ startsOn: { lte: f.startsTo } });
  if (f.search?.trim())
    and.push({
      OR: [{ title: { contains: f.search.trim(), mode: 'insensitive' } }, { code: { contains: f.search.trim(), mode: 'insensitive' } }],
    });
  if (f.regionCode) {
    if (!/^\d{6}$/.test(f.regionCode)) throw InputValidationError.at(['filter', 'regionCode'], 'REGION_CODE_FORMAT');
    const region = await prisma.region.findUnique({ where: { code: f.regionCode }, select: { path: true } });
    and.push(
      region
        ? { region: { OR: [{ path: { startsWith: region.path } }, { path: { in: ancestorPaths(region.path) } }] } }
        : { id: { in: [] } },
    );
  }
  return { AND: and };
}

builder.queryFields((t) => ({
  courses: t.prismaConnection({
    type: CourseNode,
    cursor: 'id',
    authScopes: { loggedIn: true, tokenScope: 'training:read' },
    description: 'The course catalogue, soonest first: published courses for everyone; a provider’s drafts with `mine`.',
    args: { filter: t.arg({ type: CourseFilter, required: false }) },
    totalCount: async (_root, args, ctx) => prisma.course.count({ where: await courseListWhere(args.filter, ctx) }),
    resolve: async (query, _root, args, ctx) =>
      prisma.course.findMany({ ...query, where: await courseListWhere(args.filter, ctx), orderBy: [{ startsOn: 'asc' }, { id: 'asc' }] }),
  }),
  myEnrolments: t.prismaField({
    type: [EnrolmentNode],
    authScopes: { role: 'CAREGIVER' },
    description: 'The signed-in caregiver’s courses, newest first.',
    resolve: (query, _root, _args, ctx) =>
      prisma.enrolment.findMany({
        ...query,
        where: { caregiverId: ctx.viewer?.kind === 'user' ? (ctx.viewer.caregiverId ?? '') : '' },
        orderBy: { createdAt: 'desc' },
      }),
  }),
  enrolments: t.prismaConnection({
    type: EnrolmentNode,
    cursor: 'id',
    authScopes: {
      role: ['TRAINING_PROVIDER_STAFF', 'INSTITUTION_STAFF', 'HR_REVIEWER', 'HR_APPROVER', 'CIVIL_AFFAIRS_ANALYST', 'ADMIN'],
      tokenScope: 'training:read',
    },
    description:
      'Enrolments the viewer may see, newest first: a provider’s courses’, an institution’s staff’s, a bureau’s or token’s region’s.',
    args: { status: t.arg({ type: [EnrolmentStatus], required: false }) },
    totalCount: (_root, args, ctx) =>
      prisma.enrolment.count({
        where: { AND: [enrolmentWhereFor(ctx.viewer), args.status?.length ? { status: { in: args.status } } : {}] },
      }),
    resolve: (query, _root, args, ctx, info) => {
      const read = {
        ...query,
        where: { AND: [enrolmentWhereFor(ctx.viewer), args.status?.length ? { status: { in: args.status } } : {}] },
        orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
      };
      return readMany(info, query, read, () => prisma.enrolment.findMany(read), { connection: true });
    },
  }),
  trainingEntitlement: t.field({
    type: EntitlementType,
    authScopes: { role: 'CAREGIVER' },
    description: 'The signed-in caregiver’s government-funded training of a year (this year by default): used or not, and by which course.',
    args: { year: t.arg.int({ required: false }) },
    resolve: (_root, args, ctx) =>
      trainingEntitlement(ctx.viewer?.kind === 'user' ? (ctx.viewer.caregiverId ?? '') : '', args.year ?? todayInChina().getUTCFullYear()),
  }),
}));

builder.queryFields((t) => ({
  rosterImports: t.prismaConnection({
    type: RosterImportNode,
    cursor: 'id',
    authScopes: { role: ['COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF', 'ADMIN'] },
    description: 'Roster files of the viewer’s college or provider, newest first.',
    resolve: (query, _root, _args, ctx) =>
      prisma.rosterImport.findMany({ ...query, where: rosterImportWhereFor(ctx.viewer), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
}));
