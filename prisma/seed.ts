import { fileURLToPath } from 'node:url';
import { createPrismaClient, type Prisma } from '../api/src/db/client.ts';
import type { Education, Post, Role } from '../api/src/generated/prisma/enums.ts';
import type { Prisma as PrismaTypes } from '../api/src/generated/prisma/client.ts';
import { hashPassword } from '../api/src/modules/auth/password.ts';
import { protectResidentId, residentIdCheckChar } from '../api/src/modules/caregivers/resident-id.ts';
import { usccCheckChar } from '../api/src/modules/organisations/uscc.ts';
import { ORGANISATIONS } from './seed-data/organisations.ts';
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from './seed-data/people.ts';
import { seededRandom } from './seed-data/random.ts';
import { REGION_TREE, type SeedRegion } from './seed-data/regions.ts';

export const DEMO_PASSWORD = 'CareCert#2026';

export const DEMO_LOGINS: { username: string; role: Role; displayName: string; scope?: { org?: string; region?: string } }[] = [
  { username: 'admin', role: 'ADMIN', displayName: '系统管理员' },
  { username: 'hr.reviewer', role: 'HR_REVIEWER', displayName: '周敏（人社局审核）', scope: { region: '361100' } },
  { username: 'hr.approver', role: 'HR_APPROVER', displayName: '陈志强（人社局审批）', scope: { region: '361100' } },
  { username: 'finance', role: 'FINANCE_OFFICER', displayName: '刘芳（财政局）', scope: { region: '361100' } },
  { username: 'civil', role: 'CIVIL_AFFAIRS_ANALYST', displayName: '黄建华（民政厅）', scope: { region: '360000' } },
  { username: 'college', role: 'COLLEGE_STAFF', displayName: '吴丽华（江西医专）', scope: { org: 'medicalCollege' } },
  { username: 'provider', role: 'TRAINING_PROVIDER_STAFF', displayName: '孙海涛（培训学校）', scope: { org: 'provider' } },
  { username: 'assessor', role: 'ASSESSOR', displayName: '郑慧敏（认定中心）', scope: { org: 'assessor' } },
  { username: 'institution', role: 'INSTITUTION_STAFF', displayName: '杨春梅（社会福利院）', scope: { org: 'home1' } },
  { username: 'caregiver', role: 'CAREGIVER', displayName: '李秀英' },
];

const TODAY = new Date('2026-11-01T00:00:00Z');
const CAREGIVERS = 300;

const utcDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const monthsBetween = (from: Date, to: Date) => (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();

function flatten(tree: SeedRegion[], parent: { code: string; path: string } | null, out: { region: SeedRegion; parentCode: string | null; path: string; level: 'PROVINCE' | 'CITY' | 'COUNTY' }[] = []) {
  for (const region of tree) {
    const path = parent ? `${parent.path}/${region.code}` : region.code;
    const level = !parent ? 'PROVINCE' : parent.path.includes('/') ? 'COUNTY' : 'CITY';
    out.push({ region, parentCode: parent?.code ?? null, path, level });
    if (region.children) flatten(region.children, { code: region.code, path }, out);
  }
  return out;
}

/** Loads the demo data once; a second call finds the regions and changes nothing. */
export async function seed(prisma: Prisma): Promise<{ created: boolean }> {
  if (await prisma.region.findUnique({ where: { code: '360000' }, select: { id: true } })) return { created: false };
  const rnd = seededRandom(20261122);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await prisma.$transaction(
    async (tx) => {
      const regionIds = new Map<string, string>();
      for (const { region, parentCode, path, level } of flatten(REGION_TREE, null)) {
        const row = await tx.region.create({
          data: { code: region.code, name: region.name, nameEn: region.nameEn, level, path, parentId: parentCode ? regionIds.get(parentCode)! : null },
        });
        regionIds.set(region.code, row.id);
      }
      await tx.elderlyPopulationStat.createMany({
        data: flatten(REGION_TREE, null).flatMap(({ region }) => [
          { regionId: regionIds.get(region.code)!, year: 2024, ageBand: 'AGE_60_PLUS' as const, basis: 'RESIDENT' as const, count: Math.round(region.elderly60 * 0.967), source: '2024年国民经济和社会发展统计公报' },
          { regionId: regionIds.get(region.code)!, year: 2025, ageBand: 'AGE_60_PLUS' as const, basis: 'RESIDENT' as const, count: region.elderly60, source: '2025年国民经济和社会发展统计公报' },
          { regionId: regionIds.get(region.code)!, year: 2025, ageBand: 'AGE_65_PLUS' as const, basis: 'RESIDENT' as const, count: Math.round(region.elderly60 * 0.72), source: '2025年国民经济和社会发展统计公报' },
        ]),
      });

      const orgIds = new Map<string, string>();
      for (const [i, org] of ORGANISATIONS.entries()) {
        // Registration authority and type (11 government body, 12 public institution, 52 social service
        // organisation), then the region code, a sequence and the check character.
        const prefix = org.kind === 'BUREAU' ? '11' : org.kind === 'INSTITUTION' ? '52' : '12';
        const first17 = `${prefix}${org.regionCode}${String(100_000_000 + i * 7_919_137).slice(-9)}`;
        const row = await tx.organisation.create({
          data: { kind: org.kind, name: org.name, uscc: first17 + usccCheckChar(first17), regionId: regionIds.get(org.regionCode)!, beds: org.beds ?? null, rating: org.rating ?? null },
        });
        orgIds.set(org.key, row.id);
      }

      const homes = ORGANISATIONS.filter((o) => o.kind === 'INSTITUTION');
      const caregivers: PrismaTypes.CaregiverCreateManyInput[] = [];
      const employments: { caregiverIndex: number; homeKey: string; post: Post; start: Date; end: Date | null }[] = [];
      const usedIds = new Set<string>();
      for (let i = 0; i < CAREGIVERS; i++) {
        const female = rnd.chance(0.86);
        const young = rnd.chance(0.12);
        const home = i === 0 ? homes[0]! : rnd.pick(homes);
        const birthYear = young ? rnd.int(2001, 2005) : rnd.int(1966, 1986);
        const birth = utcDate(birthYear, rnd.int(1, 12), rnd.int(1, 28));
        let residentId: string;
        do {
          const genderDigit = (female ? 0 : 1) + 2 * rnd.int(0, 4);
          const first17 = `${home.regionCode}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(rnd.int(0, 99)).padStart(2, '0')}${genderDigit}`;
          residentId = first17 + residentIdCheckChar(first17);
        } while (usedIds.has(residentId));
        usedIds.add(residentId);
        const education: Education = young
          ? rnd.pick(['SECONDARY_VOCATIONAL', 'SECONDARY_VOCATIONAL', 'COLLEGE', 'COLLEGE', 'BACHELOR'] as const)
          : rnd.pick(['NONE', 'JUNIOR', 'JUNIOR', 'JUNIOR', 'SENIOR', 'SENIOR', 'SECONDARY_VOCATIONAL'] as const);
        const familyCarer = i >= CAREGIVERS - 10;
        const name = i === 0 ? '李秀英' : rnd.pick(SURNAMES) + rnd.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
        caregivers.push({
          name,
          ...protectResidentId(residentId),
          gender: i === 0 ? 'FEMALE' : female ? 'FEMALE' : 'MALE',
          birthDate: birth,
          phone: `1${rnd.pick(['3', '5', '7', '8', '9'])}${String(rnd.int(0, 999_999_999)).padStart(9, '0')}`,
          education,
          regionId: regionIds.get(home.regionCode)!,
          familyCarer,
        });
        if (familyCarer) continue;
        const post: Post = i % 37 === 5 ? 'DIRECTOR' : i % 23 === 7 ? 'SOCIAL_WORKER' : 'CARE_WORKER';
        const start = young ? utcDate(rnd.int(2023, 2026), rnd.int(1, 9), 1) : utcDate(rnd.int(2015, 2025), rnd.int(1, 12), 1);
        const realStart = start > TODAY ? utcDate(2026, 3, 1) : start;
        employments.push({ caregiverIndex: i, homeKey: home.key, post, start: realStart, end: null });
        if (!young && rnd.chance(0.2)) {
          const before = rnd.pick(homes.filter((h) => h.key !== home.key));
          const prevStart = utcDate(realStart.getUTCFullYear() - rnd.int(2, 5), rnd.int(1, 12), 1);
          employments.push({ caregiverIndex: i, homeKey: before.key, post: 'CARE_WORKER', start: prevStart, end: new Date(realStart.getTime() - 86_400_000) });
        } else if (rnd.chance(0.04)) {
          // A second, concurrent employer in the same city: such a person must count once in the ratios.
          const sameCity = homes.filter((h) => h.key !== home.key && h.regionCode.slice(0, 4) === home.regionCode.slice(0, 4));
          const second = rnd.pick(sameCity.length ? sameCity : homes.filter((h) => h.key !== home.key));
          employments.push({ caregiverIndex: i, homeKey: second.key, post: 'CARE_WORKER', start: utcDate(2025, rnd.int(1, 6), 1), end: null });
        }
      }
      const created = await tx.caregiver.createManyAndReturn({ data: caregivers, select: { id: true } });

      const employmentRows = await tx.employment.createManyAndReturn({
        data: employments.map((e) => ({
          caregiverId: created[e.caregiverIndex]!.id,
          institutionId: orgIds.get(e.homeKey)!,
          post: e.post,
          contractType: rnd.chance(0.9) ? 'LABOUR' : 'DISPATCH',
          fullTime: rnd.chance(0.93),
          startDate: e.start,
          endDate: e.end,
        })),
        select: { id: true, startDate: true, endDate: true },
      });

      const months: { employmentId: string; month: Date; socialInsurancePaid: boolean; attendanceDays: number }[] = [];
      const windowStart = utcDate(TODAY.getUTCFullYear() - 2, TODAY.getUTCMonth() + 1, 1);
      for (const e of employmentRows) {
        const last = e.endDate ?? utcDate(TODAY.getUTCFullYear(), TODAY.getUTCMonth(), 1);
        const first = e.startDate > windowStart ? e.startDate : windowStart;
        for (let k = 0; k <= monthsBetween(first, last); k++) {
          const month = utcDate(first.getUTCFullYear(), first.getUTCMonth() + 1 + k, 1);
          if (month > last) break;
          months.push({ employmentId: e.id, month, socialInsurancePaid: rnd.chance(0.95), attendanceDays: rnd.int(16, 26) });
        }
      }
      await tx.employmentMonth.createMany({ data: months });

      for (const login of DEMO_LOGINS) {
        await tx.user.create({
          data: {
            username: login.username,
            displayName: login.displayName,
            passwordHash,
            caregiverId: login.role === 'CAREGIVER' ? created[0]!.id : null,
            memberships: {
              create: {
                role: login.role,
                organisationId: login.scope?.org ? orgIds.get(login.scope.org)! : null,
                regionId: login.scope?.region ? regionIds.get(login.scope.region)! : null,
              },
            },
          },
        });
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { created: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const prisma = createPrismaClient();
  const started = Date.now();
  const { created } = await seed(prisma);
  console.log(created ? `Demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s.` : 'Demo data already present: nothing changed.');
  await prisma.$disconnect();
}
