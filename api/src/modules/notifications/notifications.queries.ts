import { builder } from '../../graphql/builder.ts';
import { prisma } from '../../db/client.ts';
import { notificationWhereFor } from './notifications.access.ts';
import { NotificationNode, SmsMessageType, SmsSubscriptionType, WebhookEndpointType } from './notifications.types.ts';

builder.queryFields((t) => ({
  notifications: t.prismaConnection({
    type: NotificationNode,
    cursor: 'id',
    description: 'The viewer’s inbox, newest first.',
    authScopes: { loggedIn: true },
    args: { unreadOnly: t.arg.boolean({ required: false }) },
    totalCount: (_root, args, ctx) =>
      prisma.notification.count({ where: { AND: [notificationWhereFor(ctx.viewer), args.unreadOnly ? { readAt: null } : {}] } }),
    resolve: (query, _root, args, ctx) =>
      prisma.notification.findMany({
        ...query,
        where: { AND: [notificationWhereFor(ctx.viewer), args.unreadOnly ? { readAt: null } : {}] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
  unreadNotificationCount: t.int({
    description: 'How many of the viewer’s notifications are unread (the header’s badge).',
    authScopes: { loggedIn: true },
    resolve: (_root, _args, ctx) => prisma.notification.count({ where: { AND: [notificationWhereFor(ctx.viewer), { readAt: null }] } }),
  }),
  smsSubscription: t.prismaField({
    type: SmsSubscriptionType,
    nullable: true,
    description: 'The viewer’s SMS consent; null when they have not opted in.',
    authScopes: { loggedIn: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer?.kind === 'user' ? prisma.smsSubscription.findUnique({ ...query, where: { userId: ctx.viewer.userId } }) : null,
  }),
  smsMessages: t.prismaConnection({
    type: SmsMessageType,
    cursor: 'id',
    description: 'SMS sent or recorded (development provider), newest first (admins).',
    authScopes: { role: 'ADMIN' },
    resolve: (query) => prisma.smsMessage.findMany({ ...query, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
  webhookEndpoints: t.prismaField({
    type: [WebhookEndpointType],
    description: 'Registered webhook endpoints with their latest deliveries (admins).',
    authScopes: { role: 'ADMIN' },
    resolve: (query) => prisma.webhookEndpoint.findMany({ ...query, orderBy: { createdAt: 'desc' } }),
  }),
}));
