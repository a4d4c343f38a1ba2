import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { OrganisationKind } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';

type OrganisationArgs = { kind?: OrganisationKind | null; regionCode?: string | null; search?: string | null; active?: boolean | null };

async function organisationWhere(args: OrganisationArgs): Promise<Prisma.OrganisationWhereInput> {
  const region = args.regionCode ? await prisma.region.findUnique({ where: { code: args.regionCode }, select: { path: true } }) : null;
  return {
    ...(args.kind ? { kind: args.kind } : {}),
    ...(args.regionCode ? { region: { path: { startsWith: region?.path ?? 'no-such-region' } } } : {}),
    ...(args.search ? { OR: [{ name: { contains: args.search } }, { uscc: { startsWith: args.search.toUpperCase() } }] } : {}),
    ...(args.active === true ? { deactivatedAt: null } : args.active === false ? { deactivatedAt: { not: null } } : {}),
  };
}

builder.queryFields((t) => ({
  organisations: t.prismaConnection({
    type: 'Organisation',
    cursor: 'id',
    totalCount: async (_root, args) => prisma.organisation.count({ where: await organisationWhere(args) }),
    description: 'Organisations, filtered by kind, by region (the whole subtree), by name or code prefix, and by whether they are open.',
    args: {
      kind: t.arg({ type: OrganisationKind, required: false }),
      regionCode: t.arg.string({ required: false, validate: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code') }),
      search: t.arg.string({ required: false, validate: z.string().trim().max(50) }),
      active: t.arg.boolean({ required: false, description: 'true: open ones only; false: closed ones only.' }),
    },
    resolve: async (query, _root, args) =>
      prisma.organisation.findMany({ ...query, where: await organisationWhere(args), orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
  }),
}));
