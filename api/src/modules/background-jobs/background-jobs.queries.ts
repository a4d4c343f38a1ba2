import { builder } from '../../graphql/builder.ts';
import { prisma } from '../../db/client.ts';
import { JobStatus } from '../../generated/prisma/enums.ts';
import { BackgroundJobNode } from './background-jobs.types.ts';
import { jobWhereFor } from './background-jobs.access.ts';

builder.queryFields((t) => ({
  backgroundJob: t.prismaField({
    type: BackgroundJobNode,
    nullable: true,
    description:
      'A background job with its progress; null when it does not exist or the viewer did not start it (institution staff also see the post-subsidy batch of their rosters).',
    authScopes: { loggedIn: true },
    args: { id: t.arg.globalID({ for: BackgroundJobNode }) },
    resolve: (query, _root, args, ctx) =>
      prisma.backgroundJob.findFirst({ ...query, where: { AND: [{ id: args.id.id }, jobWhereFor(ctx.viewer)] } }),
  }),
  backgroundJobs: t.prismaConnection({
    type: BackgroundJobNode,
    cursor: 'id',
    description: 'Jobs the viewer started and post-subsidy batches of their institution’s rosters (admins: all), newest first.',
    authScopes: { loggedIn: true },
    args: { status: t.arg({ type: JobStatus, required: false, description: 'Only jobs in this state, e.g. FAILED.' }) },
    totalCount: (_root, args, ctx) =>
      prisma.backgroundJob.count({ where: { AND: [jobWhereFor(ctx.viewer), args.status ? { status: args.status } : {}] } }),
    resolve: (query, _root, args, ctx) =>
      prisma.backgroundJob.findMany({
        ...query,
        where: { AND: [jobWhereFor(ctx.viewer), args.status ? { status: args.status } : {}] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));
