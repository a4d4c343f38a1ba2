import { encodeGlobalID } from '@pothos/plugin-relay';
import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { notificationWhereFor } from './notifications.access.ts';
import { WebhookEndpointDisabledError } from './notifications.errors.ts';
import { EVENT_CODES } from './notification-codes.ts';

builder.objectType(WebhookEndpointDisabledError, {
  name: 'WebhookEndpointDisabledError',
  description: 'The endpoint is disabled; enable it before replaying a delivery.',
  interfaces: [ErrorInterface],
});

export const NotificationCodeEnum = builder.enumType('NotificationCode', {
  description: 'What happened, as a code the portal words (dots become underscores: certificate.revoked is CERTIFICATE_REVOKED).',
  values: Object.fromEntries(
    EVENT_CODES.map((code) => [
      code
        .replace(/([a-z])([A-Z])/g, '$1_$2')
        .replace('.', '_')
        .toUpperCase(),
      { value: code },
    ]),
  ) as Record<string, { value: (typeof EVENT_CODES)[number] }>,
});

export const NotificationNode = builder.prismaNode('Notification', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, AND: [notificationWhereFor(ctx.viewer)] }),
  nullable: true,
  authScopes: { loggedIn: true },
  description: 'An entry in a user’s inbox: an event, worded by the portal from its code and parameters.',
  fields: (t) => ({
    code: t.field({
      type: NotificationCodeEnum,
      select: { event: { select: { code: true } } },
      resolve: (n) => n.event.code as (typeof EVENT_CODES)[number],
    }),
    params: t.field({
      type: 'JSON',
      description: 'What changed: ids, numbers, dates and states (never a sentence).',
      select: { event: { select: { params: true } } },
      resolve: (n) => n.event.params,
    }),
    subjectType: t.string({
      description: 'The kind of object it is about, e.g. Certificate, Enrolment.',
      select: { event: { select: { subjectType: true } } },
      resolve: (n) => n.event.subjectType,
    }),
    subjectId: t.id({
      description: 'Global id of the object (the portal builds the link).',
      select: { event: { select: { subjectType: true, subjectId: true } } },
      resolve: (n) => encodeGlobalID(n.event.subjectType, n.event.subjectId),
    }),
    caregiverId: t.id({
      nullable: true,
      description: 'Global id of the caregiver it concerns, if any.',
      select: { event: { select: { caregiverId: true } } },
      resolve: (n) => (n.event.caregiverId ? encodeGlobalID('Caregiver', n.event.caregiverId) : null),
    }),
    read: t.boolean({ select: { readAt: true }, resolve: (n) => n.readAt !== null }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const SmsSubscriptionType = builder.prismaObject('SmsSubscription', {
  description: 'The viewer’s consent to SMS notices.',
  fields: (t) => ({
    phoneMasked: t.exposeString('phoneMasked', { description: 'The number, masked, e.g. 139****5678.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const SmsMessageType = builder.prismaObject('SmsMessage', {
  description: 'An SMS sent, or recorded by the development provider: a template id and its parameters.',
  fields: (t) => ({
    id: t.exposeID('id'),
    provider: t.exposeString('provider'),
    templateId: t.exposeString('templateId'),
    params: t.expose('params', { type: 'JSON' }),
    phoneMasked: t.exposeString('phoneMasked'),
    status: t.exposeString('status', { description: 'PENDING, SENT or FAILED.' }),
    providerRef: t.exposeString('providerRef', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const WebhookAttemptType = builder.prismaObject('WebhookAttempt', {
  fields: (t) => ({
    id: t.exposeID('id'),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: 'The receiver’s HTTP status; null when it did not answer.' }),
    errorCode: t.exposeString('errorCode', {
      nullable: true,
      description: 'NETWORK, TIMEOUT, ADDRESS_REFUSED (resolved to an internal address) or HTTP_<status> when the attempt failed.',
    }),
    durationMs: t.exposeInt('durationMs'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const WebhookDeliveryType = builder.prismaObject('WebhookDelivery', {
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Also the webhook-id header of the delivery.' }),
    code: t.field({
      type: NotificationCodeEnum,
      select: { event: { select: { code: true } } },
      resolve: (d) => d.event.code as (typeof EVENT_CODES)[number],
    }),
    status: t.exposeString('status', {
      description:
        'PENDING, RETRYING (an attempt failed, another follows), SUCCEEDED, FAILED (the last attempt failed, or the endpoint was disabled for failing) or SKIPPED (the endpoint was off).',
    }),
    attempts: t.exposeInt('attempts'),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    replayOfId: t.exposeString('replayOfId', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    tries: t.relation('tries', { query: { orderBy: { createdAt: 'asc' } } }),
  }),
});

export const WebhookEndpointType = builder.prismaObject('WebhookEndpoint', {
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    description: t.exposeString('description', { nullable: true }),
    eventCodes: t.field({
      type: [NotificationCodeEnum],
      description: 'Codes delivered; empty: every code the token’s scopes read.',
      select: { eventCodes: true },
      resolve: (e) => e.eventCodes as (typeof EVENT_CODES)[number][],
    }),
    apiTokenId: t.id({
      nullable: true,
      description: 'Global id of the API token whose scopes and region limit the deliveries.',
      select: { apiTokenId: true },
      resolve: (e) => (e.apiTokenId ? encodeGlobalID('ApiToken', e.apiTokenId) : null),
    }),
    apiTokenName: t.string({
      nullable: true,
      select: { apiToken: { select: { name: true } } },
      resolve: (e) => e.apiToken?.name ?? null,
    }),
    regionCode: t.string({
      nullable: true,
      description: 'The token’s region: only events in its subtree are delivered (null: every region).',
      select: { apiToken: { select: { region: { select: { code: true } } } } },
      resolve: (e) => e.apiToken?.region?.code ?? null,
    }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    disabledReason: t.exposeString('disabledReason', {
      nullable: true,
      description: 'FAILING, TOKEN_REVOKED or ADMIN, while disabled.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveries: t.relation('deliveries', {
      args: { take: t.arg.int({ required: false }) },
      query: (args) => ({ orderBy: { createdAt: 'desc' }, take: Math.min(args.take ?? 20, 100) }),
    }),
  }),
});

export const RegisteredWebhook = builder.objectRef<{ endpoint: { id: string }; secret: string }>('RegisteredWebhook').implement({
  description: 'A new endpoint and its signing secret, shown this once.',
  fields: (t) => ({
    endpoint: t.prismaField({
      type: 'WebhookEndpoint',
      resolve: (query, r) => prisma.webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: r.endpoint.id } }),
    }),
    secret: t.exposeString('secret', { description: 'whsec_…: verify deliveries with it (Standard Webhooks); it cannot be shown again.' }),
  }),
});

builder.prismaObjectFields('User', (t) => ({
  unreadNotificationCount: t.int({
    nullable: true,
    description: 'How many of this user’s notifications are unread; only for the signed-in user themself (null otherwise).',
    select: { id: true },
    resolve: (user, _args, ctx) =>
      ctx.viewer?.kind === 'user' && ctx.viewer.userId === user.id
        ? prisma.notification.count({ where: { userId: user.id, readAt: null } })
        : null,
  }),
}));
