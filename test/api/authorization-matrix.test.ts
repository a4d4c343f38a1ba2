import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { schema } from '../../api/src/app/schema.ts';
import { logger } from '../../api/src/logger.ts';
import type { Role } from '../../api/src/generated/prisma/enums.ts';
import {
  ensureSkillLevels,
  gid,
  makeCaregiver,
  makeEmployment,
  makeOrganisation,
  makeRegionTree,
  makeResidentId,
  makeStaffOrganisations,
  makeUscc,
  makeUser,
} from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { solidPng } from '../support/pdf.ts';

/**
 * Root fields anyone may call, each with the reason. Every other root field must declare auth scopes:
 * a new query or mutation without them fails here before it can leak.
 */
const PUBLIC_FIELDS: Record<string, string> = {
  'Query.viewer': 'says who is signed in (null for nobody)',
  'Query.apiClient': 'says which API token is calling (null for none)',
  'Query.node': 'refetches by id through each type’s own row filter',
  'Query.region': 'administrative divisions are public (GB/T 2260)',
  'Query.regions': 'administrative divisions are public (GB/T 2260)',
  'Query.organisations': 'the registry of colleges, providers, assessors and institutions is public',
  'Mutation.login': 'how one signs in',
  'Query.publicWorkforceFigures': 'published aggregate figures (no person identified), as statistical bulletins are',
  'Query.workforceIndicatorDefinitions': 'how the published figures are computed',
  'Query.skillLevels': 'the national skill standard’s levels are public',
  'Query.verifyCertificate': 'anyone may check a certificate with its number and the holder’s full name (rate-limited, name masked)',
};

describe('every root field is guarded', () => {
  it('declares auth scopes unless it is listed as public with a reason', () => {
    const unguarded: string[] = [];
    for (const type of [schema.getQueryType()!, schema.getMutationType()!]) {
      for (const [name, field] of Object.entries(type.getFields())) {
        const scopes = (field.extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
        if (!scopes && !PUBLIC_FIELDS[`${type.name}.${name}`]) unguarded.push(`${type.name}.${name}`);
      }
    }
    expect(unguarded).toEqual([]);
  });
});

type Caller = { name: string; token: string | null };

describe('who can reach a caregiver’s record', () => {
  let callers: Caller[];
  let allowed: Caller[];
  let target: { id: string; name: string; residentId: string; phone: string; employmentId: string; jobId: string };

  beforeAll(async () => {
    const regions = await makeRegionTree();
    const home = await makeOrganisation(regions.county.id);
    const otherHome = await makeOrganisation(regions.otherCounty.id);
    const name = `授权${randomUUID().slice(0, 4)}`;
    const person = await makeCaregiver(regions.county.id, regions.county.code, { name, phone: '13600001234' });
    const employment = await makeEmployment(person.caregiver.id, home.id, '2024-01-01');
    const owner = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const job = await prisma.backgroundJob.create({
      data: { name: 'test.matrix', key: `matrix:${randomUUID()}`, payload: {}, createdById: owner.user.id },
    });
    target = {
      id: person.caregiver.id,
      name,
      residentId: person.residentId,
      phone: '13600001234',
      employmentId: employment.id,
      jobId: job.id,
    };

    const admin = await makeUser('ADMIN');
    const token = async (scopes: string[]) => {
      const res = await gql(
        `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { ... on MutationCreateApiTokenSuccess { data { token } } } }`,
        {
          input: {
            name: `matrix-${scopes.join('-') || 'none'}-${randomUUID().slice(0, 6)}`,
            scopes: scopes.length ? scopes : ['workforce:read'],
            expiresInDays: 1,
          },
        },
        { token: admin.token },
      );
      return res.data?.createApiToken.data.token as string;
    };
    const self = await makeUser('CAREGIVER', { caregiverId: person.caregiver.id });
    callers = [
      { name: 'anonymous', token: null },
      { name: 'other institution', token: (await makeUser('INSTITUTION_STAFF', { organisationId: otherHome.id })).token },
      {
        name: 'college staff',
        token: (await makeUser('COLLEGE_STAFF', { organisationId: (await makeOrganisation(regions.county.id, 'COLLEGE')).id })).token,
      },
      {
        name: 'provider staff',
        token: (
          await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: (await makeOrganisation(regions.county.id, 'TRAINING_PROVIDER')).id })
        ).token,
      },
      {
        name: 'assessor',
        token: (await makeUser('ASSESSOR', { organisationId: (await makeOrganisation(regions.county.id, 'ASSESSOR')).id })).token,
      },
      { name: 'bureau of another county', token: (await makeUser('HR_REVIEWER', { regionId: regions.otherCounty.id })).token },
      {
        name: 'another caregiver',
        token: (await makeUser('CAREGIVER', { caregiverId: (await makeCaregiver(regions.county.id, regions.county.code)).caregiver.id }))
          .token,
      },
      { name: 'token without caregivers:read', token: await token([]) },
    ];
    allowed = [
      { name: 'employer', token: owner.token },
      { name: 'the person', token: self.token },
      { name: 'bureau of the county', token: (await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.county.id })).token },
      { name: 'admin', token: admin.token },
      { name: 'token with caregivers:read', token: await token(['caregivers:read']) },
    ];
  });

  const reads = () => [
    {
      op: 'caregivers',
      query: `query($s: String) { caregivers(first: 50, search: $s) { edges { node { name } } } }`,
      vars: { s: target.name },
    },
    {
      op: 'caregiver',
      query: `query($id: ID!) { caregiver(id: $id) { name phone residentIdMasked } }`,
      vars: { id: gid('Caregiver', target.id) },
    },
    {
      op: 'node(Caregiver)',
      query: `query($id: ID!) { node(id: $id) { ... on Caregiver { name } } }`,
      vars: { id: gid('Caregiver', target.id) },
    },
    {
      op: 'node(Employment)',
      query: `query($id: ID!) { node(id: $id) { ... on Employment { caregiver { name } } } }`,
      vars: { id: gid('Employment', target.employmentId) },
    },
    {
      op: 'backgroundJob',
      query: `query($id: ID!) { backgroundJob(id: $id) { id name } }`,
      vars: { id: gid('BackgroundJob', target.jobId) },
    },
  ];

  it('refuses every outsider, directly and through relations and node(id), with nothing leaked', async () => {
    const warn = vi.spyOn(logger, 'warn');
    for (const caller of callers) {
      for (const { op, query, vars } of reads()) {
        const res = await gql(query, vars, caller.token ? { token: caller.token } : {});
        const body = JSON.stringify(res);
        expect(body, `${caller.name} → ${op}`).not.toContain(target.name);
        expect(body, `${caller.name} → ${op}`).not.toContain(target.phone);
        expect(body, `${caller.name} → ${op}`).not.toContain(target.residentId);
        expect(res.status, `${caller.name} → ${op}`).toBe(200);
        for (const error of res.errors ?? [])
          expect(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'], `${caller.name} → ${op}: ${error.message}`).toContain(
            error.extensions?.code,
          );
      }
      const reveal = await gql(
        `mutation($input: RevealResidentIdInput!) { revealResidentId(input: $input) { __typename ... on Error { code } } }`,
        { input: { caregiverId: gid('Caregiver', target.id), purpose: '越权尝试核对' } },
        caller.token ? { token: caller.token } : {},
      );
      expect(reveal.data?.revealResidentId.code, `${caller.name} → revealResidentId`).toMatch(/^(UNAUTHENTICATED|FORBIDDEN|NOT_FOUND)$/);
      const update = await gql(
        `mutation($id: ID!) { updateCaregiver(id: $id, input: { name: "篡改" }) { __typename ... on Error { code } } }`,
        { id: gid('Caregiver', target.id) },
        caller.token ? { token: caller.token } : {},
      );
      expect(update.data?.updateCaregiver.code, `${caller.name} → updateCaregiver`).toMatch(/^(UNAUTHENTICATED|FORBIDDEN|NOT_FOUND)$/);
    }
    expect((await prisma.caregiver.findUniqueOrThrow({ where: { id: target.id } })).name).toBe(target.name);
    // Scope refusals are logged with the field that was refused.
    expect(
      warn.mock.calls.some(
        ([entry, message]) => message === 'access refused' && JSON.stringify(entry).includes('Mutation.updateCaregiver'),
      ),
    ).toBe(true);
    warn.mockRestore();
  });

  it('serves those who may see the person, with the phone masked for API tokens', async () => {
    for (const caller of allowed) {
      const res = await gql(reads()[1]!.query, reads()[1]!.vars, { token: caller.token! });
      expect(res.data?.caregiver?.name, caller.name).toBe(target.name);
      expect(res.data?.caregiver?.residentIdMasked, caller.name).not.toBe(target.residentId);
      if (caller.name.startsWith('token')) expect(res.data?.caregiver?.phone).toBe('136****1234');
    }
  });
});

