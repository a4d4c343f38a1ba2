import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { projectTargetDate } from '../../api/src/modules/workforce/workforce.service.ts';
import { ensureSkillLevels, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const DAY = '2026-06-30';
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

const DASHBOARD = /* GraphQL */ `
  query ($code: String!, $on: Date) {
    workforce(regionCode: $code, onDate: $on) {
      figures {
        ...F
      }
      children {
        ...F
      }
      ranking(indicator: CERTIFIED_PER_10K) {
        region {
          code
        }
      }
    }
  }
  fragment F on WorkforceFigures {
    region {
      code
      level
    }
    onDate
    counts {
      careWorkersInPost
      certified
      senior
      firstAid
      trainingBase
      trained
      socialWorkers
      population
      populationYear
    }
    indicators {
      indicator
      value
      numerator
      denominator
      gap
      met
      target {
        value
        year
        inherited
      }
      definition {
        unit
        ageBand
        basis
      }
    }
  }
`;

type Figures = {
  region: { code: string };
  counts: Record<string, number | null>;
  indicators: {
    indicator: string;
    value: number | null;
    numerator: number;
    denominator: number | null;
    gap: number | null;
    met: boolean | null;
    target: { value: number; year: number; inherited: boolean } | null;
    definition: { unit: string; ageBand: string | null; basis: string | null };
  }[];
};
const indicator = (f: Figures, name: string) => f.indicators.find((i) => i.indicator === name)!;

/**
 * The hand-computed fixture (see the expectations): two counties A and B of one city of one province,
 * a home in each, on 2026-06-30.
 *   p1 care worker at both homes, valid level 5       p2 care worker at A, valid level 3, first aid, trained
 *   p3 care worker at A, only an expired certificate   p4 care worker at B, only a revoked certificate, trained
 *   p5 care worker at B, no certificate                p6 director at A, trained
 *   p7 social worker at B                              p8 left A before the day (valid certificate)
 *   p9 starts at A after the day
 */
let w: Awaited<ReturnType<typeof makeFixture>>;
async function makeFixture() {
  const levels = await ensureSkillLevels();
  const regions = await makeRegionTree();
  const { province, city, county: a, otherCounty: b } = regions;
  const source = `测试统计公报${randomUUID().slice(0, 6)}`;
  await prisma.elderlyPopulationStat.createMany({
    data: [
      { regionId: province.id, year: 2025, ageBand: 'AGE_60_PLUS', basis: 'RESIDENT', count: 100_000, source },
      { regionId: city.id, year: 2025, ageBand: 'AGE_60_PLUS', basis: 'RESIDENT', count: 60_000, source },
      { regionId: city.id, year: 2027, ageBand: 'AGE_60_PLUS', basis: 'RESIDENT', count: 99_999, source },
      { regionId: city.id, year: 2025, ageBand: 'AGE_60_PLUS', basis: 'REGISTERED', count: 70_000, source },
      { regionId: a.id, year: 2025, ageBand: 'AGE_60_PLUS', basis: 'RESIDENT', count: 20_000, source },
      { regionId: b.id, year: 2024, ageBand: 'AGE_60_PLUS', basis: 'RESIDENT', count: 30_000, source },
    ],
  });
  const homeA = await makeOrganisation(a.id);
  const homeB = await makeOrganisation(b.id);
  const assessor = await makeOrganisation(a.id, 'ASSESSOR');
  const provider = await makeOrganisation(a.id, 'TRAINING_PROVIDER');
  const course = await prisma.course.create({
    data: {
      providerId: provider.id,
      code: 'WF-PJ01',
      place: '市民政培训中心',
      regionId: a.id,
      kind: 'PRE_JOB',
      title: '岗前培训',
      requiredHours: 40,
      capacity: 30,
      feeFen: 0,
      governmentFunded: true,
      startsOn: d('2026-01-05'),
      endsOn: d('2026-01-20'),
    },
  });
  const person = async () => (await makeCaregiver(a.id, a.code)).caregiver.id;
  const p = await Promise.all(Array.from({ length: 9 }, person));
  const cert = (caregiverId: string, code: string, extra: { issuedOn?: string; expiresOn?: string; revoked?: boolean } = {}) =>
    prisma.certificate.create({
      data: {
        number: `T${randomUUID().replace(/-/g, '').slice(0, 17)}`,
        caregiverId,
        levelId: levels.get(code)!,
        issuerId: assessor.id,
        issuedOn: d(extra.issuedOn ?? '2025-03-01'),
        expiresOn: extra.expiresOn ? d(extra.expiresOn) : null,
        source: 'EXAM',
        ...(extra.revoked ? { status: 'REVOKED' as const, revokedAt: new Date(), revokedReason: '伪造材料' } : {}),
      },
    });
  const trained = (caregiverId: string) =>
    prisma.enrolment.create({ data: { courseId: course.id, caregiverId, status: 'COMPLETED', completedOn: d('2026-01-20') } });

  await makeEmployment(p[0]!, homeA.id, '2024-01-01');
  await makeEmployment(p[0]!, homeB.id, '2025-01-01');
  await cert(p[0]!, 'L5');
  await makeEmployment(p[1]!, homeA.id, '2020-01-01');
  await cert(p[1]!, 'L5', { issuedOn: '2021-01-01' });
  await cert(p[1]!, 'L3', { issuedOn: '2026-06-30' });
  await prisma.firstAidCertificate.create({
    data: { number: `FA${randomUUID()}`, caregiverId: p[1]!, issuer: '红十字会', issuedOn: d('2024-07-01'), expiresOn: d('2027-06-30') },
  });
  await trained(p[1]!);
  await makeEmployment(p[2]!, homeA.id, '2022-01-01');
  await cert(p[2]!, 'L5', { issuedOn: '2022-01-01', expiresOn: '2026-06-30' });
  await prisma.firstAidCertificate.create({
    data: { number: `FA${randomUUID()}`, caregiverId: p[2]!, issuer: '红十字会', issuedOn: d('2023-06-01'), expiresOn: d('2026-05-31') },
  });
  await makeEmployment(p[3]!, homeB.id, '2023-01-01');
  await cert(p[3]!, 'L4', { revoked: true });
  await trained(p[3]!);
  await makeEmployment(p[4]!, homeB.id, '2026-06-30');
  await makeEmployment(p[5]!, homeA.id, '2019-01-01', null, 'DIRECTOR');
  await trained(p[5]!);
  await makeEmployment(p[6]!, homeB.id, '2021-01-01', null, 'SOCIAL_WORKER');
  await makeEmployment(p[7]!, homeA.id, '2020-01-01', '2026-06-29');
  await cert(p[7]!, 'L4');
  await makeEmployment(p[8]!, homeA.id, '2026-07-01');
  await cert(p[8]!, 'L5');

  await prisma.workforceTarget.createMany({
    data: [
      { regionId: province.id, indicator: 'CERTIFIED_PER_10K', year: 2022, value: 20, source: '测试规划' },
      { regionId: province.id, indicator: 'CERTIFIED_PER_10K', year: 2025, value: 25, source: '测试规划' },
      { regionId: province.id, indicator: 'CERTIFIED_ON_JOB', year: 2025, value: 0.85, source: '测试规划' },
      { regionId: b.id, indicator: 'CERTIFIED_ON_JOB', year: 2027, value: 0.3, source: '县级规划' },
    ],
  });
  const { token } = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: province.id });
  return { regions, token };
}

