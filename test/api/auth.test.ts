import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { SESSION_IDLE_TIMEOUT_MS } from '../../api/src/modules/auth/auth.policy.ts';
import { makeOrganisation, makeRegionTree, makeUser, TEST_PASSWORD } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      __typename
      ... on MutationLoginSuccess {
        data {
          token
          expiresAt
          user {
            username
          }
        }
      }
      ... on Error {
        message
        code
      }
      ... on TooManyAttemptsError {
        retryAfterSeconds
      }
      ... on InputValidationError {
        fields {
          path
          message
        }
      }
    }
  }
`;
const VIEWER = /* GraphQL */ `
  {
    viewer {
      username
      memberships {
        role
      }
    }
  }
`;

const login = (username: string, password: string, ip = '198.51.100.20') => gql(LOGIN, { input: { username, password } }, { ip });

describe('sessions', () => {
  it('signs in, stores only the SHA-256 of the secret, and resolves the viewer', async () => {
    const { user } = await makeUser('ADMIN');
    const res = await login(user.username, TEST_PASSWORD);
    expect(res.data?.login.__typename).toBe('MutationLoginSuccess');
    const token: string = res.data?.login.data.token;
    const [id, secret] = token.split('.');
    expect(secret!.length).toBeGreaterThanOrEqual(24);

    const row = await prisma.session.findUniqueOrThrow({ where: { id: id! } });
    expect(Buffer.from(row.secretHash).toString('hex')).toBe(createHash('sha256').update(secret!).digest('hex'));
    const raw = await prisma.$queryRawUnsafe<{ hit: number }[]>(
      `SELECT count(*)::int AS hit FROM "Session" WHERE position($1 in encode("secretHash", 'escape')) > 0 OR id = $2`,
      secret,
      token,
    );
    expect(raw[0]!.hit).toBe(0);

    const viewer = await gql(VIEWER, {}, { token });
    expect(viewer.data?.viewer.username).toBe(user.username);
    expect(viewer.data?.viewer.memberships).toEqual([{ role: 'ADMIN' }]);
  });

  it('gives the same generic error for a wrong password and an unknown user', async () => {
    const { user } = await makeUser('CAREGIVER');
    const wrong = await login(user.username, 'not-the-password-1', '198.51.100.21');
    const unknown = await login(`nobody-${Date.now()}`, 'whatever-123', '198.51.100.21');
    expect(wrong.data?.login.__typename).toBe('InvalidCredentialsError');
    expect(unknown.data?.login.__typename).toBe('InvalidCredentialsError');
    expect(wrong.data?.login.message).toBe(unknown.data?.login.message);
  });

  it('rejects a forged secret for a real session id', async () => {
    const { token } = await makeUser('ADMIN');
    const [id] = token.split('.');
    const res = await gql(VIEWER, {}, { token: `${id}.aaaaaaaaaaaaaaaaaaaaaaaa` });
    expect(res.data?.viewer).toBeNull();
  });

  it('ends a session after the idle timeout and deletes it', async () => {
    const { token } = await makeUser('ADMIN');
    const id = token.split('.')[0]!;
    await prisma.session.update({ where: { id }, data: { lastActiveAt: new Date(Date.now() - SESSION_IDLE_TIMEOUT_MS - 1000) } });
    expect((await gql(VIEWER, {}, { token })).data?.viewer).toBeNull();
    expect(await prisma.session.findUnique({ where: { id } })).toBeNull();
  });

  it('ends a session at its absolute expiry even when active', async () => {
    const { token } = await makeUser('ADMIN');
    const id = token.split('.')[0]!;
    await prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000), lastActiveAt: new Date() } });
    expect((await gql(VIEWER, {}, { token })).data?.viewer).toBeNull();
  });

  it('logs out one session, or all of them', async () => {
    const { user, token } = await makeUser('ADMIN');
    const second = (await login(user.username, TEST_PASSWORD)).data?.login.data.token as string;
    const third = (await login(user.username, TEST_PASSWORD)).data?.login.data.token as string;

    const out = await gql(`mutation { logout { __typename ... on MutationLogoutSuccess { data } } }`, {}, { token });
    expect(out.data?.logout.data).toBe(true);
    expect((await gql(VIEWER, {}, { token })).data?.viewer).toBeNull();
    expect((await gql(VIEWER, {}, { token: second })).data?.viewer.username).toBe(user.username);

    const all = await gql(`mutation { logoutEverywhere { ... on MutationLogoutEverywhereSuccess { data } } }`, {}, { token: second });
    expect(all.data?.logoutEverywhere.data).toBe(2);
    expect((await gql(VIEWER, {}, { token: third })).data?.viewer).toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('changes the password, keeps this session and ends the others', async () => {
    const { user, token } = await makeUser('INSTITUTION_STAFF', {
      organisationId: (await makeOrganisation((await makeRegionTree()).county.id)).id,
    });
    const other = (await login(user.username, TEST_PASSWORD)).data?.login.data.token as string;
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename ... on InputValidationError { fields { path message } } } }`;

    const weak = await gql(CHANGE, { input: { currentPassword: TEST_PASSWORD, newPassword: 'short' } }, { token });
    expect(weak.data?.changePassword.__typename).toBe('InputValidationError');
    expect(weak.data?.changePassword.fields.map((f: { path: string[] }) => f.path.at(-1))).toContain('newPassword');

    const ok = await gql(CHANGE, { input: { currentPassword: TEST_PASSWORD, newPassword: 'New-password-2026' } }, { token });
    expect(ok.data?.changePassword.__typename).toBe('MutationChangePasswordSuccess');
    expect((await gql(VIEWER, {}, { token })).data?.viewer.username).toBe(user.username);
    expect((await gql(VIEWER, {}, { token: other })).data?.viewer).toBeNull();
    expect((await login(user.username, TEST_PASSWORD)).data?.login.__typename).toBe('InvalidCredentialsError');
    expect((await login(user.username, 'New-password-2026')).data?.login.__typename).toBe('MutationLoginSuccess');
  });
});

