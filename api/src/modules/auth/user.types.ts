import { builder } from '../../graphql/builder.ts';
import { hasRole } from '../../graphql/viewer.ts';
import { Role } from '../../generated/prisma/enums.ts';

builder.enumType(Role, { name: 'Role' });

export const UserNode = builder.prismaNode('User', {
  id: { field: 'id' },
  description: 'A person who signs in to the portal.',
  // Node lookups: users find themselves, admins everyone. No type-level scope, because the login
  // result shows the user who has just signed in, before the request carries a session.
  nullable: true,
  findUnique: (id, ctx) => ({
    id,
    AND: [
      hasRole(ctx.viewer, 'ADMIN') ? {} : { id: ctx.viewer?.kind === 'user' ? ctx.viewer.userId : '00000000-0000-0000-0000-000000000000' },
    ],
  }),
  fields: (t) => ({
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    locale: t.exposeString('locale'),
    disabled: t.boolean({ select: { disabledAt: true }, resolve: (u) => u.disabledAt !== null }),
    memberships: t.relation('memberships', { query: { orderBy: { createdAt: 'asc' } } }),
    caregiver: t.relation('caregiver', { nullable: true, description: 'The caregiver record of a caregiver login.' }),
  }),
});

builder.prismaObject('Membership', {
  description: 'A role the user holds, scoped to an organisation (staff) or a region subtree (bureaus).',
  fields: (t) => ({
    role: t.expose('role', { type: Role }),
    organisation: t.relation('organisation', { nullable: true }),
    region: t.relation('region', { nullable: true }),
  }),
});

export const ApiTokenNode = builder.prismaNode('ApiToken', {
  id: { field: 'id' },
  description: 'A token another system uses to query the API. The secret is shown once at creation.',
  authScopes: { role: 'ADMIN' },
  fields: (t) => ({
    name: t.exposeString('name'),
    scopes: t.exposeStringList('scopes'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    createdBy: t.relation('createdBy'),
  }),
});
