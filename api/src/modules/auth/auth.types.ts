import { prisma } from '../../db/client.ts';
import type { ApiToken, User } from '../../generated/prisma/client.ts';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { InvalidCredentialsError, ReauthenticationRequiredError, TooManyAttemptsError } from './auth.errors.ts';

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  description: 'Wrong username or password (which one is not said).',
  interfaces: [ErrorInterface],
});

builder.objectType(ReauthenticationRequiredError, {
  name: 'ReauthenticationRequiredError',
  description: 'The action needs the password entered again: call `reauthenticate`, then retry.',
  interfaces: [ErrorInterface],
});

builder.objectType(TooManyAttemptsError, {
  name: 'TooManyAttemptsError',
  description: 'Sign-in is locked for this account or address for a while.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

export const LoginPayload = builder.objectRef<{ token: string; expiresAt: Date; userId: string }>('LoginPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Session token; the portal keeps it in an HttpOnly cookie.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'Absolute expiry; the session also ends after 2 hours idle.' }),
    user: t.prismaField({
      type: UserNode,
      resolve: (query, p) => prisma.user.findUniqueOrThrow({ ...query, where: { id: p.userId } }),
    }),
  }),
});

export const CreateApiTokenPayload = builder.objectRef<{ token: string; apiToken: ApiToken }>('CreateApiTokenPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Shown once: store it now. Send as `Authorization: Bearer <token>`.' }),
    apiToken: t.field({ type: ApiTokenNode, resolve: (p) => p.apiToken }),
  }),
});

import { Role } from '../../generated/prisma/enums.ts';
import { hasRole } from '../../graphql/viewer.ts';

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

import { batchLoader } from '../../graphql/batch-loader.ts';
import { OwnAccountError, UsernameTakenError } from './auth.errors.ts';
import { lastSignIns, lockedUntil } from './user-admin.service.ts';

const lastSignIn = batchLoader(lastSignIns);
const locked = batchLoader(lockedUntil);

// What an operator needs to look after a login; the node's own policy keeps these to the user and admins.
builder.prismaObjectFields('User', (t) => ({
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  mustChangePassword: t.exposeBoolean('mustChangePassword', {
    description: 'The password is a temporary one set by an admin: it must be changed before anything else.',
  }),
  lastSignInAt: t.field({
    type: 'DateTime',
    nullable: true,
    select: { id: true },
    resolve: (u, _args, ctx) => lastSignIn(ctx, u.id),
  }),
  lockedUntil: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'Until when sign-in is locked after failed attempts; null when it is not.',
    select: { username: true },
    resolve: (u, _args, ctx) => locked(ctx, u.username),
  }),
}));

builder.objectType(UsernameTakenError, {
  name: 'UsernameTakenError',
  description: 'Another account already has this username.',
  interfaces: [ErrorInterface],
});

builder.objectType(OwnAccountError, {
  name: 'OwnAccountError',
  description: 'An admin may not disable their own account or remove their own admin role.',
  interfaces: [ErrorInterface],
});

// The console lists each token with the region it is limited to (the node itself stays in user.types.ts).
builder.prismaObjectFields('ApiToken', (t) => ({
  region: t.relation('region', { nullable: true, description: 'The region whose subtree the token may read; null = every region.' }),
}));

export const ApiClient = builder.objectRef<{ name: string; scopes: string[] }>('ApiClient').implement({
  description: 'The system an API token belongs to.',
  fields: (t) => ({ name: t.exposeString('name'), scopes: t.exposeStringList('scopes') }),
});

export const TemporaryPasswordPayload = builder.objectRef<{ user: User; temporaryPassword: string }>('TemporaryPasswordPayload').implement({
  description: 'A login with a temporary password, shown this once; it must be changed at the first sign-in.',
  fields: (t) => ({
    temporaryPassword: t.exposeString('temporaryPassword'),
    user: t.field({ type: UserNode, resolve: (p) => p.user }),
  }),
});