beforeAll(async () => {
  w = await makeFixture();
});

describe('workforce indicators on a hand-computed fixture', () => {
  it('counts every figure exactly, once per person, ignoring expired and revoked certificates', async () => {
    const res = await gql(DASHBOARD, { code: w.regions.city.code, on: DAY }, { token: w.token });
    expect(res.errors).toBeUndefined();
    const city: Figures = res.data?.workforce.figures;
    expect(city.counts).toEqual({
      careWorkersInPost: 5,
      certified: 2,
      senior: 1,
      firstAid: 1,
      trainingBase: 6,
      trained: 3,
      socialWorkers: 1,
      population: 60_000,
      populationYear: 2025,
    });
    const children: Figures[] = res.data?.workforce.children;
    const a = children.find((c) => c.region.code === w.regions.county.code);
    const b = children.find((c) => c.region.code === w.regions.otherCounty.code);
    expect(a!.counts).toEqual({
      careWorkersInPost: 3,
      certified: 2,
      senior: 1,
      firstAid: 1,
      trainingBase: 4,
      trained: 2,
      socialWorkers: 0,
      population: 20_000,
      populationYear: 2025,
    });
    expect(b!.counts).toEqual({
      careWorkersInPost: 3,
      certified: 1,
      senior: 0,
      firstAid: 0,
      trainingBase: 3,
      trained: 1,
      socialWorkers: 1,
      population: 30_000,
      populationYear: 2024,
    });

    expect(indicator(city, 'CERTIFIED_PER_10K').value).toBeCloseTo((2 / 60_000) * 10_000, 10);
    expect(indicator(city, 'SENIOR_SHARE').value).toBe(0.5);
    expect(indicator(city, 'FIRST_AID_SHARE').value).toBe(0.5);
    expect(indicator(city, 'TRAINING_COVERAGE').value).toBe(0.5);
    expect(indicator(city, 'CERTIFIED_ON_JOB').value).toBe(0.4);
    expect(indicator(city, 'SOCIAL_WORKERS_PER_10K').value).toBeCloseTo((1 / 60_000) * 10_000, 10);
    expect(indicator(city, 'CERTIFIED_PER_10K').definition).toEqual({ unit: 'PER_10K', ageBand: 'AGE_60_PLUS', basis: 'RESIDENT' });
  });

  it('rolls up: the city is its counties added, less the one person employed in both', async () => {
    const res = await gql(DASHBOARD, { code: w.regions.province.code, on: DAY }, { token: w.token });
    const province: Figures = res.data?.workforce.figures;
    const city: Figures = res.data?.workforce.children[0];
    const counts = (f: Figures) => ({ ...f.counts, population: null, populationYear: null });
    expect(counts(province)).toEqual(counts(city));
    const { children } = (await gql(DASHBOARD, { code: w.regions.city.code, on: DAY }, { token: w.token })).data!.workforce;
    for (const key of ['careWorkersInPost', 'certified', 'trainingBase'] as const) {
      expect(children[0].counts[key] + children[1].counts[key] - 1, key).toBe(city.counts[key]);
    }
    for (const key of ['senior', 'firstAid', 'trained', 'socialWorkers'] as const)
      expect(children[0].counts[key] + children[1].counts[key], key).toBe(city.counts[key]);
    expect(indicator(province, 'CERTIFIED_PER_10K').value).toBeCloseTo(0.2, 10);
  });

  it('applies the nearest region’s target for the year and gives the gap in people', async () => {
    const res = await gql(DASHBOARD, { code: w.regions.city.code, on: DAY }, { token: w.token });
    const city: Figures = res.data?.workforce.figures;
    expect(indicator(city, 'CERTIFIED_PER_10K')).toMatchObject({
      target: { value: 25, year: 2025, inherited: true },
      gap: 150 - 2,
      met: false,
    });
    expect(indicator(city, 'CERTIFIED_ON_JOB')).toMatchObject({ target: { value: 0.85, year: 2025 }, gap: 5 - 2, met: false });
    expect(indicator(city, 'SENIOR_SHARE')).toMatchObject({ target: null, gap: null, met: null });
    const children: Figures[] = res.data?.workforce.children;
    const a = children.find((c) => c.region.code === w.regions.county.code);
    const b = children.find((c) => c.region.code === w.regions.otherCounty.code);
    expect(indicator(a!, 'CERTIFIED_PER_10K').gap).toBe(50 - 2);
    // County B has its own, lower target: 30% of 3 in post is 1 person, and it has 1.
    expect(indicator(b!, 'CERTIFIED_ON_JOB')).toMatchObject({ target: { value: 0.3, year: 2027, inherited: false }, gap: 0, met: true });
    expect(res.data?.workforce.ranking.map((r: { region: { code: string } }) => r.region.code)).toEqual([
      w.regions.county.code,
      w.regions.otherCounty.code,
    ]);
  });

  it('changes with the day: before p2’s level 3 and after p1 joined B', async () => {
    const res = await gql(DASHBOARD, { code: w.regions.city.code, on: '2026-06-29' }, { token: w.token });
    const city: Figures = res.data?.workforce.figures;
    // p8 still in post with a valid level 4; p2 only level 5 yet; p3's certificate still valid; p5 not yet employed.
    expect(city.counts).toMatchObject({ careWorkersInPost: 5, certified: 4, senior: 0, firstAid: 1 });
  });

  it('uses a handful of SQL statements whatever the number of child regions', async () => {
    // The credential is validated first (cached for 2 s), so the count is the query's own statements.
    await gql(DASHBOARD, { code: w.regions.county.code, on: DAY }, { token: w.token });
    const small = await gql(DASHBOARD, { code: w.regions.county.code, on: DAY }, { token: w.token });
    const large = await gql(DASHBOARD, { code: w.regions.city.code, on: DAY }, { token: w.token });
    // Region and children, lineage, targets, and one counting statement.
    expect(small.sql).toBeLessThanOrEqual(10);
    expect(large.sql).toBe(small.sql);
  });
});

