import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { REAUTHENTICATION_WINDOW_MS } from '../../api/src/modules/auth/auth.policy.ts';
import { gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser, TEST_PASSWORD } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const REVEAL = /* GraphQL */ `mutation($input: RevealResidentIdInput!) { revealResidentId(input: $input) {
  __typename ... on MutationRevealResidentIdSuccess { data { residentId } }
  ... on InputValidationError { fields { path message } } ... on Error { code } } }`;
const REAUTH = /* GraphQL */ `mutation($password: String!) { reauthenticate(password: $password) {
  __typename ... on MutationReauthenticateSuccess { data } ... on Error { code } } }`;

/** Moves the session's last password entry back in time, as if the user had been away. */
async function ageSession(token: string, ms: number) {
  const at = new Date(Date.now() - ms);
  await prisma.session.update({ where: { id: token.split('.')[0]! }, data: { createdAt: at, reauthenticatedAt: null, lastActiveAt: new Date() } });
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
    const res = await gql(REVEAL, { input: { caregiverId: gid('Caregiver', world.person.caregiver.id), purpose: '办理养老保险参保登记' } }, { token });
    expect(res.data?.revealResidentId).toEqual({ __typename: 'MutationRevealResidentIdSuccess', data: { residentId: world.person.residentId } });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'caregiver.revealResidentId', entityId: world.person.caregiver.id, actorUserId: user.id } });
    expect(audit.after).toMatchObject({ purpose: '办理养老保险参保登记' });
    expect(JSON.stringify([audit.before, audit.after, audit.action])).not.toContain(world.person.residentId);
  });

  it('asks for the password again once the last entry is older than the window, and works after reauthenticate', async () => {
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: world.home.id });
    await ageSession(token, REAUTHENTICATION_WINDOW_MS + 60_000);
    const input = { caregiverId: gid('Caregiver', world.person.caregiver.id), purpose: '核对身份信息' };
    expect((await gql(REVEAL, { input }, { token })).data?.revealResidentId).toEqual({ __typename: 'ReauthenticationRequiredError', code: 'REAUTHENTICATION_REQUIRED' });

    expect((await gql(REAUTH, { password: 'wrong-password-1' }, { token })).data?.reauthenticate.code).toBe('INVALID_CREDENTIALS');
    expect((await gql(REVEAL, { input }, { token })).data?.revealResidentId.__typename).toBe('ReauthenticationRequiredError');

    expect((await gql(REAUTH, { password: TEST_PASSWORD }, { token })).data?.reauthenticate.__typename).toBe('MutationReauthenticateSuccess');
    expect((await gql(REVEAL, { input }, { token })).data?.revealResidentId.data.residentId).toBe(world.person.residentId);
  });

  it('needs a purpose, refuses people outside the viewer’s reach, and refuses API tokens', async () => {
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: world.home.id });
    const noPurpose = await gql(REVEAL, { input: { caregiverId: gid('Caregiver', world.person.caregiver.id), purpose: ' ' } }, { token });
    expect(noPurpose.data?.revealResidentId.fields.map((f: { path: string[] }) => f.path.join('.'))).toEqual(['input.purpose']);
    const stranger = await gql(REVEAL, { input: { caregiverId: gid('Caregiver', world.stranger.caregiver.id), purpose: '核对身份信息' } }, { token });
    expect(stranger.data?.revealResidentId.code).toBe('NOT_FOUND');
    const before = await prisma.auditLog.count({ where: { action: 'caregiver.revealResidentId', entityId: world.stranger.caregiver.id } });
    expect(before).toBe(0);
  });
});
