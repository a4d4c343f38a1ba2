import { builder } from '../../graphql/builder.ts';
import { ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { createApiToken, revokeApiToken } from './api-token.service.ts';
import { InvalidCredentialsError, TooManyAttemptsError } from './auth.errors.ts';
import { ZChangePasswordInput, ZCreateApiTokenInput, ZLoginInput } from './auth.schemas.ts';
import { changePassword, login, logout, logoutEverywhere, reauthenticate } from './auth.service.ts';
import { ApiTokenNode, CreateApiTokenPayload, LoginPayload, TemporaryPasswordPayload, UserNode } from './auth.types.ts';

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

import { Role } from '../../generated/prisma/enums.ts';
import { OwnAccountError, UsernameTakenError } from './auth.errors.ts';
import { ZCreateUserInput, ZSetUserMembershipsInput } from './auth.schemas.ts';
import { createUser, resetUserPassword, setUserDisabled, setUserMemberships, unlockUser } from './user-admin.service.ts';

const ADMIN = { role: 'ADMIN' as const };
const ERRORS = [InputValidationError, NotFoundError, UnauthenticatedError, ForbiddenError];

const MembershipInput = builder.inputType('MembershipInput', {
  description: 'One role with its scope: staff roles name their organisation, bureau roles a region, admins neither.',
  fields: (t) => ({
    role: t.field({ type: Role }),
    organisationId: t.id({ required: false }),
    regionCode: t.string({ required: false, description: '6-digit code of the region whose subtree the role covers.' }),
  }),
});

const CreateUserInput = builder
  .inputType('CreateUserInput', {
    fields: (t) => ({
      username: t.string(),
      displayName: t.string(),
      locale: t.string({ required: false, description: 'zh-CN (default) or en.' }),
      memberships: t.field({ type: [MembershipInput] }),
    }),
  })
  .validate(ZCreateUserInput);

const SetUserMembershipsInput = builder
  .inputType('SetUserMembershipsInput', { fields: (t) => ({ userId: t.id(), memberships: t.field({ type: [MembershipInput] }) }) })
  .validate(ZSetUserMembershipsInput);

builder.mutationFields((t) => ({
  createUser: t.field({
    type: TemporaryPasswordPayload,
    description: 'Creates a login with its roles; the answer carries its temporary password, shown once.',
    authScopes: ADMIN,
    errors: { types: [UsernameTakenError, ...ERRORS] },
    args: { input: t.arg({ type: CreateUserInput }) },
    resolve: (_root, { input }, ctx) => createUser(ctx, input),
  }),
  setUserMemberships: t.field({
    type: UserNode,
    description: 'Replaces the roles of a login; they apply from its next request.',
    authScopes: ADMIN,
    errors: { types: [OwnAccountError, ...ERRORS] },
    args: { input: t.arg({ type: SetUserMembershipsInput }) },
    resolve: (_root, { input }, ctx) => setUserMemberships(ctx, input),
  }),
  disableUser: t.field({
    type: UserNode,
    description: 'Disables a login and ends its sessions at once.',
    authScopes: ADMIN,
    errors: { types: [OwnAccountError, ...ERRORS] },
    args: { id: t.arg.globalID({ for: UserNode }) },
    resolve: (_root, { id }, ctx) => setUserDisabled(ctx, id.id, true),
  }),
  enableUser: t.field({
    type: UserNode,
    authScopes: ADMIN,
    errors: { types: ERRORS },
    args: { id: t.arg.globalID({ for: UserNode }) },
    resolve: (_root, { id }, ctx) => setUserDisabled(ctx, id.id, false),
  }),
  resetUserPassword: t.field({
    type: TemporaryPasswordPayload,
    description: 'Sets a temporary password (shown once, to be changed at the next sign-in), ends the sessions and lifts a sign-in lock.',
    authScopes: ADMIN,
    errors: { types: ERRORS },
    args: { id: t.arg.globalID({ for: UserNode }) },
    resolve: (_root, { id }, ctx) => resetUserPassword(ctx, id.id),
  }),
  unlockUser: t.field({
    type: UserNode,
    description: 'Lifts the sign-in lock after failed attempts.',
    authScopes: ADMIN,
    errors: { types: ERRORS },
    args: { id: t.arg.globalID({ for: UserNode }) },
    resolve: (_root, { id }, ctx) => unlockUser(ctx, id.id),
  }),
}));
