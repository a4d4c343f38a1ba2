import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { prisma } from '../../api/src/db/client.ts';
import type { Education, Post, Role } from '../../api/src/generated/prisma/enums.ts';
import { SKILL_LEVELS } from '../../prisma/reference/skill-levels.ts';
import { createSession } from '../../api/src/modules/auth/auth.service.ts';
import { hashPassword } from '../../api/src/modules/auth/password.ts';
import { protectResidentId, residentIdCheckChar } from '../../api/src/modules/caregivers/resident-id.ts';
import { protectPhone } from '../../api/src/modules/caregivers/phone.ts';
import { usccCheckChar } from '../../api/src/modules/organisations/uscc.ts';
import { CURRENT_DIVISION_CODES, isDivisionCode } from '../../api/src/shared/gb2260/divisions.ts';

// Every factory makes rows no other test file can collide with, so files run in parallel on one database.
let seq = 0;
const unique = () => `${process.pid % 1000}${Date.now() % 100000}${(seq++).toString().padStart(3, '0')}`;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

export const gid = (type: string, id: string) => encodeGlobalID(type, id);

/** A fresh province → city → two counties, with random 9xxxxx codes (no real region uses them). */
export async function makeRegionTree() {
  const make = async (level: 'PROVINCE' | 'CITY' | 'COUNTY', name: string, parent?: { id: string; path: string }) => {
    for (;;) {
      const code = `9${digits(5)}`;
      if (await prisma.region.findUnique({ where: { code }, select: { id: true } })) continue;
      return prisma.region.create({
        data: { code, name: `${name}${unique()}`, level, parentId: parent?.id ?? null, path: parent ? `${parent.path}/${code}` : code },
      });
    }
  };
  const province = await make('PROVINCE', '测试省');
  const city = await make('CITY', '测试市', province);
  const county = await make('COUNTY', '测试县', city);
  const otherCounty = await make('COUNTY', '另一县', city);
  return { province, city, county, otherCounty };
}

/** A valid code of an enterprise (9 1) registered in 上饶市信州区 (361102): the division part must be a real one. */
export function makeUscc(): string {
  const first17 = `91361102${digits(9)}`;
  return first17 + usccCheckChar(first17);
}

export async function makeOrganisation(
  regionId: string,
  kind: 'INSTITUTION' | 'COLLEGE' | 'TRAINING_PROVIDER' | 'ASSESSOR' | 'BUREAU' = 'INSTITUTION',
) {
  return prisma.organisation.create({
    data: { kind, name: `测试机构${unique()}`, uscc: makeUscc(), regionId, beds: kind === 'INSTITUTION' ? 120 : null },
  });
}

/**
 * The HR bureau's approval of an assessment body for every level, with the codes that begin its
 * certificate numbers: a provincially registered social organisation (S, 0000) and a fresh site serial.
 */
export async function approveAssessor(organisationId: string, levelCodes = ['L5', 'L4', 'L3', 'L2', 'L1']) {
  const organisation = await prisma.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: { region: { select: { code: true } } },
  });
  const provinceCode = organisation.region.code.slice(0, 2);
  for (;;) {
    const siteCode = digits(6);
    if (await prisma.assessorRegistration.findFirst({ where: { bodyCode: '0000', provinceCode, siteCode }, select: { id: true } }))
      continue;
    return prisma.assessorRegistration.create({
      data: {
        organisationId,
        levelCodes,
        status: 'APPROVED',
        decidedById: randomUUID(),
        decidedAt: new Date(),
        assessmentKind: 'SOCIAL',
        bodyCode: '0000',
        provinceCode,
        siteCode,
      },
    });
  }
}

