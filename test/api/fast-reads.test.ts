import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { fastReads } from '../../api/src/graphql/json-read.ts';
import { fastRows } from '../../api/src/graphql/fast-rows-plugin.ts';
import type { Role } from '../../api/src/generated/prisma/enums.ts';
import { API_TOKEN_SCOPES } from '../../api/src/modules/auth/auth.policy.ts';
import {
  ensureSkillLevels,
  gid,
  makeCaregiver,
  makeEmployment,
  makeOrganisation,
  makeRegionTree,
  makeStaffOrganisations,
  makeUser,
} from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

/**
 * The hot reads (caregivers, a caregiver by id, certificates, enrolments) answered by one JSON-building
 * statement (graphql/json-read.ts) must show every caller exactly what the general Prisma path shows:
 * the same rows, the same masked values, the same refusals. Each read runs twice per caller, fast path
 * on and off, and the answers are compared whole. Two region trees: people of the home tree are
 * employed, certified and enrolled there; one person of the away tree is enrolled on a home course.
 */
const PREFIX = `快读${randomUUID().slice(0, 6)}`;

const CAREGIVER = `id name residentIdMasked gender birthDate education familyCarer bankAccountMasked bankName createdAt updatedAt
  certificates { id number issuedOn expiresOn status source revokedAt revokedReason level { code rank grade nameZh nameEn requiresReview } issuer { name } }
  enrolments { id status completedOn enrolledAt withdrawnAt createdAt outcomeNote heldBackReason course { code title } caregiver { name } }`;

const LIST = `query($s: String, $after: String, $region: String, $employed: Boolean, $education: Education, $home: ID) {
  caregivers(first: 3, search: $s, after: $after, regionCode: $region, currentlyEmployed: $employed, education: $education, institutionId: $home) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${CAREGIVER} } }
  }
}`;
const ONE = `query($id: ID!) { caregiver(id: $id) { ${CAREGIVER} } }`;
const CERTIFICATES = `query($c: ID) { certificates(first: 20, caregiverId: $c) {
  edges { node { id number issuedOn status level { code } issuer { name } caregiver { name residentIdMasked } } }
} }`;
const ENROLMENTS = `query($n: Int!, $status: [EnrolmentStatus!]) { enrolments(first: $n, status: $status) {
  pageInfo { hasNextPage } edges { node { id status completedOn course { code } caregiver { name residentIdMasked } } }
} }`;
/** Outside the shape: the phone is masked by the viewer's reach, in its resolver. */
const PHONE = `query($s: String) { caregivers(first: 20, search: $s) { edges { node { id name phone } } } }`;

type Caller = { name: string; token: string };
const callers: Caller[] = [];
const people: string[] = [];
let homeProvinceCode = '';
let homeInstitution = '';
let enrolmentCount = 0;

async function token(admin: string, name: string, regionCode?: string): Promise<string> {
  const res = await gql(
    `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { ... on MutationCreateApiTokenSuccess { data { token } } } }`,
    { input: { name: `${name}-${randomUUID().slice(0, 6)}`, scopes: [...API_TOKEN_SCOPES], expiresInDays: 1, regionCode } },
    { token: admin },
  );
  return res.data?.createApiToken.data.token as string;
}

