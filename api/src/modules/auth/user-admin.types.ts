import { builder } from '../../graphql/builder.ts';
import { batchLoader } from '../../graphql/batch-loader.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { lastSignIns, lockedUntil } from './user-admin.service.ts';
import { OwnAccountError, UsernameTakenError } from './user-admin.errors.ts';

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
