import { prisma } from '../../db/client.ts';
import { kickOutbox, stageJob } from '../../jobs/outbox.ts';
import { todayInChina } from '../../shared/china-time.ts';
import { SMS_TEMPLATES, type Audience, type EventCode, type EventParams } from './notification-codes.ts';
import { secretBox } from './notification-secrets.ts';
import { WebhookDeliveryFailedError } from './notifications.errors.ts';
import { deliverWebhookJob } from './notifications.jobs.ts';
import { smsProviderFromEnv, type SmsProvider } from './sms-providers.ts';
import { signWebhook } from './webhook-signing.ts';

/** Region paths a region path lies under, itself included: `36/3611/361102` → 36, 36/3611, 36/3611/361102. */
export const pathPrefixes = (path: string) => path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));

/** The users an event's audience names, resolved now (the employer is whoever employs the caregiver today). */
async function recipientsOf(event: { caregiverId: string | null; regionPath: string | null; audience: string[] }): Promise<string[]> {
  const audience = new Set(event.audience as Audience[]);
  const users = new Set<string>();
  if (event.caregiverId && audience.has('CAREGIVER')) {
    for (const u of await prisma.user.findMany({ where: { caregiverId: event.caregiverId, disabledAt: null }, select: { id: true } }))
      users.add(u.id);
  }
  if (event.caregiverId && audience.has('EMPLOYER')) {
    const today = todayInChina();
    const staff = await prisma.membership.findMany({
      where: {
        role: 'INSTITUTION_STAFF',
        user: { disabledAt: null },
        organisation: {
          employments: {
            some: { caregiverId: event.caregiverId, startDate: { lte: today }, OR: [{ endDate: null }, { endDate: { gte: today } }] },
          },
        },
      },
      select: { userId: true },
    });
    for (const m of staff) users.add(m.userId);
  }
  if (event.regionPath && audience.has('REVIEWERS')) {
    const reviewers = await prisma.membership.findMany({
      where: { role: 'HR_REVIEWER', user: { disabledAt: null }, region: { path: { in: pathPrefixes(event.regionPath) } } },
      select: { userId: true },
    });
    for (const m of reviewers) users.add(m.userId);
  }
  return [...users];
}

let provider: SmsProvider | null = null;
const sms = () => (provider ??= smsProviderFromEnv());

/** Tests and the demo swap the provider (the development one records, the real one sends). */
export function useSmsProvider(p: SmsProvider | null): void {
  provider = p;
}

/**
 * Fans one event out: an inbox row per recipient, an SMS per recipient who opted in (for codes with a
 * template), a webhook delivery per matching endpoint. Each write is keyed (event, user) or (endpoint,
 * event), so a second run of the job adds nothing and only sends what is still pending.
 */
export async function fanOutEvent(eventId: string) {
  const event = await prisma.notificationEvent.findUnique({ where: { id: eventId } });
  if (!event) return { recipients: 0, sms: 0, webhooks: 0 };
  const userIds = await recipientsOf(event);
  await prisma.notification.createMany({ data: userIds.map((userId) => ({ userId, eventId })), skipDuplicates: true });

  // Webhooks are staged before SMS are sent, so a provider that fails every attempt delays no other system.
  const endpoints = await prisma.webhookEndpoint.findMany({
    where: {
      disabledAt: null,
      OR: [{ eventCodes: { isEmpty: true } }, { eventCodes: { has: event.code } }],
      AND: [{ OR: [{ regionId: null }, ...(event.regionPath ? [{ region: { path: { in: pathPrefixes(event.regionPath) } } }] : [])] }],
    },
    select: { id: true },
  });
  await prisma.$transaction(async (tx) => {
    for (const endpoint of endpoints) {
      const delivery = await tx.webhookDelivery.upsert({
        where: { key: `${endpoint.id}:${eventId}` },
        create: { endpointId: endpoint.id, eventId, key: `${endpoint.id}:${eventId}` },
        update: {},
      });
      await stageJob(tx, deliverWebhookJob, { deliveryId: delivery.id }, { key: `${deliverWebhookJob.name}:${delivery.id}` });
    }
    await tx.notificationEvent.update({ where: { id: eventId }, data: { fannedOutAt: new Date() } });
  });
  if (endpoints.length) kickOutbox();

  const template = SMS_TEMPLATES[event.code as EventCode];
  let smsSent = 0;
  if (template && userIds.length) {
    const params = event.params as EventParams;
    const subscribers = await prisma.smsSubscription.findMany({ where: { userId: { in: userIds } } });
    await prisma.smsMessage.createMany({
      data: subscribers.map((s) => ({
        userId: s.userId,
        eventId,
        provider: sms().name,
        templateId: template.template,
        params: template.params.map((p) => String(params[p] ?? '')),
        phoneMasked: s.phoneMasked,
      })),
      skipDuplicates: true,
    });
    const pending = await prisma.smsMessage.findMany({ where: { eventId, status: 'PENDING' } });
    for (const message of pending) {
      const subscriber = subscribers.find((s) => s.userId === message.userId);
      if (!subscriber) continue;
      // A failed send throws: the job's retry sends only what is still pending.
      const { ref } = await sms().send({
        phone: secretBox().decrypt(subscriber.phoneCipher),
        templateId: message.templateId,
        params: message.params as string[],
      });
      await prisma.smsMessage.update({ where: { id: message.id }, data: { status: 'SENT', providerRef: ref, sentAt: new Date() } });
      smsSent++;
    }
  }

  return { recipients: userIds.length, sms: smsSent, webhooks: endpoints.length };
}

