import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ConflictError, NotFoundError } from '../../graphql/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
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
