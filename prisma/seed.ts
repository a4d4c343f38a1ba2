import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPrismaClient, databaseFromEnv, openPGlite } from '../api/src/db/client.ts';
import type { PrismaClient } from '../api/src/generated/prisma/client.ts';
import type { Role } from '../api/src/generated/prisma/enums.ts';
import { hashPassword } from '../api/src/modules/auth/password.ts';
import { protectPhone } from '../api/src/modules/caregivers/phone.ts';
import { protectResidentId } from '../api/src/modules/caregivers/resident-id.ts';
import { makeUscc, ORGANISATIONS } from './seed-data/organisations.ts';
import { seededRandom } from './seed-data/random.ts';
import { flattenRegions, populationStats } from './seed-data/regions.ts';
import { DOMAIN_SEEDS } from './seed-data/domains.ts';
import { applyReferenceData, ensureInitialAdmin } from './reference/apply.ts';
import { AS_OF, buildWorkforce } from './seed-data/workforce.ts';

export const DEMO_PASSWORD = 'CareCert#2026';

export type DemoLogin = {
  username: string;
  role: Role;
  displayName: string;
  /** What the login may see, in words, for the README and for test messages. */
  scope: string;
  /** Bureau roles: the GB/T 2260 code of the region their membership covers. */
  regionCode?: string;
  /** Staff roles: the name of the seeded organisation their membership belongs to. */
  organisation?: string;
};

const SHANGRAO_WELFARE_HOME = '上饶市社会福利院';

/**
 * One login per role, all with DEMO_PASSWORD. Staff belong to an organisation, bureau roles to a region,
 * caregiver and admin to neither: the Membership CHECK constraint holds the database to the same rule.
 */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { username: 'admin', role: 'ADMIN', displayName: '系统管理员', scope: '全系统 whole system' },
  {
    username: 'hr.reviewer',
    role: 'HR_REVIEWER',
    displayName: '周敏（上饶市人社局审核）',
    scope: '上饶市 Shangrao 361100',
    regionCode: '361100',
  },
  {
    username: 'hr.approver',
    role: 'HR_APPROVER',
    displayName: '陈志强（上饶市人社局审批）',
    scope: '上饶市 Shangrao 361100',
    regionCode: '361100',
  },
  {
    username: 'finance',
    role: 'FINANCE_OFFICER',
    displayName: '刘芳（上饶市财政局）',
    scope: '上饶市 Shangrao 361100',
    regionCode: '361100',
  },
  {
    username: 'civil',
    role: 'CIVIL_AFFAIRS_ANALYST',
    displayName: '黄建华（江西省民政厅）',
    scope: '江西省 Jiangxi 360000',
    regionCode: '360000',
  },
  {
    username: 'college',
    role: 'COLLEGE_STAFF',
    displayName: '吴丽华（江西医学高等专科学校）',
    scope: '江西医学高等专科学校 (college)',
    organisation: '江西医学高等专科学校',
  },
  {
    username: 'provider',
    role: 'TRAINING_PROVIDER_STAFF',
    displayName: '孙海涛（上饶市康养职业培训学校）',
    scope: '上饶市康养职业培训学校 (training provider)',
    organisation: '上饶市康养职业培训学校',
  },
  {
    username: 'assessor',
    role: 'ASSESSOR',
    displayName: '郑慧敏（上饶市养老服务职业技能等级认定中心）',
    scope: '上饶市养老服务职业技能等级认定中心 (assessment body)',
    organisation: '上饶市养老服务职业技能等级认定中心',
  },
  {
    username: 'institution',
    role: 'INSTITUTION_STAFF',
    displayName: `杨春梅（${SHANGRAO_WELFARE_HOME}）`,
    scope: `${SHANGRAO_WELFARE_HOME} (care institution, 信州区)`,
    organisation: SHANGRAO_WELFARE_HOME,
  },
  { username: 'caregiver', role: 'CAREGIVER', displayName: '李秀英', scope: `own record: 李秀英, care worker at ${SHANGRAO_WELFARE_HOME}` },
];

const CAREGIVERS = 300;
const FAMILY_CARERS = 10;
// Separate streams, so editing one part of the data leaves the others as they were.
const ORGANISATION_SEED = 2260;
const WORKFORCE_SEED = 11643;

/**
 * Loads the demo data once, on top of the reference data (see prepareDatabase); when the demo
 * caregiver's login is already there it changes nothing.
 */
