import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { gid, makeOrganisation, makeRegionTree, makeUscc, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const ERR = `__typename ... on Error { code params { name value } } ... on InputValidationError { fields { path code } }`;
const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { ${ERR} ... on MutationRegisterOrganisationSuccess { data { id name uscc beds active region { code } } } } }`;
const UPDATE = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { ${ERR} ... on MutationUpdateOrganisationSuccess { data { name beds rating } } } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateOrganisation(id: $id) { ${ERR} ... on MutationDeactivateOrganisationSuccess { data { active } } } }`;
const ADD_REGION = `mutation($input: AddRegionInput!) { addRegion(input: $input) { ${ERR} ... on MutationAddRegionSuccess { data { code level parent { code } } } } }`;

let tree: Awaited<ReturnType<typeof makeRegionTree>>;
let other: Awaited<ReturnType<typeof makeRegionTree>>;
let admin: string;
let civil: string;
beforeAll(async () => {
  tree = await makeRegionTree();
  other = await makeRegionTree();
  admin = (await makeUser('ADMIN')).token;
  civil = (await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: tree.city.id })).token;
});

describe('organisation registry', () => {
  it('civil affairs registers, edits and closes a care institution of its region, audited with before and after', async () => {
    const uscc = makeUscc();
    const res = await gql(
      REGISTER,
      {
        input: {
          kind: 'INSTITUTION',
          name: '测试 康养中心',
          uscc: uscc.toLowerCase(),
          regionCode: tree.county.code,
          beds: 80,
          rating: '三星级',
        },
      },
      { token: civil },
    );
    const org = res.data?.registerOrganisation.data;
    expect(org).toMatchObject({ uscc, beds: 80, active: true, region: { code: tree.county.code } });

    const updated = await gql(
      UPDATE,
      { input: { id: org.id, name: '测试 康养中心（新院区）', uscc, regionCode: tree.county.code, beds: 120, rating: '四星级' } },
      { token: civil },
    );
    expect(updated.data?.updateOrganisation.data).toEqual({ name: '测试 康养中心（新院区）', beds: 120, rating: '四星级' });
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: {
        entityType: 'Organisation',
        action: 'organisation.update',
        entityId: (await prisma.organisation.findUniqueOrThrow({ where: { uscc } })).id,
      },
    });
    expect(audit.before).toMatchObject({ beds: 80, rating: '三星级' });
    expect(audit.after).toMatchObject({ beds: 120, rating: '四星级' });

    expect((await gql(DEACTIVATE, { id: org.id }, { token: civil })).data?.deactivateOrganisation.data.active).toBe(false);
    // A closed organisation takes no new staff logins.
    const staff = await gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { ${ERR} } }`,
      {
        input: {
          username: `closed${Date.now() % 100000}`,
          displayName: '测试 员工',
          memberships: [{ role: 'INSTITUTION_STAFF', organisationId: org.id }],
        },
      },
      { token: admin },
    );
    expect(staff.data?.createUser.fields).toEqual([
      { path: ['input', 'memberships', '0', 'organisationId'], code: 'ORGANISATION_UNKNOWN' },
    ]);
  });

  it('refuses a bad check character and a code already registered, with codes', async () => {
    const good = makeUscc();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await gql(
      REGISTER,
      { input: { kind: 'COLLEGE', name: '测试 学院', uscc: bad, regionCode: tree.province.code } },
      { token: admin },
    );
    expect(res.data?.registerOrganisation.fields).toEqual([{ path: ['input', 'uscc'], code: 'USCC_CHECK' }]);
    const existing = await makeOrganisation(tree.city.id, 'ASSESSOR');
    const dup = await gql(
      REGISTER,
      { input: { kind: 'ASSESSOR', name: '测试 评价机构', uscc: existing.uscc, regionCode: tree.city.code } },
      { token: admin },
    );
    expect(dup.data?.registerOrganisation).toMatchObject({
      __typename: 'UsccTakenError',
      code: 'USCC_TAKEN',
      params: [{ name: 'uscc', value: existing.uscc }],
    });
  });

  it('keeps civil affairs to care institutions of its own region', async () => {
    const college = await gql(
      REGISTER,
      { input: { kind: 'COLLEGE', name: '测试 学院', uscc: makeUscc(), regionCode: tree.city.code } },
      { token: civil },
    );
    expect(college.data?.registerOrganisation.code).toBe('OUTSIDE_REGISTRY_SCOPE');
    const elsewhere = await gql(
      REGISTER,
      { input: { kind: 'INSTITUTION', name: '测试 外地机构', uscc: makeUscc(), regionCode: other.county.code } },
      { token: civil },
    );
    expect(elsewhere.data?.registerOrganisation.code).toBe('OUTSIDE_REGISTRY_SCOPE');
    const theirs = await makeOrganisation(other.county.id, 'INSTITUTION');
    expect((await gql(DEACTIVATE, { id: gid('Organisation', theirs.id) }, { token: civil })).data?.deactivateOrganisation.code).toBe(
      'OUTSIDE_REGISTRY_SCOPE',
    );
    const { token } = await makeUser('HR_APPROVER', { regionId: tree.city.id });
    expect((await gql(DEACTIVATE, { id: gid('Organisation', theirs.id) }, { token })).data?.deactivateOrganisation.__typename).toBe(
      'ForbiddenError',
    );
  });
});

describe('regions', () => {
  it('adds a county under its city with the level and path that follow, audited', async () => {
    // A county code under the city that no other test's random tree holds already.
    let code = '';
    for (let n = 99; n > 50 && !code; n--) {
      const candidate = `${tree.city.code.slice(0, 4)}${n}`;
      if (!(await prisma.region.findUnique({ where: { code: candidate }, select: { id: true } }))) code = candidate;
    }
    const res = await gql(ADD_REGION, { input: { code, name: '测试新区', parentCode: tree.city.code } }, { token: admin });
    expect(res.data?.addRegion.data).toEqual({ code, level: 'COUNTY', parent: { code: tree.city.code } });
    const row = await prisma.region.findUniqueOrThrow({ where: { code } });
    expect(row.path).toBe(`${tree.city.path}/${code}`);
    expect(await prisma.auditLog.count({ where: { entityType: 'Region', entityId: row.id, action: 'region.add' } })).toBe(1);
    expect(
      (await gql(ADD_REGION, { input: { code, name: '测试新区', parentCode: tree.city.code } }, { token: admin })).data?.addRegion.code,
    ).toBe('REGION_CODE_TAKEN');
  });

  it('refuses a code that does not fit its parent, a level below county, or a non-admin', async () => {
    const mismatch = await gql(ADD_REGION, { input: { code: '110105', name: '测试错区', parentCode: tree.city.code } }, { token: admin });
    expect(mismatch.data?.addRegion.fields).toEqual([{ path: ['input', 'code'], code: 'REGION_CODE_PARENT_MISMATCH' }]);
    const deep = await gql(
      ADD_REGION,
      { input: { code: `${tree.county.code.slice(0, 4)}98`, name: '测试镇', parentCode: tree.county.code } },
      { token: admin },
    );
    expect(deep.data?.addRegion.fields).toEqual([{ path: ['input', 'parentCode'], code: 'REGION_TOO_DEEP' }]);
    expect((await gql(ADD_REGION, { input: { code: '990000', name: '测试省' } }, { token: civil })).data?.addRegion.__typename).toBe(
      'ForbiddenError',
    );
  });
});