describe('login throttling', () => {
  it('locks an account after 5 failures, even for the right password', async () => {
    const { user } = await makeUser('CAREGIVER');
    for (let i = 0; i < 5; i++) {
      expect((await login(user.username, `wrong-${i}-password`, `198.51.100.${40 + i}`)).data?.login.__typename).toBe(
        'InvalidCredentialsError',
      );
    }
    const locked = await login(user.username, TEST_PASSWORD, '198.51.100.60');
    expect(locked.data?.login.__typename).toBe('TooManyAttemptsError');
    expect(locked.data?.login.retryAfterSeconds).toBeGreaterThan(0);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1); // only the factory's
  });

  it('locks an address after 30 failures across accounts', async () => {
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 30; i++) await login(`ghost-${i}-${Date.now()}`, 'wrong-password-1', ip);
    const { user } = await makeUser('CAREGIVER');
    expect((await login(user.username, TEST_PASSWORD, ip)).data?.login.__typename).toBe('TooManyAttemptsError');
    expect((await login(user.username, TEST_PASSWORD, '198.51.100.99')).data?.login.__typename).toBe('MutationLoginSuccess');
  });

  // The right password goes last: it is the one an attacker hopes slips through while the wrong ones are hashed.
  const burst = (right: string) => [...Array.from({ length: 99 }, (_, i) => `wrong-${i}-password`), right];
  const outcomes = (kinds: (string | undefined)[]) => ({
    evaluated: kinds.filter((k) => k !== 'TooManyAttemptsError').length,
    last: kinds.at(-1),
  });

  it('evaluates at most 5 of 100 concurrent sign-ins for one account and refuses the right password once locked', async () => {
    const { user } = await makeUser('CAREGIVER');
    const octet = Math.floor(Math.random() * 250);
    const results = await Promise.all(burst(TEST_PASSWORD).map((p, i) => login(user.username, p, `198.19.${octet}.${i}`)));
    const { evaluated, last } = outcomes(results.map((r) => r.data?.login.__typename));
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(last).toBe('TooManyAttemptsError');
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1); // only the factory's
    expect((await login(user.username, TEST_PASSWORD, '198.51.100.98')).data?.login.__typename).toBe('TooManyAttemptsError');
  });

  it('evaluates at most 5 of 100 concurrent re-authentications on one session', async () => {
    const { user, token } = await makeUser('CAREGIVER');
    const REAUTH = `mutation($password: String!) { reauthenticate(password: $password) { __typename } }`;
    const results = await Promise.all(burst(TEST_PASSWORD).map((password) => gql(REAUTH, { password }, { token, ip: '198.51.100.97' })));
    const { evaluated, last } = outcomes(results.map((r) => r.data?.reauthenticate.__typename));
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(last).toBe('TooManyAttemptsError');
    const session = await prisma.session.findUniqueOrThrow({ where: { id: token.split('.')[0]! } });
    expect(session.reauthenticatedAt).toBeNull();
    expect(await prisma.auditLog.count({ where: { action: 'auth.reauthenticate', entityId: user.id } })).toBe(0);
  });

  it('gives the address its attempt back after a right password, so an office is not locked by its own sign-ins', async () => {
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 31; i++) {
      const { user } = await makeUser('CAREGIVER');
      expect((await login(user.username, TEST_PASSWORD, ip)).data?.login.__typename).toBe('MutationLoginSuccess');
    }
  });

  it('counts concurrent failures without losing any', async () => {
    const { user } = await makeUser('CAREGIVER');
    await Promise.all(Array.from({ length: 4 }, (_, i) => login(user.username, `bad-${i}-password`, `198.51.101.${i}`)));
    const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `account:${user.username}` } });
    expect(row.failures).toBe(4);
  });
});

