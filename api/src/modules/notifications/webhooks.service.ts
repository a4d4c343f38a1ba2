import { randomUUID } from 'node:crypto';
import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import type { Tx } from '../../db/client.ts';
import { fieldIssue, ForbiddenError, InputValidationError, NotFoundError, WrongStateError, type FieldIssue } from '../../graphql/errors.ts';
import { kickOutbox, stageJob } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { codesReadableWith } from './notification-codes.ts';
import { secretBox } from './notification-secrets.ts';
import { WebhookEndpointDisabledError } from './notifications.errors.ts';
import { deliverWebhookJob } from './notifications.jobs.ts';
import type { TRegisterWebhookInput } from './notifications.schemas.ts';
import { refuseWebhookUrl } from './webhook-address.ts';
import { newWebhookSecret } from './webhook-signing.ts';

/**
 * An admin registers another system's endpoint for one of its API tokens and some event codes (none:
 * every code the token's scopes read). What is delivered is what the token could read itself: codes of
 * its scopes, events of its region. The address must be https and public (see webhook-address.ts). The
 * signing secret is answered once, here; only its ciphertext is kept.
 */
export async function registerWebhookEndpoint(ctx: Context, input: TRegisterWebhookInput) {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  const userId = ctx.viewer.userId;
  const issues: FieldIssue[] = [];
  const token = await prisma.apiToken.findUnique({
    where: { id: input.apiTokenId },
    select: { id: true, scopes: true, revokedAt: true, expiresAt: true },
  });
  if (!token) issues.push(fieldIssue(['input', 'apiTokenId'], 'API_TOKEN_UNKNOWN'));
  else if (token.revokedAt || token.expiresAt <= new Date()) issues.push(fieldIssue(['input', 'apiTokenId'], 'API_TOKEN_REVOKED'));
  else {
    const readable = codesReadableWith(token.scopes);
    if (readable.length === 0) issues.push(fieldIssue(['input', 'apiTokenId'], 'API_TOKEN_READS_NO_EVENTS'));
    const outside = input.eventCodes.filter((c) => !readable.includes(c));
    if (outside.length) issues.push(fieldIssue(['input', 'eventCodes'], 'EVENT_OUTSIDE_TOKEN_SCOPES', { codes: outside.join(', ') }));
  }
  const refusal = await refuseWebhookUrl(input.url);
  if (refusal) issues.push(fieldIssue(['input', 'url'], refusal.code, refusal.address ? { address: refusal.address } : {}));
  if (issues.length) throw new InputValidationError(issues);
  const secret = newWebhookSecret();
  const endpoint = await prisma.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        url: input.url,
        description: input.description ?? null,
        eventCodes: input.eventCodes,
        apiTokenId: input.apiTokenId,
        secretCipher: secretBox().encrypt(secret),
        createdById: userId,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'webhook.register',
      entityType: 'WebhookEndpoint',
      entityId: created.id,
      after: { url: created.url, eventCodes: created.eventCodes, apiTokenId: input.apiTokenId },
    });
    return created;
  });
  return { endpoint, secret };
}

/**
 * Disables the endpoints of a token being revoked, in the revocation's transaction (registered as the
 * auth module's hook in app/wiring.ts): another system whose token is gone hears nothing more.
 */
export async function disableEndpointsOfToken(tx: Tx, ctx: Pick<Context, 'viewer' | 'requestId'>, tokenId: string) {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { apiTokenId: tokenId, disabledAt: null }, select: { id: true } });
  if (endpoints.length === 0) return;
  const ids = endpoints.map((e) => e.id);
  await tx.webhookEndpoint.updateMany({ where: { id: { in: ids } }, data: { disabledAt: new Date(), disabledReason: 'TOKEN_REVOKED' } });
  await tx.webhookDelivery.updateMany({
    where: { endpointId: { in: ids }, status: { in: ['PENDING', 'RETRYING'] } },
    data: { status: 'SKIPPED' },
  });
  for (const id of ids)
    await recordAudit(tx, ctx, {
      action: 'webhook.disable',
      entityType: 'WebhookEndpoint',
      entityId: id,
      before: { disabledAt: null },
      after: { disabledReason: 'TOKEN_REVOKED' },
    });
}

/** Turns an endpoint back on after it was disabled for failing, with its failure count reset. */
export async function enableWebhookEndpoint(ctx: Context, id: string) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({
      where: { id },
      include: { apiToken: { select: { revokedAt: true, expiresAt: true } } },
    });
    if (!before) throw new NotFoundError('WebhookEndpoint');
    // An endpoint lives on its token: once the token is revoked or expired it stays off.
    if (!before.apiToken || before.apiToken.revokedAt || before.apiToken.expiresAt <= new Date())
      throw new WrongStateError('API_TOKEN_REVOKED');
    const after = await tx.webhookEndpoint.update({
      where: { id },
      data: { disabledAt: null, disabledReason: null, consecutiveFailures: 0 },
    });
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
    const after = before.disabledAt
      ? before
      : await tx.webhookEndpoint.update({ where: { id }, data: { disabledAt: new Date(), disabledReason: 'ADMIN' } });
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