describe('who can reach competition entries and blacklist appeals', () => {
  it('serves the entrant, the listed person and their region’s bureaus, and nobody else, through node(id) too', async () => {
    const regions = await makeRegionTree();
    const home = await makeOrganisation(regions.county.id);
    const bureau = await makeOrganisation(regions.city.id, 'BUREAU');
    const person = await makeCaregiver(regions.county.id, regions.county.code, { name: `参赛${randomUUID().slice(0, 4)}` });
    await makeEmployment(person.caregiver.id, home.id, '2020-01-01');
    const hr = await makeUser('HR_REVIEWER', { regionId: regions.city.id });
    const civil = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.city.id });
    const competition = await prisma.competition.create({
      data: {
        name: '矩阵测试竞赛',
        tier: 'CITY',
        year: 2026,
        regionId: regions.city.id,
        organiserId: bureau.id,
        awardRules: [],
        createdById: hr.user.id,
      },
    });
    const entry = await prisma.competitionEntry.create({
      data: { competitionId: competition.id, caregiverId: person.caregiver.id, registeredById: hr.user.id },
    });
    const listed = await prisma.blacklistEntry.create({
      data: {
        caregiverId: person.caregiver.id,
        reason: '矩阵测试',
        startsOn: new Date('2026-01-01'),
        issuerRegionId: regions.city.id,
        createdById: civil.user.id,
      },
    });
    const appeal = await prisma.blacklistAppeal.create({
      data: { entryId: listed.id, lodgedById: civil.user.id, onBehalfOf: '家属', grounds: '矩阵测试申诉理由' },
    });
    const ids = [
      gid('Competition', competition.id),
      gid('CompetitionEntry', entry.id),
      gid('BlacklistEntry', listed.id),
      gid('BlacklistAppeal', appeal.id),
    ];
    const read = (token: string | null) =>
      Promise.all(ids.map((id) => gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, token ? { token } : {})));

    const otherCity = await makeRegionTree();
    const outsiders = [
      null,
      (await makeUser('CAREGIVER', { caregiverId: (await makeCaregiver(regions.county.id, regions.county.code)).caregiver.id })).token,
      (await makeUser('INSTITUTION_STAFF', { organisationId: (await makeOrganisation(otherCity.county.id)).id })).token,
      (await makeUser('HR_APPROVER', { regionId: otherCity.city.id })).token,
    ];
    for (const token of outsiders) {
      const answers = await read(token);
      const competitionOrEntry = answers.slice(0, 2).map((a) => a.data?.node ?? null);
      expect(competitionOrEntry).toEqual([null, null]);
      // Bureaus read the blacklist (as before); everyone else gets nothing.
      if (token !== outsiders[3]) expect(answers.slice(2).map((a) => a.data?.node ?? null)).toEqual([null, null]);
    }
    const self = (await makeUser('CAREGIVER', { caregiverId: person.caregiver.id })).token;
    for (const token of [self, hr.token, civil.token]) expect((await read(token)).map((a) => a.data?.node?.id ?? null)).toEqual(ids);
  });
});

describe('who can reach enrolments, directed students, breaches and roster imports', () => {
  it('serves the person, their provider or college and their region’s bureaus, and nobody else, through node(id) and relations', async () => {
    const regions = await makeRegionTree();
    const provider = await makeOrganisation(regions.city.id, 'TRAINING_PROVIDER');
    const college = await makeOrganisation(regions.province.id, 'COLLEGE');
    const name = `学员${randomUUID().slice(0, 4)}`;
    const person = await makeCaregiver(regions.county.id, regions.county.code, { name });
    const day = new Date('2030-03-01T00:00:00Z');
    const course = await prisma.course.create({
      data: {
        providerId: provider.id,
        code: `M-${randomUUID().slice(0, 6)}`.toUpperCase(),
        regionId: regions.city.id,
        kind: 'PRE_JOB',
        status: 'PUBLISHED',
        title: '矩阵测试课程',
        requiredHours: 8,
        capacity: 5,
        feeFen: 0,
        governmentFunded: false,
        place: '测试',
        startsOn: day,
        endsOn: day,
      },
    });
    const enrolment = await prisma.enrolment.create({
      data: { courseId: course.id, caregiverId: person.caregiver.id, status: 'ENROLLED' },
    });
    const cls = await prisma.directedClass.create({
      data: {
        collegeId: college.id,
        cohortYear: 2024,
        major: `矩阵${randomUUID().slice(0, 4)}`,
        name: '矩阵定向班',
        quota: 5,
        studentCount: 1,
        sponsorRegionId: regions.city.id,
        sponsorName: '测试民政局',
        tuitionFenPerYear: 1,
        lodgingFenPerYear: 1,
        allowanceFenPerYear: 1,
      },
    });
    const student = await prisma.directedStudent.create({
      data: {
        classId: cls.id,
        caregiverId: person.caregiver.id,
        studentNo: 'M001',
        enrolledOn: new Date('2024-09-01'),
        status: 'BREACHED',
      },
    });
    const breach = await prisma.directedBreach.create({
      data: {
        studentId: student.id,
        kind: 'DROPPED_OUT',
        occurredOn: new Date('2025-03-01'),
        note: '矩阵',
        supportReceivedFen: 100,
        penaltyPercent: 50,
        amountDueFen: 150,
      },
    });
    const collegeStaff = await makeUser('COLLEGE_STAFF', { organisationId: college.id });
    const imp = await prisma.rosterImport.create({
      data: {
        kind: 'STUDENTS',
        organisationId: college.id,
        classId: cls.id,
        fileName: 'm.csv',
        sha256: '0'.repeat(64),
        createdById: collegeStaff.user.id,
      },
    });
    const ids = [
      gid('Enrolment', enrolment.id),
      gid('DirectedStudent', student.id),
      gid('DirectedBreach', breach.id),
      gid('RosterImport', imp.id),
    ];
    const read = (token: string | null) =>
      Promise.all(
        ids.map((id) =>
          gql(
            `query($id: ID!) { node(id: $id) { id ... on Enrolment { trainee: caregiver { name } } ... on DirectedStudent { student: caregiver { name } } } }`,
            { id },
            token ? { token } : {},
          ),
        ),
      );

    const otherCity = await makeRegionTree();
    const outsiders = [
      null,
      (await makeUser('CAREGIVER', { caregiverId: (await makeCaregiver(regions.county.id, regions.county.code)).caregiver.id })).token,
      (await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: (await makeOrganisation(regions.city.id, 'TRAINING_PROVIDER')).id }))
        .token,
      (await makeUser('COLLEGE_STAFF', { organisationId: (await makeOrganisation(regions.province.id, 'COLLEGE')).id })).token,
      (await makeUser('HR_APPROVER', { regionId: otherCity.city.id })).token,
    ];
    for (const token of outsiders) {
      const answers = await read(token);
      // Anonymous callers are refused outright; everyone else gets null, as for an id that does not exist.
      if (token) expect(answers.map((a) => a.errors ?? null)).toEqual([null, null, null, null]);
      expect(answers.map((a) => a.data?.node ?? null)).toEqual([null, null, null, null]);
      expect(JSON.stringify(answers)).not.toContain(name);
    }
    const self = (await makeUser('CAREGIVER', { caregiverId: person.caregiver.id })).token;
    const providerStaff = (await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id })).token;
    const hr = (await makeUser('HR_REVIEWER', { regionId: regions.city.id })).token;
    const seen = async (token: string) => (await read(token)).map((a) => a.data?.node?.id ?? null);
    expect(await seen(self)).toEqual([ids[0], ids[1], ids[2], null]);
    expect(await seen(providerStaff)).toEqual([ids[0], null, null, null]);
    expect(await seen(collegeStaff.token)).toEqual([null, ids[1], ids[2], ids[3]]);
    expect(await seen(hr)).toEqual([ids[0], ids[1], ids[2], null]);
    // The provider reaches the trainee's name through the enrolment; the college through the student.
    expect((await read(providerStaff))[0]!.data?.node.trainee.name).toBe(name);
    expect((await read(collegeStaff.token))[1]!.data?.node.student.name).toBe(name);
  });
});

