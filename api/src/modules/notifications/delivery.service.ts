import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { prisma } from '../../db/client.ts';
import { kickOutbox, stageJob } from '../../jobs/outbox.ts';
import { todayInChina } from '../../shared/china-time.ts';
import {
  SCOPES_SEEING_PEOPLE,
  SMS_TEMPLATES,
  WEBHOOK_SCOPE,
  type Audience,
  type EventCode,
  type EventParams,
} from './notification-codes.ts';
import { secretBox } from './notification-secrets.ts';
import { WebhookDeliveryFailedError } from './notifications.errors.ts';
import { deliverWebhookJob } from './notifications.jobs.ts';
import { smsProviderFromEnv, type SmsProvider } from './sms-providers.ts';
import { AddressRefusedError, guardedLookup, refuseWebhookUrl } from './webhook-address.ts';
import { signWebhook } from './webhook-signing.ts';

/** Region paths a region path lies under, itself included: `36/3611/361102` → 36, 36/3611, 36/3611/361102. */
export const pathPrefixes = (path: string) => path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));

/** The users an event's audience names, resolved now (the employer is whoever employs the caregiver today). */
async function recipientsOf(event: {
  caregiverId: string | null;
  regionPath: string | null;
  userId: string | null;
  organisationId: string | null;
  audience: string[];
}): Promise<string[]> {
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
  if (event.regionPath && audience.has('FINANCE')) {
    const officers = await prisma.membership.findMany({
      where: { role: 'FINANCE_OFFICER', user: { disabledAt: null }, region: { path: { in: pathPrefixes(event.regionPath) } } },
      select: { userId: true },
    });
    for (const m of officers) users.add(m.userId);
  }
  if (event.organisationId && audience.has('ORGANISATION')) {
    const staff = await prisma.membership.findMany({
      where: { organisationId: event.organisationId, user: { disabledAt: null } },
      select: { userId: true },
    });
    for (const m of staff) users.add(m.userId);
  }
  if (event.userId && audience.has('INITIATOR')) {
    const user = await prisma.user.findFirst({ where: { id: event.userId, disabledAt: null }, select: { id: true } });
    if (user) users.add(user.id);
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
  const candidates = await prisma.webhookEndpoint.findMany({
    where: { disabledAt: null, apiTokenId: { not: null }, OR: [{ eventCodes: { isEmpty: true } }, { eventCodes: { has: event.code } }] },
    select: { id: true, apiToken: { select: { scopes: true, revokedAt: true, expiresAt: true, region: { select: { path: true } } } } },
  });
  const endpoints = candidates.filter((e) => e.apiToken && tokenMayReceive(e.apiToken, event));
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

/**
 * Whether an endpoint's token may read what an event is about: a token that is still valid, holds the
 * scope reading the event's object, and whose region (when it has one) contains the event's region. An
 * event of no region goes only to tokens of every region.
 */
export function tokenMayReceive(
  token: { scopes: string[]; revokedAt: Date | null; expiresAt: Date; region: { path: string } | null },
  event: { code: string; regionPath: string | null },
  now = new Date(),
): boolean {
  if (token.revokedAt || token.expiresAt <= now) return false;
  const scope = WEBHOOK_SCOPE[event.code as EventCode];
  if (!scope || !token.scopes.includes(scope)) return false;
  if (!token.region) return true;
  return !!event.regionPath && (event.regionPath === token.region.path || event.regionPath.startsWith(`${token.region.path}/`));
}

/** Consecutive failed attempts after which an endpoint is disabled (an admin enables it again). */
export const webhookFailureLimit = () => Number(process.env.WEBHOOK_DISABLE_AFTER ?? 15);
const TIMEOUT_MS = 10_000;

/**
 * The body sent for an event: its code, when, and the ids and what changed; never personal data. The
 * caregiver's id only where the event's scope reads people (a subsidies token sees claims, not who).
 */
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
      caregiverId: SCOPES_SEEING_PEOPLE.has(WEBHOOK_SCOPE[event.code as EventCode] ?? '') ? event.caregiverId : null,
      regionCode: event.regionPath?.split('/').at(-1) ?? null,
      changes: event.params,
    },
  };
}

/** Why an attempt failed, recorded on it: NETWORK, TIMEOUT, ADDRESS_REFUSED or HTTP_<status>. */
type Failure = string | null;

/**
 * POSTs the body and answers the status code. Redirects are not followed (a 3xx is a failed attempt:
 * following one would send the signed body wherever the receiver points, internal addresses included),
 * and the connection goes through `guardedLookup`, which refuses internal addresses at connect time.
 */
