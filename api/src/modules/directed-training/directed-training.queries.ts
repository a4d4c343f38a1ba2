import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import { RepaymentStatus } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { InputValidationError } from '../../graphql/errors.ts';
import { classWhereFor, studentWhereFor } from './directed-training.access.ts';
import { DirectedBreachNode, DirectedClassNode, DirectedStudentNode, OverviewRowType } from './directed-training.types.ts';
import { directedTrainingOverview } from './overview.service.ts';

const RegionCodeArg = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');

builder.queryFields((t) => ({
  directedClasses: t.prismaConnection({
    type: DirectedClassNode,
    cursor: 'id',
    authScopes: {
      role: ['COLLEGE_STAFF', 'HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'CIVIL_AFFAIRS_ANALYST', 'ADMIN'],
      tokenScope: 'training:read',
    },
    description: 'Directed classes the viewer sees (a college its own; bureaus and tokens their region’s), newest cohort first.',
    args: { cohortYear: t.arg.int({ required: false }) },
    totalCount: (_root, args, ctx) =>
      prisma.directedClass.count({ where: { AND: [classWhereFor(ctx.viewer), args.cohortYear ? { cohortYear: args.cohortYear } : {}] } }),
    resolve: (query, _root, args, ctx) =>
      prisma.directedClass.findMany({
        ...query,
        where: { AND: [classWhereFor(ctx.viewer), args.cohortYear ? { cohortYear: args.cohortYear } : {}] },
        orderBy: [{ cohortYear: 'desc' }, { name: 'asc' }, { id: 'asc' }],
      }),
  }),
  directedTrainingFigures: t.field({
    type: [OverviewRowType],
    authScopes: {
      role: ['COLLEGE_STAFF', 'HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'CIVIL_AFFAIRS_ANALYST', 'ADMIN'],
      tokenScope: 'training:read',
    },
    errors: { types: [InputValidationError] },
    description: 'Quota, admitted, graduated, placed, serving, fulfilled and breached by college and cohort, within a region if given.',
    args: { regionCode: t.arg.string({ required: false, validate: RegionCodeArg }) },
    resolve: async (_root, args, ctx) => {
      const region = args.regionCode ? await prisma.region.findUnique({ where: { code: args.regionCode }, select: { path: true } }) : null;
      if (args.regionCode && !region) throw InputValidationError.at(['regionCode'], 'REGION_UNKNOWN');
      return directedTrainingOverview(ctx.viewer, region?.path ?? null);
    },
  }),
  myDirectedStudies: t.prismaField({
    type: [DirectedStudentNode],
    authScopes: { role: 'CAREGIVER' },
    description: 'The signed-in person’s directed-training agreements and service.',
    resolve: (query, _root, _args, ctx) =>
      prisma.directedStudent.findMany({
        ...query,
        where: { caregiverId: ctx.viewer?.kind === 'user' ? (ctx.viewer.caregiverId ?? '') : '' },
        orderBy: { enrolledOn: 'desc' },
      }),
  }),
  directedBreaches: t.prismaConnection({
    type: DirectedBreachNode,
    cursor: 'id',
    authScopes: { role: ['COLLEGE_STAFF', 'HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'ADMIN'] },
    description: 'Breaches and repayments of the classes the viewer sees, newest first.',
    args: { status: t.arg({ type: [RepaymentStatus], required: false }) },
    totalCount: (_root, args, ctx) =>
      prisma.directedBreach.count({
        where: { AND: [{ student: studentWhereFor(ctx.viewer) }, args.status?.length ? { status: { in: args.status } } : {}] },
      }),
    resolve: (query, _root, args, ctx) =>
      prisma.directedBreach.findMany({
        ...query,
        where: { AND: [{ student: studentWhereFor(ctx.viewer) }, args.status?.length ? { status: { in: args.status } } : {}] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));
