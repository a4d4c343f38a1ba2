import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { ApiClient, UserNode } from './auth.types.ts';

builder.queryFields((t) => ({
  viewer: t.prismaField({
    type: UserNode,
    nullable: true,
    description: 'The signed-in user, or null.',
    // The query is always spread (an unused selection is an error outside production); with no user it matches nothing.
    resolve: (query, _root, _args, ctx) =>
      prisma.user.findFirst({ ...query, where: ctx.viewer?.kind === 'user' ? { id: ctx.viewer.userId } : { id: { in: [] } } }),
  }),
  apiClient: t.field({
    type: ApiClient,
    nullable: true,
    description: 'The calling system when the request carries an API token, or null.',
    resolve: (_root, _args, ctx) => (ctx.viewer?.kind === 'token' ? { name: ctx.viewer.name, scopes: ctx.viewer.scopes } : null),
  }),
  apiTokens: t.prismaConnection({
    type: 'ApiToken',
    cursor: 'id',
    totalCount: () => prisma.apiToken.count(),
    authScopes: { role: 'ADMIN' },
    resolve: (query) => prisma.apiToken.findMany({ ...query, orderBy: { createdAt: 'desc' } }),
  }),
}));

import type { Prisma } from '../../generated/prisma/client.ts';
import { Role } from '../../generated/prisma/enums.ts';
import { ZUserSearch } from './auth.schemas.ts';

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
