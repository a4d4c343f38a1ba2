import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase, dropDatabase } from '../support/services.ts';

/**
 * A real deployment's first day: a migrated database with the reference data only (no demo), the first
 * admin from INITIAL_ADMIN_PASSWORD. Through the API alone the admin adds the city and county, registers
 * an assessment body and a care home, creates their staff and the HR approver; the approver approves the
 * body with its national codes, the home registers an employee, the body runs an exam session to a
 * certificate on the calendar, and the dashboard shows the default targets.
 */
const hasPostgres = Boolean(process.env.DATABASE_URL);
const ADMIN_PASSWORD = 'Qz8#first-admin-2026';

describe.skipIf(!hasPostgres)('a deployment with reference data only', () => {
  let db: { name: string; url: string };
  let gql: typeof import('../support/graphql.ts').gql;
  let prisma: typeof import('../../api/src/db/client.ts').prisma;
  let factories: typeof import('../support/factories.ts');

  beforeAll(async () => {
    // Only Date is faked: the exam calendar reads "today" from it; timers stay real for the clients.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-09-21T02:00:00Z'));
    db = await createDatabase('carecert_refonly');
    // This file's API runs on its own database: set before anything imports the client.
    process.env.DATABASE_URL = db.url;
    const { applyMigrations } = await import('../../api/src/db/migrate.ts');
    const { createAdapterFactory } = await import('../../api/src/db/client.ts');
    await applyMigrations(createAdapterFactory({ kind: 'postgres', url: db.url }));
    ({ prisma } = await import('../../api/src/db/client.ts'));
    const { applyReferenceData, ensureInitialAdmin } = await import('../../prisma/reference/apply.ts');
    await applyReferenceData(prisma);
    await ensureInitialAdmin(prisma, { INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD });
    ({ gql } = await import('../support/graphql.ts'));
    factories = await import('../support/factories.ts');
  }, 120_000);

  afterAll(async () => {
    vi.useRealTimers();
    await prisma?.$disconnect();
    if (db) await dropDatabase(db.name);
  });

  it('lets an admin set up a city through the API, and its assessor run an exam to a certificate', async () => {
    expect(await prisma.caregiver.count()).toBe(0);
    const ERROR = '... on Error { __typename code message }';
    const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const res = await gql(query, variables, token ? { token } : {});
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const [value] = Object.values(res.data ?? {}) as [{ __typename?: string; data?: any; code?: string }];
      expect(value?.code, JSON.stringify(value)).toBeUndefined();
      return value?.data ?? value;
    };
    const login = async (username: string, password: string) =>
      (
        await call(`mutation($i: LoginInput!) { login(input: $i) { ... on MutationLoginSuccess { data { token } } ${ERROR} } }`, {
          i: { username, password },
        })
      ).token as string;

    const admin = await login('admin', ADMIN_PASSWORD);
    const addRegion = `mutation($i: AddRegionInput!) { addRegion(input: $i) { ... on MutationAddRegionSuccess { data { code } } ${ERROR} } }`;
    await call(addRegion, { i: { code: '361100', name: '上饶市', nameEn: 'Shangrao', parentCode: '360000' } }, admin);
    await call(addRegion, { i: { code: '361102', name: '信州区', nameEn: 'Xinzhou', parentCode: '361100' } }, admin);
    const register = `mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { ... on MutationRegisterOrganisationSuccess { data { id } } ${ERROR} } }`;
    const body = await call(
      register,
      { i: { kind: 'ASSESSOR', name: '上饶市养老护理职业技能评价中心', regionCode: '361102', uscc: factories.makeUscc() } },
      admin,
    );
    const home = await call(
      register,
      { i: { kind: 'INSTITUTION', name: '信州区颐养院', regionCode: '361102', uscc: factories.makeUscc(), beds: 120 } },
      admin,
    );
    const createUser = `mutation($i: CreateUserInput!) { createUser(input: $i) { ... on MutationCreateUserSuccess { data { temporaryPassword } } ${ERROR} } }`;
    const people = {
      assessor: { role: 'ASSESSOR', organisationId: body.id },
      approver: { role: 'HR_APPROVER', regionCode: '361100' },
      staff: { role: 'INSTITUTION_STAFF', organisationId: home.id },
    };
    const passwords: Record<string, string> = { admin: ADMIN_PASSWORD };
    const tokens: Record<string, string> = {};
    for (const [username, membership] of Object.entries(people)) {
      const { temporaryPassword } = await call(
        createUser,
        { i: { username, displayName: `测试${username}`, memberships: [membership] } },
        admin,
      );
      passwords[username] = temporaryPassword;
      tokens[username] = await login(username, temporaryPassword);
    }
    // Sessions end after two idle hours, and the clock jumps days below.
    const again = (username: string) => login(username, passwords[username]!);

    // The body applies; the city's HR approver approves it with its national codes.
    const registration = await call(
      `mutation($i: ApplyAsAssessorInput!) { applyAsAssessor(input: $i) { ... on MutationApplyAsAssessorSuccess { data { id } } ${ERROR} } }`,
      { i: { levelCodes: ['L5'] } },
      tokens.assessor,
    );
    await call(
      `mutation($i: DecideAssessorInput!) { decideAssessorRegistration(input: $i) { __typename ${ERROR} } }`,
      { i: { registrationId: registration.id, approve: true, assessmentKind: 'SOCIAL', bodyCode: '0000', siteCode: '000001' } },
      tokens.approver,
    );

    // The home registers an employee of three years, and puts her forward for the next session.
    const residentId = factories.makeResidentId('361102', 1978);
    const registered = await call(
      `mutation($i: RegisterCaregiverInput!) { registerCaregiver(input: $i) { ... on MutationRegisterCaregiverSuccess { data { caregiver { id } } } ${ERROR} } }`,
      {
        i: {
          name: '周桂英',
          residentId,
          regionCode: '361102',
          education: 'SENIOR',
          employment: { institutionId: home.id, post: 'CARE_WORKER', contractType: 'LABOUR', startDate: '2023-06-01' },
        },
      },
      tokens.staff,
    );
    const session = await call(
      `mutation($i: CreateExamSessionInput!) { createExamSession(input: $i) { ... on MutationCreateExamSessionSuccess { data { id } } ${ERROR} } }`,
      { i: { levelCode: 'L5', startsAt: '2026-09-28T01:00:00.000Z', place: '信州区考点', capacity: 20, feeYuan: 180 } },
      tokens.assessor,
    );
    const application = await call(
      `mutation($i: ApplyForExamInput!) { applyForExam(input: $i) { ... on MutationApplyForExamSuccess { data { id } } ${ERROR} } }`,
      { i: { sessionId: session.id, caregiverId: registered.caregiver.id } },
      tokens.staff,
    );
    await call(
      `mutation($i: DecideApplicationInput!) { decideLevelApplication(input: $i) { __typename ${ERROR} } }`,
      { i: { applicationId: application.id, approve: true } },
      tokens.assessor,
    );

    // The day after the sitting: scores, then publicity for five working days (National Day in between).
    vi.setSystemTime(new Date('2026-09-29T02:00:00Z'));
    let assessor = await again('assessor');
    const scored = await call(
      `mutation($i: RecordScoresInput!) { recordExamScores(input: $i) { ... on MutationRecordExamScoresSuccess { data { status } } ${ERROR} } }`,
      { i: { applicationId: application.id, theory: 86, practical: 91.5 } },
      assessor,
    );
    expect(scored.status).toBe('PASSED');
    const published = await call(
      `mutation($id: ID!) { publishExamResults(sessionId: $id) { ... on MutationPublishExamResultsSuccess { data { publicationEndsOn } } ${ERROR} } }`,
      { id: session.id },
      assessor,
    );
    expect(published.publicationEndsOn).toBe('2026-10-12');

    vi.setSystemTime(new Date('2026-10-13T02:00:00Z'));
    assessor = await again('assessor');
    expect(
      await call(
        `mutation($id: ID!) { issueCertificates(sessionId: $id) { ... on MutationIssueCertificatesSuccess { data } ${ERROR} } }`,
        { id: session.id },
        assessor,
      ),
    ).toBe(1);
    const certificate = await prisma.certificate.findFirstOrThrow({ where: { caregiver: { name: '周桂英' } } });
    // S, the province-registered body 0000, Jiangxi 36, site 000001, 2026, level 5, serial 1.
    expect(certificate.number).toBe('S000036000001265000001');

    // The city's dashboard shows the default targets, marked as such.
    const dashboard = await call(
      `query($code: String!) { workforce(regionCode: $code) { data: figures { indicators { indicator target { value source inherited } } } } }`,
      { code: '361100' },
      await again('admin'),
    );
    const perTenThousand = dashboard.indicators.find((i: { indicator: string }) => i.indicator === 'CERTIFIED_PER_10K');
    expect(perTenThousand.target).toMatchObject({ value: 25, inherited: true });
    expect(perTenThousand.target.source).toContain('规划');
  });
});
