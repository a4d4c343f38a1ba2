import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { ForbiddenError, InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import { ZSetWorkforceTargetInput } from './workforce.schemas.ts';
import { WorkforceIndicatorEnum, WorkforceTargetRowType } from './workforce.types.ts';
import { revertWorkforceTarget, setWorkforceTarget } from './targets.service.ts';

const ERRORS = [InputValidationError, NotFoundError, ForbiddenError];

const SetTargetInput = builder
  .inputType('SetWorkforceTargetInput', {
    fields: (t) => ({
      regionCode: t.string({ required: false, description: 'Leave out to set the default for every region without its own (admins).' }),
      indicator: t.field({ type: WorkforceIndicatorEnum }),
      year: t.int(),
      value: t.float({ description: 'Per 10,000 elderly for the per-10k indicators, a share between 0 and 1 for the others.' }),
      source: t.string({ description: 'The document the target comes from.' }),
    }),
  })
  .validate(ZSetWorkforceTargetInput);

builder.mutationFields((t) => ({
  setWorkforceTarget: t.field({
    type: WorkforceTargetRowType,
    description: 'Sets a region’s target for an indicator and year (overriding the default), or a default; audited.',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: SetTargetInput }) },
    resolve: (_root, { input }, ctx) => setWorkforceTarget(ctx, input),
  }),
  revertWorkforceTarget: t.field({
    type: 'ID',
    description: 'Removes a region’s own target so the default (or an ancestor’s) applies again; returns the removed target’s id.',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { targetId: t.arg.id({ validate: z.uuid('is not a target id') }) },
    resolve: async (_root, { targetId }, ctx) => (await revertWorkforceTarget(ctx, String(targetId))).id,
  }),
}));