export async function seed(prisma: PrismaClient): Promise<{ created: boolean }> {
  if (await prisma.user.findUnique({ where: { username: 'caregiver' }, select: { id: true } })) return { created: false };
  await applyReferenceData(prisma);

  const regions = flattenRegions();
  const counties = regions.filter((r) => r.level === 'COUNTY');
  // The first home is where the demo caregiver works, so it must be the one the institution login staffs.
  const homes = ORGANISATIONS.filter((o) => o.kind === 'INSTITUTION').sort(
    (a, b) => Number(b.name === SHANGRAO_WELFARE_HOME) - Number(a.name === SHANGRAO_WELFARE_HOME),
  );
  const orgRnd = seededRandom(ORGANISATION_SEED);
  const organisations = ORGANISATIONS.map((org) => ({ ...org, uscc: makeUscc(org, orgRnd) }));
  const geography = {
    countiesOfCity: (code: string) =>
      counties.filter((c) => c.parentCode === regions.find((r) => r.code === code)!.parentCode).map((c) => c.code),
    allCounties: counties.map((c) => c.code),
  };
  const people = buildWorkforce(seededRandom(WORKFORCE_SEED), homes, geography, CAREGIVERS, FAMILY_CARERS).map((p) => ({
    ...p,
    protectedId: protectResidentId(p.residentId),
  }));
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await prisma.$transaction(
    async (tx) => {
      // Provinces come with the reference data; the demo adds the cities and counties it names.
      const existing = await tx.region.findMany({ where: { code: { in: regions.map((r) => r.code) } }, select: { id: true, code: true } });
      const regionIds = new Map(existing.map((r) => [r.code, r.id]));
      // One statement per level: a level's parents are all in place before it.
      for (const level of ['PROVINCE', 'CITY', 'COUNTY'] as const) {
        const rows = await tx.region.createManyAndReturn({
          data: regions
            .filter((r) => r.level === level && !regionIds.has(r.code))
            .map((r) => ({
              code: r.code,
              name: r.name,
              nameEn: r.nameEn,
              level,
              path: r.path,
              parentId: r.parentCode ? regionIds.get(r.parentCode)! : null,
            })),
          select: { id: true, code: true },
        });
        for (const row of rows) regionIds.set(row.code, row.id);
      }
      await tx.elderlyPopulationStat.createMany({
        data: regions.flatMap((r) => populationStats(r).map((stat) => ({ regionId: regionIds.get(r.code)!, ...stat }))),
      });

      const orgRows = await tx.organisation.createManyAndReturn({
        data: organisations.map((o) => ({
          kind: o.kind,
          name: o.name,
          uscc: o.uscc,
          regionId: regionIds.get(o.regionCode)!,
          beds: o.beds ?? null,
          rating: o.rating ?? null,
        })),
        select: { id: true, uscc: true },
      });
      const orgIdByUscc = new Map(orgRows.map((o) => [o.uscc, o.id]));
      const orgIds = new Map(organisations.map((o) => [o.key, orgIdByUscc.get(o.uscc)!]));
      const orgIdByName = new Map(organisations.map((o) => [o.name, orgIdByUscc.get(o.uscc)!]));

      const caregiverRows = await tx.caregiver.createManyAndReturn({
        data: people.map((p) => ({
          name: p.name,
          ...p.protectedId,
          gender: p.gender,
          birthDate: p.birthDate,
          ...protectPhone(p.phone),
          education: p.education,
          regionId: regionIds.get(p.regionCode)!,
          familyCarer: p.familyCarer,
        })),
        select: { id: true, residentIdHash: true },
      });
      // Rows are matched back by their unique blind index rather than trusted to keep their order.
      const caregiverIds = new Map(caregiverRows.map((c) => [Buffer.from(c.residentIdHash).toString('hex'), c.id]));
      const idOf = (p: (typeof people)[number]) => caregiverIds.get(Buffer.from(p.protectedId.residentIdHash).toString('hex'))!;
      const employments = people.flatMap((p) =>
        p.employments.map((e) => ({ ...e, caregiverId: idOf(p), institutionId: orgIds.get(e.homeKey)! })),
      );

      const employmentRows = await tx.employment.createManyAndReturn({
        data: employments.map(({ caregiverId, institutionId, post, contractType, fullTime, startDate, endDate }) => ({
          caregiverId,
          institutionId,
          post,
          contractType,
          fullTime,
          startDate,
          endDate,
        })),
        select: { id: true, caregiverId: true, institutionId: true },
      });
      // buildWorkforce never gives a caregiver two employments at one institution, so the pair names the row.
      const employmentIds = new Map(employmentRows.map((e) => [`${e.caregiverId}/${e.institutionId}`, e.id]));
      if (employmentIds.size !== employmentRows.length) throw new Error('seed: two employments share a caregiver and an institution');
      await tx.employmentMonth.createMany({
        data: employments.flatMap((e) =>
          e.months.map((m) => ({ employmentId: employmentIds.get(`${e.caregiverId}/${e.institutionId}`)!, ...m })),
        ),
      });

      // An administrator created from INITIAL_ADMIN_PASSWORD keeps its account; the other logins are added.
      const taken = new Set(
        (await tx.user.findMany({ where: { username: { in: DEMO_LOGINS.map((l) => l.username) } }, select: { username: true } })).map(
          (u) => u.username,
        ),
      );
      const logins = DEMO_LOGINS.filter((login) => !taken.has(login.username));
      const users = await tx.user.createManyAndReturn({
        data: logins.map((login) => ({
          username: login.username,
          displayName: login.displayName,
          passwordHash,
          caregiverId: login.role === 'CAREGIVER' ? idOf(people[0]!) : null,
        })),
        select: { id: true, username: true },
      });
      const existingUsers = await tx.user.findMany({ where: { username: { in: [...taken] } }, select: { id: true, username: true } });
      const userIds = new Map([...existingUsers, ...users].map((u) => [u.username, u.id]));
      await tx.membership.createMany({
        data: logins.map((login) => {
          const organisationId = login.organisation ? orgIdByName.get(login.organisation) : null;
          const regionId = login.regionCode ? regionIds.get(login.regionCode) : null;
          if (organisationId === undefined || regionId === undefined) throw new Error(`seed: no scope for login ${login.username}`);
          return {
            userId: userIds.get(login.username)!,
            role: login.role,
            organisationId,
            regionId,
          };
        }),
      });

      const levels = await tx.skillLevel.findMany({ select: { id: true, code: true } });
      const context = {
        regionIds,
        organisationIds: orgIdByName,
        caregiverIds: people.map(idOf),
        userIds,
        levelIds: new Map(levels.map((l) => [l.code, l.id])),
        asOf: AS_OF,
      };
      for (const domain of DOMAIN_SEEDS) await domain.run(tx, context);
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { created: true };
}

/** Reference data, then the first admin from the environment: what every deployment runs at start. */
export async function prepareDatabase(prisma: PrismaClient): Promise<{ referenceSets: string[]; initialAdmin: string | null }> {
  const referenceSets = await applyReferenceData(prisma);
  const initialAdmin = await ensureInitialAdmin(prisma);
  return { referenceSets, initialAdmin };
}

// `pnpm db:seed --reference`: reference data only (a real deployment); `pnpm db:seed`: plus the demo data;
// `--large`: plus national-scale synthetic data on PostgreSQL.
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const database = databaseFromEnv();
  const prisma = createPrismaClient(database);
  const started = Date.now();
  try {
    const { referenceSets, initialAdmin } = await prepareDatabase(prisma);
    console.log(referenceSets.length ? `Reference data applied: ${referenceSets.join(', ')}.` : 'Reference data up to date.');
    if (initialAdmin) console.log(`Created the first administrator, ${initialAdmin}, from INITIAL_ADMIN_PASSWORD.`);
    if (!process.argv.includes('--reference')) {
      const { created } = await seed(prisma);
      console.log(
        created ? `Demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s.` : 'Demo data already present: nothing changed.',
      );
    }
    if (process.argv.includes('--large')) {
      if (database.kind !== 'postgres') throw new Error('--large needs a real PostgreSQL (set DATABASE_URL)');
      const { seedLarge } = await import('./seed-large.ts');
      const count = process.argv.find((a) => a.startsWith('--caregivers='));
      await seedLarge(prisma, count ? Number(count.split('=')[1]) : undefined);
    }
  } finally {
    await prisma.$disconnect();
    // An open embedded database keeps the process alive, and a clean close spares the next start a recovery.
    if (database.kind === 'pglite') await openPGlite(database.dir).close();
  }
}