describe('API tokens', () => {
  const CREATE = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) {
    __typename ... on MutationCreateApiTokenSuccess { data { token apiToken { id scopes } } }
    ... on InputValidationError { fields { path message } } ... on Error { code } } }`;
  let adminToken: string;
  beforeAll(async () => {
    adminToken = (await makeUser('ADMIN')).token;
  });

  it('is created by an admin, shown once, stored hashed, and authenticates as Bearer', async () => {
    const res = await gql(
      CREATE,
      { input: { name: '省智慧养老平台', scopes: ['caregivers:read'], expiresInDays: 30 } },
      { token: adminToken },
    );
    const token: string = res.data?.createApiToken.data.token;
    expect(token).toMatch(/^cct_[a-z2-7]+\.[a-z2-7]+$/);
    const [id] = token.slice(4).split('.');
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: id! } });
    expect(Buffer.from(row.secretHash).toString('utf8')).not.toContain(token.split('.')[1]);

    const me = await gql(`{ apiClient { name scopes } viewer { username } }`, {}, { token });
    expect(me.data).toEqual({ apiClient: { name: '省智慧养老平台', scopes: ['caregivers:read'] }, viewer: null });
    const listed = await gql(`{ apiTokens(first: 50) { edges { node { name } } } }`, {}, { token: adminToken });
    expect(JSON.stringify(listed.data)).not.toContain(token.split('.')[1]!);
  });

  it('refuses unknown scopes and non-admins', async () => {
    const bad = await gql(CREATE, { input: { name: 'x-system', scopes: ['everything'], expiresInDays: 30 } }, { token: adminToken });
    expect(bad.data?.createApiToken.__typename).toBe('InputValidationError');
    const { token } = await makeUser('CAREGIVER');
    const denied = await gql(CREATE, { input: { name: 'x-system', scopes: ['caregivers:read'], expiresInDays: 30 } }, { token });
    expect(denied.data?.createApiToken.__typename).toBe('ForbiddenError');
  });

  it('stops working when revoked or expired', async () => {
    const res = await gql(CREATE, { input: { name: '民政统计系统', scopes: ['workforce:read'], expiresInDays: 1 } }, { token: adminToken });
    const { token, apiToken } = res.data!.createApiToken.data;
    expect((await gql(`{ apiClient { name } }`, {}, { token })).data?.apiClient.name).toBe('民政统计系统');
    const rawId = token.slice(4).split('.')[0];
    await prisma.apiToken.update({ where: { id: rawId }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await gql(`{ apiClient { name } }`, {}, { token })).data?.apiClient).toBeNull();
    await prisma.apiToken.update({ where: { id: rawId }, data: { expiresAt: new Date(Date.now() + 86_400_000) } });
    const revoke = await gql(`mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`, { id: apiToken.id }, { token: adminToken });
    expect(revoke.data?.revokeApiToken.__typename).toBe('MutationRevokeApiTokenSuccess');
    expect((await gql(`{ apiClient { name } }`, {}, { token })).data?.apiClient).toBeNull();
  });
});
