import { builder } from '../../graphql/builder.ts';
import { prisma } from '../../db/client.ts';
import { UserNode } from './user.types.ts';

const ApiClient = builder.objectRef<{ name: string; scopes: string[] }>('ApiClient').implement({
  description: 'The system an API token belongs to.',
  fields: (t) => ({ name: t.exposeString('name'), scopes: t.exposeStringList('scopes') }),
});

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
