import { builder } from '../../graphql/builder.ts';
import { ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import type { ApiToken } from '../../generated/prisma/client.ts';
import { InvalidCredentialsError, ReauthenticationRequiredError, TooManyAttemptsError } from './auth.errors.ts';
import { ZChangePasswordInput, ZCreateApiTokenInput, ZLoginInput } from './auth.schemas.ts';
import { changePassword, login, logout, logoutEverywhere, reauthenticate } from './auth.service.ts';
import { createApiToken, revokeApiToken } from './api-token.service.ts';
import { ApiTokenNode, UserNode } from './user.types.ts';
import { prisma } from '../../db/client.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';

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

const LoginInput = builder
  .inputType('LoginInput', { fields: (t) => ({ username: t.string(), password: t.string() }) })
  .validate(ZLoginInput);

const ChangePasswordInput = builder
  .inputType('ChangePasswordInput', { fields: (t) => ({ currentPassword: t.string(), newPassword: t.string() }) })
  .validate(ZChangePasswordInput);

const CreateApiTokenInput = builder
  .inputType('CreateApiTokenInput', {
    fields: (t) => ({
      name: t.string(),
      scopes: t.stringList({ description: 'e.g. caregivers:read, certificates:read, workforce:read' }),
      expiresInDays: t.int(),
      regionCode: t.string({
        required: false,
        description: 'Limits the token to this region and everything under it, for every scope it holds.',
      }),
    }),
  })
  .validate(ZCreateApiTokenInput);

const LoginPayload = builder.objectRef<{ token: string; expiresAt: Date; userId: string }>('LoginPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Session token; the portal keeps it in an HttpOnly cookie.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'Absolute expiry; the session also ends after 2 hours idle.' }),
    user: t.prismaField({
      type: UserNode,
      resolve: (query, p) => prisma.user.findUniqueOrThrow({ ...query, where: { id: p.userId } }),
    }),
  }),
});

const CreateApiTokenPayload = builder.objectRef<{ token: string; apiToken: ApiToken }>('CreateApiTokenPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Shown once: store it now. Send as `Authorization: Bearer <token>`.' }),
    apiToken: t.field({ type: ApiTokenNode, resolve: (p) => p.apiToken }),
  }),
});

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayload,
    errors: { types: [InputValidationError, InvalidCredentialsError, TooManyAttemptsError] },
    args: { input: t.arg({ type: LoginInput }) },
    resolve: (_root, { input }, ctx) => login(ctx, input),
  }),
  logout: t.boolean({
    authScopes: { loggedIn: true },
    errors: { types: [UnauthenticatedError, ForbiddenError] },
    resolve: async (_root, _args, ctx) => {
      await logout(ctx);
      return true;
    },
  }),
  logoutEverywhere: t.int({
    description: 'Ends every session of the signed-in user; returns how many ended.',
    authScopes: { loggedIn: true },
    errors: { types: [UnauthenticatedError, ForbiddenError] },
    resolve: (_root, _args, ctx) => logoutEverywhere(ctx),
  }),
  reauthenticate: t.field({
    type: 'DateTime',
    description: 'Confirms the password again; for a few minutes the session may then reveal personal data or move money.',
    authScopes: { loggedIn: true },
    errors: { types: [InvalidCredentialsError, TooManyAttemptsError, UnauthenticatedError, ForbiddenError] },
    args: { password: t.arg.string() },
    resolve: (_root, { password }, ctx) => reauthenticate(ctx, password),
  }),
  changePassword: t.boolean({
    description: 'Changes the password and ends every other session of the user.',
    authScopes: { loggedIn: true },
    errors: { types: [InputValidationError, InvalidCredentialsError, TooManyAttemptsError, UnauthenticatedError, ForbiddenError] },
    args: { input: t.arg({ type: ChangePasswordInput }) },
    resolve: async (_root, { input }, ctx) => {
      await changePassword(ctx, input);
      return true;
    },
  }),
  createApiToken: t.field({
    type: CreateApiTokenPayload,
    authScopes: { role: 'ADMIN' },
    errors: { types: [InputValidationError, UnauthenticatedError, ForbiddenError] },
    args: { input: t.arg({ type: CreateApiTokenInput }) },
    resolve: (_root, { input }, ctx) => {
      if (ctx.viewer?.kind !== 'user') throw new UnauthenticatedError();
      return createApiToken({ ...ctx, viewer: ctx.viewer }, input);
    },
  }),
  revokeApiToken: t.field({
    type: ApiTokenNode,
    authScopes: { role: 'ADMIN' },
    errors: { types: [NotFoundError, UnauthenticatedError, ForbiddenError] },
    args: { id: t.arg.globalID({ for: ApiTokenNode }) },
    resolve: (_root, { id }, ctx) => revokeApiToken(ctx, id.id),
  }),
}));
