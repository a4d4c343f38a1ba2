import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { ACCOUNT_MAX_FAILURES } from '../../api/src/modules/auth/auth.policy.ts';
import { gid, makeOrganisation, makeRegionTree, makeUser, TEST_PASSWORD } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const ERR = `__typename ... on Error { code params { name value } } ... on InputValidationError { fields { path code params { name value } } }`;
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { ${ERR} ... on MutationCreateUserSuccess { data { temporaryPassword user { id username mustChangePassword memberships { role organisation { name } region { code } } } } } } }`;
const SET = `mutation($input: SetUserMembershipsInput!) { setUserMemberships(input: $input) { ${ERR} ... on MutationSetUserMembershipsSuccess { data { memberships { role } } } } }`;
const DISABLE = `mutation($id: ID!) { disableUser(id: $id) { ${ERR} ... on MutationDisableUserSuccess { data { disabled } } } }`;
const ENABLE = `mutation($id: ID!) { enableUser(id: $id) { ${ERR} ... on MutationEnableUserSuccess { data { disabled } } } }`;
const RESET = `mutation($id: ID!) { resetUserPassword(id: $id) { ${ERR} ... on MutationResetUserPasswordSuccess { data { temporaryPassword } } } }`;
const UNLOCK = `mutation($id: ID!) { unlockUser(id: $id) { ${ERR} ... on MutationUnlockUserSuccess { data { lockedUntil } } } }`;
const USERS = `query($search: String, $role: Role) { users(first: 20, search: $search, role: $role) { totalCount edges { node { id username disabled lastSignInAt lockedUntil mustChangePassword } } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { __typename ... on MutationLoginSuccess { data { token } } } }`;
const VIEWER = `{ viewer { username mustChangePassword } }`;

const login = (username: string, password: string, ip = '198.51.100.61') => gql(LOGIN, { input: { username, password } }, { ip });

let admin: { user: { id: string }; token: string };
let tree: Awaited<ReturnType<typeof makeRegionTree>>;
let home: { id: string; name: string };
let college: { id: string };

beforeAll(async () => {
  tree = await makeRegionTree();
  home = await makeOrganisation(tree.county.id, 'INSTITUTION');
  college = await makeOrganisation(tree.province.id, 'COLLEGE');
  admin = await makeUser('ADMIN');
});

const uname = (p: string) => `${p}${Date.now() % 1_000_000}${Math.floor(Math.random() * 1000)}`;

describe('users and access', () => {
  it('creates a login with scoped roles and a temporary password that must be changed at first sign-in', async () => {
    const username = uname('staff.');
    const res = await gql(
      CREATE,
      {
        input: {
          username,
          displayName: '测试 新员工',
          memberships: [
            { role: 'INSTITUTION_STAFF', organisationId: gid('Organisation', home.id) },
            { role: 'HR_REVIEWER', regionCode: tree.city.code },
          ],
        },
      },
      { token: admin.token },
    );
    const data = res.data?.createUser.data;
    expect(res.data?.createUser.__typename).toBe('MutationCreateUserSuccess');
    expect(data.user.mustChangePassword).toBe(true);
    expect(data.user.memberships).toEqual([
      { role: 'INSTITUTION_STAFF', organisation: { name: home.name }, region: null },
      { role: 'HR_REVIEWER', organisation: null, region: { code: tree.city.code } },
    ]);
    const row = await prisma.user.findUniqueOrThrow({ where: { username } });
    expect(row.passwordHash).not.toContain(data.temporaryPassword);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: row.id, action: 'user.create' } });
    expect(audit.actorUserId).toBe(admin.user.id);
    expect(JSON.stringify(audit.after)).not.toContain(data.temporaryPassword);

    const signedIn = await login(username, data.temporaryPassword);
    const token: string = signedIn.data?.login.data.token;
    expect((await gql(VIEWER, {}, { token })).data?.viewer.mustChangePassword).toBe(true);
    const changed = await gql(
      `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename } }`,
      { input: { currentPassword: data.temporaryPassword, newPassword: 'Brand-new-pass-77' } },
      { token },
    );
    expect(changed.data?.changePassword.__typename).toBe('MutationChangePasswordSuccess');
    expect((await gql(VIEWER, {}, { token })).data?.viewer.mustChangePassword).toBe(false);

    const listed = await gql(USERS, { search: username }, { token: admin.token });
    expect(listed.data?.users.edges[0].node.lastSignInAt).not.toBeNull();
  });

  it('refuses a role without its scope, of the wrong organisation kind, or a taken username, with codes', async () => {
    const res = await gql(
      CREATE,
      {
        input: {
          username: uname('bad.'),
          displayName: '测试 错误',
          memberships: [
            { role: 'INSTITUTION_STAFF', organisationId: gid('Organisation', college.id) },
            { role: 'FINANCE_OFFICER' },
            { role: 'CAREGIVER' },
          ],
        },
      },
      { token: admin.token },
    );
    expect(res.data?.createUser.__typename).toBe('InputValidationError');
    const fields = res.data?.createUser.fields as { path: string[]; code: string; params: { name: string; value: string }[] }[];
    expect(fields.map((f) => [f.path.join('.'), f.code])).toEqual([
      ['input.memberships.0.organisationId', 'ORGANISATION_KIND_MISMATCH'],
      ['input.memberships.1.regionCode', 'REGION_REQUIRED'],
      ['input.memberships.2.role', 'ROLE_NOT_ASSIGNABLE'],
    ]);
    expect(fields[0]!.params).toContainEqual({ name: 'kind', value: 'COLLEGE' });

    const username = uname('dup.');
    await gql(CREATE, { input: { username, displayName: '测试 重复', memberships: [{ role: 'ADMIN' }] } }, { token: admin.token });
    const again = await gql(
      CREATE,
      { input: { username, displayName: '测试 重复', memberships: [{ role: 'ADMIN' }] } },
      { token: admin.token },
    );
    expect(again.data?.createUser).toMatchObject({
      __typename: 'UsernameTakenError',
      code: 'USERNAME_TAKEN',
      params: [{ name: 'username', value: username }],
    });

    const { token } = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: tree.city.id });
    expect(
      (await gql(CREATE, { input: { username: uname('x.'), displayName: '测试 越权', memberships: [{ role: 'ADMIN' }] } }, { token })).data
        ?.createUser.__typename,
    ).toBe('ForbiddenError');
    expect((await gql(USERS, {}, { token })).errors?.[0]?.extensions?.code).toBeDefined();
  });

  it('changes roles with before and after in the audit log; an admin cannot drop their own admin role', async () => {
    const { user, token } = await makeUser('HR_REVIEWER', { regionId: tree.city.id });
    const res = await gql(
      SET,
      { input: { userId: gid('User', user.id), memberships: [{ role: 'HR_APPROVER', regionCode: tree.county.code }] } },
      { token: admin.token },
    );
    expect(res.data?.setUserMemberships.data.memberships).toEqual([{ role: 'HR_APPROVER' }]);
    // Roles are read per request: the open session has the new role at once.
    expect((await gql(`{ viewer { memberships { role } } }`, {}, { token })).data?.viewer.memberships).toEqual([{ role: 'HR_APPROVER' }]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: user.id, action: 'user.setMemberships' } });
    expect(audit.before).toMatchObject({ memberships: [{ role: 'HR_REVIEWER', regionId: tree.city.id }] });
    expect(audit.after).toMatchObject({ memberships: [{ role: 'HR_APPROVER', regionId: tree.county.id }] });

    const own = await gql(
      SET,
      { input: { userId: gid('User', admin.user.id), memberships: [{ role: 'HR_APPROVER', regionCode: tree.city.code }] } },
      { token: admin.token },
    );
    expect(own.data?.setUserMemberships).toMatchObject({ __typename: 'OwnAccountError', code: 'OWN_ACCOUNT' });
    expect((await gql(DISABLE, { id: gid('User', admin.user.id) }, { token: admin.token })).data?.disableUser.__typename).toBe(
      'OwnAccountError',
    );
  });

  it('disabling ends every session at once; re-enabling lets the user sign in again', async () => {
    const { user, token } = await makeUser('FINANCE_OFFICER', { regionId: tree.city.id });
    expect((await gql(VIEWER, {}, { token })).data?.viewer).not.toBeNull();
    expect((await gql(DISABLE, { id: gid('User', user.id) }, { token: admin.token })).data?.disableUser.data.disabled).toBe(true);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await gql(VIEWER, {}, { token })).data?.viewer).toBeNull();
    expect((await login(user.username, TEST_PASSWORD)).data?.login.__typename).toBe('InvalidCredentialsError');
    expect((await gql(ENABLE, { id: gid('User', user.id) }, { token: admin.token })).data?.enableUser.data.disabled).toBe(false);
    expect((await login(user.username, TEST_PASSWORD, '198.51.100.62')).data?.login.__typename).toBe('MutationLoginSuccess');
  });

  it('resets a password: the old one and the old sessions stop working, the lock is lifted', async () => {
    const { user, token } = await makeUser('COLLEGE_STAFF', { organisationId: college.id });
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await login(user.username, 'wrong-password-1', `198.51.100.${70 + i}`);
    const listed = await gql(USERS, { search: user.username }, { token: admin.token });
    expect(listed.data?.users.edges[0].node.lockedUntil).not.toBeNull();

    const reset = await gql(RESET, { id: gid('User', user.id) }, { token: admin.token });
    const temporary: string = reset.data?.resetUserPassword.data.temporaryPassword;
    expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect((await gql(VIEWER, {}, { token })).data?.viewer).toBeNull();
    expect((await login(user.username, TEST_PASSWORD, '198.51.100.80')).data?.login.__typename).toBe('InvalidCredentialsError');
    const fresh = await login(user.username, temporary, '198.51.100.81');
    expect((await gql(VIEWER, {}, { token: fresh.data?.login.data.token })).data?.viewer.mustChangePassword).toBe(true);
    expect(await prisma.auditLog.count({ where: { entityId: user.id, action: 'user.resetPassword', actorUserId: admin.user.id } })).toBe(1);
  });

  it('unlocks an account locked by failed sign-ins', async () => {
    const { user } = await makeUser('ASSESSOR', { organisationId: (await makeOrganisation(tree.city.id, 'ASSESSOR')).id });
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await login(user.username, 'wrong-password-1', `198.51.100.${90 + i}`);
    expect((await login(user.username, TEST_PASSWORD, '198.51.100.99')).data?.login.__typename).toBe('TooManyAttemptsError');
    const res = await gql(UNLOCK, { id: gid('User', user.id) }, { token: admin.token });
    expect(res.data?.unlockUser.data.lockedUntil).toBeNull();
    expect((await login(user.username, TEST_PASSWORD, '198.51.100.99')).data?.login.__typename).toBe('MutationLoginSuccess');
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: user.id, action: 'user.unlock' } });
    expect(audit.before).toMatchObject({ failures: ACCOUNT_MAX_FAILURES });
  });

  it('lists users by search and role', async () => {
    const { user } = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: tree.province.id });
    const res = await gql(USERS, { search: user.username.toUpperCase(), role: 'CIVIL_AFFAIRS_ANALYST' }, { token: admin.token });
    expect(res.data?.users.edges.map((e: { node: { username: string } }) => e.node.username)).toEqual([user.username]);
    expect((await gql(USERS, { search: user.username, role: 'ADMIN' }, { token: admin.token })).data?.users.totalCount).toBe(0);
  });
});
