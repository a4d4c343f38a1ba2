import { prisma } from '../../db/client.ts';
import { AppealStatus } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ownEntriesWhere } from './blacklist.access.ts';
builder.queryFields((t) => ({
  blacklistEntries: t.prismaConnection({
    type: 'BlacklistEntry',
    cursor: 'id',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'Blacklist entries, newest first; only those in force today with `active`.',
    args: { active: t.arg.boolean({ required: false }) },
    resolve: (query, _root, args) => {
      const today = new Date();
      return prisma.blacklistEntry.findMany({
        ...query,
        where: args.active ? { liftedAt: null, startsOn: { lte: today }, OR: [{ endsOn: null }, { endsOn: { gte: today } }] } : {},
        orderBy: [{ startsOn: 'desc' }, { id: 'desc' }],
      });
    },
  }),
  blacklistAppeals: t.prismaConnection({
    type: 'BlacklistAppeal',
    cursor: 'id',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'Appeals against blacklist entries, oldest waiting first; only those of one status with `status`.',
    args: { status: t.arg({ type: AppealStatus, required: false }) },
    totalCount: (_root, args) => prisma.blacklistAppeal.count({ where: args.status ? { status: args.status } : {} }),
    resolve: (query, _root, args) =>
      prisma.blacklistAppeal.findMany({
        ...query,
        where: args.status ? { status: args.status } : {},
        orderBy: [{ status: 'asc' }, { lodgedAt: 'asc' }, { id: 'asc' }],
      }),
  }),
  myBlacklistEntries: t.prismaField({
    type: ['BlacklistEntry'],
    authScopes: { loggedIn: true },
    description: 'Entries naming the signed-in person (or their organisation), newest first, with their appeals.',
    resolve: (query, _root, _args, ctx) =>
      prisma.blacklistEntry.findMany({ ...query, where: ownEntriesWhere(ctx.viewer), orderBy: [{ startsOn: 'desc' }, { id: 'desc' }] }),
  }),
}));
