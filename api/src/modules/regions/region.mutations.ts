import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { ForbiddenError, InputValidationError, UnauthenticatedError } from '../../graphql/errors.ts';
import { RegionNode } from './region.types.ts';
import { RegionCodeTakenError } from './regions.errors.ts';
import { ZAddRegionInput } from './regions.schemas.ts';
import { addRegion } from './regions.service.ts';

builder.objectType(RegionCodeTakenError, {
  name: 'RegionCodeTakenError',
  description: 'The region code is already in use.',
  interfaces: [ErrorInterface],
});

const AddRegionInput = builder
  .inputType('AddRegionInput', {
    fields: (t) => ({
      code: t.string({ description: '6-digit GB/T 2260 code.' }),
      name: t.string(),
      nameEn: t.string({ required: false }),
      parentCode: t.string({ required: false, description: 'The province or city it belongs to; none for a province.' }),
    }),
  })
  .validate(ZAddRegionInput);

builder.mutationField('addRegion', (t) =>
  t.field({
    type: RegionNode,
    description: 'Adds a province, city or county code (a new or renamed division).',
    authScopes: { role: 'ADMIN' },
    errors: { types: [RegionCodeTakenError, InputValidationError, UnauthenticatedError, ForbiddenError] },
    args: { input: t.arg({ type: AddRegionInput }) },
    resolve: (_root, { input }, ctx) => addRegion(ctx, input),
  }),
);
