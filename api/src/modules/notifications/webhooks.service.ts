import { randomUUID } from 'node:crypto';
import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import { kickOutbox, stageJob } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { secretBox } from './notification-secrets.ts';
import { WebhookEndpointDisabledError } from './notifications.errors.ts';
import { deliverWebhookJob } from './notifications.jobs.ts';
import type { TRegisterWebhookInput } from './notifications.schemas.ts';
import { newWebhookSecret } from './webhook-signing.ts';

/**
 * An admin registers another system's endpoint for some event codes (none: all) and optionally one
 * region's subtree. The signing secret is answered once, here; only its ciphertext is kept.
 */
export async function registerWebhookEndpoint(ctx: Context, input: TRegisterWebhookInput) {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  const userId = ctx.viewer.userId;
  let regionId: string | null = null;
  if (input.regionCode) {
    const region = await prisma.region.findUnique({ where: { code: input.regionCode }, select: { id: true } });
    if (!region) throw InputValidationError.at(['input', 'regionCode'], 'REGION_UNKNOWN', { code: input.regionCode });
    regionId = region.id;
  }
  const secret = newWebhookSecret();
  const endpoint = await prisma.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        url: input.url,
        description: input.description ?? null,
        eventCodes: input.eventCodes,
        regionId,
        secretCipher: secretBox().encrypt(secret),
        createdById: userId,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'webhook.register',
      entityType: 'WebhookEndpoint',
      entityId: created.id,
      after: { url: created.url, eventCodes: created.eventCodes, regionId },
    });
    return created;
  });
  return { endpoint, secret };
}

/** Turns an endpoint back on after it was disabled for failing, with its failure count reset. */
export async function enableWebhookEndpoint(ctx: Context, id: string) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('WebhookEndpoint');
    const after = await tx.webhookEndpoint.update({ where: { id }, data: { disabledAt: null, consecutiveFailures: 0 } });
    await recordAudit(tx, ctx, {
      action: 'webhook.enable',
      entityType: 'WebhookEndpoint',
      entityId: id,
      before: { disabledAt: before.disabledAt },
      after: { disabledAt: null },
    });
    return after;
  });
}

/** Switches an endpoint off: nothing more is sent to it until it is enabled. */
export async function disableWebhookEndpoint(ctx: Context, id: string) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('WebhookEndpoint');
    const after = before.disabledAt ? before : await tx.webhookEndpoint.update({ where: { id }, data: { disabledAt: new Date() } });
    await recordAudit(tx, ctx, {
      action: 'webhook.disable',
      entityType: 'WebhookEndpoint',
      entityId: id,
      before: { disabledAt: before.disabledAt },
      after: { disabledAt: after.disabledAt },
    });
    return after;
  });
}

/**
 * Sends a delivery's event to its endpoint again, as a new delivery with its own webhook-id (the
 * receiver asked for it, so it must not drop it as a duplicate of the first).
 */
export async function replayWebhookDelivery(ctx: Context, deliveryId: string) {
  const replay = await prisma.$transaction(async (tx) => {
    const original = await tx.webhookDelivery.findUnique({
      where: { id: deliveryId },
      include: { endpoint: { select: { disabledAt: true } } },
    });
    if (!original) throw new NotFoundError('WebhookDelivery');
    if (original.endpoint.disabledAt) throw new WebhookEndpointDisabledError();
    const created = await tx.webhookDelivery.create({
      data: {
        endpointId: original.endpointId,
        eventId: original.eventId,
        key: `${original.endpointId}:${original.eventId}:replay:${randomUUID()}`,
        replayOfId: original.replayOfId ?? original.id,
      },
    });
    await stageJob(tx, deliverWebhookJob, { deliveryId: created.id }, { key: `${deliverWebhookJob.name}:${created.id}` });
    await recordAudit(tx, ctx, {
      action: 'webhook.replay',
      entityType: 'WebhookDelivery',
      entityId: created.id,
      after: { replayOf: original.id },
    });
    return created;
  });
  kickOutbox();
  return replay;
}
