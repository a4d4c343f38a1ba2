import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.ts';
import { deliverWebhook, fanOutEvent } from './delivery.service.ts';

/** Turns one event into inbox rows, SMS messages and webhook deliveries; idempotent per event. */
export const fanOutEventJob = defineJob({
  name: 'notifications.fanOut',
  payload: z.object({ eventId: z.uuid() }),
  handler: ({ eventId }) => fanOutEvent(eventId),
});

/**
 * Sends one delivery to its endpoint. A receiver that does not answer 2xx fails the attempt, and the
 * queue retries it with exponential back-off; every attempt is recorded with its status code.
 */
export const deliverWebhookJob = defineJob({
  name: 'notifications.deliverWebhook',
  payload: z.object({ deliveryId: z.uuid() }),
  // 10 attempts from 5 s doubling: the last about 40 minutes after the first, some 85 minutes in all,
  // so a receiver down for a deployment or a short outage gets everything; after that the delivery is
  // FAILED, and an admin replays it from the portal.
  retry: { attempts: 10, firstDelayMs: 5_000 },
  handler: ({ deliveryId }, ctx) => deliverWebhook(deliveryId, { final: ctx.final }),
});
