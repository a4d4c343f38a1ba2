import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { createCareCertYoga } from '../../api/src/app/yoga.ts';
import { gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser, TEST_PASSWORD } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

/**
 * Input a careless or hostile caller can send, refused at the root with a typed error (never
 * "Unexpected error."): control characters in any text, days outside any plausible year, amounts no
 * one means, ids that are not ids, common passwords, the losers of a race on a unique key, and bodies
 * that are not JSON.
 */
let tree: Awaited<ReturnType<typeof makeRegionTree>>;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  tree = await makeRegionTree();
  admin = await makeUser('ADMIN');
});

const noInternalError = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => {
  for (const error of res.errors ?? []) expect(error.extensions?.code, error.message).not.toBe('INTERNAL_SERVER_ERROR');
};

describe('control characters in any text input', () => {
  it('refuses NUL in a list of strings (property seed -2112327001: applyAsAssessor {"levelCodes":["\\u0000"]}) with the field path', async () => {
    const assessor = await makeOrganisation(tree.county.id, 'ASSESSOR');
    const staff = await makeUser('ASSESSOR', { organisationId: assessor.id });
    const res = await gql(
      `mutation($input: ApplyAsAssessorInput!) { applyAsAssessor(input: $input) { __typename ... on InputValidationError { fields { path code } } } }`,
      { input: { levelCodes: ['\u0000'] } },
      { token: staff.token },
    );
    noInternalError(res);
    expect(res.data?.applyAsAssessor).toEqual({
      __typename: 'InputValidationError',
      fields: [{ path: ['input', 'levelCodes', '0'], code: 'CONTROL_CHARACTER' }],
    });
  });

  it('refuses NUL in a username, a search and a name, and an unpaired surrogate, before anything is written', async () => {
    const login = await gql(
      `mutation($input: LoginInput!) { login(input: $input) { __typename ... on InputValidationError { fields { path code } } } }`,
      {
        input: { username: 'admin\u0000', password: TEST_PASSWORD },
      },
    );
    noInternalError(login);
    expect(login.data?.login).toEqual({
      __typename: 'InputValidationError',
      fields: [{ path: ['input', 'username'], code: 'CONTROL_CHARACTER' }],
    });

    const search = await gql(
      `query($s: String) { caregivers(first: 5, search: $s) { totalCount } }`,
      { s: '张\u0000' },
      { token: admin.token },
    );
    noInternalError(search);
    expect(search.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');

    const before = await prisma.auditLog.count({ where: { actorUserId: admin.user.id } });
    const create = await gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { __typename ... on InputValidationError { fields { path code } } } }`,
      { input: { name: 'sync\u0007bell', scopes: ['workforce:read'], expiresInDays: 30 } },
      { token: admin.token },
    );
    expect(create.data?.createApiToken).toEqual({
      __typename: 'InputValidationError',
      fields: [{ path: ['input', 'name'], code: 'CONTROL_CHARACTER' }],
    });
    const surrogate = await gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { __typename ... on InputValidationError { fields { code } } } }`,
      { input: { name: 'sync \uD800', scopes: ['workforce:read'], expiresInDays: 30 } },
      { token: admin.token },
    );
    expect(surrogate.data?.createApiToken).toEqual({ __typename: 'InputValidationError', fields: [{ code: 'CONTROL_CHARACTER' }] });
    expect(await prisma.auditLog.count({ where: { actorUserId: admin.user.id } })).toBe(before);
  });

  it('keeps line breaks and tabs, which notes and reasons use', async () => {
    const res = await gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { __typename } }`,
      { input: { name: 'line one\r\n\tline two', scopes: ['workforce:read'], expiresInDays: 30 } },
      { token: admin.token },
    );
    expect(res.data?.createApiToken.__typename).toBe('MutationCreateApiTokenSuccess');
  });
});

describe('days and amounts', () => {
  it('refuses a Date or DateTime outside 1900..2200 with DATE_OUT_OF_RANGE', async () => {
    const operations = {
      Date: (d: string) =>
        gql(`query($d: Date) { courses(first: 1, filter: { startsFrom: $d }) { totalCount } }`, { d }, { token: admin.token }),
      DateTime: (d: string) =>
        gql(
          `mutation($input: CreateExamSessionInput!) { createExamSession(input: $input) { __typename } }`,
          { input: { capacity: 10, feeYuan: 0, levelCode: 'L5', place: '上饶', startsAt: d } },
          { token: admin.token },
        ),
    };
    for (const [type, value] of [
      ['Date', '0000-01-01'],
      ['Date', '1899-12-31'],
      ['Date', '2201-01-01'],
      ['DateTime', '0000-01-01T00:00:00Z'],
      ['DateTime', '+275760-09-13T00:00:00Z'],
    ] as const) {
      const res = await operations[type](value);
      noInternalError(res);
      expect(res.errors?.[0]?.extensions, `${type} ${value}`).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_OUT_OF_RANGE' });
    }
    const ordinary = await operations.Date('1900-01-01');
    expect(ordinary.errors).toBeUndefined();
  });

  it('refuses a course starting in 1900 and a fund envelope of 9×10^15 yuan', async () => {
    const provider = await makeOrganisation(tree.county.id, 'TRAINING_PROVIDER');
    const staff = await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id });
    const course = await gql(
      `mutation($input: CreateCourseInput!) { createCourse(input: $input) { __typename ... on InputValidationError { fields { path code } } } }`,
      {
        input: {
          code: 'OLD-1900',
          title: '岗前培训',
          kind: 'PRE_JOB',
          regionCode: tree.county.code,
          requiredHours: 40,
          capacity: 30,
          feeYuan: 0,
          governmentFunded: true,
          place: '上饶',
          startsOn: '1900-01-01',
          endsOn: '1900-02-01',
        },
      },
      { token: staff.token },
    );
    noInternalError(course);
    expect(course.data?.createCourse.__typename, JSON.stringify(course)).toBe('InputValidationError');
    expect(course.data?.createCourse.fields).toEqual(expect.arrayContaining([{ path: ['input', 'startsOn'], code: 'DATE_OUT_OF_RANGE' }]));

    const fund = await prisma.fundSource.create({
      data: { code: `F-${Date.now()}`, name: '测试资金', kind: 'SPECIAL_FUND', regionId: tree.city.id },
    });
    const finance = await makeUser('FINANCE_OFFICER', { regionId: tree.city.id });
    const envelope = await gql(
      `mutation($input: SetFundEnvelopeInput!) { setFundEnvelope(input: $input) { __typename ... on InputValidationError { fields { path code } } } }`,
      { input: { fundCode: fund.code, year: 2026, amountYuan: 9e15, reason: '预算批复' } },
      { token: finance.token },
    );
    noInternalError(envelope);
    expect(envelope.data?.setFundEnvelope).toEqual({
      __typename: 'InputValidationError',
      fields: [{ path: ['input', 'amountYuan'], code: 'TOO_BIG' }],
    });
  });
});

describe('ids that are not ids', () => {
  it('answers an unknown or malformed ApiToken id and evidence id as not found, not as an internal error', async () => {
    for (const id of [
      gid('ApiToken', 'no-such-token'),
      gid('ApiToken', ''),
      gid('ApiToken', 'x'.repeat(5000)),
      gid('Caregiver', '00000000-0000-4000-8000-000000000000'),
      'not-base64!',
    ]) {
      const res = await gql(`mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`, { id }, { token: admin.token });
      noInternalError(res);
      expect(res.data?.revokeApiToken?.__typename ?? res.errors?.[0]?.extensions?.code, id).toMatch(
        /NotFoundError|InputValidationError|INVALID_INPUT|BAD_USER_INPUT/,
      );
    }
    for (const id of ['x', '1', '00000000-0000-4000-8000-000000000000', gid('ClaimEvidence', 'x')]) {
      const res = await gql(`query($id: ID!) { claimEvidenceFile(evidenceId: $id) { fileName } }`, { id }, { token: admin.token });
      noInternalError(res);
      if (!res.errors) expect(res.data?.claimEvidenceFile).toBeNull();
    }
  });
});

describe('new passwords', () => {
  it('refuses a common or repetitive password that passes the length rule, and takes a strong one', async () => {
    const user = await makeUser('CAREGIVER');
    const change = (newPassword: string) =>
      gql(
        `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename ... on InputValidationError { fields { path code } } } }`,
        { input: { currentPassword: TEST_PASSWORD, newPassword } },
        { token: user.token },
      );
    for (const weak of ['pw2pw2pw2pw2', 'password123', 'Passw0rd2024', '1qaz2wsx3edc']) {
      const res = await change(weak);
      expect(res.data?.changePassword, weak).toEqual({
        __typename: 'InputValidationError',
        fields: [{ path: ['input', 'newPassword'], code: 'PASSWORD_TOO_COMMON' }],
      });
    }
    expect((await change('Lantern-Orchard-58')).data?.changePassword.__typename).not.toBe('InputValidationError');
  });
});

describe('races on a unique key', () => {
  it('gives the losers of concurrent confirmations of one monthly roster a ConflictError', async () => {
    const home = await makeOrganisation(tree.county.id, 'INSTITUTION');
    const staff = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const { caregiver } = await makeCaregiver(tree.county.id, tree.county.code);
    const employment = await makeEmployment(caregiver.id, home.id, '2025-01-01');
    const input = {
      institutionId: gid('Organisation', home.id),
      month: '2026-09-01',
      lines: [{ employmentId: gid('Employment', employment.id), attendanceDays: 22, socialInsurancePaid: true, liabilityIncident: false }],
    };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        gql(
          `mutation($input: MonthlyRosterInput!) { confirmMonthlyRoster(input: $input) { __typename ... on Error { code } } }`,
          { input },
          { token: staff.token },
        ),
      ),
    );
    for (const res of results) noInternalError(res);
    const outcomes = results.map((r) => r.data?.confirmMonthlyRoster.__typename);
    expect(outcomes.filter((t) => t === 'MutationConfirmMonthlyRosterSuccess')).toHaveLength(1);
    expect(outcomes.filter((t) => t === 'ConflictError')).toHaveLength(5);
    expect(await prisma.monthlyRoster.count({ where: { institutionId: home.id } })).toBe(1);
  });
});

describe('bodies that are not JSON', () => {
  it('refuses malformed JSON in production without echoing the parser', async () => {
    const production = createCareCertYoga({ production: true, rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } });
    for (const body of ['{"query": "{ __typename }"', '{"query": "\u0000', '{"query": 1e99999}', '[', 'null']) {
      const res = await production.fetch('http://carecert.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status, body).toBeLessThan(500);
      const text = await res.text();
      expect(text, body).not.toMatch(/position|Unexpected token|JSON\.parse|SyntaxError|at line|column/i);
      expect(JSON.parse(text).errors[0].extensions.code, body).toBe('BAD_REQUEST');
    }
  });
});
