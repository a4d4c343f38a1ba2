import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { REAUTHENTICATION_WINDOW_MS } from '../../api/src/modules/auth/auth.policy.ts';
import { gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser, TEST_PASSWORD } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const REVEAL = /* GraphQL */ `
  mutation ($input: RevealResidentIdInput!) {
    revealResidentId(input: $input) {
      __typename
      ... on MutationRevealResidentIdSuccess {
        data {
          residentId
        }
      }
      ... on InputValidationError {
        fields {
          path
          message
        }
      }
      ... on Error {
        code
      }
    }
  }
`;
const REAUTH = /* GraphQL */ `
  mutation ($password: String!) {
    reauthenticate(password: $password) {
      __typename
      ... on MutationReauthenticateSuccess {
        data
      }
      ... on Error {
        code
      }
    }
  }
`;

/** Moves the session's last password entry back in time, as if the user had been away. */
async function ageSession(token: string, ms: number) {
  const at = new Date(Date.now() - ms);
  await prisma.session.update({
    where: { id: token.split('.')[0]! },
    data: { createdAt: at, reauthenticatedAt: null, lastActiveAt: new Date() },
  });
}

let world: Awaited<ReturnType<typeof makeWorld>>;
async function makeWorld() {
  const regions = await makeRegionTree();
  const home = await makeOrganisation(regions.county.id);
  const person = await makeCaregiver(regions.county.id, regions.county.code, { name: '王秀兰' });
  await makeEmployment(person.caregiver.id, home.id, '2023-01-01');
  const stranger = await makeCaregiver(regions.otherCounty.id, regions.otherCounty.code, { name: '刘建英' });
  return { regions, home, person, stranger };
}

beforeAll(async () => {
  world = await makeWorld();
});

describe('revealing a resident ID number', () => {
  it('gives the employer the full number for a stated purpose and writes who, why and when to the audit log', async () => {
    const { user, token } = await makeUser('INSTITUTION_STAFF', { organisationId: world.home.id });
    const res = await gql(
      REVEAL,
      { input: { caregiverId: gid('Caregiver', world.person.caregiver.id), purpose: '办理养老保险参保登记' } },
      { token },
    );
    expect(res.data?.revealResidentId).toEqual({
      __typename: 'MutationRevealResidentIdSuccess',
      data: { residentId: world.person.residentId },
    });
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: 'caregiver.revealResidentId', entityId: world.person.caregiver.id, actorUserId: user.id },
    });
    expect(audit.after).toMatchObject({ purpose: '办理养老保险参保登记' });
    expect(JSON.stringify([audit.before, audit.after, audit.action])).not.toContain(world.person.residentId);
  });

  it('asks for the password again once the last entry is older than the window, and works after reauthenticate', async () => {
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: world.home.id });
    await ageSession(token, REAUTHENTICATION_WINDOW_MS + 60_000);
    const input = { caregiverId: gid('Caregiver', world.person.caregiver.id), purpose: '核对身份信息' };
    expect((await gql(REVEAL, { input }, { token })).data?.revealResidentId).toEqual({
      __typename: 'ReauthenticationRequiredError',
      code: 'REAUTHENTICATION_REQUIRED',
    });

    expect((await gql(REAUTH, { password: 'wrong-password-1' }, { token })).data?.reauthenticate.code).toBe('INVALID_CREDENTIALS');
    expect((await gql(REVEAL, { input }, { token })).data?.revealResidentId.__typename).toBe('ReauthenticationRequiredError');

    expect((await gql(REAUTH, { password: TEST_PASSWORD }, { token })).data?.reauthenticate.__typename).toBe(
      'MutationReauthenticateSuccess',
    );
    expect((await gql(REVEAL, { input }, { token })).data?.revealResidentId.data.residentId).toBe(world.person.residentId);
  });

  it('needs a purpose, refuses people outside the viewer’s reach, and refuses API tokens', async () => {
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: world.home.id });
    const noPurpose = await gql(REVEAL, { input: { caregiverId: gid('Caregiver', world.person.caregiver.id), purpose: ' ' } }, { token });
    expect(noPurpose.data?.revealResidentId.fields.map((f: { path: string[] }) => f.path.join('.'))).toEqual(['input.purpose']);
    const stranger = await gql(
      REVEAL,
      { input: { caregiverId: gid('Caregiver', world.stranger.caregiver.id), purpose: '核对身份信息' } },
      { token },
    );
    expect(stranger.data?.revealResidentId.code).toBe('NOT_FOUND');
    const before = await prisma.auditLog.count({ where: { action: 'caregiver.revealResidentId', entityId: world.stranger.caregiver.id } });
    expect(before).toBe(0);
  });
});

