import { AppealStatus } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { BlacklistedError } from './blacklist.errors.ts';
import { appealWhereFor, blacklistWhereFor } from './blacklist.access.ts';
export const AppealStatusEnum = builder.enumType(AppealStatus, {
  name: 'AppealStatus',
  description: 'LODGED waits for civil affairs; UPHELD lifted the entry; DISMISSED left it in force.',
});

builder.objectType(BlacklistedError, {
  name: 'BlacklistedError',
  description: 'The person is on the credit blacklist.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ until: t.expose('until', { type: 'Date', nullable: true }) }),
});
export const BlacklistEntryNode = builder.prismaNode('BlacklistEntry', {
  id: { field: 'id' },
  // Bureaus read every entry; the listed person or organisation reads its own (to appeal it).
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [blacklistWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true },
  fields: (t) => ({
    caregiver: t.relation('caregiver', { nullable: true }),
    organisation: t.relation('organisation', { nullable: true }),
    reason: t.exposeString('reason'),
    evidence: t.exposeString('evidence', {
      nullable: true,
      description: 'What the entry rests on; null on entries recorded before it was asked for.',
    }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', nullable: true }),
    issuerRegion: t.relation('issuerRegion'),
    liftedAt: t.expose('liftedAt', { type: 'DateTime', nullable: true }),
    liftedReason: t.exposeString('liftedReason', { nullable: true }),
    appeals: t.relation('appeals', { query: { orderBy: { lodgedAt: 'desc' } } }),
  }),
});

export const BlacklistAppealNode = builder.prismaNode('BlacklistAppeal', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [appealWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true },
  description: 'An appeal against a blacklist entry (申诉); civil affairs decides it.',
  fields: (t) => ({
    entry: t.relation('entry'),
    onBehalfOf: t.exposeString('onBehalfOf', { nullable: true, description: 'Who appeals when it was lodged on the subject’s behalf.' }),
    grounds: t.exposeString('grounds'),
    lodgedAt: t.expose('lodgedAt', { type: 'DateTime' }),
    status: t.expose('status', { type: AppealStatus }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decisionReason: t.exposeString('decisionReason', { nullable: true }),
  }),
});