/** Consecutive failed attempts after which an endpoint is disabled (an admin enables it again). */
export const webhookFailureLimit = () => Number(process.env.WEBHOOK_DISABLE_AFTER ?? 15);
const TIMEOUT_MS = 10_000;

/** The body sent for an event: its code, when, and the ids and what changed; never personal data. */
export function webhookPayload(event: {
  id: string;
  code: string;
  subjectType: string;
  subjectId: string;
  caregiverId: string | null;
  regionPath: string | null;
  params: unknown;
  createdAt: Date;
}) {
  return {
    type: event.code,
    timestamp: event.createdAt.toISOString(),
    data: {
      eventId: event.id,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      caregiverId: event.caregiverId,
      regionCode: event.regionPath?.split('/').at(-1) ?? null,
      changes: event.params,
    },
  };
}

/** One HTTP attempt of a delivery; throws when the receiver did not accept it, so the queue retries. */
export async function deliverWebhook(deliveryId: string) {
  const delivery = await prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true, event: true } });
  if (!delivery || delivery.status === 'SUCCEEDED') return;
  if (delivery.endpoint.disabledAt) {
    await prisma.webhookDelivery.updateMany({ where: { id: deliveryId, status: 'PENDING' }, data: { status: 'SKIPPED' } });
    return { skipped: true };
  }
  const body = JSON.stringify(webhookPayload(delivery.event));
  const timestamp = Math.floor(Date.now() / 1000);
  const secret = secretBox().decrypt(delivery.endpoint.secretCipher);
  const started = Date.now();
  let statusCode: number | null = null;
  let failure: string | null = null;
  try {
    const response = await fetch(delivery.endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, delivery.id, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (statusCode < 200 || statusCode >= 300) failure = `HTTP_${statusCode}`;
  } catch (error) {
    failure = error instanceof Error && error.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK';
  }
  await prisma.$transaction(async (tx) => {
    await tx.webhookAttempt.create({ data: { deliveryId, statusCode, errorCode: failure, durationMs: Date.now() - started } });
    await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: {
        attempts: { increment: 1 },
        lastStatusCode: statusCode,
        ...(failure ? { status: 'RETRYING' } : { status: 'SUCCEEDED', deliveredAt: new Date() }),
      },
    });
    if (!failure) {
      await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { consecutiveFailures: 0 } });
      return;
    }
    const endpoint = await tx.webhookEndpoint.update({
      where: { id: delivery.endpointId },
      data: { consecutiveFailures: { increment: 1 } },
    });
    if (endpoint.consecutiveFailures >= webhookFailureLimit() && !endpoint.disabledAt) {
      await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { disabledAt: new Date() } });
      await tx.webhookDelivery.updateMany({
        where: { endpointId: endpoint.id, status: { in: ['PENDING', 'RETRYING'] } },
        data: { status: 'FAILED' },
      });
    }
  });
  if (failure) throw new WebhookDeliveryFailedError(failure);
  return { statusCode };
}