const ADMINS_ONLY = 'admins only: no role of the matrix holds it (checked below)';
const OWN_SESSION = 'acts on the caller’s own session or account';
/** Every mutation not in the write matrix, with the reason. A new mutation fails the coverage test until it is a case or listed here. */
const NOT_IN_MATRIX: Record<string, string> = {
  login: 'how one signs in; no object',
  logout: OWN_SESSION,
  logoutEverywhere: OWN_SESSION,
  changePassword: OWN_SESSION,
  reauthenticate: OWN_SESSION,
  addRegion: ADMINS_ONLY,
  registerWebhookEndpoint: ADMINS_ONLY,
  enableWebhookEndpoint: ADMINS_ONLY,
  disableWebhookEndpoint: ADMINS_ONLY,
  replayWebhookDelivery: ADMINS_ONLY,
  markNotificationRead: 'acts on the caller’s own inbox; another user’s notification is NOT_FOUND (notifications.test.ts)',
  markAllNotificationsRead: 'acts on the caller’s own inbox',
  optInToSms: 'a caregiver’s own SMS consent',
  optOutOfSms: 'a caregiver’s own SMS consent',
  createApiToken: ADMINS_ONLY,
  revokeApiToken: ADMINS_ONLY,
  createUser: ADMINS_ONLY,
  disableUser: ADMINS_ONLY,
  enableUser: ADMINS_ONLY,
  resetUserPassword: ADMINS_ONLY,
  setUserMemberships: ADMINS_ONLY,
  unlockUser: ADMINS_ONLY,
  retryBackgroundJob: ADMINS_ONLY,
  setCalendarDay: ADMINS_ONLY,
  saveBankFileLayout: ADMINS_ONLY,
  removeCalendarDay: ADMINS_ONLY,
  applyForCourse: 'a caregiver applies for themself; the course catalogue is open to caregivers of every region',
  applyAsAssessor: 'an assessment body applies for its own organisation',
  createCourse: 'creates a course of the caller’s own provider',
  createDirectedClass: 'creates a class of the caller’s own college',
  createExamSession: 'creates a session of the caller’s own assessment body',
  registerCaregiver: 'registers a new person employed by the caller’s own institution',
  addEmployment: 'an institution of any region may employ a person; it names only its own institution',
};

