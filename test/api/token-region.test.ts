import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { API_TOKEN_SCOPES } from '../../api/src/modules/auth/auth.policy.ts';
import { ensureSkillLevels, gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

/**
 * An API token limited to a region reads, with every scope it holds, that region's subtree and nothing
 * outside it: one object of each scope's kind in the token's city and one in another city.
 */
type Reader = (token: string, place: 'home' | 'away') => Promise<boolean>;
const readers: Record<(typeof API_TOKEN_SCOPES)[number], Reader> = {} as never;
const tokens = new Map<string, string>();

beforeAll(async () => {
  const levels = await ensureSkillLevels();
  const admin = await makeUser('ADMIN');
  const trees = { home: await makeRegionTree(), away: await makeRegionTree() };
  const objects: Record<
    'home' | 'away',
    { name: string; caregiver: string; certificate: string; course: string; claim: string; cityCode: string }
  > = {} as never;
  for (const place of ['home', 'away'] as const) {
    const tree = trees[place];
    const name = `令牌${place}${randomUUID().slice(0, 6)}`;
    const { caregiver } = await makeCaregiver(tree.county.id, tree.county.code, { name });
    await makeEmployment(caregiver.id, (await makeOrganisation(tree.county.id)).id, '2022-01-01');
    const certificate = await prisma.certificate.create({
      data: {
        number: `S${randomUUID().slice(0, 12)}`,
        caregiverId: caregiver.id,
        levelId: levels.get('L4')!,
        issuerId: (await makeOrganisation(tree.city.id, 'ASSESSOR')).id,
        issuedOn: new Date('2025-01-01'),
        source: 'EXAM',
      },
    });
    const course = await prisma.course.create({
      data: {
        providerId: (await makeOrganisation(tree.city.id, 'TRAINING_PROVIDER')).id,
        code: `T-${randomUUID().slice(0, 6)}`,
        regionId: tree.city.id,
        kind: 'PRE_JOB',
        status: 'PUBLISHED',
        title: '令牌课程',
        requiredHours: 8,
        capacity: 5,
        feeFen: 0,
        governmentFunded: false,
        place: '测试',
        startsOn: new Date('2030-03-01'),
        endsOn: new Date('2030-03-02'),
      },
    });
    const policy = await prisma.subsidyPolicy.create({
      data: {
        code: `T-${randomUUID().slice(0, 8)}`,
        version: 1,
        kind: 'POST_SUBSIDY',
        nameZh: '令牌补贴',
        nameEn: 'token',
        regionId: tree.city.id,
        effectiveFrom: new Date('2020-01-01'),
        amounts: {},
        rules: {},
      },
    });
    const claim = await prisma.subsidyClaim.create({
      data: {
        reference: `T${randomUUID().slice(0, 10)}`,
        policyId: policy.id,
        kind: 'POST_SUBSIDY',
        caregiverId: caregiver.id,
        regionId: tree.county.id,
        subjectKey: randomUUID(),
        amountFen: 50_000,
        eligibility: {},
        status: 'SUBMITTED',
      },
    });
    objects[place] = {
      name,
      caregiver: caregiver.id,
      certificate: certificate.id,
      course: course.id,
      claim: claim.id,
      cityCode: tree.city.code,
    };
  }
  const node = async (token: string, type: string, id: string) =>
    !!(await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: gid(type, id) }, { token })).data?.node;
  readers['caregivers:read'] = async (token, place) => {
    const list = await gql(
      `query($s: String) { caregivers(first: 50, search: $s) { edges { node { id } } } }`,
      { s: objects[place].name },
      { token },
    );
    const listed = (list.data?.caregivers?.edges?.length ?? 0) > 0;
    expect(listed, `caregivers list vs node(${place})`).toBe(await node(token, 'Caregiver', objects[place].caregiver));
    return listed;
  };
  readers['certificates:read'] = (token, place) => node(token, 'Certificate', objects[place].certificate);
  readers['training:read'] = (token, place) => node(token, 'Course', objects[place].course);
  readers['subsidies:read'] = (token, place) => node(token, 'SubsidyClaim', objects[place].claim);
  readers['workforce:read'] = async (token, place) =>
    !!(await gql(`query($c: String!) { workforce(regionCode: $c) { figures { onDate } } }`, { c: objects[place].cityCode }, { token })).data
      ?.workforce;

  for (const scope of API_TOKEN_SCOPES) {
    const res = await gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { ... on MutationCreateApiTokenSuccess { data { token } } } }`,
      {
        input: {
          name: `region-${scope}-${randomUUID().slice(0, 6)}`,
          scopes: [scope],
          expiresInDays: 1,
          regionCode: objects.home.cityCode,
        },
      },
      { token: admin.token },
    );
    tokens.set(scope, res.data?.createApiToken.data.token as string);
  }
});

describe('a region-limited API token', () => {
  it.each([...API_TOKEN_SCOPES])('%s: reads its region and nothing outside it', async (scope) => {
    const token = tokens.get(scope)!;
    expect(token).toBeTruthy();
    expect(await readers[scope](token, 'home')).toBe(true);
    expect(await readers[scope](token, 'away')).toBe(false);
  });
});
