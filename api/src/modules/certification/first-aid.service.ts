import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ConflictError, NotFoundError } from '../../graphql/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { emitEvent } from '../notifications/events.service.ts';
import { employingInstitutionsOf } from '../caregivers/caregivers.access.ts';
import type { TRecordFirstAidInput } from './certification.schemas.ts';

/** An employer (or an admin) records a first-aid certificate (救护员证) someone they employ now holds. */
export async function recordFirstAidCertificate(ctx: Context, input: TRecordFirstAidInput) {
  const institutions = employingInstitutionsOf(ctx.viewer);
  const employed = await prisma.caregiver.findFirst({
    where: {
      id: input.caregiverId,
      ...(institutions === null ? {} : { employments: { some: { institutionId: { in: institutions }, endDate: null } } }),
    },
    select: { id: true },
  });
  if (!employed) throw new NotFoundError('Caregiver');
  if (await prisma.firstAidCertificate.findUnique({ where: { number: input.number }, select: { id: true } })) {
    throw new ConflictError('FIRST_AID_NUMBER_TAKEN');
  }
  return prisma.$transaction(async (tx) => {
    const certificate = await tx.firstAidCertificate.create({
      data: { caregiverId: employed.id, number: input.number, issuer: input.issuer, issuedOn: input.issuedOn, expiresOn: input.expiresOn },
    });
    await recordAudit(tx, ctx, {
      action: 'firstAid.record',
      entityType: 'FirstAidCertificate',
      entityId: certificate.id,
      after: certificate,
    });
    return certificate;
  });
}

/** How long before a first-aid certificate expires its holder and employer are told. */
export const FIRST_AID_WARNING_DAYS = 30;

/**
 * Tells holders and their employers of first-aid certificates expiring within the warning window
 * (or already expired) on `day`, once per certificate: a certificate with an event already, or one
 * renewed by a later certificate of the same person, is passed over. Catches up after missed days.
 */
export async function noticeExpiringFirstAid(day: Date): Promise<number> {
  const until = new Date(day.getTime() + FIRST_AID_WARNING_DAYS * 86_400_000);
  const candidates = await prisma.firstAidCertificate.findMany({
    where: { expiresOn: { lte: until, gte: new Date(day.getTime() - FIRST_AID_WARNING_DAYS * 86_400_000) } },
    select: { id: true, caregiverId: true, number: true, expiresOn: true },
  });
  let told = 0;
  for (const c of candidates) {
    const renewed = await prisma.firstAidCertificate.count({ where: { caregiverId: c.caregiverId, expiresOn: { gt: c.expiresOn } } });
    if (renewed) continue;
    const done = await prisma.$transaction(async (tx) => {
      // Locked, so two runs of the same day (at-least-once) emit one event.
      await tx.$executeRaw`SELECT 1 FROM "FirstAidCertificate" WHERE id = ${c.id}::uuid FOR UPDATE`;
      if (await tx.notificationEvent.count({ where: { code: 'firstAid.expiring', subjectId: c.id } })) return false;
      await emitEvent(tx, {
        code: 'firstAid.expiring',
        subjectType: 'FirstAidCertificate',
        subjectId: c.id,
        caregiverId: c.caregiverId,
        audience: ['CAREGIVER', 'EMPLOYER'],
        params: { number: c.number, expiresOn: c.expiresOn.toISOString().slice(0, 10) },
      });
      return true;
    });
    if (done) told++;
  }
  return told;
}