beforeAll(async () => {
  const levels = await ensureSkillLevels();
  const home = await makeRegionTree();
  const away = await makeRegionTree();
  homeProvinceCode = home.province.code;
  const orgs = await makeStaffOrganisations(home);
  const awayHome = await makeOrganisation(away.county.id);
  homeInstitution = gid('Organisation', orgs.INSTITUTION_STAFF.id);
  const course = await prisma.course.create({
    data: {
      providerId: orgs.TRAINING_PROVIDER_STAFF.id,
      code: `FR-${randomUUID().slice(0, 6)}`.toUpperCase(),
      regionId: home.city.id,
      kind: 'PRE_JOB',
      status: 'PUBLISHED',
      title: '快读课程',
      requiredHours: 8,
      capacity: 20,
      feeFen: 0,
      governmentFunded: false,
      place: '测试',
      startsOn: new Date('2030-03-01'),
      endsOn: new Date('2030-03-02'),
    },
  });
  const made: { id: string; tree: 'home' | 'away' }[] = [];
  for (let i = 0; i < 7; i++) {
    const tree = i < 5 ? home : away;
    const { caregiver } = await makeCaregiver(tree.county.id, tree.county.code, {
      name: `${PREFIX}${i}`,
      education: i % 3 ? 'JUNIOR' : 'SENIOR',
    });
    made.push({ id: caregiver.id, tree: i < 5 ? 'home' : 'away' });
    people.push(caregiver.id);
  }
  // Employed now, employed before (ended), employed away, and never employed.
  await makeEmployment(made[0]!.id, orgs.INSTITUTION_STAFF.id, '2023-01-01');
  await makeEmployment(made[1]!.id, orgs.INSTITUTION_STAFF.id, '2020-01-01', '2022-12-31');
  await makeEmployment(made[5]!.id, awayHome.id, '2023-01-01');
  // A recorded payment account, shown masked.
  await prisma.caregiver.update({
    where: { id: made[0]!.id },
    data: { bankAccountMasked: '6217 **** **** 1234', bankName: '中国建设银行' },
  });
  for (const [i, c] of made.entries()) {
    if (i === 3 || i === 6) continue;
    await prisma.certificate.create({
      data: {
        number: `FR${randomUUID().slice(0, 12)}`,
        caregiverId: c.id,
        levelId: levels.get(i % 2 ? 'L4' : 'L5')!,
        issuerId: orgs.ASSESSOR.id,
        issuedOn: new Date(`2024-0${1 + (i % 9)}-15`),
        source: 'EXAM',
        ...(i === 2 ? { status: 'REVOKED' as const, revokedAt: new Date(), revokedReason: '测试' } : {}),
      },
    });
  }
  // Far-future creation times put these enrolments first in every newest-first list, whatever other files write meanwhile.
  for (const [i, c] of made.entries()) {
    if (i === 4) continue;
    await prisma.enrolment.create({
      data: {
        courseId: course.id,
        caregiverId: c.id,
        status: i % 2 ? 'COMPLETED' : 'ENROLLED',
        completedOn: i % 2 ? new Date('2030-03-02') : null,
        createdAt: new Date(`2090-01-0${1 + i}T08:00:00Z`),
      },
    });
    enrolmentCount += 1;
  }

  const admin = await makeUser('ADMIN');
  const scoped: [Role, { organisationId?: string; regionId?: string; caregiverId?: string }][] = [
    ['ADMIN', {}],
    ['CAREGIVER', { caregiverId: made[0]!.id }],
    ['CAREGIVER', { caregiverId: made[5]!.id }],
    ['INSTITUTION_STAFF', { organisationId: orgs.INSTITUTION_STAFF.id }],
    ['INSTITUTION_STAFF', { organisationId: awayHome.id }],
    ['COLLEGE_STAFF', { organisationId: orgs.COLLEGE_STAFF.id }],
    ['TRAINING_PROVIDER_STAFF', { organisationId: orgs.TRAINING_PROVIDER_STAFF.id }],
    ['ASSESSOR', { organisationId: orgs.ASSESSOR.id }],
    ['HR_REVIEWER', { regionId: home.city.id }],
    ['HR_APPROVER', { regionId: home.county.id }],
    ['FINANCE_OFFICER', { regionId: home.province.id }],
    ['CIVIL_AFFAIRS_ANALYST', { regionId: away.city.id }],
  ];
  for (const [role, scope] of scoped)
    callers.push({ name: `${role} ${JSON.stringify(scope).slice(0, 30)}`, token: (await makeUser(role, scope)).token });
  callers.push({ name: 'token, every read scope, no region', token: await token(admin.token, 'fast-all') });
  callers.push({ name: 'token, every read scope, home city', token: await token(admin.token, 'fast-home', home.city.code) });
  callers.push({ name: 'token, every read scope, away city', token: await token(admin.token, 'fast-away', away.city.code) });
});

afterEach(() => fastReads.set(true));

/** The same operation fast and general; returns how many reads the fast path answered. */
async function same(caller: Caller, query: string, variables: Record<string, unknown>) {
  fastReads.set(true);
  const before = fastReads.answered;
  const fast = await gql(query, variables, { token: caller.token });
  const answered = fastReads.answered - before;
  fastReads.set(false);
  const general = await gql(query, variables, { token: caller.token });
  fastReads.set(true);
  expect({ data: fast.data, errors: fast.errors }, `${caller.name}: ${query.slice(0, 40)} ${JSON.stringify(variables)}`).toEqual({
    data: general.data,
    errors: general.errors,
  });
  return { answered, fast };
}

