import { builder } from '../../graphql/builder.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { ZAddBlacklistEntryInput, ZDecideAppealInput, ZLiftBlacklistEntryInput, ZLodgeAppealInput } from './blacklist.schemas.ts';
import { BlacklistAppealNode, BlacklistEntryNode } from './blacklist.types.ts';
import { addBlacklistEntry, decideBlacklistAppeal, liftBlacklistEntry, lodgeBlacklistAppeal } from './blacklist.service.ts';
const ERRORS = [InputValidationError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError];

const AddBlacklistEntryInput = builder
  .inputType('AddBlacklistEntryInput', {
    fields: (t) => ({
      caregiverId: t.id({ required: false, description: 'The person listed; or organisationId (exactly one).' }),
      organisationId: t.id({ required: false, description: 'The organisation listed (e.g. a care home found abusing residents).' }),
      reason: t.string(),
      evidence: t.string({ description: 'The case file, judgment or inspection report the entry rests on.' }),
      startsOn: t.field({ type: 'Date' }),
      endsOn: t.field({ type: 'Date', required: false }),
    }),
  })
  .validate(ZAddBlacklistEntryInput);
const LiftBlacklistEntryInput = builder
  .inputType('LiftBlacklistEntryInput', { fields: (t) => ({ entryId: t.id(), reason: t.string() }) })
  .validate(ZLiftBlacklistEntryInput);

const LodgeAppealInput = builder
  .inputType('LodgeBlacklistAppealInput', {
    fields: (t) => ({
      entryId: t.id(),
      grounds: t.string(),
      onBehalfOf: t.string({
        required: false,
        description: 'Civil affairs recording a paper appeal: who appeals (a relative, a lawyer, the employer).',
      }),
    }),
  })
  .validate(ZLodgeAppealInput);
const DecideAppealInput = builder
  .inputType('DecideBlacklistAppealInput', { fields: (t) => ({ appealId: t.id(), uphold: t.boolean(), reason: t.string() }) })
  .validate(ZDecideAppealInput);

builder.mutationFields((t) => ({
  addBlacklistEntry: t.field({
    type: BlacklistEntryNode,
    description: 'Civil affairs lists a person living or working in its region, with the reason, the period and the evidence.',
    authScopes: { role: 'CIVIL_AFFAIRS_ANALYST' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: AddBlacklistEntryInput }) },
    resolve: (_root, { input }, ctx) => addBlacklistEntry(ctx, input),
  }),
  lodgeBlacklistAppeal: t.field({
    type: BlacklistAppealNode,
    description: 'Appeals against a blacklist entry in force: the listed person or organisation, or civil affairs on their behalf.',
    authScopes: { loggedIn: true },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: LodgeAppealInput }) },
    resolve: (_root, { input }, ctx) => lodgeBlacklistAppeal(ctx, input),
  }),
  decideBlacklistAppeal: t.field({
    type: BlacklistAppealNode,
    description: 'Civil affairs decides an appeal: upholding lifts the entry, dismissing keeps it.',
    authScopes: { role: 'CIVIL_AFFAIRS_ANALYST' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: DecideAppealInput }) },
    resolve: (_root, { input }, ctx) => decideBlacklistAppeal(ctx, input),
  }),
  liftBlacklistEntry: t.field({
    type: BlacklistEntryNode,
    description: 'Lifts an entry early (e.g. after a successful appeal), with the reason.',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: LiftBlacklistEntryInput }) },
    resolve: (_root, { input }, ctx) => liftBlacklistEntry(ctx, input),
  }),
}));