function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup as never,
        timeout: TIMEOUT_MS,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        // The answer's body is not ours to read; drop it so a large one costs nothing.
        res.destroy();
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(body);
  });
}

const failureOf = (error: unknown): Failure => {
  if (error instanceof AddressRefusedError) return 'ADDRESS_REFUSED';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'TIMEOUT';
  return 'NETWORK';
};

/**
 * One HTTP attempt of a delivery; throws when the receiver did not accept it, so the queue retries. On
 * the `final` attempt a failure ends the delivery FAILED rather than RETRYING (replay sends it again).
 * Before sending, the endpoint's token is checked again (revoked: the endpoint is disabled, nothing
 * sent) and so is its address (it may resolve elsewhere than at registration).
 */
export async function deliverWebhook(deliveryId: string, { final = false }: { final?: boolean } = {}) {
  const delivery = await prisma.webhookDelivery.findUnique({
    where: { id: deliveryId },
    include: {
      endpoint: {
        include: { apiToken: { select: { scopes: true, revokedAt: true, expiresAt: true, region: { select: { path: true } } } } },
      },
      event: true,
    },
  });
  if (!delivery || delivery.status === 'SUCCEEDED' || delivery.status === 'FAILED' || delivery.status === 'SKIPPED') return;
  const { endpoint } = delivery;
  const token = endpoint.apiToken;
  if (!endpoint.disabledAt && (!token || token.revokedAt || token.expiresAt <= new Date())) {
    await prisma.$transaction(async (tx) => {
      await tx.webhookEndpoint.updateMany({
        where: { id: endpoint.id, disabledAt: null },
        data: { disabledAt: new Date(), disabledReason: 'TOKEN_REVOKED' },
      });
      await tx.webhookDelivery.updateMany({
        where: { endpointId: endpoint.id, status: { in: ['PENDING', 'RETRYING'] } },
        data: { status: 'SKIPPED' },
      });
    });
    return { skipped: true };
  }
  if (endpoint.disabledAt || !token || !tokenMayReceive(token, delivery.event)) {
    await prisma.webhookDelivery.updateMany({
      where: { id: deliveryId, status: { in: ['PENDING', 'RETRYING'] } },
      data: { status: 'SKIPPED' },
    });
    return { skipped: true };
  }
  const body = JSON.stringify(webhookPayload(delivery.event));
  const timestamp = Math.floor(Date.now() / 1000);
  const secret = secretBox().decrypt(endpoint.secretCipher);
  const started = Date.now();
  let statusCode: number | null = null;
  let failure: Failure = null;
  const refusal = await refuseWebhookUrl(endpoint.url);
  if (refusal) failure = refusal.code === 'WEBHOOK_HOST_UNRESOLVED' ? 'NETWORK' : 'ADDRESS_REFUSED';
  else
    try {
      statusCode = await post(
        endpoint.url,
        {
          'content-type': 'application/json',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, delivery.id, timestamp, body),
        },
        body,
      );
      if (statusCode < 200 || statusCode >= 300) failure = `HTTP_${statusCode}`;
    } catch (error) {
      failure = failureOf(error);
    }
  await prisma.$transaction(async (tx) => {
    await tx.webhookAttempt.create({ data: { deliveryId, statusCode, errorCode: failure, durationMs: Date.now() - started } });
    await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: {
        attempts: { increment: 1 },
        lastStatusCode: statusCode,
        ...(failure ? { status: final ? 'FAILED' : 'RETRYING' } : { status: 'SUCCEEDED', deliveredAt: new Date() }),
      },
    });
    if (!failure) {
      await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { consecutiveFailures: 0 } });
      return;
    }
    const updated = await tx.webhookEndpoint.update({
      where: { id: delivery.endpointId },
      data: { consecutiveFailures: { increment: 1 } },
    });
    if (updated.consecutiveFailures >= webhookFailureLimit() && !updated.disabledAt) {
      await tx.webhookEndpoint.update({ where: { id: updated.id }, data: { disabledAt: new Date(), disabledReason: 'FAILING' } });
      await tx.webhookDelivery.updateMany({
        where: { endpointId: updated.id, status: { in: ['PENDING', 'RETRYING'] } },
        data: { status: 'FAILED' },
      });
    }
  });
  if (failure) throw new WebhookDeliveryFailedError(failure);
  return { statusCode };
}
