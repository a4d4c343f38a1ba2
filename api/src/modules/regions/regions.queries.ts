import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { RegionLevel } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { POPULATION_SCOPES, populationImportWhereFor } from './regions.access.ts';
import { PopulationImportNode } from './regions.types.ts';

type RegionArgs = { parentCode?: string | null; level?: RegionLevel | null };

const regionWhere = (args: RegionArgs): Prisma.RegionWhereInput => ({
  ...(args.parentCode ? { parent: { code: args.parentCode } } : {}),
  ...(args.level ? { level: args.level } : {}),
});

const ZRegionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');

builder.queryFields((t) => ({
  regions: t.prismaConnection({
    type: 'Region',
    cursor: 'id',
    description: 'Regions, optionally the children of one region or those of one level, ordered by code.',
    totalCount: (_root, args) => prisma.region.count({ where: regionWhere(args) }),
    args: {
      parentCode: t.arg.string({ required: false, validate: ZRegionCode }),
      level: t.arg({ type: RegionLevel, required: false }),
    },
    resolve: (query, _root, args) =>
      prisma.region.findMany({
        ...query,
        where: regionWhere(args),
        orderBy: { code: 'asc' },
      }),
  }),
  region: t.prismaField({
    type: 'Region',
    nullable: true,
    args: { code: t.arg.string({ validate: ZRegionCode }) },
    resolve: (query, _root, args) => prisma.region.findUnique({ ...query, where: { code: args.code } }),
  }),
}));

builder.queryField('populationImports', (t) =>
  t.prismaConnection({
    type: PopulationImportNode,
    cursor: 'id',
    authScopes: { role: [...POPULATION_SCOPES.role] },
    description: 'Population files the viewer imported (admins: all), newest first.',
    resolve: (query, _root, _args, ctx) =>
      prisma.populationImport.findMany({
        ...query,
        where: populationImportWhereFor(ctx.viewer),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);
