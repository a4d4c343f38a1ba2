import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { OrganisationKind } from '../../generated/prisma/enums.ts';
import { OrganisationNode } from './organisation.types.ts';
import { OutsideRegistryScopeError, UsccTakenError } from './organisations.errors.ts';
import { ZRegisterOrganisationInput, ZUpdateOrganisationInput } from './organisations.schemas.ts';
import { registerOrganisation, setOrganisationActive, updateOrganisation } from './organisations.service.ts';

builder.objectType(UsccTakenError, {
  name: 'UsccTakenError',
  description: 'Another organisation has this unified social credit code.',
  interfaces: [ErrorInterface],
});
builder.objectType(OutsideRegistryScopeError, {
  name: 'OutsideRegistryScopeError',
  description: 'Civil affairs keeps care institutions of its own region only.',
  interfaces: [ErrorInterface],
});

const KEEPERS = { role: ['ADMIN', 'CIVIL_AFFAIRS_ANALYST'] as ('ADMIN' | 'CIVIL_AFFAIRS_ANALYST')[] };
const ERRORS = [OutsideRegistryScopeError, InputValidationError, NotFoundError, UnauthenticatedError, ForbiddenError];

const RegisterOrganisationInput = builder
  .inputType('RegisterOrganisationInput', {
    fields: (t) => ({
      kind: t.field({ type: OrganisationKind }),
      name: t.string(),
      uscc: t.string({ description: 'Unified social credit code, 18 characters with its GB 32100 check character.' }),
      regionCode: t.string(),
      beds: t.int({ required: false, description: 'Care institutions only.' }),
      rating: t.string({ required: false }),
    }),
  })
  .validate(ZRegisterOrganisationInput);

const UpdateOrganisationInput = builder
  .inputType('UpdateOrganisationInput', {
    fields: (t) => ({
      id: t.id(),
      name: t.string(),
      uscc: t.string(),
      regionCode: t.string(),
      beds: t.int({ required: false }),
      rating: t.string({ required: false }),
    }),
  })
  .validate(ZUpdateOrganisationInput);

builder.mutationFields((t) => ({
  registerOrganisation: t.field({
    type: OrganisationNode,
    description:
      'Registers a college, training provider, assessment body, care institution or bureau (civil affairs: care institutions of its region).',
    authScopes: KEEPERS,
    errors: { types: [UsccTakenError, ...ERRORS] },
    args: { input: t.arg({ type: RegisterOrganisationInput }) },
    resolve: (_root, { input }, ctx) => registerOrganisation(ctx, input),
  }),
  updateOrganisation: t.field({
    type: OrganisationNode,
    authScopes: KEEPERS,
    errors: { types: [UsccTakenError, ...ERRORS] },
    args: { input: t.arg({ type: UpdateOrganisationInput }) },
    resolve: (_root, { input }, ctx) => updateOrganisation(ctx, input),
  }),
  deactivateOrganisation: t.field({
    type: OrganisationNode,
    description: 'Closes an organisation (merged, dissolved): its records stay, it takes no new staff logins.',
    authScopes: KEEPERS,
    errors: { types: ERRORS },
    args: { id: t.arg.globalID({ for: OrganisationNode }) },
    resolve: (_root, { id }, ctx) => setOrganisationActive(ctx, id.id, false),
  }),
  reactivateOrganisation: t.field({
    type: OrganisationNode,
    authScopes: KEEPERS,
    errors: { types: ERRORS },
    args: { id: t.arg.globalID({ for: OrganisationNode }) },
    resolve: (_root, { id }, ctx) => setOrganisationActive(ctx, id.id, true),
  }),
}));
