import { builder } from '../../graphql/builder.ts';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { JobNotFailedError } from './background-jobs.errors.ts';
import { retryBackgroundJob } from './background-jobs.service.ts';
import { BackgroundJobNode } from './background-jobs.types.ts';

builder.mutationFields((t) => ({
  retryBackgroundJob: t.field({
    type: BackgroundJobNode,
    description: 'Runs a failed job again from the start (admins).',
    authScopes: { role: 'ADMIN' },
    errors: { types: [JobNotFailedError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError] },
    args: { id: t.arg.globalID({ for: BackgroundJobNode }) },
    resolve: (_root, { id }, ctx) => retryBackgroundJob(ctx, id.id),
  }),
}));