/** One organisation for each staff role, where such an organisation sits: home in the county, college in the province, provider and assessor in the city. */
export async function makeStaffOrganisations(tree: Awaited<ReturnType<typeof makeRegionTree>>) {
  return {
    INSTITUTION_STAFF: await makeOrganisation(tree.county.id, 'INSTITUTION'),
    COLLEGE_STAFF: await makeOrganisation(tree.province.id, 'COLLEGE'),
    TRAINING_PROVIDER_STAFF: await makeOrganisation(tree.city.id, 'TRAINING_PROVIDER'),
    ASSESSOR: await makeOrganisation(tree.city.id, 'ASSESSOR'),
  };
}

/**
 * A real GB/T 2260 division standing in for a test region: the test regions' 9xxxxx codes are no
 * divisions, and resident ID numbers must begin with one. Each test code maps to its own division,
 * so numbers made for different test regions stay as distinct as their codes.
 */
export const divisionFor = (regionCode: string) =>
  isDivisionCode(regionCode) ? regionCode : CURRENT_DIVISION_CODES[Number(regionCode) % CURRENT_DIVISION_CODES.length]!;

/** A valid GB 11643 number for a region (its stand-in division for a test region), born in the given year. */
export function makeResidentId(forRegion: string, year = 1975, female = true): string {
  const regionCode = divisionFor(forRegion);
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const seqDigits = digits(2);
  const genderDigit = String((female ? 0 : 1) + 2 * Math.floor(Math.random() * 5));
  const first17 = `${regionCode}${year}${month}${day}${seqDigits}${genderDigit}`;
  return first17 + residentIdCheckChar(first17);
}

export async function makeCaregiver(
  regionId: string,
  regionCode: string,
  opts: { name?: string; phone?: string | null; education?: Education; residentId?: string } = {},
) {
  const residentId = opts.residentId ?? makeResidentId(regionCode);
  const caregiver = await prisma.caregiver.create({
    data: {
      name: opts.name ?? `王${['秀英', '桂兰', '建国', '丽华', '海燕'][seq % 5]}`,
      ...protectResidentId(residentId),
      gender: Number(residentId[16]) % 2 ? 'MALE' : 'FEMALE',
      birthDate: new Date(`${residentId.slice(6, 10)}-${residentId.slice(10, 12)}-${residentId.slice(12, 14)}T00:00:00Z`),
      ...protectPhone(opts.phone === undefined ? `139${digits(8)}` : opts.phone),
      education: opts.education ?? 'JUNIOR',
      regionId,
    },
  });
  return { caregiver, residentId };
}

export async function makeEmployment(
  caregiverId: string,
  institutionId: string,
  start = '2023-03-01',
  end: string | null = null,
  post: Post = 'CARE_WORKER',
) {
  return prisma.employment.create({
    data: {
      caregiverId,
      institutionId,
      post,
      contractType: 'LABOUR',
      fullTime: true,
      startDate: new Date(`${start}T00:00:00Z`),
      endDate: end ? new Date(`${end}T00:00:00Z`) : null,
    },
  });
}

export const TEST_PASSWORD = 'Correct-horse-42';
let cachedHash: Promise<string> | null = null;

/** A user with one membership and a live session token. */
export async function makeUser(role: Role, scope: { organisationId?: string; regionId?: string; caregiverId?: string } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const user = await prisma.user.create({
    data: {
      username: `u${unique()}`.toLowerCase(),
      displayName: `测试用户${role}`,
      passwordHash: await cachedHash,
      caregiverId: scope.caregiverId ?? null,
      memberships: { create: { role, organisationId: scope.organisationId ?? null, regionId: scope.regionId ?? null } },
    },
  });
  const session = await createSession(user.id, { ip: '203.0.113.9', userAgent: 'vitest' });
  return { user, token: session.token };
}

/** The skill levels as seeded, shared by every test file (inserted once, whoever comes first); id by code. */
export async function ensureSkillLevels(): Promise<Map<string, string>> {
  await prisma.skillLevel.createMany({ data: SKILL_LEVELS.map((l) => ({ ...l, entryRules: l.entryRules })), skipDuplicates: true });
  const rows = await prisma.skillLevel.findMany({ select: { id: true, code: true } });
  return new Map(rows.map((r) => [r.code, r.id]));
}
