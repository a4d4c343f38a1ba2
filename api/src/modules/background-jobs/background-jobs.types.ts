import { builder } from '../../graphql/builder.ts';
import { JobStatus } from '../../generated/prisma/enums.ts';
import { ErrorParam, paramList } from '../../graphql/error-types.ts';
import type { ErrorParams } from '../../graphql/errors.ts';
import { jobWhereFor } from './background-jobs.access.ts';

builder.enumType(JobStatus, { name: 'JobStatus' });

export const BackgroundJobNode = builder.prismaNode('BackgroundJob', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, AND: [jobWhereFor(ctx.viewer)] }),
  // Filtered out reads as absent (null), the same answer as an id that never existed.
  nullable: true,
  authScopes: { loggedIn: true },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Dotted job name, e.g. training.roster.import.' }),
    status: t.expose('status', { type: JobStatus }),
    progress: t.exposeInt('progress'),
    total: t.exposeInt('total', { nullable: true }),
    percent: t.int({
      nullable: true,
      description: 'Progress in percent, when the total is known.',
      select: { progress: true, total: true, status: true },
      resolve: (j) => (j.status === 'COMPLETED' ? 100 : j.total ? Math.min(100, Math.floor((j.progress * 100) / j.total)) : null),
    }),
    result: t.expose('result', { type: 'JSON', nullable: true }),
    error: t.exposeString('error', { nullable: true, description: 'English fallback of the last failure; see errorCode.' }),
    errorCode: t.exposeString('errorCode', {
      nullable: true,
      description: 'Code of the last failure when it was an expected (domain) one, for the portal to word.',
    }),
    errorParams: t.field({
      type: [ErrorParam],
      description: 'Parameters of that failure.',
      select: { errorParams: true },
      resolve: (j) => paramList((j.errorParams ?? {}) as ErrorParams),
    }),
    attempts: t.exposeInt('attempts'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});
