import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const LIST = /* GraphQL */ `
  query List($regionCode: String, $search: String) {
    caregivers(first: 100, regionCode: $regionCode, search: $search) {
      totalCount
      edges {
        node {
          id
          name
          phone
          residentIdMasked
          employments(first: 10) {
            totalCount
            edges {
              node {
                institution {
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`;
const ONE = /* GraphQL */ `
  query One($id: ID!) {
    caregiver(id: $id) {
      name
      phone
    }
    node(id: $id) {
      id
      ... on Caregiver {
        name
      }
    }
  }
`;

type World = Awaited<ReturnType<typeof makeWorld>>;

async function makeWorld() {
  const regions = await makeRegionTree();
  const homeA = await makeOrganisation(regions.county.id);
  const homeB = await makeOrganisation(regions.otherCounty.id);
  const atA = await makeCaregiver(regions.county.id, regions.county.code, { name: '李秀英', phone: '13912345678' });
  const atB = await makeCaregiver(regions.otherCounty.id, regions.otherCounty.code, { name: '张桂兰' });
  const idle = await makeCaregiver(regions.county.id, regions.county.code, { name: '赵建国' });
  await makeEmployment(atA.caregiver.id, homeA.id, '2022-01-01');
  await makeEmployment(atA.caregiver.id, homeB.id, '2019-01-01', '2021-12-31');
  await makeEmployment(atB.caregiver.id, homeB.id, '2024-05-01');
  return { regions, homeA, homeB, atA: atA.caregiver, atB: atB.caregiver, idle: idle.caregiver };
}

const names = (res: { data?: any }) => res.data?.caregivers.edges.map((e: { node: { name: string } }) => e.node.name).sort();

describe('caregiver scoping', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });

  it('institution staff see only people their institution employs, and only their own employment rows', async () => {
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: w.homeA.id });
    const res = await gql(LIST, {}, { token });
    expect(names(res)).toEqual(['李秀英']);
    const node = res.data?.caregivers.edges[0].node;
    expect(node.phone).toBe('13912345678');
    expect(node.residentIdMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(node.employments.totalCount).toBe(1);
    expect(node.employments.edges[0].node.institution.name).toBe(w.homeA.name);

    const other = await gql(ONE, { id: gid('Caregiver', w.atB.id) }, { token });
    expect(other.data).toEqual({ caregiver: null, node: null });
  });

  it('a bureau sees its region subtree and nothing outside it', async () => {
    const city = await makeUser('HR_REVIEWER', { regionId: w.regions.city.id });
    expect(names(await gql(LIST, { regionCode: w.regions.city.code }, { token: city.token }))).toEqual(
      ['张桂兰', '李秀英', '赵建国'].sort(),
    );
    const county = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: w.regions.otherCounty.id });
    // 李秀英 once worked in otherCounty's institution: the bureau there sees her through that employment.
    expect(names(await gql(LIST, {}, { token: county.token }))).toEqual(['张桂兰', '李秀英'].sort());
    const res = await gql(ONE, { id: gid('Caregiver', w.idle.id) }, { token: county.token });
    expect(res.data).toEqual({ caregiver: null, node: null });
  });

  it('a caregiver sees only themself', async () => {
    const { token } = await makeUser('CAREGIVER', { caregiverId: w.atB.id });
    expect(names(await gql(LIST, {}, { token }))).toEqual(['张桂兰']);
    expect((await gql(ONE, { id: gid('Caregiver', w.atA.id) }, { token })).data).toEqual({ caregiver: null, node: null });
    expect((await gql(ONE, { id: gid('Caregiver', w.atB.id) }, { token })).data?.caregiver.name).toBe('张桂兰');
  });

  it('staff of colleges, providers and assessors see no caregivers yet', async () => {
    const college = await makeOrganisation(w.regions.county.id, 'COLLEGE');
    const { token } = await makeUser('COLLEGE_STAFF', { organisationId: college.id });
    const res = await gql(LIST, {}, { token });
    expect(res.data?.caregivers.totalCount).toBe(0);
  });

  it('refuses anonymous callers with a typed error', async () => {
    const res = await gql(LIST, {});
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const node = await gql(ONE, { id: gid('Caregiver', w.atA.id) });
    expect(JSON.stringify(node)).not.toContain('李秀英');
  });

  it('an API token needs the caregivers:read scope, and never gets the full phone number', async () => {
    const admin = await makeUser('ADMIN');
    const make = async (scopes: string[]) =>
      (
        await gql(
          `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { ... on MutationCreateApiTokenSuccess { data { token } } } }`,
          { i: { name: 'sys', scopes, expiresInDays: 5 } },
          { token: admin.token },
        )
      ).data?.createApiToken.data.token as string;
    const reader = await make(['caregivers:read']);
    const res = await gql(LIST, { regionCode: w.regions.city.code }, { token: reader });
    expect(names(res)).toEqual(['张桂兰', '李秀英', '赵建国'].sort());
    expect(res.data?.caregivers.edges.find((e: any) => e.node.name === '李秀英').node.phone).toBe('139****5678');
    const other = await make(['workforce:read']);
    expect((await gql(LIST, {}, { token: other })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('finds a person by the whole resident ID number through the blind index', async () => {
    const region = w.regions.county;
    const known = await makeCaregiver(region.id, region.code, { name: '钱海燕' });
    await makeEmployment(known.caregiver.id, w.homeA.id, '2024-01-01');
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: w.homeA.id });
    expect(names(await gql(LIST, { search: known.residentId }, { token }))).toEqual(['钱海燕']);
    expect(
      names(await gql(LIST, { search: known.residentId.slice(0, 17) + (known.residentId[17] === '0' ? '1' : '0') }, { token })),
    ).toEqual([]);
  });

  it('loads a page of caregivers with their employments in a constant number of SQL statements', async () => {
    const regions = await makeRegionTree();
    const home = await makeOrganisation(regions.county.id);
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const counts: number[] = [];
    for (const size of [2, 12]) {
      while ((await prisma.employment.count({ where: { institutionId: home.id } })) < size) {
        const c = await makeCaregiver(regions.county.id, regions.county.code);
        await makeEmployment(c.caregiver.id, home.id, '2023-01-01');
      }
      // The credential is validated first (cached for 2 s), so the count is the query's own statements.
      await gql(LIST, {}, { token });
      const res = await gql(LIST, {}, { token });
      expect(res.data?.caregivers.edges).toHaveLength(size);
      counts.push(res.sql);
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeLessThanOrEqual(8);
  });
});
