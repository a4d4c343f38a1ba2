import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { CompetitionStatus } from '../../generated/prisma/enums.ts';
import { DEFAULT_AWARD_RULES, DEFAULT_PROMOTION_MINIMUMS, type CompetitionTierCode } from './award-rules.ts';
import { competitionWhereFor } from './competitions.access.ts';
import { AwardRuleType } from './competitions.types.ts';

builder.queryFields((t) => ({
  competitions: t.prismaConnection({
    type: 'Competition',
    cursor: 'id',
    authScopes: { role: ['HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'Competitions of the viewer’s region and below, newest year first.',
    args: { year: t.arg.int({ required: false }), status: t.arg({ type: CompetitionStatus, required: false }) },
    totalCount: (_root, args, ctx) =>
      prisma.competition.count({
        where: { AND: [competitionWhereFor(ctx.viewer), args.year ? { year: args.year } : {}, args.status ? { status: args.status } : {}] },
      }),
    resolve: (query, _root, args, ctx) =>
      prisma.competition.findMany({
        ...query,
        where: { AND: [competitionWhereFor(ctx.viewer), args.year ? { year: args.year } : {}, args.status ? { status: args.status } : {}] },
        orderBy: [{ year: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
  myCompetitionEntries: t.prismaField({
    type: ['CompetitionEntry'],
    authScopes: { role: 'CAREGIVER' },
    description: 'The signed-in caregiver’s competition entries, newest first, with ranks, titles and certificates.',
    resolve: (query, _root, _args, ctx) =>
      prisma.competitionEntry.findMany({
        ...query,
        where: { caregiverId: ctx.viewer?.kind === 'user' ? (ctx.viewer.caregiverId ?? '') : '' },
        orderBy: [{ competition: { year: 'desc' } }, { createdAt: 'desc' }],
      }),
  }),
  defaultPromotionMinimums: t.field({
    type: [
      builder.objectRef<{ tier: CompetitionTierCode; entrants: number; rounds: number }>('PromotionMinimum').implement({
        description: 'Fewest entrants and rounds a competition of a tier needs before it promotes anyone a level.',
        fields: (f) => ({ tier: f.exposeString('tier'), entrants: f.exposeInt('entrants'), rounds: f.exposeInt('rounds') }),
      }),
    ],
    authScopes: { role: ['HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'The minimums a new competition gets per tier unless the organiser sets its own.',
    resolve: () => Object.entries(DEFAULT_PROMOTION_MINIMUMS).map(([tier, m]) => ({ tier: tier as CompetitionTierCode, ...m })),
  }),
  defaultCompetitionAwardRules: t.field({
    type: [AwardRuleType],
    authScopes: { role: ['HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'The award rules a new competition gets unless it states its own (Jiangxi 2022 provincial contest).',
    resolve: () => [...DEFAULT_AWARD_RULES],
  }),
}));
