import { randomUUID } from 'node:crypto';
import { prisma } from '../../api/src/db/client.ts';
import { encryptSecret } from '../../api/src/modules/caregivers/field-encryption.ts';
import { residentIdCheckChar } from '../../api/src/modules/caregivers/resident-id.ts';
import { joinPostSubsidyBatch } from '../../api/src/modules/subsidies/roster.service.ts';
import { divisionFor, ensureSkillLevels, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser } from './factories.ts';

/**
 * Import only after DATABASE_URL names the database to seed: the client reads it once.
 * The month every seeded person is eligible for: in post since 2025, a level 5 certificate since 2020,
 * insured and 24 days at work.
 */
export const MONTH = '2026-09';
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

let born = 0;
/** Valid ID numbers that never repeat in this process: random ones collide by birthday once there are hundreds. */
export function nextResidentId(regionCode: string): string {
  const i = born++;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const first17 = `${divisionFor(regionCode)}${1960 + (i % 40)}${pad(1 + (Math.floor(i / 40) % 12), 2)}${pad(1 + (Math.floor(i / 480) % 28), 2)}${pad(Math.floor(i / 13_440) % 1000, 3)}`;
  return first17 + residentIdCheckChar(first17);
}

/** A city with a post-subsidy policy and a funded envelope. */
export async function makeSubsidyRegion() {
  const levels = await ensureSkillLevels();
  const tree = await makeRegionTree();
  const assessor = await makeOrganisation(tree.county.id, 'ASSESSOR');
  const tag = randomUUID().slice(0, 8).toUpperCase();
  const fund = await prisma.fundSource.create({
    data: { code: `F-${tag}`, name: '测试专项资金', kind: 'SPECIAL_FUND', regionId: tree.city.id },
  });
  await prisma.fundEnvelope.create({ data: { fundSourceId: fund.id, year: 2026, amountFen: 10_000_000_000n } });
  await prisma.subsidyPolicy.create({
    data: {
      regionId: tree.city.id,
      effectiveFrom: d('2020-01-01'),
      funds: { create: [{ fundSourceId: fund.id, priority: 0 }] },
      code: `P-${tag}`,
      version: 1,
      kind: 'POST_SUBSIDY',
      nameZh: '岗位补贴',
      nameEn: 'Post subsidy',
      amounts: { byLevel: { L5: 50000, L4: 80000, L3: 100000, L2: 120000, L1: 150000 } },
      rules: {},
    },
  });
  return { tree, levels, assessor, tag };
}

type Region = Awaited<ReturnType<typeof makeSubsidyRegion>>;

/**
 * An institution with `people` eligible care workers, its month confirmed and put into its province's
 * open batch as confirmMonthlyRoster does (months seeded in one region share a batch until it
 * runs). Returns the batch's job row and who should be paid.
 */
export async function seedConfirmedMonth(
  region: Region,
  people: number,
  opts: { phones?: string[]; residentIds?: string[]; beforeCommit?: () => Promise<void> } = {},
) {
  const home = await makeOrganisation(region.tree.county.id, 'INSTITUTION');
  const staff = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
  const caregiverIds: string[] = [];
  let serial = 0;
  const one = async (i: number) => {
    const { caregiver } = await makeCaregiver(region.tree.county.id, region.tree.county.code, {
      phone: opts.phones?.[i],
      residentId: opts.residentIds?.[i] ?? nextResidentId(region.tree.county.code),
    });
    await prisma.caregiver.update({
      where: { id: caregiver.id },
      data: { bankAccountCipher: encryptSecret('6217000012345678903'), bankAccountMasked: '6217 **** **** 8903', bankName: '测试银行' },
    });
    const employment = await makeEmployment(caregiver.id, home.id, '2025-01-01');
    await prisma.certificate.create({
      data: {
        number: `F${region.tag}${String(++serial).padStart(5, '0')}${Math.floor(Math.random() * 1e6)}`,
        caregiverId: caregiver.id,
        levelId: region.levels.get('L5')!,
        issuerId: region.assessor.id,
        issuedOn: d('2020-05-01'),
        source: 'EXAM',
        examFeeFen: 31450,
      },
    });
    await prisma.employmentMonth.create({
      data: { employmentId: employment.id, month: d(`${MONTH}-01`), attendanceDays: 24, socialInsurancePaid: true },
    });
    caregiverIds.push(caregiver.id);
  };
  // A few at a time: the pool is small and other files share the machine.
  for (let start = 0; start < people; start += 20)
    await Promise.all(Array.from({ length: Math.min(20, people - start) }, (_, k) => one(start + k)));
  const { roster, job } = await prisma.$transaction(async (tx) => {
    const created = await tx.monthlyRoster.create({
      data: { institutionId: home.id, month: d(`${MONTH}-01`), confirmedAt: new Date(), confirmedById: staff.user.id },
    });
    const staged = await joinPostSubsidyBatch(tx, created, region.tree.county.path, staff.user.id);
    await opts.beforeCommit?.();
    return { roster: created, job: staged };
  });
  return { home, staff, roster, job, caregiverIds };
}

/** Every eligible person's claims for the month, and the claim-generation audit rows of those claims. */
export async function claimsOf(caregiverIds: string[]) {
  const claims = await prisma.subsidyClaim.findMany({
    where: { kind: 'POST_SUBSIDY', subjectKey: MONTH, caregiverId: { in: caregiverIds } },
    select: { id: true, caregiverId: true },
  });
  const audits = await prisma.auditLog.findMany({
    where: { action: 'subsidy.generateClaim', entityId: { in: claims.map((c) => c.id) } },
    select: { entityId: true },
  });
  const perPerson = new Map<string, number>();
  for (const c of claims) perPerson.set(c.caregiverId, (perPerson.get(c.caregiverId) ?? 0) + 1);
  const perClaim = new Map<string, number>();
  for (const a of audits) perClaim.set(a.entityId!, (perClaim.get(a.entityId!) ?? 0) + 1);
  return {
    claims,
    missing: caregiverIds.filter((id) => !perPerson.has(id)),
    duplicated: [...perPerson].filter(([, n]) => n > 1).map(([id]) => id),
    auditsPerClaim: [...new Set(claims.map((c) => perClaim.get(c.id) ?? 0))],
  };
}
