import type { PrismaClient } from '../api/src/generated/prisma/client.ts';
import { monthEnd } from '../api/src/shared/china-time.ts';
import { protectResidentId, residentIdCheckChar } from '../api/src/modules/caregivers/resident-id.ts';
import { takeWorkforceSnapshot } from '../api/src/modules/workforce/workforce.service.ts';
import { makeUscc } from './seed-data/organisations.ts';
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from './seed-data/people.ts';
import { seededRandom } from './seed-data/random.ts';
import { AS_OF } from './seed-data/workforce.ts';

/** Provinces the default demo lacks (GB/T 2260 codes and names); cities and counties under them are synthetic. */
const PROVINCES: [string, string][] = [
  ['110000', '北京市'],
  ['120000', '天津市'],
  ['130000', '河北省'],
  ['140000', '山西省'],
  ['150000', '内蒙古自治区'],
  ['210000', '辽宁省'],
  ['220000', '吉林省'],
  ['230000', '黑龙江省'],
  ['310000', '上海市'],
  ['340000', '安徽省'],
  ['350000', '福建省'],
  ['370000', '山东省'],
  ['410000', '河南省'],
  ['420000', '湖北省'],
  ['430000', '湖南省'],
  ['440000', '广东省'],
  ['450000', '广西壮族自治区'],
  ['460000', '海南省'],
  ['500000', '重庆市'],
  ['510000', '四川省'],
  ['520000', '贵州省'],
  ['530000', '云南省'],
  ['540000', '西藏自治区'],
  ['610000', '陕西省'],
  ['620000', '甘肃省'],
  ['630000', '青海省'],
  ['640000', '宁夏回族自治区'],
  ['650000', '新疆维吾尔自治区'],
];
const CITIES_PER_PROVINCE = 11;
const COUNTIES_PER_CITY = 9;
const SOURCE = '大规模演示数据（合成）';
const CHUNK = 20_000;

/**
 * Large mode (`pnpm db:seed --large`, PostgreSQL only): about 3,000 counties and 1,000,000 caregivers,
 * each employed at their county's care home, most certified, to show the indicators and lists at
 * national scale. Regions, homes, employment and certificates are written set-based in SQL; resident
 * ID numbers are made and encrypted in Node (the database cannot encrypt them) and sent in chunks.
 */