describe('the fast read path shows every caller what the general path shows', () => {
  it('caregivers: every page of a search, and each filter (region, employed or not, education, employer)', async () => {
    let seen = 0;
    for (const caller of callers) {
      let after: string | null = null;
      for (let page = 0; page < 5; page++) {
        const { answered, fast } = await same(caller, LIST, { s: PREFIX, after });
        seen += answered;
        const connection = fast.data?.caregivers;
        if (!connection?.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      for (const filter of [
        { region: homeProvinceCode },
        { employed: true },
        { employed: false },
        { education: 'JUNIOR' },
        { home: homeInstitution },
      ]) {
        seen += (await same(caller, LIST, { s: PREFIX, ...filter })).answered;
      }
    }
    expect(seen).toBeGreaterThan(callers.length);
  });

  it('a caregiver by id, for each person', async () => {
    let seen = 0;
    for (const caller of callers) for (const id of people) seen += (await same(caller, ONE, { id: gid('Caregiver', id) })).answered;
    expect(seen).toBeGreaterThan(people.length);
  });

  it('certificates of each person, and enrolments newest first (all, and by status)', async () => {
    let seen = 0;
    for (const caller of callers) {
      for (const id of people) seen += (await same(caller, CERTIFICATES, { c: gid('Caregiver', id) })).answered;
      seen += (await same(caller, ENROLMENTS, { n: enrolmentCount })).answered;
      seen += (await same(caller, ENROLMENTS, { n: enrolmentCount, status: ['COMPLETED'] })).answered;
    }
    expect(seen).toBeGreaterThan(people.length);
  });

  it('masks on the fast path as the types do: resident ID and payment account masked, phone left to its resolver', async () => {
    const admin = callers[0]!;
    const { answered, fast } = await same(admin, ONE, { id: gid('Caregiver', people[0]!) });
    expect(answered).toBe(1);
    const person = fast.data?.caregiver;
    expect(person.residentIdMasked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
    expect(person.bankAccountMasked).toBe('6217 **** **** 1234');
    const before = fastReads.fellBack;
    for (const caller of callers) await same(caller, PHONE, { s: PREFIX });
    expect(fastReads.fellBack - before).toBeGreaterThanOrEqual(callers.length);
  });

  it("answers a fast row's relations from the row itself, and only a fast row's", async () => {
    const admin = callers[0]!;
    // Person 0 has a certificate (with its level and issuer) and an enrolment (with its course).
    const before = fastRows.relationsAnswered;
    const { answered, fast } = await same(admin, ONE, { id: gid('Caregiver', people[0]!) });
    expect(answered).toBe(1);
    expect(fast.data?.caregiver.certificates[0].level.code).toBeTruthy();
    // Fast: certificates, enrolments, level, issuer, course, caregiver; the general read adds none.
    expect(fastRows.relationsAnswered - before).toBe(6);
  });

  it('answers a page and a person in one statement, whatever the page size', async () => {
    const tokenCaller = callers.find((c) => c.name.startsWith('token, every read scope, no region'))!;
    const page = `query($n: Int!, $s: String) { caregivers(first: $n, search: $s) { edges { node { ${CAREGIVER} } } } }`;
    // The credential is validated first and cached for 2 s, so the count is the read's own statements.
    // Test files running beside this one end sessions and tokens, and an eviction that lands while the
    // warm-up validates keeps it out of the cache: the fewest statements of three tries is the read's.
    async function statements(query: string, variables: Record<string, unknown>) {
      let fewest = Infinity;
      for (let attempt = 0; attempt < 3 && fewest > 1; attempt++) {
        await gql(query, variables, { token: tokenCaller.token });
        const before = fastReads.answered;
        const res = await gql(query, variables, { token: tokenCaller.token });
        expect(fastReads.answered - before).toBe(1);
        if (query === page) expect(res.data?.caregivers.edges).toHaveLength(variables.n as number);
        fewest = Math.min(fewest, res.sql);
      }
      return fewest;
    }
    expect([await statements(page, { n: 1, s: PREFIX }), await statements(page, { n: 7, s: PREFIX })]).toEqual([1, 1]);
    expect(await statements(ONE, { id: gid('Caregiver', people[0]!) })).toBe(1);
  });
});
