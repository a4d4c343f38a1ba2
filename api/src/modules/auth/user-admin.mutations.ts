import { builder } from '../../graphql/builder.ts';
import { ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import type { User } from '../../generated/prisma/client.ts';
import { Role } from '../../generated/prisma/enums.ts';
import { UserNode } from './user.types.ts';
import { OwnAccountError, UsernameTakenError } from './user-admin.errors.ts';
import { ZCreateUserInput, ZSetUserMembershipsInput } from './user-admin.schemas.ts';
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

const TemporaryPasswordPayload = builder.objectRef<{ user: User; temporaryPassword: string }>('TemporaryPasswordPayload').implement({
  description: 'A login with a temporary password, shown this once; it must be changed at the first sign-in.',
  fields: (t) => ({
    temporaryPassword: t.exposeString('temporaryPassword'),
    user: t.field({ type: UserNode, resolve: (p) => p.user }),
  }),
});

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
