import { ErrorParam, paramList } from '../../graphql/error-types.ts';
import { promotionsWithheld, type PromotionsWithheld } from './competitions.service.ts';
import { builder } from '../../graphql/builder.ts';
import { CompetitionOutcome, CompetitionStatus, CompetitionTier } from '../../generated/prisma/enums.ts';
import type { AwardRule } from './award-rules.ts';
import { competitionWhereFor, entryWhereFor } from './competitions.access.ts';

builder.enumType(CompetitionTier, { name: 'CompetitionTier', description: 'County, city, province or national competition.' });
builder.enumType(CompetitionStatus, { name: 'CompetitionStatus' });
builder.enumType(CompetitionOutcome, { name: 'CompetitionOutcome', description: 'What approval gave an entrant.' });

export const AwardRuleType = builder.objectRef<AwardRule>('CompetitionAwardRule').implement({
  description: 'What ranks fromRank..toRank earn: a title and/or a certificate of a level (another level for holders of `ifHolds`).',
  fields: (t) => ({
    id: t.exposeString('id'),
    fromRank: t.exposeInt('fromRank'),
    toRank: t.exposeInt('toRank'),
    title: t.string({ nullable: true, resolve: (r) => r.title ?? null }),
    promoteTo: t.string({ nullable: true, description: 'Level code whose certificate is issued.', resolve: (r) => r.promoteTo ?? null }),
    ifHolds: t.field({
      type: [
        builder.objectRef<{ holds: string; promoteTo: string }>('CompetitionAwardAlternative').implement({
          description: 'Entrants already holding `holds` (or above) are promoted to `promoteTo` instead.',
          fields: (f) => ({ holds: f.exposeString('holds'), promoteTo: f.exposeString('promoteTo') }),
        }),
      ],
      resolve: (r) => r.ifHolds ?? [],
    }),
  }),
});

const PromotionsWithheldType = builder.objectRef<PromotionsWithheld>('PromotionsWithheld').implement({
  description:
    'Why approval conferred no level promotion: code PROMOTION_MINIMUM_NOT_MET, params entrants, minEntrants, rounds, minRounds.',
  fields: (t) => ({
    code: t.exposeString('code'),
    params: t.field({ type: [ErrorParam], resolve: (w) => paramList(w.params) }),
  }),
});

export const CompetitionNode = builder.prismaNode('Competition', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [competitionWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    tier: t.expose('tier', { type: CompetitionTier }),
    year: t.exposeInt('year'),
    region: t.relation('region'),
    organiser: t.relation('organiser', { description: 'The organising bureau, which issues the promotion certificates.' }),
    theoryWeight: t.exposeInt('theoryWeight', {
      description: 'Weight of theory in the total, in percent; practical skills take the rest.',
    }),
    awardRules: t.field({ type: [AwardRuleType], select: { awardRules: true }, resolve: (c) => c.awardRules as unknown as AwardRule[] }),
    minEntrantsForPromotion: t.exposeInt('minEntrantsForPromotion', {
      description: 'Fewest entrants for level promotions (the tier’s default unless set).',
    }),
    minRoundsForPromotion: t.exposeInt('minRoundsForPromotion', { description: 'Fewest rounds held for level promotions.' }),
    promotionsWithheld: t.field({
      type: PromotionsWithheldType,
      nullable: true,
      description:
        'Set when the competition has fewer entrants or rounds than level promotions need: approval confers titles but no promotion.',
      select: { minEntrantsForPromotion: true, minRoundsForPromotion: true, _count: { select: { entries: true, rounds: true } } },
      resolve: (c) => promotionsWithheld(c, c._count.entries, c._count.rounds),
    }),
    status: t.expose('status', { type: CompetitionStatus }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true }),
    returnedReason: t.exposeString('returnedReason', { nullable: true, description: 'Why the approver sent the results back.' }),
    rounds: t.relation('rounds', { query: { orderBy: { sequence: 'asc' } } }),
    entries: t.relatedConnection('entries', {
      cursor: 'id',
      totalCount: true,
      description: 'Entries the viewer may see, best rank first (unscored last).',
      query: (_args, ctx) => ({
        where: entryWhereFor(ctx.viewer),
        orderBy: [{ rank: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
      }),
    }),
    certificatesIssued: t.relationCount('entries', {
      where: { certificateId: { not: null } },
      description: 'Promotion certificates issued on approval.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('CompetitionRound', {
  description: 'A round of a competition, for the schedule.',
  fields: (t) => ({
    sequence: t.exposeInt('sequence'),
    name: t.exposeString('name'),
    heldOn: t.expose('heldOn', { type: 'Date' }),
    place: t.exposeString('place', { nullable: true }),
  }),
});

export const CompetitionEntryNode = builder.prismaNode('CompetitionEntry', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [entryWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true },
  fields: (t) => ({
    competition: t.relation('competition'),
    caregiver: t.relation('caregiver'),
    theoryScore: t.string({
      nullable: true,
      select: { theoryScore: true },
      description: 'Exact score as written, e.g. "88.50".',
      resolve: (e) => e.theoryScore?.toFixed(2) ?? null,
    }),
    practicalScore: t.string({ nullable: true, select: { practicalScore: true }, resolve: (e) => e.practicalScore?.toFixed(2) ?? null }),
    totalScore: t.string({
      nullable: true,
      select: { totalScore: true },
      description: 'Weighted total, exact to four decimals.',
      resolve: (e) => e.totalScore?.toFixed(4) ?? null,
    }),
    rank: t.exposeInt('rank', { nullable: true, description: 'Tied entrants share a rank; the next one is skipped (1, 2, 2, 4).' }),
    outcome: t.expose('outcome', { type: CompetitionOutcome, nullable: true }),
    awardTitle: t.exposeString('awardTitle', { nullable: true }),
    awardedLevel: t.relation('awardedLevel', { nullable: true }),
    outcomeNote: t.exposeString('outcomeNote', { nullable: true, description: 'Why the entrant got less than the rule offers.' }),
    certificate: t.relation('certificate', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