export async function seedLarge(prisma: PrismaClient, caregivers = 1_000_000): Promise<void> {
  const started = Date.now();
  const say = (what: string) => console.log(`[large] ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  const rnd = seededRandom(31);

  // Regions: the missing provinces, then synthetic cities and counties under every province.
  const provinceRows = PROVINCES.map(([code, name]) => ({ code, name, level: 'PROVINCE' as const, path: code }));
  await prisma.region.createMany({ data: provinceRows, skipDuplicates: true });
  await prisma.$executeRaw`
    INSERT INTO "Region" (id, code, name, level, "parentId", path)
    SELECT gen_random_uuid(), left(p.code, 2) || lpad(c::text, 2, '0') || '00', p.name || '第' || c || '市', 'CITY', p.id, p.path || '/' || left(p.code, 2) || lpad(c::text, 2, '0') || '00'
    FROM "Region" p CROSS JOIN generate_series(1, ${CITIES_PER_PROVINCE}) AS c
    WHERE p.level = 'PROVINCE'
    ON CONFLICT (code) DO NOTHING`;
  await prisma.$executeRaw`
    INSERT INTO "Region" (id, code, name, level, "parentId", path)
    SELECT gen_random_uuid(), left(c.code, 4) || lpad(k::text, 2, '0'), c.name || '第' || k || '县', 'COUNTY', c.id, c.path || '/' || left(c.code, 4) || lpad(k::text, 2, '0')
    FROM "Region" c CROSS JOIN generate_series(1, ${COUNTIES_PER_CITY}) AS k
    WHERE c.level = 'CITY' AND c.name LIKE '%第%市'
    ON CONFLICT (code) DO NOTHING`;
  const counties = await prisma.region.findMany({ where: { level: 'COUNTY', name: { contains: '第' } }, select: { id: true, code: true } });
  say(`${counties.length} synthetic counties`);

  // Population: each county 20,000–300,000 aged 60+, cities and provinces the sum of their counties.
  await prisma.$executeRaw`
    INSERT INTO "ElderlyPopulationStat" (id, "regionId", year, "ageBand", basis, count, source)
    SELECT gen_random_uuid(), r.id, 2025, 'AGE_60_PLUS', 'RESIDENT', 20000 + (abs(hashtext(r.code)) % 280000), ${SOURCE}
    FROM "Region" r WHERE r.level = 'COUNTY' AND r.name LIKE '%第%县'
    ON CONFLICT DO NOTHING`;
  for (const level of ['CITY', 'PROVINCE'] as const) {
    await prisma.$executeRaw`
      INSERT INTO "ElderlyPopulationStat" (id, "regionId", year, "ageBand", basis, count, source)
      SELECT gen_random_uuid(), parent.id, 2025, 'AGE_60_PLUS', 'RESIDENT', sum(s.count), ${SOURCE}
      FROM "Region" parent JOIN "Region" child ON child."parentId" = parent.id
      JOIN "ElderlyPopulationStat" s ON s."regionId" = child.id AND s.source = ${SOURCE}
      WHERE parent.level = ${level}::"RegionLevel"
      GROUP BY parent.id
      ON CONFLICT DO NOTHING`;
  }

  // One care home per synthetic county.
  const homes = counties.map((c) => ({
    kind: 'INSTITUTION' as const,
    name: `${c.code}养老服务中心`,
    uscc: makeUscc({ key: c.code, kind: 'INSTITUTION', name: '', registration: 'socialService', regionCode: c.code }, rnd),
    regionId: c.id,
    beds: 80 + (Number(c.code) % 200),
  }));
  for (let i = 0; i < homes.length; i += CHUNK)
    await prisma.organisation.createMany({ data: homes.slice(i, i + CHUNK), skipDuplicates: true });
  say(`${homes.length} care homes`);

  // Caregivers, spread evenly over the counties; ID numbers unique by county, birth date and sequence.
  // Sent as arrays through UNNEST: one statement per chunk with a handful of parameters.
  const perCounty = Math.ceil(caregivers / counties.length);
  const educations = ['NONE', 'JUNIOR', 'JUNIOR', 'SENIOR', 'SECONDARY_VOCATIONAL', 'COLLEGE'] as const;
  let made = 0;
  let batch = {
    name: [] as string[],
    cipher: [] as Uint8Array[],
    hash: [] as Uint8Array[],
    masked: [] as string[],
    gender: [] as string[],
    birth: [] as string[],
    education: [] as string[],
    region: [] as string[],
  };
  const flush = async () => {
    if (!batch.name.length) return;
    await prisma.$executeRaw`
      INSERT INTO "Caregiver" (id, name, "residentIdCipher", "residentIdHash", "residentIdMasked", gender, "birthDate", education, "regionId", "updatedAt")
      SELECT gen_random_uuid(), n, c, h, m, g::"Gender", b::date, e::"Education", r::uuid, now()
      FROM unnest(${batch.name}::text[], ${batch.cipher}::bytea[], ${batch.hash}::bytea[], ${batch.masked}::text[], ${batch.gender}::text[], ${batch.birth}::text[], ${batch.education}::text[], ${batch.region}::text[])
        AS t(n, c, h, m, g, b, e, r)
      ON CONFLICT DO NOTHING`;
    batch = { name: [], cipher: [], hash: [], masked: [], gender: [], birth: [], education: [], region: [] };
  };
  for (const county of counties) {
    for (let i = 0; i < perCounty && made < caregivers; i++, made++) {
      const birth = new Date(Date.UTC(1962, 0, 1) + (i % 12_000) * 86_400_000);
      const female = rnd.chance(0.85);
      const seq = String(100 + Math.floor(i / 12_000) * 2 + (female ? 0 : 1)).padStart(3, '0');
      const first17 = `${county.code}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`;
      const protectedId = protectResidentId(first17 + residentIdCheckChar(first17));
      batch.name.push(rnd.pick(SURNAMES) + rnd.pick(female ? FEMALE_GIVEN : MALE_GIVEN));
      batch.cipher.push(protectedId.residentIdCipher);
      batch.hash.push(protectedId.residentIdHash);
      batch.masked.push(protectedId.residentIdMasked);
      batch.gender.push(female ? 'FEMALE' : 'MALE');
      batch.birth.push(birth.toISOString().slice(0, 10));
      batch.education.push(rnd.pick(educations));
      batch.region.push(county.id);
      if (batch.name.length === CHUNK) {
        await flush();
        if (made % 100_000 < CHUNK) say(`${made} caregivers`);
      }
    }
  }
  await flush();
  say(`${made} caregivers`);
  // Fresh statistics before joining the new rows: without them the planner takes the caregivers for a
  // handful and loops over every care home per person (minutes at 500,000).
  await prisma.$executeRaw`ANALYZE "Caregiver", "Region", "Organisation", "Employment"`;

  // Employment at the county's home (a few directors and social workers), started 2015–2026.
  await prisma.$executeRaw`
    INSERT INTO "Employment" (id, "caregiverId", "institutionId", post, "contractType", "fullTime", "startDate", "updatedAt")
    SELECT gen_random_uuid(), c.id, o.id,
      (CASE WHEN abs(hashtext(c.id::text)) % 100 < 2 THEN 'SOCIAL_WORKER' WHEN abs(hashtext(c.id::text)) % 100 < 4 THEN 'DIRECTOR' ELSE 'CARE_WORKER' END)::"Post",
      'LABOUR', true, DATE '2015-01-01' + (abs(hashtext(c.id::text || 's')) % 4000), now()
    FROM "Caregiver" c JOIN "Region" r ON r.id = c."regionId" AND r.name LIKE '%第%县'
    JOIN "Organisation" o ON o."regionId" = r.id AND o.kind = 'INSTITUTION'
    WHERE NOT EXISTS (SELECT 1 FROM "Employment" e WHERE e."caregiverId" = c.id)`;
  await prisma.$executeRaw`ANALYZE "Employment"`;
  say('employment');

  // Level certificates a year or more into the job for about 70%; level 4 for a third of those, level 3 for a tenth.
  const issuer = homes.length
    ? (await prisma.organisation.findFirstOrThrow({ where: { kind: 'ASSESSOR' }, select: { id: true } })).id
    : null;
  for (const [code, share, years] of [
    ['L5', 70, 1],
    ['L4', 25, 3],
    ['L3', 8, 7],
  ] as const) {
    await prisma.$executeRaw`
      INSERT INTO "Certificate" (id, number, "caregiverId", "levelId", "issuerId", "issuedOn", source, "examFeeFen")
      SELECT gen_random_uuid(), 'LG' || ${code} || replace(e."caregiverId"::text, '-', ''), e."caregiverId", l.id, ${issuer}::uuid,
        e."startDate" + ${years * 365}::int + (abs(hashtext(e.id::text)) % 200), 'IMPORT', NULL
      FROM "Employment" e JOIN "Organisation" o ON o.id = e."institutionId" AND o.name LIKE '%养老服务中心'
      JOIN "SkillLevel" l ON l.code = ${code}
      WHERE abs(hashtext(e."caregiverId"::text || ${code})) % 100 < ${share}
        AND e."startDate" + ${years * 365}::int + 200 < ${AS_OF}::date
      ON CONFLICT (number) DO NOTHING`;
  }
  await prisma.$executeRaw`
    INSERT INTO "FirstAidCertificate" (id, number, "caregiverId", issuer, "issuedOn", "expiresOn")
    SELECT gen_random_uuid(), 'LGFA' || replace(c."caregiverId"::text, '-', ''), c."caregiverId", '中国红十字会',
      ${AS_OF}::date - (abs(hashtext(c."caregiverId"::text)) % 1400), ${AS_OF}::date - (abs(hashtext(c."caregiverId"::text)) % 1400) + 1095
    FROM "Certificate" c WHERE c.number LIKE 'LGL5%' AND abs(hashtext(c.id::text)) % 100 < 55
    ON CONFLICT (number) DO NOTHING`;
  say('certificates');

  await takeWorkforceSnapshot(monthEnd(new Date(Date.UTC(AS_OF.getUTCFullYear(), AS_OF.getUTCMonth() - 1, 1))));
  say('month-end snapshot of every region');
}