describe('who can change a region-scoped object', () => {
  /**
   * Every mutation that acts on an object belonging to a region, against a user of each role (but admin)
   * whose region or organisation lies in another city: refused, with the object's rows unchanged and
   * no audit row written by any of them. Reads were checked this way; writes must reach no further.
   */
  /** `refused` judges a success payload that reports per-object outcomes (a bulk action): refused when it says so for each. */
  type Case = {
    op: string;
    query: string;
    vars: Record<string, unknown>;
    rows: () => Promise<unknown>;
    refused?: (payload: unknown) => boolean;
  };
  const ROLES_BUT_ADMIN: Role[] = [
    'CAREGIVER',
    'COLLEGE_STAFF',
    'TRAINING_PROVIDER_STAFF',
    'ASSESSOR',
    'INSTITUTION_STAFF',
    'HR_REVIEWER',
    'HR_APPROVER',
    'FINANCE_OFFICER',
    'CIVIL_AFFAIRS_ANALYST',
  ];
  const cases: Case[] = [];
  const snapshot = async (c: Case) => JSON.stringify(await c.rows(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  const outsiders: { role: Role; userId: string; token: string }[] = [];

  beforeAll(async () => {
    const home = await makeRegionTree();
    const away = await makeRegionTree();
    const orgs = await makeStaffOrganisations(home);
    const bureau = await makeOrganisation(home.city.id, 'BUREAU');
    const civil = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: home.city.id });
    const hr = await makeUser('HR_REVIEWER', { regionId: home.city.id });
    const person = await makeCaregiver(home.county.id, home.county.code);
    const caregiverId = person.caregiver.id;
    const employment = await makeEmployment(caregiverId, orgs.INSTITUTION_STAFF.id, '2022-01-01');
    const levels = await ensureSkillLevels();
    const day = new Date('2026-01-05T00:00:00Z');
    const suffix = () => randomUUID().slice(0, 8).toUpperCase();

    const listed = await prisma.blacklistEntry.create({
      data: { caregiverId, reason: '写入矩阵', startsOn: day, issuerRegionId: home.city.id, createdById: civil.user.id },
    });
    const appealed = await prisma.blacklistEntry.create({
      data: { caregiverId, reason: '写入矩阵申诉', startsOn: day, issuerRegionId: home.city.id, createdById: civil.user.id },
    });
    const appeal = await prisma.blacklistAppeal.create({
      data: { entryId: appealed.id, lodgedById: civil.user.id, onBehalfOf: '家属', grounds: '写入矩阵申诉理由' },
    });
    const certificate = await prisma.certificate.create({
      data: { number: `S${suffix()}`, caregiverId, levelId: levels.get('L4')!, issuerId: orgs.ASSESSOR.id, issuedOn: day, source: 'EXAM' },
    });
    const registration = await prisma.assessorRegistration.create({ data: { organisationId: orgs.ASSESSOR.id, levelCodes: ['L5'] } });
    const png = solidPng(20, 20).toString('base64');
    const competition = (status: 'DRAFT' | 'SUBMITTED') =>
      prisma.competition.create({
        data: {
          name: '写入矩阵竞赛',
          tier: 'CITY',
          year: 2026,
          regionId: home.city.id,
          organiserId: bureau.id,
          awardRules: [],
          createdById: hr.user.id,
          status,
          ...(status === 'SUBMITTED' ? { submittedById: hr.user.id, submittedAt: day } : {}),
        },
      });
    const draft = await competition('DRAFT');
    const submitted = await competition('SUBMITTED');
    const policy = await prisma.subsidyPolicy.create({
      data: {
        code: `M-${suffix()}`,
        version: 1,
        kind: 'POST_SUBSIDY',
        nameZh: '写入矩阵补贴',
        nameEn: 'matrix',
        regionId: home.city.id,
        effectiveFrom: new Date('2020-01-01'),
        amounts: {},
        rules: {},
      },
    });
    const claim = (status: 'SUBMITTED' | 'REVIEWED' | 'APPROVED') =>
      prisma.subsidyClaim.create({
        data: {
          reference: `M${suffix()}`,
          policyId: policy.id,
          kind: 'POST_SUBSIDY',
          caregiverId,
          regionId: home.county.id,
          subjectKey: randomUUID(),
          amountFen: 50_000,
          eligibility: {},
          status,
        },
      });
    const [submittedClaim, reviewedClaim, approvedClaim] = [await claim('SUBMITTED'), await claim('REVIEWED'), await claim('APPROVED')];
    const cls = await prisma.directedClass.create({
      data: {
        collegeId: orgs.COLLEGE_STAFF.id,
        cohortYear: 2024,
        major: `写入${suffix()}`,
        name: '写入矩阵定向班',
        quota: 5,
        studentCount: 1,
        sponsorRegionId: home.city.id,
        sponsorName: '测试民政局',
        tuitionFenPerYear: 1,
        lodgingFenPerYear: 1,
        allowanceFenPerYear: 1,
      },
    });
    const student = await prisma.directedStudent.create({
      data: { classId: cls.id, caregiverId, studentNo: 'W001', enrolledOn: new Date('2024-09-01'), status: 'ENROLLED' },
    });
    const breached = await prisma.directedStudent.create({
      data: {
        classId: cls.id,
        caregiverId: (await makeCaregiver(home.county.id, home.county.code)).caregiver.id,
        studentNo: 'W002',
        enrolledOn: new Date('2024-09-01'),
        status: 'BREACHED',
      },
    });
    const breach = await prisma.directedBreach.create({
      data: {
        studentId: breached.id,
        kind: 'DROPPED_OUT',
        occurredOn: new Date('2025-03-01'),
        note: '写入矩阵',
        supportReceivedFen: 100,
        penaltyPercent: 50,
        amountDueFen: 150,
      },
    });
    const course = await prisma.course.create({
      data: {
        providerId: orgs.TRAINING_PROVIDER_STAFF.id,
        code: `W-${suffix()}`,
        regionId: home.city.id,
        kind: 'PRE_JOB',
        status: 'PUBLISHED',
        title: '写入矩阵课程',
        requiredHours: 8,
        capacity: 5,
        feeFen: 0,
        governmentFunded: false,
        place: '测试',
        startsOn: new Date('2030-03-01'),
        endsOn: new Date('2030-03-02'),
      },
    });
    const enrolment = await prisma.enrolment.create({ data: { courseId: course.id, caregiverId, status: 'ENROLLED' } });
    const fund = await prisma.fundSource.create({
      data: { code: `F-${suffix()}`, name: '写入矩阵资金', kind: 'WELFARE_LOTTERY', regionId: home.city.id },
    });
    const finance = await makeUser('FINANCE_OFFICER', { regionId: home.city.id });
    const batch = await prisma.paymentBatch.create({
      data: {
        reference: `PB-M-${suffix()}`,
        regionId: home.city.id,
        idempotencyKey: randomUUID(),
        lineCount: 0,
        totalFen: 0n,
        createdById: finance.user.id,
      },
    });
    const [revokedClaim, draftClaim] = [await claim('APPROVED'), await claim('SUBMITTED')];
    await prisma.subsidyClaim.update({ where: { id: revokedClaim.id }, data: { status: 'REVOKED' } });
    // Employed by the home institution: that institution is its claimant (and may add evidence), an outsider is not.
    await prisma.subsidyClaim.update({ where: { id: draftClaim.id }, data: { status: 'DRAFT', employmentId: employment.id } });
    await prisma.subsidyRecovery.create({
      data: { claimId: revokedClaim.id, reason: '写入矩阵追回', amountFen: 10_000, createdById: finance.user.id },
    });
    const draftCourse = await prisma.course.create({
      data: {
        providerId: orgs.TRAINING_PROVIDER_STAFF.id,
        code: `W-${suffix()}`,
        regionId: home.city.id,
        kind: 'PRE_JOB',
        status: 'DRAFT',
        title: '写入矩阵草稿课程',
        requiredHours: 8,
        capacity: 5,
        feeFen: 0,
        governmentFunded: false,
        place: '测试',
        startsOn: new Date('2030-03-01'),
        endsOn: new Date('2030-03-02'),
      },
    });
    const populationCsv = Buffer.from(
      ['region_code,year,age_band,basis,count,source', `${home.county.code},2024,60+,常住,1234,写入矩阵`].join('\n'),
    ).toString('base64');
    const rosterCsv = Buffer.from(
      ['学号,姓名,身份证号,入学日期', `W009,${person.caregiver.name},${person.residentId},2024-09-01`].join('\n'),
    ).toString('base64');
    const returnCsv = Buffer.from(['业务参考号,状态,金额(元)', `${batch.reference}-1,成功,1.00`].join('\n')).toString('base64');
    const homeRegions = [home.province.id, home.city.id, home.county.id];
    const target = await prisma.workforceTarget.create({
      data: { regionId: home.city.id, indicator: 'CERTIFIED_PER_10K', year: 2027, value: 30, source: '写入矩阵规划' },
    });

    const closed = await makeOrganisation(home.county.id);
    await prisma.organisation.update({ where: { id: closed.id }, data: { deactivatedAt: day } });
    const courseSession = await prisma.courseSession.create({
      data: {
        courseId: course.id,
        seq: 1,
        topic: '写入矩阵课时',
        startsAt: new Date('2030-03-01T01:00:00Z'),
        endsAt: new Date('2030-03-01T05:00:00Z'),
        place: '测试',
        hours: 4,
      },
    });
    const entrant = await prisma.competitionEntry.create({
      data: { competitionId: draft.id, caregiverId, registeredById: hr.user.id },
    });

    const freshStudent = async (status: 'ENROLLED' | 'GRADUATED', studentNo: string) =>
      prisma.directedStudent.create({
        data: {
          classId: cls.id,
          caregiverId: (await makeCaregiver(home.county.id, home.county.code)).caregiver.id,
          studentNo,
          enrolledOn: new Date('2022-09-01'),
          status,
          ...(status === 'GRADUATED' ? { agreementNo: `A${suffix()}`, agreementSignedOn: day, graduatedOn: new Date('2025-07-01') } : {}),
        },
      });
    const [unsigned, graduate] = [await freshStudent('ENROLLED', 'W003'), await freshStudent('GRADUATED', 'W004')];

    const examSession = (status: 'OPEN' | 'PUBLICISED') =>
      prisma.examSession.create({
        data: {
          assessorId: orgs.ASSESSOR.id,
          levelId: levels.get('L5')!,
          startsAt: status === 'OPEN' ? new Date(Date.now() + 30 * 86_400_000) : new Date('2025-12-01T01:00:00Z'),
          place: '写入矩阵考点',
          capacity: 30,
          feeFen: 0,
          status,
          ...(status === 'PUBLICISED' ? { publishedAt: day, publicationEndsOn: day } : {}),
        },
      });
    const [openSession, publicisedSession] = [await examSession('OPEN'), await examSession('PUBLICISED')];
    const examApplication = async (sessionId: string, status: 'SUBMITTED' | 'SCHEDULED' | 'PASSED', objection?: string) =>
      prisma.levelApplication.create({
        data: {
          caregiverId: (await makeCaregiver(home.county.id, home.county.code)).caregiver.id,
          sessionId,
          status,
          eligibility: {},
          ...(status === 'PASSED' ? { theoryScore: 80, practicalScore: 80 } : {}),
          ...(objection ? { objection, objectionOpen: true } : {}),
        },
      });
    const submittedApplication = await examApplication(openSession.id, 'SUBMITTED');
    const scheduledApplication = await examApplication(openSession.id, 'SCHEDULED');
    const passedApplication = await examApplication(publicisedSession.id, 'PASSED');
    const objectedApplication = await examApplication(publicisedSession.id, 'PASSED', '写入矩阵异议');
    const pdf = Buffer.from('%PDF-1.4 写入矩阵').toString('base64');

    const monthlyRoster = {
      institutionId: gid('Organisation', orgs.INSTITUTION_STAFF.id),
      month: '2025-11-01',
      lines: [{ employmentId: gid('Employment', employment.id), socialInsurancePaid: true, attendanceDays: 22 }],
    };
    const answer = '{ __typename ... on Error { code } }';
    const row = <T>(find: () => Promise<T>) => find;
    cases.push(
      {
        op: 'liftBlacklistEntry',
        query: `mutation($i: LiftBlacklistEntryInput!) { liftBlacklistEntry(input: $i) ${answer} }`,
        vars: { i: { entryId: gid('BlacklistEntry', listed.id), reason: '越权解除' } },
        rows: row(() => prisma.blacklistEntry.findUnique({ where: { id: listed.id } })),
      },
      {
        op: 'addBlacklistEntry',
        query: `mutation($i: AddBlacklistEntryInput!) { addBlacklistEntry(input: $i) ${answer} }`,
        vars: {
          i: { caregiverId: gid('Caregiver', caregiverId), reason: '越权列入', evidence: '民政稽查案卷 2026-01', startsOn: '2026-02-01' },
        },
        rows: row(() => prisma.blacklistEntry.findMany({ where: { caregiverId }, orderBy: { id: 'asc' } })),
      },
      {
        op: 'lodgeBlacklistAppeal',
        query: `mutation($i: LodgeBlacklistAppealInput!) { lodgeBlacklistAppeal(input: $i) ${answer} }`,
        vars: { i: { entryId: gid('BlacklistEntry', listed.id), grounds: '越权申诉理由', onBehalfOf: '他人' } },
        rows: row(() => prisma.blacklistAppeal.findMany({ where: { entryId: listed.id } })),
      },
      {
        op: 'decideBlacklistAppeal',
        query: `mutation($i: DecideBlacklistAppealInput!) { decideBlacklistAppeal(input: $i) ${answer} }`,
        vars: { i: { appealId: gid('BlacklistAppeal', appeal.id), uphold: true, reason: '越权处理' } },
        rows: row(() => prisma.blacklistAppeal.findUnique({ where: { id: appeal.id }, include: { entry: true } })),
      },
      {
        op: 'revokeCertificate',
        query: `mutation($i: RevokeCertificateInput!) { revokeCertificate(input: $i) ${answer} }`,
        vars: { i: { certificateId: gid('Certificate', certificate.id), reason: '越权撤销' } },
        rows: row(() => prisma.certificate.findUnique({ where: { id: certificate.id } })),
      },
      {
        op: 'decideAssessorRegistration',
        query: `mutation($i: DecideAssessorInput!) { decideAssessorRegistration(input: $i) ${answer} }`,
        vars: { i: { registrationId: gid('AssessorRegistration', registration.id), approve: true } },
        rows: row(() => prisma.assessorRegistration.findUnique({ where: { id: registration.id } })),
      },
      {
        op: 'updateCaregiver',
        query: `mutation($id: ID!) { updateCaregiver(id: $id, input: { name: "篡改" }) ${answer} }`,
        vars: { id: gid('Caregiver', caregiverId) },
        rows: row(() => prisma.caregiver.findUnique({ where: { id: caregiverId } })),
      },
      {
        op: 'correctCaregiverResidentId',
        query: `mutation($i: CorrectResidentIdInput!) { correctCaregiverResidentId(input: $i) ${answer} }`,
        vars: {
          i: {
            caregiverId: gid('Caregiver', caregiverId),
            residentId: makeResidentId(home.county.code, 1980, false),
            reason: '越权更正身份证号',
          },
        },
        rows: row(() => prisma.caregiver.findUnique({ where: { id: caregiverId } })),
      },
      {
        op: 'updateEmployment',
        query: `mutation($id: ID!) { updateEmployment(id: $id, input: { endDate: "2026-01-31" }) ${answer} }`,
        vars: { id: gid('Employment', employment.id) },
        rows: row(() => prisma.employment.findUnique({ where: { id: employment.id } })),
      },
      {
        op: 'registerCompetitionEntry',
        query: `mutation($i: RegisterCompetitionEntryInput!) { registerCompetitionEntry(input: $i) ${answer} }`,
        vars: { i: { competitionId: gid('Competition', draft.id), caregiverId: gid('Caregiver', caregiverId) } },
        rows: row(() => prisma.competitionEntry.findMany({ where: { competitionId: draft.id } })),
      },
      {
        op: 'returnCompetitionResults',
        query: `mutation($i: ReturnCompetitionResultsInput!) { returnCompetitionResults(input: $i) ${answer} }`,
        vars: { i: { competitionId: gid('Competition', submitted.id), reason: '越权退回' } },
        rows: row(() => prisma.competition.findUnique({ where: { id: submitted.id } })),
      },
      {
        op: 'approveCompetitionResults',
        query: `mutation($id: ID!) { approveCompetitionResults(competitionId: $id) ${answer} }`,
        vars: { id: gid('Competition', submitted.id) },
        rows: row(() => prisma.competition.findUnique({ where: { id: submitted.id } })),
      },
      {
        op: 'reviewSubsidyClaim',
        query: `mutation($i: ReviewSubsidyClaimInput!) { reviewSubsidyClaim(input: $i) ${answer} }`,
        vars: { i: { claimId: gid('SubsidyClaim', submittedClaim.id), pass: true } },
        rows: row(() => prisma.subsidyClaim.findUnique({ where: { id: submittedClaim.id } })),
      },
      {
        op: 'rejectSubsidyClaim',
        query: `mutation($i: ClaimReasonInput!) { rejectSubsidyClaim(input: $i) ${answer} }`,
        vars: { i: { claimId: gid('SubsidyClaim', submittedClaim.id), reason: '越权驳回' } },
        rows: row(() => prisma.subsidyClaim.findUnique({ where: { id: submittedClaim.id } })),
      },
      {
        op: 'approveSubsidyClaim',
        query: `mutation($id: ID!) { approveSubsidyClaim(claimId: $id) ${answer} }`,
        vars: { id: gid('SubsidyClaim', reviewedClaim.id) },
        rows: row(() => prisma.subsidyClaim.findUnique({ where: { id: reviewedClaim.id } })),
      },
      {
        op: 'revokeSubsidyClaim',
        query: `mutation($i: ClaimReasonInput!) { revokeSubsidyClaim(input: $i) ${answer} }`,
        vars: { i: { claimId: gid('SubsidyClaim', approvedClaim.id), reason: '越权撤销' } },
        rows: row(() => prisma.subsidyClaim.findUnique({ where: { id: approvedClaim.id } })),
      },
      {
        op: 'recordDirectedBreach',
        query: `mutation($i: RecordBreachInput!) { recordDirectedBreach(input: $i) ${answer} }`,
        vars: { i: { studentId: gid('DirectedStudent', student.id), kind: 'DROPPED_OUT', occurredOn: '2025-06-01', note: '越权登记' } },
        rows: row(() => prisma.directedStudent.findUnique({ where: { id: student.id }, include: { breach: true } })),
      },
      {
        op: 'recordDirectedRepayment',
        query: `mutation($i: RecordRepaymentInput!) { recordDirectedRepayment(input: $i) ${answer} }`,
        vars: { i: { breachId: gid('DirectedBreach', breach.id), amountYuan: 1, paidOn: '2025-06-01', reference: '越权' } },
        rows: row(() => prisma.directedBreach.findUnique({ where: { id: breach.id } })),
      },
      {
        op: 'recordRepaymentToCreditRecord',
        query: `mutation($i: CreditRecordInput!) { recordRepaymentToCreditRecord(input: $i) ${answer} }`,
        vars: { i: { breachId: gid('DirectedBreach', breach.id), note: '越权' } },
        rows: row(() => prisma.directedBreach.findUnique({ where: { id: breach.id } })),
      },
      {
        op: 'cancelCourse',
        query: `mutation($id: ID!) { cancelCourse(courseId: $id, reason: "越权取消") ${answer} }`,
        vars: { id: gid('Course', course.id) },
        rows: row(() => prisma.course.findUnique({ where: { id: course.id } })),
      },
      {
        op: 'changeCourseCapacity',
        query: `mutation($i: ChangeCourseCapacityInput!) { changeCourseCapacity(input: $i) ${answer} }`,
        vars: { i: { courseId: gid('Course', course.id), capacity: 1 } },
        rows: row(() => prisma.course.findUnique({ where: { id: course.id } })),
      },
      {
        op: 'withdrawEnrolment',
        query: `mutation($i: WithdrawEnrolmentInput!) { withdrawEnrolment(input: $i) ${answer} }`,
        vars: { i: { enrolmentId: gid('Enrolment', enrolment.id), reason: '越权' } },
        rows: row(() => prisma.enrolment.findUnique({ where: { id: enrolment.id } })),
      },
      {
        op: 'setFundEnvelope',
        query: `mutation($i: SetFundEnvelopeInput!) { setFundEnvelope(input: $i) ${answer} }`,
        vars: { i: { fundCode: fund.code, year: 2026, amountYuan: 1, reason: '越权' } },
        rows: row(() => prisma.fundEnvelope.findMany({ where: { fundSourceId: fund.id } })),
      },
      {
        op: 'updateFundPayment',
        query: `mutation($i: UpdateFundPaymentInput!) { updateFundPayment(input: $i) ${answer} }`,
        vars: { i: { fundCode: fund.code, payerAccount: '15022010093000999', payerName: '越权财政局' } },
        rows: row(() => prisma.fundSource.findUnique({ where: { id: fund.id } })),
      },
      {
        op: 'setAssessorFiling',
        query: `mutation($i: SetAssessorFilingInput!) { setAssessorFiling(input: $i) ${answer} }`,
        vars: { i: { registrationId: gid('AssessorRegistration', registration.id), filingCode: 'S000036999999' } },
        rows: row(() => prisma.assessorRegistration.findUnique({ where: { id: registration.id } })),
      },
      {
        op: 'uploadAssessorSeal',
        query: `mutation($i: UploadAssessorSealInput!) { uploadAssessorSeal(input: $i) ${answer} }`,
        vars: { i: { registrationId: gid('AssessorRegistration', registration.id), fileName: 'seal.png', contentBase64: png } },
        rows: row(() => prisma.assessorRegistration.findUnique({ where: { id: registration.id } })),
      },
      {
        op: 'uploadCaregiverPhoto',
        query: `mutation($i: UploadCaregiverPhotoInput!) { uploadCaregiverPhoto(input: $i) ${answer} }`,
        vars: { i: { caregiverId: gid('Caregiver', caregiverId), fileName: 'photo.png', contentBase64: png } },
        rows: row(() => prisma.caregiver.findUnique({ where: { id: caregiverId }, select: { photoSha256: true, photoMimeType: true } })),
      },
      {
        op: 'createPaymentBatch',
        query: `mutation($i: CreatePaymentBatchInput!) { createPaymentBatch(input: $i) ${answer} }`,
        vars: { i: { regionCode: home.city.code, idempotencyKey: randomUUID() } },
        rows: row(() => prisma.paymentBatch.findMany({ where: { regionId: { in: homeRegions } }, orderBy: { id: 'asc' } })),
      },
      {
        op: 'exportPaymentBatch',
        query: `mutation($id: ID!) { exportPaymentBatch(batchId: $id, format: "csv") ${answer} }`,
        vars: { id: gid('PaymentBatch', batch.id) },
        rows: row(() => prisma.auditLog.count({ where: { entityId: batch.id } })),
      },
      {
        op: 'importBankReturn',
        query: `mutation($i: ImportBankReturnInput!) { importBankReturn(input: $i) ${answer} }`,
        vars: { i: { batchId: gid('PaymentBatch', batch.id), fileName: 'return.csv', contentBase64: returnCsv } },
        rows: row(() => prisma.paymentBatch.findUnique({ where: { id: batch.id }, include: { returns: true, lines: true } })),
      },
      {
        op: 'publishSubsidyPolicy',
        query: `mutation($i: PublishSubsidyPolicyInput!) { publishSubsidyPolicy(input: $i) ${answer} }`,
        vars: {
          i: {
            code: `M-${suffix()}`,
            kind: 'POST_SUBSIDY',
            nameZh: '越权政策',
            nameEn: 'outsider policy',
            regionCode: home.city.code,
            effectiveFrom: '2026-01-01',
            fundCodes: [fund.code],
            amounts: { byLevel: { L5: 50000 } },
          },
        },
        rows: row(() => prisma.subsidyPolicy.findMany({ where: { regionId: { in: homeRegions } }, orderBy: { id: 'asc' } })),
      },
      {
        op: 'recordSubsidyRecovery',
        query: `mutation($i: RecordRecoveryInput!) { recordSubsidyRecovery(input: $i) ${answer} }`,
        vars: { i: { claimId: gid('SubsidyClaim', revokedClaim.id), amountYuan: 1 } },
        rows: row(() => prisma.subsidyRecovery.findUnique({ where: { claimId: revokedClaim.id } })),
      },
      {
        op: 'importPopulationStats',
        query: `mutation($i: ImportPopulationInput!) { importPopulationStats(input: $i) ${answer} }`,
        vars: { i: { fileName: 'population.csv', contentBase64: populationCsv } },
        rows: row(async () => [
          await prisma.elderlyPopulationStat.findMany({ where: { regionId: { in: homeRegions } } }),
          await prisma.populationImport.count(),
        ]),
      },
      {
        op: 'withdrawSubsidyClaim',
        query: `mutation($id: ID!) { withdrawSubsidyClaim(claimId: $id) ${answer} }`,
        vars: { id: gid('SubsidyClaim', submittedClaim.id) },
        rows: row(() => prisma.subsidyClaim.findUnique({ where: { id: submittedClaim.id } })),
      },
      {
        op: 'submitSubsidyClaim',
        query: `mutation($id: ID!) { submitSubsidyClaim(claimId: $id) ${answer} }`,
        vars: { id: gid('SubsidyClaim', draftClaim.id) },
        rows: row(() => prisma.subsidyClaim.findUnique({ where: { id: draftClaim.id } })),
      },
      {
        op: 'submitCompetitionResults',
        query: `mutation($id: ID!) { submitCompetitionResults(competitionId: $id) ${answer} }`,
        vars: { id: gid('Competition', draft.id) },
        rows: row(() => prisma.competition.findUnique({ where: { id: draft.id } })),
      },
      {
        op: 'publishCourse',
        query: `mutation($id: ID!) { publishCourse(courseId: $id) ${answer} }`,
        vars: { id: gid('Course', draftCourse.id) },
        rows: row(() => prisma.course.findUnique({ where: { id: draftCourse.id } })),
      },
      {
        op: 'deactivateOrganisation',
        query: `mutation($id: ID!) { deactivateOrganisation(id: $id) ${answer} }`,
        vars: { id: gid('Organisation', orgs.INSTITUTION_STAFF.id) },
        rows: row(() => prisma.organisation.findUnique({ where: { id: orgs.INSTITUTION_STAFF.id } })),
      },
      {
        op: 'revealResidentId',
        query: `mutation($i: RevealResidentIdInput!) { revealResidentId(input: $i) ${answer} }`,
        vars: { i: { caregiverId: gid('Caregiver', caregiverId), purpose: '越权核对身份' } },
        rows: row(() => prisma.auditLog.count({ where: { entityId: caregiverId } })),
      },
      {
        op: 'createFundSource',
        query: `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) ${answer} }`,
        vars: { i: { code: `F-${suffix()}`, name: '越权资金', kind: 'WELFARE_LOTTERY', regionCode: home.city.code } },
        rows: row(() => prisma.fundSource.findMany({ where: { regionId: { in: homeRegions } }, orderBy: { id: 'asc' } })),
      },
      {
        op: 'setWorkforceTarget',
        query: `mutation($i: SetWorkforceTargetInput!) { setWorkforceTarget(input: $i) ${answer} }`,
        vars: { i: { regionCode: home.city.code, indicator: 'CERTIFIED_PER_10K', year: 2027, value: 99, source: '越权规划' } },
        rows: row(() => prisma.workforceTarget.findMany({ where: { regionId: { in: homeRegions } }, orderBy: { id: 'asc' } })),
      },
      {
        op: 'revertWorkforceTarget',
        query: `mutation($id: ID!) { revertWorkforceTarget(targetId: $id) ${answer} }`,
        vars: { id: target.id },
        rows: row(() => prisma.workforceTarget.findUnique({ where: { id: target.id } })),
      },
      {
        op: 'startRosterImport',
        query: `mutation($i: StartRosterImportInput!) { startRosterImport(input: $i) ${answer} }`,
        vars: { i: { kind: 'STUDENTS', classId: gid('DirectedClass', cls.id), fileName: 'students.csv', contentBase64: rosterCsv } },
        rows: row(() => prisma.rosterImport.findMany({ where: { classId: cls.id } })),
      },
      {
        op: 'addCompetitionRound',
        query: `mutation($i: AddCompetitionRoundInput!) { addCompetitionRound(input: $i) ${answer} }`,
        vars: { i: { competitionId: gid('Competition', draft.id), name: '越权轮次', heldOn: '2026-03-01' } },
        rows: row(() => prisma.competitionRound.findMany({ where: { competitionId: draft.id } })),
      },
      {
        op: 'recordCompetitionScores',
        query: `mutation($i: RecordCompetitionScoresInput!) { recordCompetitionScores(input: $i) ${answer} }`,
        vars: { i: { entryId: gid('CompetitionEntry', entrant.id), theory: 90, practical: 90 } },
        rows: row(() => prisma.competitionEntry.findUnique({ where: { id: entrant.id } })),
      },
      {
        op: 'addCourseSession',
        query: `mutation($i: AddCourseSessionInput!) { addCourseSession(input: $i) ${answer} }`,
        vars: {
          i: {
            courseId: gid('Course', course.id),
            topic: '越权课时',
            startsAt: '2026-12-02T01:00:00Z',
            endsAt: '2026-12-02T05:00:00Z',
            place: '测试',
            hours: 4,
          },
        },
        rows: row(() => prisma.courseSession.findMany({ where: { courseId: course.id }, orderBy: { seq: 'asc' } })),
      },
      {
        op: 'recordAttendance',
        query: `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) ${answer} }`,
        vars: {
          i: { sessionId: courseSession.id, lines: [{ enrolmentId: gid('Enrolment', enrolment.id), hours: 4 }] },
        },
        rows: row(() => prisma.enrolment.findUnique({ where: { id: enrolment.id }, include: { attendance: true } })),
      },
      {
        op: 'recordCourseResult',
        query: `mutation($i: RecordCourseResultInput!) { recordCourseResult(input: $i) ${answer} }`,
        vars: { i: { enrolmentId: gid('Enrolment', enrolment.id), score: 90, assessedOn: '2030-03-02' } },
        rows: row(() => prisma.enrolment.findUnique({ where: { id: enrolment.id } })),
      },
      {
        op: 'updateOrganisation',
        query: `mutation($i: UpdateOrganisationInput!) { updateOrganisation(input: $i) ${answer} }`,
        vars: {
          i: {
            id: gid('Organisation', orgs.INSTITUTION_STAFF.id),
            name: '越权改名',
            regionCode: home.county.code,
            uscc: orgs.INSTITUTION_STAFF.uscc,
          },
        },
        rows: row(() => prisma.organisation.findUnique({ where: { id: orgs.INSTITUTION_STAFF.id } })),
      },
      {
        op: 'reactivateOrganisation',
        query: `mutation($id: ID!) { reactivateOrganisation(id: $id) ${answer} }`,
        vars: { id: gid('Organisation', closed.id) },
        rows: row(() => prisma.organisation.findUnique({ where: { id: closed.id } })),
      },
      {
        op: 'admitDirectedStudent',
        query: `mutation($i: AdmitDirectedStudentInput!) { admitDirectedStudent(input: $i) ${answer} }`,
        vars: {
          i: {
            classId: gid('DirectedClass', cls.id),
            studentNo: 'W099',
            name: '越权学生',
            residentId: makeResidentId(home.county.code, 2004, true),
            enrolledOn: '2024-09-01',
          },
        },
        rows: row(() => prisma.directedStudent.findMany({ where: { classId: cls.id }, orderBy: { id: 'asc' } })),
      },
      {
        op: 'recordDirectedAgreement',
        query: `mutation($i: RecordAgreementInput!) { recordDirectedAgreement(input: $i) ${answer} }`,
        vars: { i: { studentId: gid('DirectedStudent', unsigned.id), agreementNo: `X${suffix()}`, signedOn: '2024-09-02' } },
        rows: row(() => prisma.directedStudent.findUnique({ where: { id: unsigned.id } })),
      },
      {
        op: 'graduateDirectedStudent',
        query: `mutation($i: GraduateStudentInput!) { graduateDirectedStudent(input: $i) ${answer} }`,
        vars: { i: { studentId: gid('DirectedStudent', unsigned.id), graduatedOn: '2025-07-01', earlyGraduationReason: '越权' } },
        rows: row(() => prisma.directedStudent.findUnique({ where: { id: unsigned.id } })),
      },
      {
        op: 'placeDirectedGraduate',
        query: `mutation($i: PlaceGraduateInput!) { placeDirectedGraduate(input: $i) ${answer} }`,
        vars: {
          i: {
            studentId: gid('DirectedStudent', graduate.id),
            institutionId: gid('Organisation', orgs.INSTITUTION_STAFF.id),
            startDate: '2025-08-01',
          },
        },
        rows: row(async () => [
          await prisma.directedStudent.findUnique({ where: { id: graduate.id } }),
          await prisma.employment.findMany({ where: { caregiverId: graduate.caregiverId } }),
        ]),
      },
      {
        op: 'recordEmploymentMonths',
        query: `mutation($id: ID!, $i: RecordEmploymentMonthsInput!) { recordEmploymentMonths(employmentId: $id, input: $i) ${answer} }`,
        vars: {
          id: gid('Employment', employment.id),
          i: { months: [{ month: '2025-12', socialInsurancePaid: true, attendanceDays: 22 }] },
        },
        rows: row(() => prisma.employmentMonth.findMany({ where: { employmentId: employment.id }, orderBy: { month: 'asc' } })),
      },
      {
        op: 'saveMonthlyRoster',
        query: `mutation($i: MonthlyRosterInput!) { saveMonthlyRoster(input: $i) ${answer} }`,
        vars: { i: monthlyRoster },
        rows: row(async () => [
          await prisma.employmentMonth.findMany({ where: { employmentId: employment.id }, orderBy: { month: 'asc' } }),
          await prisma.monthlyRoster.findMany({ where: { institutionId: orgs.INSTITUTION_STAFF.id } }),
        ]),
      },
      {
        op: 'confirmMonthlyRoster',
        query: `mutation($i: MonthlyRosterInput!) { confirmMonthlyRoster(input: $i) ${answer} }`,
        vars: { i: monthlyRoster },
        rows: row(async () => [
          await prisma.employmentMonth.findMany({ where: { employmentId: employment.id }, orderBy: { month: 'asc' } }),
          await prisma.monthlyRoster.findMany({ where: { institutionId: orgs.INSTITUTION_STAFF.id } }),
        ]),
      },
      {
        op: 'recordFirstAidCertificate',
        query: `mutation($i: RecordFirstAidInput!) { recordFirstAidCertificate(input: $i) ${answer} }`,
        vars: {
          i: {
            caregiverId: gid('Caregiver', caregiverId),
            number: `FA${suffix()}`,
            issuer: '越权红十字会',
            issuedOn: '2026-01-01',
            expiresOn: '2029-01-01',
          },
        },
        rows: row(() => prisma.firstAidCertificate.findMany({ where: { caregiverId } })),
      },
      {
        op: 'createCompetition',
        query: `mutation($i: CreateCompetitionInput!) { createCompetition(input: $i) ${answer} }`,
        vars: {
          i: {
            name: '越权竞赛',
            tier: 'CITY',
            year: 2026,
            regionId: gid('Region', home.city.id),
            organiserId: gid('Organisation', bureau.id),
          },
        },
        rows: row(() => prisma.competition.findMany({ where: { regionId: { in: homeRegions } }, orderBy: { id: 'asc' } })),
      },
      {
        op: 'registerOrganisation',
        query: `mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) ${answer} }`,
        vars: { i: { kind: 'INSTITUTION', name: '越权机构', regionCode: home.county.code, uscc: makeUscc(), beds: 10 } },
        rows: row(() => prisma.organisation.findMany({ where: { regionId: { in: homeRegions } }, orderBy: { id: 'asc' } })),
      },
      {
        op: 'applyForExam',
        query: `mutation($i: ApplyForExamInput!) { applyForExam(input: $i) ${answer} }`,
        vars: { i: { sessionId: gid('ExamSession', openSession.id), caregiverId: gid('Caregiver', caregiverId) } },
        rows: row(() => prisma.levelApplication.findMany({ where: { caregiverId } })),
      },
      {
        op: 'decideLevelApplication',
        query: `mutation($i: DecideApplicationInput!) { decideLevelApplication(input: $i) ${answer} }`,
        vars: { i: { applicationId: gid('LevelApplication', submittedApplication.id), approve: true } },
        rows: row(async () => [
          await prisma.levelApplication.findUnique({ where: { id: submittedApplication.id } }),
          await prisma.examSession.findUnique({ where: { id: openSession.id } }),
        ]),
      },
      {
        op: 'recordExamScores',
        query: `mutation($i: RecordScoresInput!) { recordExamScores(input: $i) ${answer} }`,
        vars: { i: { applicationId: gid('LevelApplication', scheduledApplication.id), theory: 90, practical: 90 } },
        rows: row(() => prisma.levelApplication.findUnique({ where: { id: scheduledApplication.id } })),
      },
      {
        op: 'publishExamResults',
        query: `mutation($id: ID!) { publishExamResults(sessionId: $id) ${answer} }`,
        vars: { id: gid('ExamSession', openSession.id) },
        rows: row(() => prisma.examSession.findUnique({ where: { id: openSession.id }, include: { applications: true } })),
      },
      {
        op: 'lodgeExamObjection',
        query: `mutation($i: ObjectionInput!) { lodgeExamObjection(input: $i) ${answer} }`,
        vars: { i: { applicationId: gid('LevelApplication', passedApplication.id), text: '越权异议内容' } },
        rows: row(() => prisma.levelApplication.findUnique({ where: { id: passedApplication.id } })),
      },
      {
        op: 'resolveExamObjection',
        query: `mutation($i: ResolveObjectionInput!) { resolveExamObjection(input: $i) ${answer} }`,
        vars: { i: { applicationId: gid('LevelApplication', objectedApplication.id), reply: '越权答复内容' } },
        rows: row(() => prisma.levelApplication.findUnique({ where: { id: objectedApplication.id } })),
      },
      {
        op: 'issueCertificates',
        query: `mutation($id: ID!) { issueCertificates(sessionId: $id) ${answer} }`,
        vars: { id: gid('ExamSession', publicisedSession.id) },
        rows: row(async () => [
          await prisma.examSession.findUnique({ where: { id: publicisedSession.id }, include: { applications: true } }),
          await prisma.certificate.count({ where: { issuerId: orgs.ASSESSOR.id } }),
        ]),
      },
      {
        op: 'createSubsidyClaim',
        query: `mutation($i: SubsidyClaimInput!) { createSubsidyClaim(input: $i) ${answer} }`,
        vars: {
          i: {
            kind: 'POST_SUBSIDY',
            caregiverId: gid('Caregiver', caregiverId),
            employmentId: gid('Employment', employment.id),
            month: '2025-10-01',
          },
        },
        rows: row(() => prisma.subsidyClaim.findMany({ where: { caregiverId }, orderBy: { id: 'asc' } })),
      },
      {
        op: 'addClaimEvidence',
        query: `mutation($i: AddClaimEvidenceInput!) { addClaimEvidence(input: $i) ${answer} }`,
        vars: { i: { claimId: gid('SubsidyClaim', draftClaim.id), kind: 'OTHER', fileName: 'other.pdf', contentBase64: pdf } },
        rows: row(() => prisma.claimEvidence.findMany({ where: { claimId: draftClaim.id } })),
      },
      {
        op: 'approveSubsidyClaims',
        query: `mutation($ids: [ID!]!) {
          approveSubsidyClaims(claimIds: $ids) { __typename ... on MutationApproveSubsidyClaimsSuccess { data { ok code } } ... on Error { code } }
        }`,
        vars: { ids: [gid('SubsidyClaim', reviewedClaim.id)] },
        refused: (payload) => {
          const outcomes = (payload as { data?: { ok: boolean; code: string | null }[] } | undefined)?.data ?? [];
          return outcomes.length === 1 && outcomes.every((o) => !o.ok && o.code === 'NOT_FOUND');
        },
        rows: row(() => prisma.subsidyClaim.findUnique({ where: { id: reviewedClaim.id } })),
      },
    );

    const awayOrgs = await makeStaffOrganisations(away);
    for (const role of ROLES_BUT_ADMIN) {
      const scope =
        role === 'CAREGIVER'
          ? { caregiverId: (await makeCaregiver(away.county.id, away.county.code)).caregiver.id }
          : role in awayOrgs
            ? { organisationId: awayOrgs[role as keyof typeof awayOrgs].id }
            : { regionId: away.city.id };
      const { user, token } = await makeUser(role, scope);
      outsiders.push({ role, userId: user.id, token });
    }
  });

  it('covers every mutation of the schema, or says why one is not a region-scoped write', () => {
    const inMatrix = new Set(cases.map((c) => c.op));
    const mutations = Object.entries(schema.getMutationType()!.getFields());
    const unclassified = mutations.map(([name]) => name).filter((name) => !inMatrix.has(name) && !NOT_IN_MATRIX[name]);
    expect(unclassified, 'add a case to the matrix, or a reason to NOT_IN_MATRIX').toEqual([]);
    expect(
      Object.keys(NOT_IN_MATRIX).filter((name) => inMatrix.has(name)),
      'in the matrix and excused',
    ).toEqual([]);
    // "admins only" is checked, not believed: no role of the matrix holds such a field.
    const roleOf = (name: string) =>
      (mutations.find(([n]) => n === name)?.[1].extensions?.pothosOptions as { authScopes?: { role?: unknown } } | undefined)?.authScopes
        ?.role;
    for (const [name, reason] of Object.entries(NOT_IN_MATRIX)) if (reason === ADMINS_ONLY) expect(roleOf(name), name).toBe('ADMIN');
  });

  it('refuses a user of every role from another city, writing nothing', async () => {
    for (const c of cases) {
      const before = await snapshot(c);
      for (const o of outsiders) {
        const res = await gql(c.query, c.vars, { token: o.token });
        const typename = (res.data?.[c.op] as { __typename?: string } | undefined)?.__typename ?? '';
        expect(
          !!res.errors || /Error$/.test(typename) || !!c.refused?.(res.data?.[c.op]),
          `${o.role} → ${c.op}: ${JSON.stringify(res.data ?? res.errors).slice(0, 200)}`,
        ).toBe(true);
        expect(await snapshot(c), `${o.role} → ${c.op} changed rows`).toBe(before);
      }
    }
    expect(await prisma.auditLog.count({ where: { actorUserId: { in: outsiders.map((o) => o.userId) } } })).toBe(0);
  });
});
