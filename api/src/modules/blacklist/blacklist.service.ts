import { prisma, type Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import { membershipsWith, type Viewer } from '../../graphql/viewer.ts';
import { todayInChina } from '../../shared/china-time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { caregiversOfRegion } from '../caregivers/caregivers.access.ts';
import { emitEvent } from '../notifications/events.service.ts';
import { blacklistWriteWhereFor, organisationsOf } from './blacklist.access.ts';
import type { TAddBlacklistEntryInput, TDecideAppealInput, TLiftBlacklistEntryInput, TLodgeAppealInput } from './blacklist.schemas.ts';

function decidesFor(viewer: Viewer, issuerRegionPath: string): boolean {
  return membershipsWith(viewer, 'CIVIL_AFFAIRS_ANALYST').some((m) => m.regionPath !== null && issuerRegionPath.startsWith(m.regionPath));
}

/** The entry that bars a person or organisation on a day: started, not ended, not lifted. */
export function activeBlacklistEntry(
  subject: { caregiverId?: string; organisationId?: string },
  onDay: Date,
  db: Pick<Tx, 'blacklistEntry'> = prisma,
) {
  return db.blacklistEntry.findFirst({
    where: { ...subject, liftedAt: null, startsOn: { lte: onDay }, OR: [{ endsOn: null }, { endsOn: { gte: onDay } }] },
    orderBy: { startsOn: 'desc' },
  });
}

/**
 * Civil affairs records an entry as the issuing bureau of a region where the person lives or works, or
 * where the organisation is registered; a subject outside every region the analyst covers is not found,
 * whatever other roles they hold.
 */
export async function addBlacklistEntry(ctx: Context, input: TAddBlacklistEntryInput) {
  const memberships = membershipsWith(ctx.viewer, 'CIVIL_AFFAIRS_ANALYST').filter((m) => m.regionId && m.regionPath);
  if (!memberships.length || ctx.viewer?.kind !== 'user') throw new ForbiddenError('CIVIL_AFFAIRS_ONLY');
  const userId = ctx.viewer.userId;
  let issuer: { regionId: string; caregiverId: string | null; organisationId: string | null } | null = null;
  for (const m of memberships) {
    const found = input.caregiverId
      ? await prisma.caregiver.findFirst({ where: { id: input.caregiverId, OR: caregiversOfRegion(m.regionPath!) }, select: { id: true } })
      : await prisma.organisation.findFirst({
          where: { id: input.organisationId!, region: { path: { startsWith: m.regionPath! } } },
          select: { id: true },
        });
    if (found) {
      issuer = {
        regionId: m.regionId!,
        caregiverId: input.caregiverId ? found.id : null,
        organisationId: input.caregiverId ? null : found.id,
      };
      break;
    }
  }
  if (!issuer) throw new NotFoundError(input.caregiverId ? 'Caregiver' : 'Organisation');
  const { regionId, caregiverId, organisationId } = issuer;
  return prisma.$transaction(async (tx) => {
    const entry = await tx.blacklistEntry.create({
      data: {
        caregiverId,
        organisationId,
        reason: input.reason,
        evidence: input.evidence,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        issuerRegionId: regionId,
        createdById: userId,
      },
    });
    await recordAudit(tx, ctx, { action: 'blacklist.add', entityType: 'BlacklistEntry', entityId: entry.id, after: entry });
    // The person and whoever employs them; or the organisation's own staff.
    await emitEvent(tx, {
      code: 'blacklist.added',
      subjectType: 'BlacklistEntry',
      subjectId: entry.id,
      caregiverId,
      organisationId,
      audience: caregiverId ? ['CAREGIVER', 'EMPLOYER'] : ['ORGANISATION'],
      params: { startsOn: entry.startsOn.toISOString().slice(0, 10), endsOn: entry.endsOn?.toISOString().slice(0, 10) ?? null },
    });
    return entry;
  });
}

/** Lifts an entry inside the caller's transaction (row-locked, so a lift and an appeal decision cannot both lift it). */
export async function liftEntry(tx: Tx, ctx: Pick<Context, 'viewer' | 'requestId'>, entryId: string, reason: string) {
  await tx.$executeRaw`SELECT 1 FROM "BlacklistEntry" WHERE id = ${entryId}::uuid FOR UPDATE`;
  const entry = await tx.blacklistEntry.findFirst({ where: { AND: [{ id: entryId }, blacklistWriteWhereFor(ctx.viewer)] } });
  if (!entry) throw new NotFoundError('BlacklistEntry');
  if (entry.liftedAt) throw new WrongStateError('ENTRY_ALREADY_LIFTED');
  const updated = await tx.blacklistEntry.update({ where: { id: entry.id }, data: { liftedAt: new Date(), liftedReason: reason } });
  await recordAudit(tx, ctx, {
    action: 'blacklist.lift',
    entityType: 'BlacklistEntry',
    entityId: entry.id,
    before: { liftedAt: null },
    after: { liftedAt: updated.liftedAt, reason },
  });
  await emitEvent(tx, {
    code: 'blacklist.lifted',
    subjectType: 'BlacklistEntry',
    subjectId: entry.id,
    caregiverId: entry.caregiverId,
    organisationId: entry.organisationId,
    audience: entry.caregiverId ? ['CAREGIVER', 'EMPLOYER'] : ['ORGANISATION'],
    params: { liftedOn: todayInChina().toISOString().slice(0, 10) },
  });
  return updated;
}

/** Lifts an entry early, e.g. after a successful appeal; the entry stays on record with the reason. */
export async function liftBlacklistEntry(ctx: Context, input: TLiftBlacklistEntryInput) {
  return prisma.$transaction((tx) => liftEntry(tx, ctx, input.entryId, input.reason));
}

/**
 * Lodges an appeal against an entry in force. The listed person (or staff of the listed organisation)
 * lodges for themself; civil affairs records one lodged on paper, naming who appeals. One open appeal
 * per entry (a partial unique index holds it under concurrency too).
 */
export async function lodgeBlacklistAppeal(ctx: Context, input: TLodgeAppealInput) {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  const viewer = ctx.viewer;
  const entry = await prisma.blacklistEntry.findUnique({ where: { id: input.entryId }, include: { issuerRegion: true } });
  if (!entry) throw new NotFoundError('BlacklistEntry');
  const subject =
    (entry.caregiverId !== null && entry.caregiverId === viewer.caregiverId) ||
    (entry.organisationId !== null && organisationsOf(viewer).includes(entry.organisationId));
  const recorder = decidesFor(viewer, entry.issuerRegion.path);
  if (!subject && !recorder) throw new NotFoundError('BlacklistEntry');
  if (!subject && !input.onBehalfOf) throw InputValidationError.at(['input', 'onBehalfOf'], 'ON_BEHALF_OF_REQUIRED');
  const today = todayInChina();
  if (entry.liftedAt || (entry.endsOn && entry.endsOn < today)) throw new WrongStateError('ENTRY_NOT_IN_FORCE');
  return prisma.$transaction(async (tx) => {
    const open = await tx.blacklistAppeal.findFirst({ where: { entryId: entry.id, status: 'LODGED' }, select: { id: true } });
    if (open) throw new WrongStateError('APPEAL_ALREADY_OPEN');
    const appeal = await tx.blacklistAppeal.create({
      data: {
        entryId: entry.id,
        lodgedById: viewer.userId,
        onBehalfOf: subject ? (input.onBehalfOf ?? null) : input.onBehalfOf!,
        grounds: input.grounds,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'blacklist.appeal.lodge',
      entityType: 'BlacklistAppeal',
      entityId: appeal.id,
      after: { entryId: entry.id, onBehalfOf: appeal.onBehalfOf, grounds: appeal.grounds },
    });
    return appeal;
  });
}

/**
 * Civil affairs of the issuing region (or above) decides an appeal: upheld lifts the entry (the same
 * lift as by hand, with the decider's words as its reason; the appeal's UPHELD status says why it was
 * lifted, so no sentence is stored for it); dismissed leaves it in force. Decided once.
 */
export async function decideBlacklistAppeal(ctx: Context, input: TDecideAppealInput) {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  const viewer = ctx.viewer;
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "BlacklistAppeal" WHERE id = ${input.appealId}::uuid FOR UPDATE`;
    const appeal = await tx.blacklistAppeal.findUnique({
      where: { id: input.appealId },
      include: { entry: { include: { issuerRegion: true } } },
    });
    if (!appeal) throw new NotFoundError('BlacklistAppeal');
    if (!decidesFor(viewer, appeal.entry.issuerRegion.path)) throw new ForbiddenError('NOT_ISSUING_REGION');
    if (appeal.status !== 'LODGED') throw new WrongStateError('APPEAL_DECIDED');
    const updated = await tx.blacklistAppeal.update({
      where: { id: appeal.id },
      data: {
        status: input.uphold ? 'UPHELD' : 'DISMISSED',
        decidedById: viewer.userId,
        decidedAt: new Date(),
        decisionReason: input.reason,
      },
    });
    if (input.uphold && !appeal.entry.liftedAt) await liftEntry(tx, ctx, appeal.entryId, input.reason);
    await recordAudit(tx, ctx, {
      action: input.uphold ? 'blacklist.appeal.uphold' : 'blacklist.appeal.dismiss',
      entityType: 'BlacklistAppeal',
      entityId: appeal.id,
      before: { status: appeal.status },
      after: { status: updated.status, reason: input.reason },
    });
    return updated;
  });
}
