import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { Education } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { readFirst, readMany } from '../../graphql/json-read.ts';
import type { Context } from '../../graphql/context.ts';
import { OrganisationNode } from '../organisations/organisations.types.ts';
import { caregiverWhereFor } from './caregivers.access.ts';
import { CaregiverNode } from './caregivers.types.ts';
import { blindIndex, parseResidentId } from './resident-id.ts';

type CaregiverListArgs = {
  search?: string | null;
  regionCode?: string | null;
  institutionId?: { id: string } | null;
  education?: Education | null;
  currentlyEmployed?: boolean | null;
};

async function caregiverListWhere(args: CaregiverListArgs, ctx: Context): Promise<Prisma.CaregiverWhereInput> {
  const filters: Prisma.CaregiverWhereInput[] = [caregiverWhereFor(ctx.viewer)];
  if (args.search) {
    const id = parseResidentId(args.search);
    filters.push(id.ok ? { residentIdHash: blindIndex(id.id) } : { name: { contains: args.search } });
  }
  if (args.regionCode) {
    const region = await prisma.region.findUnique({ where: { code: args.regionCode }, select: { path: true } });
    filters.push(region ? { region: { path: { startsWith: region.path } } } : { id: { in: [] } });
  }
  const current = { OR: [{ endDate: null }, { endDate: { gte: new Date() } }] };
  if (args.institutionId) filters.push({ employments: { some: { institutionId: args.institutionId.id, ...current } } });
  if (args.education) filters.push({ education: args.education });
  if (typeof args.currentlyEmployed === 'boolean') {
    filters.push(args.currentlyEmployed ? { employments: { some: current } } : { employments: { none: current } });
  }
  return { AND: filters };
}

builder.queryFields((t) => ({
  caregivers: t.prismaConnection({
    type: 'Caregiver',
    cursor: 'id',
    totalCount: async (_root, args, ctx) => prisma.caregiver.count({ where: await caregiverListWhere(args, ctx) }),
    description: 'Caregivers the viewer may see, filtered. `search` matches a name, or a whole resident ID number exactly.',
    authScopes: { loggedIn: true, tokenScope: 'caregivers:read' },
    args: {
      search: t.arg.string({ required: false, validate: z.string().trim().max(30) }),
      regionCode: t.arg.string({ required: false, validate: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code') }),
      institutionId: t.arg.globalID({ required: false, for: OrganisationNode }),
      education: t.arg({ type: Education, required: false }),
      currentlyEmployed: t.arg.boolean({ required: false }),
    },
    resolve: async (query, _root, args, ctx, info) => {
      const read = { ...query, where: await caregiverListWhere(args, ctx), orderBy: [{ name: 'asc' as const }, { id: 'asc' as const }] };
      return readMany(info, query, read, () => prisma.caregiver.findMany(read), { connection: true });
    },
  }),
  caregiver: t.prismaField({
    type: CaregiverNode,
    nullable: true,
    description: 'One caregiver by global ID, or null when it does not exist or is not visible.',
    authScopes: { loggedIn: true, tokenScope: 'caregivers:read' },
    args: { id: t.arg.globalID({ for: CaregiverNode }) },
    resolve: (query, _root, args, ctx, info) => {
      const where = { AND: [{ id: args.id.id }, caregiverWhereFor(ctx.viewer)] };
      return readFirst(info, query, { where }, () => prisma.caregiver.findFirst({ ...query, where }));
    },
  }),
}));
