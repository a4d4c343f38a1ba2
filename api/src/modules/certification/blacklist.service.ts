import { prisma, type Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, NotFoundError } from '../../graphql/errors.ts';
import { membershipsWith } from '../../graphql/viewer.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { WrongStateError } from './certification.errors.ts';
import type { TAddBlacklistEntryInput, TLiftBlacklistEntryInput } from './certification.schemas.ts';

/** The entry that bars a person or organisation on a day: started, not ended, not lifted. */
export function activeBlacklistEntry(subject: { caregiverId?: string; organisationId?: string }, onDay: Date, db: Pick<Tx, 'blacklistEntry'> = prisma) {
  return db.blacklistEntry.findFirst({
    where: { ...subject, liftedAt: null, startsOn: { lte: onDay }, OR: [{ endsOn: null }, { endsOn: { gte: onDay } }] },
    orderBy: { startsOn: 'desc' },
  });
}

/** Civil affairs records an entry for its own region (the issuing bureau). */
export async function addBlacklistEntry(ctx: Context, input: TAddBlacklistEntryInput) {
  const [membership] = membershipsWith(ctx.viewer, 'CIVIL_AFFAIRS_ANALYST');
  if (!membership?.regionId || ctx.viewer?.kind !== 'user') throw new ForbiddenError('Only civil affairs records blacklist entries');
  const userId = ctx.viewer.userId;
  const caregiver = await prisma.caregiver.findUnique({ where: { id: input.caregiverId }, select: { id: true } });
  if (!caregiver) throw new NotFoundError('Caregiver');
  return prisma.$transaction(async (tx) => {
    const entry = await tx.blacklistEntry.create({
      data: { caregiverId: caregiver.id, reason: input.reason, startsOn: input.startsOn, endsOn: input.endsOn ?? null, issuerRegionId: membership.regionId!, createdById: userId },
    });
    await recordAudit(tx, ctx, { action: 'blacklist.add', entityType: 'BlacklistEntry', entityId: entry.id, after: entry });
    return entry;
  });
}

/** Lifts an entry early, e.g. after a successful appeal; the entry stays on record with the reason. */
export async function liftBlacklistEntry(ctx: Context, input: TLiftBlacklistEntryInput) {
  return prisma.$transaction(async (tx) => {
    const entry = await tx.blacklistEntry.findUnique({ where: { id: input.entryId } });
    if (!entry) throw new NotFoundError('BlacklistEntry');
    if (entry.liftedAt) throw new WrongStateError('已解除 / Already lifted');
    const updated = await tx.blacklistEntry.update({ where: { id: entry.id }, data: { liftedAt: new Date(), liftedReason: input.reason } });
    await recordAudit(tx, ctx, { action: 'blacklist.lift', entityType: 'BlacklistEntry', entityId: entry.id, before: { liftedAt: null }, after: { liftedAt: updated.liftedAt, reason: input.reason } });
    return updated;
  });
}