describe('who may reveal a resident ID number', () => {
  it('the current employer, the HR bureau of the region and admins; every other role gets the typed refusal and the masked number', async () => {
    const { regions } = world;
    const person = await makeCaregiver(regions.county.id, regions.county.code, { name: '赵桂英' });
    const employer = await makeOrganisation(regions.county.id);
    const former = await makeOrganisation(regions.county.id);
    await makeEmployment(person.caregiver.id, employer.id, '2024-01-01');
    await makeEmployment(person.caregiver.id, former.id, '2020-01-01', '2023-12-31');
    const college = await makeOrganisation(regions.province.id, 'COLLEGE');
    const provider = await makeOrganisation(regions.city.id, 'TRAINING_PROVIDER');
    const cls = await prisma.directedClass.create({
      data: {
        collegeId: college.id,
        cohortYear: 2024,
        major: `揭示${Date.now()}`,
        name: '揭示定向班',
        quota: 5,
        studentCount: 1,
        sponsorRegionId: regions.city.id,
        sponsorName: '测试民政局',
        tuitionFenPerYear: 1,
        lodgingFenPerYear: 1,
        allowanceFenPerYear: 1,
      },
    });
    await prisma.directedStudent.create({
      data: {
        classId: cls.id,
        caregiverId: person.caregiver.id,
        studentNo: 'R001',
        enrolledOn: new Date('2024-09-01'),
        status: 'ENROLLED',
      },
    });
    const course = await prisma.course.create({
      data: {
        providerId: provider.id,
        code: `R-${Date.now()}`,
        regionId: regions.city.id,
        kind: 'PRE_JOB',
        status: 'PUBLISHED',
        title: '揭示课程',
        requiredHours: 8,
        capacity: 5,
        feeFen: 0,
        governmentFunded: false,
        place: '测试',
        startsOn: new Date('2030-03-01'),
        endsOn: new Date('2030-03-02'),
      },
    });
    await prisma.enrolment.create({ data: { courseId: course.id, caregiverId: person.caregiver.id, status: 'ENROLLED' } });

    const allowed = {
      'current employer': await makeUser('INSTITUTION_STAFF', { organisationId: employer.id }),
      'HR reviewer of the region': await makeUser('HR_REVIEWER', { regionId: regions.city.id }),
      'HR approver of the region': await makeUser('HR_APPROVER', { regionId: regions.city.id }),
      admin: await makeUser('ADMIN'),
    };
    const refused = {
      'former employer': await makeUser('INSTITUTION_STAFF', { organisationId: former.id }),
      'college of the directed class': await makeUser('COLLEGE_STAFF', { organisationId: college.id }),
      'provider of the course': await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id }),
      'finance of the region': await makeUser('FINANCE_OFFICER', { regionId: regions.city.id }),
      'civil affairs of the region': await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.city.id }),
      'the person': await makeUser('CAREGIVER', { caregiverId: person.caregiver.id }),
    };
    const input = { caregiverId: gid('Caregiver', person.caregiver.id), purpose: '核对身份以办理补贴' };
    for (const [who, { token }] of Object.entries(allowed)) {
      expect((await gql(REVEAL, { input }, { token })).data?.revealResidentId.data?.residentId, who).toBe(person.residentId);
    }
    for (const [who, { user, token }] of Object.entries(refused)) {
      const res = await gql(REVEAL, { input }, { token });
      expect(res.data?.revealResidentId, who).toEqual({ __typename: 'ForbiddenError', code: 'RESIDENT_ID_NOT_REVEALABLE' });
      expect(JSON.stringify(res), who).not.toContain(person.residentId);
      const seen = await gql(`query($id: ID!) { caregiver(id: $id) { residentIdMasked } }`, { id: input.caregiverId }, { token });
      expect(seen.data?.caregiver?.residentIdMasked, who).toBe(person.caregiver.residentIdMasked);
      expect(await prisma.auditLog.count({ where: { action: 'caregiver.revealResidentId', actorUserId: user.id } }), who).toBe(0);
    }
  });
});

describe('phone numbers reached through another region’s records', () => {
  it('are masked for a bureau of another region reading the blacklist, and shown to the bureau of the person’s region', async () => {
    const { regions } = world;
    const person = await makeCaregiver(regions.county.id, regions.county.code, { name: '钱秀珍', phone: '13712345678' });
    const issuer = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.city.id });
    const entry = await prisma.blacklistEntry.create({
      data: {
        caregiverId: person.caregiver.id,
        reason: '欺老虐老',
        startsOn: new Date('2026-01-01'),
        issuerRegionId: regions.city.id,
        createdById: issuer.user.id,
      },
    });
    const elsewhere = await makeRegionTree();
    const read = async (token: string) => {
      const byNode = await gql(
        `query($id: ID!) { node(id: $id) { ... on BlacklistEntry { caregiver { phone } } } }`,
        { id: gid('BlacklistEntry', entry.id) },
        { token },
      );
      const listed = await gql(`{ blacklistEntries(first: 100) { edges { node { id caregiver { phone } } } } }`, {}, { token });
      const inList = (listed.data?.blacklistEntries.edges as { node: { id: string; caregiver: { phone: string } } }[]).find(
        (e) => e.node.id === gid('BlacklistEntry', entry.id),
      );
      return [byNode.data?.node?.caregiver?.phone, inList?.node.caregiver.phone];
    };
    for (const role of ['CIVIL_AFFAIRS_ANALYST', 'HR_REVIEWER', 'HR_APPROVER'] as const) {
      const { token } = await makeUser(role, { regionId: elsewhere.city.id });
      expect(await read(token), role).toEqual(['137****5678', '137****5678']);
    }
    expect(await read(issuer.token)).toEqual(['13712345678', '13712345678']);
  });
});
