import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { markAllNotificationsRead, markNotificationRead, optInToSms, optOutOfSms } from './inbox.service.ts';
import { WebhookEndpointDisabledError } from './notifications.errors.ts';
import { ZRegisterWebhookInput, ZSmsOptInInput } from './notifications.schemas.ts';
import {
  NotificationCodeEnum,
  NotificationNode,
  RegisteredWebhook,
  SmsSubscriptionType,
  WebhookDeliveryType,
  WebhookEndpointType,
} from './notifications.types.ts';
import { disableWebhookEndpoint, enableWebhookEndpoint, registerWebhookEndpoint, replayWebhookDelivery } from './webhooks.service.ts';

const SmsOptInInput = builder
  .inputType('SmsOptInInput', { fields: (t) => ({ phone: t.string({ description: '11-digit mainland mobile number.' }) }) })
  .validate(ZSmsOptInInput);

const RegisterWebhookInput = builder
  .inputType('RegisterWebhookEndpointInput', {
    fields: (t) => ({
      url: t.string({ description: 'Where deliveries are POSTed: https, resolving to public addresses only.' }),
      description: t.string({ required: false }),
      apiTokenId: t.id({
        description:
          'The other system’s API token: only events its scopes read, of its region, are delivered; revoking it disables the endpoint.',
      }),
      eventCodes: t.field({
        type: [NotificationCodeEnum],
        required: false,
        description: 'Codes to deliver; leave out for every code the token’s scopes read.',
      }),
    }),
  })
  .validate(ZRegisterWebhookInput);

const uuid = z.uuid('is not an id');

builder.mutationFields((t) => ({
  markNotificationRead: t.field({
    type: NotificationNode,
    description: 'Marks one of the viewer’s notifications read.',
    authScopes: { loggedIn: true },
    errors: { types: [NotFoundError, UnauthenticatedError] },
    args: { id: t.arg.globalID({ for: NotificationNode }) },
    resolve: (_root, { id }, ctx) => markNotificationRead(ctx, id.id),
  }),
  markAllNotificationsRead: t.int({
    description: 'Marks every unread notification of the viewer read; answers how many.',
    authScopes: { loggedIn: true },
    resolve: (_root, _args, ctx) => markAllNotificationsRead(ctx),
  }),
  optInToSms: t.field({
    type: SmsSubscriptionType,
    description: 'Agrees to SMS notices at this number (a caregiver on their profile).',
    authScopes: { role: 'CAREGIVER' },
    errors: { types: [InputValidationError, UnauthenticatedError] },
    args: { input: t.arg({ type: SmsOptInInput }) },
    resolve: (_root, { input }, ctx) => optInToSms(ctx, input),
  }),
  optOutOfSms: t.boolean({
    description: 'Withdraws the SMS consent and forgets the number.',
    authScopes: { role: 'CAREGIVER' },
    resolve: (_root, _args, ctx) => optOutOfSms(ctx),
  }),
  registerWebhookEndpoint: t.field({
    type: RegisteredWebhook,
    description:
      'Registers another system’s endpoint for one of its API tokens and event codes; answers the signing secret once (admins; audited).',
    authScopes: { role: 'ADMIN' },
    errors: { types: [InputValidationError, ForbiddenError] },
    args: { input: t.arg({ type: RegisterWebhookInput }) },
    resolve: (_root, { input }, ctx) => registerWebhookEndpoint(ctx, input),
  }),
  enableWebhookEndpoint: t.field({
    type: WebhookEndpointType,
    description: 'Turns an endpoint back on, its failure count reset; not while its token is revoked (admins; audited).',
    authScopes: { role: 'ADMIN' },
    errors: { types: [NotFoundError, ConflictError, InputValidationError] },
    args: { id: t.arg.id({ validate: uuid }) },
    resolve: (_root, { id }, ctx) => enableWebhookEndpoint(ctx, String(id)),
  }),
  disableWebhookEndpoint: t.field({
    type: WebhookEndpointType,
    description: 'Stops deliveries to an endpoint (admins; audited).',
    authScopes: { role: 'ADMIN' },
    errors: { types: [NotFoundError, InputValidationError] },
    args: { id: t.arg.id({ validate: uuid }) },
    resolve: (_root, { id }, ctx) => disableWebhookEndpoint(ctx, String(id)),
  }),
  replayWebhookDelivery: t.field({
    type: WebhookDeliveryType,
    description: 'Sends a delivery’s event to its endpoint again, as a new delivery (admins; audited).',
    authScopes: { role: 'ADMIN' },
    errors: { types: [WebhookEndpointDisabledError, NotFoundError, ConflictError, InputValidationError] },
    args: { id: t.arg.id({ validate: uuid }) },
    resolve: (_root, { id }, ctx) => replayWebhookDelivery(ctx, String(id)),
  }),
}));
