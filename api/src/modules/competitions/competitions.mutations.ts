import { builder } from '../../graphql/builder.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { BlacklistedError } from '../blacklist/blacklist.errors.ts';
import { CompetitionTier } from '../../generated/prisma/enums.ts';
import {
  addCompetitionRound,
  approveCompetitionResults,
  createCompetition,
  recordCompetitionScores,
  registerCompetitionEntry,
  returnCompetitionResults,
  submitCompetitionResults,
} from './competitions.service.ts';
import {
  ZAddRoundInput,
  ZCompetitionScoresInput,
  ZCreateCompetitionInput,
  ZRegisterEntryInput,
  ZReturnResultsInput,
} from './competitions.schemas.ts';
import { CompetitionEntryNode, CompetitionNode } from './competitions.types.ts';

const ERRORS = [InputValidationError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError];
const RUNNERS = { role: ['HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] as ('HR_REVIEWER' | 'HR_APPROVER' | 'ADMIN')[] };
const APPROVERS = { role: ['HR_APPROVER', 'ADMIN'] as ('HR_APPROVER' | 'ADMIN')[] };

const AwardAlternativeInput = builder.inputType('CompetitionAwardAlternativeInput', {
  fields: (t) => ({ holds: t.string(), promoteTo: t.string() }),
});
const AwardRuleInput = builder.inputType('CompetitionAwardRuleInput', {
  fields: (t) => ({
    id: t.string(),
    fromRank: t.int(),
    toRank: t.int(),
    title: t.string({ required: false }),
    promoteTo: t.string({ required: false, description: 'Level code, e.g. L2.' }),
    ifHolds: t.field({ type: [AwardAlternativeInput], required: false }),
  }),
});

const CreateCompetitionInput = builder
  .inputType('CreateCompetitionInput', {
    fields: (t) => ({
      name: t.string(),
      tier: t.field({ type: CompetitionTier }),
      year: t.int(),
      regionId: t.id({ required: false, description: 'Region whose HR bureau runs it; the viewer’s own by default.' }),
      organiserId: t.id({ description: 'The organising bureau (in the competition’s region); it issues the certificates.' }),
      theoryWeight: t.int({ required: false, description: 'Weight of theory in the total, percent (default 30).' }),
      minEntrantsForPromotion: t.int({
        required: false,
        description: 'Fewest entrants for level promotions; default by tier: county 8, city 10, province 15, national 20.',
      }),
      minRoundsForPromotion: t.int({
        required: false,
        description: 'Fewest rounds held for level promotions; default by tier: county and city 1, province and national 2.',
      }),
      awardRules: t.field({
        type: [AwardRuleInput],
        required: false,
        description: 'Default: ranks 1-3 技术能手 + 技师 (高级技师 for 技师 holders), ranks 4-10 高级工.',
      }),
    }),
  })
  .validate(ZCreateCompetitionInput);

const AddRoundInput = builder
  .inputType('AddCompetitionRoundInput', {
    fields: (t) => ({ competitionId: t.id(), name: t.string(), heldOn: t.field({ type: 'Date' }), place: t.string({ required: false }) }),
  })
  .validate(ZAddRoundInput);
const RegisterEntryInput = builder
  .inputType('RegisterCompetitionEntryInput', { fields: (t) => ({ competitionId: t.id(), caregiverId: t.id() }) })
  .validate(ZRegisterEntryInput);
const ScoresInput = builder
  .inputType('RecordCompetitionScoresInput', { fields: (t) => ({ entryId: t.id(), theory: t.float(), practical: t.float() }) })
  .validate(ZCompetitionScoresInput);
const ReturnInput = builder
  .inputType('ReturnCompetitionResultsInput', { fields: (t) => ({ competitionId: t.id(), reason: t.string() }) })
  .validate(ZReturnResultsInput);

builder.mutationFields((t) => ({
  createCompetition: t.field({
    type: CompetitionNode,
    description: 'HR creates a competition with its award rules (the default unless given).',
    authScopes: RUNNERS,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: CreateCompetitionInput }) },
    resolve: (_root, { input }, ctx) => createCompetition(ctx, input),
  }),
  addCompetitionRound: t.field({
    type: CompetitionNode,
    authScopes: RUNNERS,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: AddRoundInput }) },
    resolve: (_root, { input }, ctx) => addCompetitionRound(ctx, input),
  }),
  registerCompetitionEntry: t.field({
    type: CompetitionEntryNode,
    description: 'Enters a caregiver; refused for a person on the blacklist.',
    authScopes: RUNNERS,
    errors: { types: [BlacklistedError, ...ERRORS] },
    args: { input: t.arg({ type: RegisterEntryInput }) },
    resolve: (_root, { input }, ctx) => registerCompetitionEntry(ctx, input),
  }),
  recordCompetitionScores: t.field({
    type: CompetitionEntryNode,
    description: 'Records exact scores; the total and every rank are recomputed.',
    authScopes: RUNNERS,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: ScoresInput }) },
    resolve: (_root, { input }, ctx) => recordCompetitionScores(ctx, input),
  }),
  submitCompetitionResults: t.field({
    type: CompetitionNode,
    description: 'Submits the ranked results to the HR bureau approver.',
    authScopes: RUNNERS,
    errors: { types: ERRORS },
    args: { competitionId: t.arg.globalID({ for: CompetitionNode }) },
    resolve: (_root, { competitionId }, ctx) => submitCompetitionResults(ctx, competitionId.id),
  }),
  returnCompetitionResults: t.field({
    type: CompetitionNode,
    description: 'The approver sends submitted results back for correction, with the reason.',
    authScopes: APPROVERS,
    errors: { types: ERRORS },
    args: { input: t.arg({ type: ReturnInput }) },
    resolve: (_root, { input }, ctx) => returnCompetitionResults(ctx, input),
  }),
  approveCompetitionResults: t.field({
    type: CompetitionNode,
    description: 'The HR bureau approver approves the results: titles are conferred and promotion certificates issued, once.',
    authScopes: APPROVERS,
    errors: { types: ERRORS },
    args: { competitionId: t.arg.globalID({ for: CompetitionNode }) },
    resolve: (_root, { competitionId }, ctx) => approveCompetitionResults(ctx, competitionId.id),
  }),
}));
