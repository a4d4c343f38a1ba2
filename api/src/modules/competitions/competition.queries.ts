import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { CompetitionStatus } from '../../generated/prisma/enums.ts';
import { DEFAULT_AWARD_RULES } from './award-rules.ts';
import { competitionWhereFor } from './competitions.access.ts';
import { AwardRuleType } from './competition.types.ts';

builder.queryFields((t) => ({
  competitions: t.prismaConnection({
    type: 'Competition',
    cursor: 'id',
    authScopes: { role: ['HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'Competitions of the viewer’s region and below, newest year first.',
    args: { year: t.arg.int({ required: false }), status: t.arg({ type: CompetitionStatus, required: false }) },
    totalCount: (_root, args, ctx) => prisma.competition.count({ where: { AND: [competitionWhereFor(ctx.viewer), args.year ? { year: args.year } : {}, args.status ? { status: args.status } : {}] } }),
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
      prisma.competitionEntry.findMany({ ...query, where: { caregiverId: ctx.viewer?.kind === 'user' ? (ctx.viewer.caregiverId ?? '') : '' }, orderBy: [{ competition: { year: 'desc' } }, { createdAt: 'desc' }] }),
  }),
  defaultCompetitionAwardRules: t.field({
    type: [AwardRuleType],
    authScopes: { role: ['HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'The award rules a new competition gets unless it states its own (Jiangxi 2022 provincial contest).',
    resolve: () => [...DEFAULT_AWARD_RULES],
  }),
}));
