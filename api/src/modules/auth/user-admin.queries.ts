import { builder } from '../../graphql/builder.ts';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { Role } from '../../generated/prisma/enums.ts';
import { UserNode } from './user.types.ts';
import { ZUserSearch } from './user-admin.schemas.ts';

type UserArgs = { search?: string | null; role?: Role | null; disabled?: boolean | null };

const userWhere = (args: UserArgs): Prisma.UserWhereInput => ({
  ...(args.search
    ? {
        OR: [{ username: { contains: args.search, mode: 'insensitive' } }, { displayName: { contains: args.search, mode: 'insensitive' } }],
      }
    : {}),
  ...(args.role ? { memberships: { some: { role: args.role } } } : {}),
  ...(args.disabled === true ? { disabledAt: { not: null } } : args.disabled === false ? { disabledAt: null } : {}),
});

builder.queryFields((t) => ({
  users: t.prismaConnection({
    type: UserNode,
    cursor: 'id',
    description: 'Logins, for admins: searched by username or name, filtered by role and by whether they are disabled.',
    authScopes: { role: 'ADMIN' },
    args: {
      search: t.arg.string({ required: false, validate: ZUserSearch }),
      role: t.arg({ type: Role, required: false }),
      disabled: t.arg.boolean({ required: false }),
    },
    totalCount: (_root, args) => prisma.user.count({ where: userWhere(args) }),
    resolve: (query, _root, args) =>
      prisma.user.findMany({ ...query, where: userWhere(args), orderBy: [{ username: 'asc' }, { id: 'asc' }] }),
  }),
}));
