import type { Tx } from '../../db/client.ts';
import { stageJob } from '../../jobs/outbox.ts';
import type { Audience, EventCode, EventParams } from './notification-codes.ts';
import { fanOutEventJob } from './notifications.jobs.ts';

export type DomainEvent = {
  code: EventCode;
  /** The object it is about, by Prisma model name and id; the portal links to it. */
  subjectType: string;
  subjectId: string;
  /** The caregiver it concerns; their region limits webhooks unless `regionPath` says otherwise. */
  caregiverId?: string | null;
  regionPath?: string | null;
  /** The one user the INITIATOR audience names (who started an import). */
  userId?: string | null;
  /** The organisation whose staff the ORGANISATION audience names; its region limits webhooks. */
  organisationId?: string | null;
  audience: Audience[];
  params?: EventParams;
};

/**
 * Records a domain event in the caller's transaction and stages its fan-out in the same transaction,
 * so an event exists exactly when the change does and is delivered at least once. The fan-out runs on
 * the next outbox drain (every few seconds, or at once where the caller kicks the outbox).
 */
export async function emitEvent(tx: Tx, event: DomainEvent) {
  let regionPath = event.regionPath ?? null;
  if (!regionPath && event.caregiverId) {
    const caregiver = await tx.caregiver.findUnique({ where: { id: event.caregiverId }, select: { region: { select: { path: true } } } });
    regionPath = caregiver?.region.path ?? null;
  }
  if (!regionPath && event.organisationId) {
    const organisation = await tx.organisation.findUnique({
      where: { id: event.organisationId },
      select: { region: { select: { path: true } } },
    });
    regionPath = organisation?.region.path ?? null;
  }
  const row = await tx.notificationEvent.create({
    data: {
      code: event.code,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      caregiverId: event.caregiverId ?? null,
      regionPath,
      userId: event.userId ?? null,
      organisationId: event.organisationId ?? null,
      audience: event.audience,
      params: event.params ?? {},
    },
  });
  await stageJob(tx, fanOutEventJob, { eventId: row.id }, { key: `${fanOutEventJob.name}:${row.id}` });
  return row;
}
