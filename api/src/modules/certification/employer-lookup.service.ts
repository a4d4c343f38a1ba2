import { todayInChina } from '../../shared/china-time.ts';
import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { blindIndex } from '../caregivers/resident-id.ts';
import { activeBlacklistEntry } from './blacklist.service.ts';
import type { TEmployerLookupInput } from './certification.schemas.ts';

export type EmployerLookupResult = {
  found: boolean;
  certificates: { number: string; levelNameZh: string; levelNameEn: string; issuedOn: Date; issuerName: string }[];
  firstAidValidUntil: Date | null;
  blacklisted: { reason: string; until: Date | null } | null;
};

/**
 * What a hiring institution may learn about a candidate who agreed to the check: valid certificates, a
 * valid first-aid certificate, and an active blacklist entry. The ID number and the name must both
 * match; every look-up is audited with who asked and the consent given, never the ID number.
 */
export async function employerLookup(ctx: Context, input: TEmployerLookupInput): Promise<EmployerLookupResult> {
  const today = todayInChina();
  const person = await prisma.caregiver.findUnique({
    where: { residentIdHash: blindIndex(input.residentId.id) },
    select: { id: true, name: true },
  });
  const match = person && person.name === input.name ? person : null;
  await prisma.$transaction((tx) =>
    recordAudit(tx, ctx, {
      action: 'caregiver.employerLookup',
      entityType: 'Caregiver',
      entityId: match?.id ?? 'no-match',
      after: { consent: true, found: match !== null },
    }),
  );
  if (!match) return { found: false, certificates: [], firstAidValidUntil: null, blacklisted: null };
  const [certificates, firstAid, entry] = await Promise.all([
    prisma.certificate.findMany({
      where: { caregiverId: match.id, status: 'VALID', OR: [{ expiresOn: null }, { expiresOn: { gt: today } }] },
      include: { level: true, issuer: { select: { name: true } } },
      orderBy: { level: { rank: 'desc' } },
    }),
    prisma.firstAidCertificate.findFirst({ where: { caregiverId: match.id, expiresOn: { gte: today } }, orderBy: { expiresOn: 'desc' } }),
    activeBlacklistEntry({ caregiverId: match.id }, today),
  ]);
  return {
    found: true,
    certificates: certificates.map((c) => ({
      number: c.number,
      levelNameZh: c.level.nameZh,
      levelNameEn: c.level.nameEn,
      issuedOn: c.issuedOn,
      issuerName: c.issuer.name,
    })),
    firstAidValidUntil: firstAid?.expiresOn ?? null,
    blacklisted: entry ? { reason: entry.reason, until: entry.endsOn } : null,
  };
}