describe('access to workforce figures', () => {
  it('serves workforce:read tokens and bureaus, and refuses caregivers and other tokens', async () => {
    const admin = await makeUser('ADMIN');
    const token = async (scopes: string[]) =>
      (
        await gql(
          `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { ... on MutationCreateApiTokenSuccess { data { token } } } }`,
          {
            input: { name: `wf-${randomUUID().slice(0, 6)}`, scopes, expiresInDays: 1 },
          },
          { token: admin.token },
        )
      ).data?.createApiToken.data.token as string;
    const q = `query($code: String!) { workforce(regionCode: $code, onDate: "${DAY}") { figures { counts { certified } } } }`;
    expect(
      (await gql(q, { code: w.regions.city.code }, { token: await token(['workforce:read']) })).data?.workforce.figures.counts.certified,
    ).toBe(2);
    expect((await gql(q, { code: w.regions.city.code }, { token: await token(['caregivers:read']) })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const caregiver = await makeUser('CAREGIVER');
    expect((await gql(q, { code: w.regions.city.code }, { token: caregiver.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(q, { code: w.regions.city.code })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves a bureau live figures of its own region’s subtree only; other regions’ only as published', async () => {
    const q = `query($code: String!) { workforce(regionCode: $code, onDate: "${DAY}") { figures { counts { certified } } children { region { code } } } }`;
    const away = await makeRegionTree();
    const countyBureau = await makeUser('HR_REVIEWER', { regionId: w.regions.county.id });
    const otherBureaus = await Promise.all(
      (['HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'CIVIL_AFFAIRS_ANALYST'] as const).map((role) =>
        makeUser(role, { regionId: away.city.id }),
      ),
    );
    // Its own county, live; the city above it and the neighbouring county are another bureau's working data.
    expect((await gql(q, { code: w.regions.county.code }, { token: countyBureau.token })).data?.workforce.figures.counts.certified).toEqual(
      expect.any(Number),
    );
    for (const code of [w.regions.city.code, w.regions.otherCounty.code, w.regions.province.code]) {
      const res = await gql(q, { code }, { token: countyBureau.token });
      expect(res.data?.workforce ?? null, code).toBeNull();
      expect(res.errors?.[0]?.extensions?.code, code).toBe('NOT_FOUND');
    }
    for (const bureau of otherBureaus) {
      const res = await gql(q, { code: w.regions.city.code }, { token: bureau.token });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(res.data ?? null)).not.toContain(w.regions.county.code);
      // What anyone may read of that city stays open to them: the published month-end figures.
      expect(
        (
          await gql(
            `query($code: String!) { publicWorkforceFigures(regionCode: $code) { onDate } }`,
            { code: w.regions.city.code },
            { token: bureau.token },
          )
        ).errors,
      ).toBeUndefined();
    }
    // The province's analyst reads the whole province, the city's children included.
    expect(
      (await gql(q, { code: w.regions.city.code }, { token: w.token })).data?.workforce.children.map(
        (c: { region: { code: string } }) => c.region.code,
      ),
    ).toContain(w.regions.county.code);
  });

  it('publishes the latest month-end snapshot without login, with definitions', async () => {
    const q = `query($code: String!) { publicWorkforceFigures(regionCode: $code) { onDate counts { certified } indicators { indicator value definition { nameZh } } } workforceIndicatorDefinitions { indicator unit } }`;
    expect((await gql(q, { code: w.regions.county.code })).data?.publicWorkforceFigures).toBeNull();
    await prisma.workforceSnapshot.create({
      data: {
        regionId: w.regions.county.id,
        onDate: d('2026-05-31'),
        careWorkersInPost: 3,
        certified: 2,
        senior: 0,
        firstAid: 1,
        trainingBase: 4,
        trained: 2,
        socialWorkers: 0,
        population: 20_000,
        populationYear: 2025,
        populationBasis: 'RESIDENT',
        populationAgeBand: 'AGE_60_PLUS',
      },
    });
    const res = await gql(q, { code: w.regions.county.code });
    expect(res.data?.publicWorkforceFigures.onDate).toBe('2026-05-31');
    expect(res.data?.publicWorkforceFigures.indicators.find((i: { indicator: string }) => i.indicator === 'CERTIFIED_PER_10K').value).toBe(
      1,
    );
    expect(res.data?.workforceIndicatorDefinitions).toHaveLength(6);
  });
});

describe('projection to the target', () => {
  it('extends the least-squares trend to the day the target is reached, and gives none when falling', () => {
    const points = [
      { onDate: d('2026-01-01'), value: 10 },
      { onDate: d('2026-04-11'), value: 20 },
    ];
    // 10 per 100 days: from 20 on 2026-04-11, 25 is 50 days later.
    expect(projectTargetDate(points, 25)?.toISOString().slice(0, 10)).toBe('2026-05-31');
    expect(
      projectTargetDate(
        [...points].map((p, i) => ({ ...p, value: 20 - i * 5 })),
        25,
      ),
    ).toBeNull();
    expect(projectTargetDate(points, 15)).toBeNull();
  });
});

describe('population rolled up from child regions', () => {
  it('a city without its own figure divides by its counties’ figures of the same year, says so, and warns when a county lacks one', async () => {
    const { province, city, county, otherCounty } = await makeRegionTree();
    await prisma.workforceTarget.createMany({
      data: [2022, 2025].map((year) => ({
        regionId: province.id,
        indicator: 'CERTIFIED_PER_10K' as const,
        year,
        value: year === 2025 ? 25 : 20,
        source: '测试规划',
      })),
    });
    const source = `测试统计公报${randomUUID().slice(0, 6)}`;
    const stat = (regionId: string, year: number, count: number) => ({
      regionId,
      year,
      ageBand: 'AGE_60_PLUS' as const,
      basis: 'RESIDENT' as const,
      count,
      source,
    });
    await prisma.elderlyPopulationStat.createMany({
      data: [
        stat(county.id, 2025, 20_000),
        stat(otherCounty.id, 2025, 30_000),
        { ...stat(otherCounty.id, 2025, 9), basis: 'REGISTERED' as const },
      ],
    });
    const { token } = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: city.id });
    const query = `query($code: String!, $on: Date) { workforce(regionCode: $code, onDate: $on) { figures {
      counts { population populationYear }
      indicator(indicator: CERTIFIED_PER_10K) { value denominator gap target { year ownYear } definition { populationFrom populationChildrenMissing } } } } }`;
    const figures = async () => (await gql(query, { code: city.code, on: DAY }, { token })).data?.workforce.figures;
    const both = await figures();
    expect(both.counts).toEqual({ population: 50_000, populationYear: 2025 });
    // 25 per 10,000 of 50,000 is 125 people; nobody is certified there yet.
    expect(both.indicator).toEqual({
      value: 0,
      denominator: 50_000,
      gap: 125,
      target: { year: 2025, ownYear: false },
      definition: { populationFrom: 'CHILDREN_SUM', populationChildrenMissing: 0 },
    });
    // A newer year that only one county has: that year's sum, with a warning that a county is missing.
    await prisma.elderlyPopulationStat.create({ data: stat(county.id, 2026, 21_000) });
    const one = await figures();
    expect(one.counts).toEqual({ population: 21_000, populationYear: 2026 });
    expect(one.indicator.definition).toEqual({ populationFrom: 'CHILDREN_SUM', populationChildrenMissing: 1 });
  });
});
