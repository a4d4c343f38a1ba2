import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { wholeMonthsBetween } from '../../api/src/shared/china-time.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { evictCredentials } from '../../api/src/modules/auth/credential-cache.ts';
import { readCells } from '../../api/src/files/spreadsheet-cells.ts';
import { runJob } from '../../api/src/jobs/runner.ts';
import { encryptSecret } from '../../api/src/modules/caregivers/field-encryption.ts';
import { evaluateClaim } from '../../api/src/modules/subsidies/claim-evaluation.ts';
import { releaseDueInstalments } from '../../api/src/modules/subsidies/instalments.service.ts';
import { formatYuan, splitByShares } from '../../api/src/shared/money.ts';
import { generateRosterClaims } from '../../api/src/modules/subsidies/post-subsidy-batch.ts';
import { certificationAmount } from '../../api/src/modules/subsidies/subsidy-eligibility.ts';
import { ensureSkillLevels, gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { runStagedJob } from '../support/jobs.ts';
import { claimsOf, makeSubsidyRegion, MONTH, seedConfirmedMonth } from '../support/post-subsidy-seed.ts';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const fakeJob = { jobId: randomUUID(), reportProgress: async () => undefined };

type Fixture = Awaited<ReturnType<typeof makeFixture>>;

/** A city with one county and an institution, its funds and policies, and the bureau's people. */
async function makeFixture(opts: { envelopeYuan?: number } = {}) {
  const levels = await ensureSkillLevels();
  const tree = await makeRegionTree();
  const home = await makeOrganisation(tree.county.id, 'INSTITUTION');
  const assessor = await makeOrganisation(tree.county.id, 'ASSESSOR');
  const tag = randomUUID().slice(0, 8).toUpperCase();
  const fund = await prisma.fundSource.create({
    data: {
      code: `F-${tag}`,
      name: '测试专项资金',
      kind: 'SPECIAL_FUND',
      regionId: tree.city.id,
      payerAccount: '1502201009300012345',
      payerName: '测试市财政局',
      payerBank: '中国工商银行测试分行',
    },
  });
  const year = new Date().getUTCFullYear();
  await prisma.fundEnvelope.create({ data: { fundSourceId: fund.id, year, amountFen: BigInt((opts.envelopeYuan ?? 1_000_000) * 100) } });
  const common = { regionId: tree.city.id, effectiveFrom: d('2020-01-01'), funds: { create: [{ fundSourceId: fund.id, priority: 0 }] } };
  await prisma.subsidyPolicy.create({
    data: {
      ...common,
      code: `P-${tag}`,
      version: 1,
      kind: 'POST_SUBSIDY',
      nameZh: '岗位补贴',
      nameEn: 'Post subsidy',
      amounts: { byLevel: { L5: 50000, L4: 80000, L3: 100000, L2: 120000, L1: 150000 } },
      rules: {},
    },
  });
  await prisma.subsidyPolicy.create({
    data: {
      ...common,
      code: `O-${tag}`,
      version: 1,
      kind: 'ONBOARDING_AWARD',
      nameZh: '入职奖补',
      nameEn: 'Onboarding award',
      publicationDays: 5,
      amounts: { byEducation: { SECONDARY_VOCATIONAL: 3_000_000, COLLEGE: 4_000_000, BACHELOR: 5_000_000 } },
      rules: {},
      instalments: [
        { sharePercent: 30, afterYears: 3 },
        { sharePercent: 30, afterYears: 4 },
        { sharePercent: 40, afterYears: 5 },
      ],
    },
  });
  await prisma.subsidyPolicy.create({
    data: {
      ...common,
      code: `C-${tag}`,
      version: 1,
      kind: 'CERTIFICATION',
      nameZh: '鉴定补贴',
      nameEn: 'Certification',
      amounts: { feeSharePercent: 70, floorFen: 22000 },
      rules: {},
    },
  });
  const [staff, reviewer, approver, secondApprover, finance] = await Promise.all([
    makeUser('INSTITUTION_STAFF', { organisationId: home.id }),
    makeUser('HR_REVIEWER', { regionId: tree.city.id }),
    makeUser('HR_APPROVER', { regionId: tree.city.id }),
    makeUser('HR_APPROVER', { regionId: tree.city.id }),
    makeUser('FINANCE_OFFICER', { regionId: tree.city.id }),
  ]);
  let certificateSerial = 0;
  /** A care worker in post since `start`, holding the given levels (issued on the given days), with a bank account. */
  const worker = async (start: string, held: [string, string][] = [['L5', '2020-05-01']], education: 'JUNIOR' | 'COLLEGE' = 'JUNIOR') => {
    const { caregiver } = await makeCaregiver(tree.county.id, tree.county.code, { education });
    await prisma.caregiver.update({
      where: { id: caregiver.id },
      data: { bankAccountCipher: encryptSecret('6217000012345678903'), bankAccountMasked: '6217 **** **** 8903', bankName: '测试银行' },
    });
    const employment = await makeEmployment(caregiver.id, home.id, start);
    for (const [code, issuedOn] of held) {
      await prisma.certificate.create({
        data: {
          number: `T${tag}${String(++certificateSerial).padStart(4, '0')}${Math.floor(Math.random() * 1e4)}`,
          caregiverId: caregiver.id,
          levelId: levels.get(code)!,
          issuerId: assessor.id,
          issuedOn: d(issuedOn),
          source: 'EXAM',
          examFeeFen: 31450,
        },
      });
    }
    return { caregiver, employment };
  };
  return { tree, home, fund, year, levels, staff, reviewer, approver, secondApprover, finance, worker };
}

const ATTENDANCE = (employmentId: string, days = 24, incident = false, insured = true) => ({
  employmentId: gid('Employment', employmentId),
  attendanceDays: days,
  socialInsurancePaid: insured,
  liabilityIncident: incident,
});

/**
 * Confirms a month's roster through the API (people of earlier tests at the same home get 0 days, so
 * they stay out) and runs the batch it staged; returns the roster row.
 */
async function confirmAndRun(f: Fixture, month: string, given: ReturnType<typeof ATTENDANCE>[]) {
  const roster = await gql(
    `query($id: ID!, $month: String!) { monthlyRoster(institutionId: $id, month: $month) { ... on MonthlyRoster { lines { employment { id } } } } }`,
    { id: gid('Organisation', f.home.id), month },
    { token: f.staff.token },
  );
  const everyone: { employment: { id: string } }[] = roster.data?.monthlyRoster.lines ?? [];
  const lines = [
    ...given,
    ...everyone
      .filter((l) => !given.some((g) => g.employmentId === l.employment.id))
      .map((l) => ({ employmentId: l.employment.id, attendanceDays: 0, socialInsurancePaid: true, liabilityIncident: false })),
  ];
  const res = await gql(
    `mutation($input: MonthlyRosterInput!) { confirmMonthlyRoster(input: $input) { __typename ... on MutationConfirmMonthlyRosterSuccess { data } ... on Error { message } } }`,
    { input: { institutionId: gid('Organisation', f.home.id), month: `${month}-01`, lines } },
    { token: f.staff.token },
  );
  expect(res.data?.confirmMonthlyRoster.__typename, JSON.stringify(res)).toBe('MutationConfirmMonthlyRosterSuccess');
  const confirmed = await prisma.monthlyRoster.findUniqueOrThrow({
    where: { institutionId_month: { institutionId: f.home.id, month: d(`${month}-01`) } },
  });
  await generateRosterClaims([confirmed.id], fakeJob);
  return confirmed;
}

const claimOf = (caregiverId: string, month: string) =>
  prisma.subsidyClaim.findUnique({ where: { caregiverId_kind_subjectKey: { caregiverId, kind: 'POST_SUBSIDY', subjectKey: month } } });

async function review(f: Fixture, claimId: string, token = f.reviewer.token) {
  return gql(
    `mutation($input: ReviewSubsidyClaimInput!) { reviewSubsidyClaim(input: $input) { __typename ... on Error { code message } } }`,
    { input: { claimId: gid('SubsidyClaim', claimId), pass: true } },
    { token },
  );
}
async function approve(f: Fixture, claimId: string, token = f.approver.token) {
  return gql(
    `mutation($id: ID!) { approveSubsidyClaim(claimId: $id) { __typename ... on MutationApproveSubsidyClaimSuccess { data { status } } ... on Error { code message } } }`,
    { id: gid('SubsidyClaim', claimId) },
    { token },
  );
}

describe('money and rules, exactly', () => {
  it('splits an award into instalments that add up to the fen, and computes the certification subsidy with its floor', () => {
    expect(splitByShares(4_000_001, [30, 30, 40])).toEqual([1_200_000, 1_200_000, 1_600_001]);
    expect(formatYuan(123_456_789n)).toBe('1,234,567.89');
    const terms = {
      amounts: { feeSharePercent: 70, floorFen: 22000 },
      rules: { claimWithinMonths: 12, requiredEvidence: [] },
      instalments: null,
    };
    expect(certificationAmount(terms, 31450)).toBe(22015);
    expect(certificationAmount(terms, 18000)).toBe(18000);
    expect(certificationAmount(terms, 28000)).toBe(22000);
    expect(wholeMonthsBetween(d('2026-07-15'), d('2026-10-31'))).toBe(3);
    expect(wholeMonthsBetween(d('2026-08-01'), d('2026-10-31'))).toBe(3);
    expect(wholeMonthsBetween(d('2026-08-02'), d('2026-10-31'))).toBe(2);
  });
});

describe('post-subsidy batches', () => {
  it('rosters of a province confirmed while its batch waits share it, staff of each can follow it, and later ones open the next', async () => {
    const region = await makeSubsidyRegion();
    const a = await seedConfirmedMonth(region, 3);
    const b = await seedConfirmedMonth(region, 2);
    const elsewhere = await seedConfirmedMonth(await makeSubsidyRegion(), 1);
    expect(b.job.id).toBe(a.job.id);
    expect(elsewhere.job.id).not.toBe(a.job.id);

    const follow = async (token: string) =>
      (await gql(`query($id: ID!) { backgroundJob(id: $id) { id } }`, { id: gid('BackgroundJob', a.job.id) }, { token })).data
        ?.backgroundJob?.id ?? null;
    expect(await follow(b.staff.token)).toBe(gid('BackgroundJob', a.job.id));
    expect(await follow(elsewhere.staff.token)).toBeNull();

    await runJob(a.job.id, { final: true });
    const done = await prisma.backgroundJob.findUniqueOrThrow({ where: { id: a.job.id } });
    expect(done).toMatchObject({ status: 'COMPLETED', result: { people: 5, created: 5, existing: 0, excluded: 0 } });
    expect(done.key).toBe(`subsidies.generatePostSubsidies:${region.tree.province.code}:${MONTH}:${a.job.id}`);
    const paid = await claimsOf([...a.caregiverIds, ...b.caregiverIds]);
    expect(paid.missing).toEqual([]);
    expect(paid.auditsPerClaim).toEqual([1]);
    // The claim judged in the batch says what judging the one person says.
    const claim = await prisma.subsidyClaim.findFirstOrThrow({
      where: { caregiverId: b.caregiverIds[0], kind: 'POST_SUBSIDY', subjectKey: MONTH },
    });
    const single = await evaluateClaim(
      claim.caregiverId,
      { kind: 'POST_SUBSIDY', employmentId: claim.employmentId!, month: d(`${MONTH}-01`) },
      new Date(),
    );
    expect(single.eligibility).toEqual(claim.eligibility);
    expect([single.policy.id, single.regionId, single.facts]).toEqual([claim.policyId, claim.regionId, claim.facts]);

    const late = await seedConfirmedMonth(region, 1);
    expect(late.job.id).not.toBe(a.job.id);
    expect((await prisma.backgroundJob.findUniqueOrThrow({ where: { id: late.job.id } })).key).toBe(
      `subsidies.generatePostSubsidies:${region.tree.province.code}:${MONTH}:open`,
    );
  });

  it('a roster still being confirmed when its batch starts is judged by that batch', async () => {
    const region = await makeSubsidyRegion();
    const first = await seedConfirmedMonth(region, 2);
    let running: Promise<void> | undefined;
    // The batch starts while the second confirmation holds the batch row: it waits for the commit, then takes both.
    const second = await seedConfirmedMonth(region, 2, {
      beforeCommit: async () => {
        running = runJob(first.job.id, { final: true });
        await new Promise((resolve) => setTimeout(resolve, 300));
      },
    });
    await running;
    expect(second.job.id).toBe(first.job.id);
    expect(await prisma.backgroundJob.findUniqueOrThrow({ where: { id: first.job.id } })).toMatchObject({
      status: 'COMPLETED',
      result: { people: 4, created: 4 },
    });
    expect((await claimsOf([...first.caregiverIds, ...second.caregiverIds])).missing).toEqual([]);
  });
});

describe('monthly post subsidies', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeFixture();
  });

  it('explains eligibility rule by rule before anything is submitted', async () => {
    const { caregiver, employment } = await f.worker('2025-01-01');
    await prisma.employmentMonth.create({
      data: { employmentId: employment.id, month: d('2026-06-01'), attendanceDays: 18, socialInsurancePaid: true },
    });
    await prisma.monthlyRoster.create({
      data: { institutionId: f.home.id, month: d('2026-06-01'), confirmedAt: new Date(), confirmedById: f.staff.user.id },
    });
    const res = await gql(
      `query($input: SubsidyClaimInput!) { subsidyEligibility(input: $input) { ... on QuerySubsidyEligibilitySuccess { data { eligible amountYuan rules { ruleId met en } } } } }`,
      {
        input: {
          kind: 'POST_SUBSIDY',
          caregiverId: gid('Caregiver', caregiver.id),
          employmentId: gid('Employment', employment.id),
          month: '2026-06-01',
        },
      },
      { token: f.staff.token },
    );
    const data = res.data?.subsidyEligibility.data;
    expect(data.eligible).toBe(false);
    expect(data.amountYuan).toBe('0.00');
    expect(data.rules.find((r: { ruleId: string }) => r.ruleId === 'attendance')).toEqual({
      ruleId: 'attendance',
      met: false,
      en: '≥20 attendance days in 2026-06: no, 18',
    });
    expect(data.rules.filter((r: { met: boolean }) => !r.met)).toHaveLength(1);
  });

  it('creates one claim per eligible person, leaves out the blacklisted and the incident with reasons, and a second run (even concurrent) adds nothing', async () => {
    const ok1 = await f.worker('2025-01-01');
    const ok2 = await f.worker('2025-01-01', [
      ['L5', '2020-05-01'],
      ['L3', '2024-01-01'],
    ]);
    const banned = await f.worker('2025-01-01');
    const incident = await f.worker('2025-01-01');
    const newcomer = await f.worker('2026-08-20');
    await prisma.blacklistEntry.create({
      data: {
        caregiverId: banned.caregiver.id,
        reason: '骗取补贴',
        startsOn: d('2026-07-01'),
        issuerRegionId: f.tree.city.id,
        createdById: f.reviewer.user.id,
      },
    });
    const roster = await confirmAndRun(f, '2026-09', [
      ATTENDANCE(ok1.employment.id),
      ATTENDANCE(ok2.employment.id, 22),
      ATTENDANCE(banned.employment.id),
      ATTENDANCE(incident.employment.id, 25, true),
      ATTENDANCE(newcomer.employment.id, 26),
    ]);
    // Twice more at once: the unique key (person, kind, month) keeps it to one claim each.
    await Promise.all([generateRosterClaims([roster.id], fakeJob), generateRosterClaims([roster.id], fakeJob)]);
    const claims = await prisma.subsidyClaim.findMany({
      where: { kind: 'POST_SUBSIDY', subjectKey: '2026-09', employment: { institutionId: f.home.id } },
    });
    expect(claims.map((c) => [c.caregiverId, c.amountFen, c.status]).sort()).toEqual(
      [
        [ok1.caregiver.id, 50000, 'SUBMITTED'],
        [ok2.caregiver.id, 100000, 'SUBMITTED'],
      ].sort(),
    );
    const exclusion = async (employmentId: string) =>
      (
        (await prisma.employmentMonth.findUniqueOrThrow({ where: { employmentId_month: { employmentId, month: d('2026-09-01') } } }))
          .subsidyExclusion as { ruleId: string }[]
      ).map((r) => r.ruleId);
    expect(await exclusion(banned.employment.id)).toEqual(['blacklist']);
    expect(await exclusion(incident.employment.id)).toEqual(['incident']);
    expect(await exclusion(newcomer.employment.id)).toEqual(['monthsInPost']);
    // Confirming the same month again is refused.
    const again = await gql(
      `mutation($input: MonthlyRosterInput!) { confirmMonthlyRoster(input: $input) { __typename ... on Error { code } } }`,
      { input: { institutionId: gid('Organisation', f.home.id), month: '2026-09-01', lines: [] } },
      { token: f.staff.token },
    );
    expect(again.data?.confirmMonthlyRoster).toEqual({ __typename: 'ConflictError', code: 'WRONG_STATE' });
  });

  it('starts lines from last month’s facts, shows what confirming gives, and leaves out a month without social insurance', async () => {
    const g = await makeFixture();
    const paid = await g.worker('2025-01-01');
    const uninsured = await g.worker('2025-01-01');
    const short = await g.worker('2025-01-01');
    const unrecorded = await g.worker('2025-01-01');
    await prisma.employmentMonth.create({
      data: { employmentId: paid.employment.id, month: d('2026-07-01'), attendanceDays: 21, socialInsurancePaid: false },
    });
    const vars = { id: gid('Organisation', g.home.id), month: '2026-08' };
    const roster = await gql(
      `query($id: ID!, $month: String!) { monthlyRoster(institutionId: $id, month: $month) { lines { employment { id } attendanceDays socialInsurancePaid previousAttendanceDays previousSocialInsurancePaid } } }`,
      vars,
      { token: g.staff.token },
    );
    const lineOf = (employmentId: string) =>
      roster.data?.monthlyRoster.lines.find((l: { employment: { id: string } }) => l.employment.id === gid('Employment', employmentId));
    expect(lineOf(paid.employment.id)).toMatchObject({
      attendanceDays: null,
      socialInsurancePaid: null,
      previousAttendanceDays: 21,
      previousSocialInsurancePaid: false,
    });
    expect(lineOf(uninsured.employment.id)).toMatchObject({
      attendanceDays: null,
      socialInsurancePaid: null,
      previousAttendanceDays: null,
      previousSocialInsurancePaid: null,
    });

    const lines = [
      ATTENDANCE(paid.employment.id, 22),
      ATTENDANCE(uninsured.employment.id, 23, false, false),
      ATTENDANCE(short.employment.id, 15),
    ];
    const saved = await gql(
      `mutation($input: MonthlyRosterInput!) { saveMonthlyRoster(input: $input) { __typename } }`,
      { input: { institutionId: vars.id, month: '2026-08-01', lines } },
      { token: g.staff.token },
    );
    expect(saved.data?.saveMonthlyRoster.__typename).toBe('MutationSaveMonthlyRosterSuccess');
    const summary = await gql(
      `query($id: ID!, $month: String!) { monthlyRosterSummary(institutionId: $id, month: $month) { people unrecorded eligible amountYuan exclusions { ruleId people } } }`,
      vars,
      { token: g.staff.token },
    );
    expect(summary.data?.monthlyRosterSummary).toEqual({
      people: 4,
      unrecorded: 1,
      eligible: 1,
      amountYuan: '500.00',
      exclusions: [
        { ruleId: 'attendance', people: 1 },
        { ruleId: 'insurance', people: 1 },
      ],
    });

    await confirmAndRun(g, '2026-08', [...lines, ATTENDANCE(unrecorded.employment.id, 22)]);
    expect((await claimOf(paid.caregiver.id, '2026-08'))?.amountFen).toBe(50000);
    expect(await claimOf(uninsured.caregiver.id, '2026-08')).toBeNull();
    const exclusion = await prisma.employmentMonth.findUniqueOrThrow({
      where: { employmentId_month: { employmentId: uninsured.employment.id, month: d('2026-08-01') } },
    });
    expect((exclusion.subsidyExclusion as { ruleId: string }[]).map((r) => r.ruleId)).toEqual(['insurance']);
  });

  it('pays a level issued on the 15th from the next month', async () => {
    const { caregiver, employment } = await f.worker('2025-01-01', [
      ['L5', '2021-03-01'],
      ['L4', '2026-10-15'],
    ]);
    await confirmAndRun(f, '2026-10', [ATTENDANCE(employment.id)]);
    expect((await claimOf(caregiver.id, '2026-10'))?.amountFen).toBe(50000);
    // November (confirmed directly: the API only confirms months that have ended) pays level 4.
    await prisma.monthlyRoster.create({
      data: { institutionId: f.home.id, month: d('2026-11-01'), confirmedAt: new Date(), confirmedById: f.staff.user.id },
    });
    await prisma.employmentMonth.create({
      data: { employmentId: employment.id, month: d('2026-11-01'), attendanceDays: 22, socialInsurancePaid: true },
    });
    const november = await evaluateClaim(
      caregiver.id,
      { kind: 'POST_SUBSIDY', employmentId: employment.id, month: d('2026-11-01') },
      d('2026-12-01'),
    );
    expect(november.eligibility).toMatchObject({ eligible: true, amountFen: 80000 });
    expect(november.eligibility.rules.find((r) => r.ruleId === 'level')?.conditions).toEqual([
      { code: 'LEVEL_HELD_BEFORE_MONTH', met: true, params: { level: 'L4' } },
    ]);
  });

  it('never trusts an amount from the client: the input has no such field and the amount comes from the policy', async () => {
    const { caregiver } = await f.worker('2025-01-01');
    const cert = await prisma.certificate.findFirstOrThrow({ where: { caregiverId: caregiver.id } });
    await prisma.certificate.update({ where: { id: cert.id }, data: { issuedOn: d(new Date().toISOString().slice(0, 10)) } });
    const { token } = await makeUser('CAREGIVER', { caregiverId: caregiver.id });
    const query = `mutation($input: SubsidyClaimInput!) { createSubsidyClaim(input: $input) { __typename ... on MutationCreateSubsidyClaimSuccess { data { amountFen status } } } }`;
    const forged = await gql(
      query,
      { input: { kind: 'CERTIFICATION', certificateId: gid('Certificate', cert.id), amountFen: 999_999 } },
      { token },
    );
    expect(forged.errors?.[0]?.message).toMatch(/amountFen/);
    expect(await prisma.subsidyClaim.count({ where: { caregiverId: caregiver.id } })).toBe(0);
    const real = await gql(query, { input: { kind: 'CERTIFICATION', certificateId: gid('Certificate', cert.id) } }, { token });
    expect(real.data?.createSubsidyClaim.data).toEqual({ amountFen: 22015, status: 'DRAFT' });
  });
});

describe('review and approval', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeFixture({ envelopeYuan: 1_500 });
  });

  async function submittedClaims(n: number, month: string) {
    const people = await Promise.all(Array.from({ length: n }, () => f.worker('2025-01-01')));
    await confirmAndRun(
      f,
      month,
      people.map((p) => ATTENDANCE(p.employment.id)),
    );
    return Promise.all(people.map(async (p) => (await claimOf(p.caregiver.id, month))!));
  }

  it('refuses maker = checker in code and in the database', async () => {
    const [claim] = await submittedClaims(1, '2026-07');
    expect((await review(f, claim!.id)).data?.reviewSubsidyClaim.__typename).toBe('MutationReviewSubsidyClaimSuccess');
    // The reviewer is an approver too, but not for a claim they reviewed.
    await prisma.membership.create({ data: { userId: f.reviewer.user.id, role: 'HR_APPROVER', regionId: f.tree.city.id } });
    // Roles granted behind the API's back: drop its cached validations, as setUserMemberships does.
    await evictCredentials(`user:${f.reviewer.user.id}`);
    expect((await approve(f, claim!.id, f.reviewer.token)).data?.approveSubsidyClaim).toMatchObject({
      __typename: 'SamePersonError',
      code: 'SAME_PERSON',
    });
    await expect(
      prisma.$executeRaw`UPDATE "SubsidyClaim" SET "approvedById" = "reviewedById", status = 'APPROVED' WHERE id = ${claim!.id}::uuid`,
    ).rejects.toThrow(/SubsidyClaim_maker_checker_check/);
    expect((await prisma.subsidyClaim.findUniqueOrThrow({ where: { id: claim!.id } })).status).toBe('REVIEWED');
    // Nor may the person who submitted it (the institution user who confirmed the roster).
    await prisma.membership.create({ data: { userId: f.staff.user.id, role: 'HR_APPROVER', regionId: f.tree.city.id } });
    await evictCredentials(`user:${f.staff.user.id}`);
    expect((await approve(f, claim!.id, f.staff.token)).data?.approveSubsidyClaim).toMatchObject({
      __typename: 'SamePersonError',
      code: 'SAME_PERSON',
    });
    expect((await approve(f, claim!.id)).data?.approveSubsidyClaim.__typename).toBe('MutationApproveSubsidyClaimSuccess');
  });

  it('50 concurrent approvals of one claim make one approval and one payable instalment', async () => {
    const [claim] = await submittedClaims(1, '2026-06');
    await review(f, claim!.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => approve(f, claim!.id, i % 2 ? f.approver.token : f.secondApprover.token)),
    );
    const kinds = results.map((r) => r.data?.approveSubsidyClaim.__typename);
    expect(kinds.filter((k) => k === 'MutationApproveSubsidyClaimSuccess')).toHaveLength(1);
    expect(kinds.filter((k) => k !== 'MutationApproveSubsidyClaimSuccess').every((k) => k === 'ConflictError')).toBe(true);
    const instalments = await prisma.instalment.findMany({ where: { claimId: claim!.id } });
    expect(instalments.map((i) => [i.status, i.amountFen])).toEqual([['PAYABLE', 50000]]);
  });

  it('never lets concurrent approvals overspend an envelope', async () => {
    const claims = await submittedClaims(6, '2026-05');
    for (const c of claims) await review(f, c.id);
    const envelope = await prisma.fundEnvelope.findFirstOrThrow({ where: { fundSourceId: f.fund.id } });
    const room = Number(envelope.amountFen - envelope.committedFen);
    const results = await Promise.all(claims.map((c, i) => approve(f, c.id, i % 2 ? f.approver.token : f.secondApprover.token)));
    const approved = results.filter((r) => r.data?.approveSubsidyClaim.__typename === 'MutationApproveSubsidyClaimSuccess').length;
    expect(approved).toBe(Math.floor(room / 50000));
    expect(results.filter((r) => r.data?.approveSubsidyClaim.__typename === 'EnvelopeExhaustedError')).toHaveLength(6 - approved);
    const after = await prisma.fundEnvelope.findFirstOrThrow({ where: { fundSourceId: f.fund.id } });
    expect(after.committedFen).toBe(envelope.committedFen + BigInt(approved * 50000));
    expect(after.committedFen <= after.amountFen).toBe(true);
  });

  it('bulk approval applies the same checks to each claim', async () => {
    const g = await makeFixture();
    const people = await Promise.all([g.worker('2025-01-01'), g.worker('2025-01-01')]);
    await confirmAndRun(
      g,
      '2026-04',
      people.map((p) => ATTENDANCE(p.employment.id)),
    );
    const [a, b] = await Promise.all(people.map(async (p) => (await claimOf(p.caregiver.id, '2026-04'))!));
    await review(g, a!.id);
    const res = await gql(
      `mutation($ids: [ID!]!) { approveSubsidyClaims(claimIds: $ids) { ... on MutationApproveSubsidyClaimsSuccess { data { ok code } } } }`,
      { ids: [gid('SubsidyClaim', a!.id), gid('SubsidyClaim', b!.id)] },
      { token: g.approver.token },
    );
    expect(res.data?.approveSubsidyClaims.data).toEqual([
      { ok: true, code: null },
      { ok: false, code: 'WRONG_STATE' },
    ]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: a!.id, action: 'subsidy.approveClaim' } });
    expect(audit).toMatchObject({
      actorUserId: g.approver.user.id,
      before: { status: 'REVIEWED' },
      after: { status: 'APPROVED', amountFen: 50000 },
    });
  });
});

describe('onboarding award in instalments', () => {
  it('needs its evidence, is publicised, and forfeits an instalment due after the person left', async () => {
    const f = await makeFixture();
    const { caregiver, employment } = await f.worker('2021-09-01', [], 'COLLEGE');
    await prisma.employment.update({ where: { id: employment.id }, data: { contractEndsOn: d('2026-08-31') } });
    // Insured every month from September 2021 to May 2025.
    const months = Array.from({ length: 45 }, (_, i) => new Date(Date.UTC(2021, 8 + i, 1)));
    await prisma.employmentMonth.createMany({
      data: months.map((month) => ({ employmentId: employment.id, month, attendanceDays: 22, socialInsurancePaid: true })),
    });
    const create = await gql(
      `mutation($input: SubsidyClaimInput!) { createSubsidyClaim(input: $input) { __typename ... on MutationCreateSubsidyClaimSuccess { data { id amountFen } } ... on Error { message } } }`,
      {
        input: {
          kind: 'ONBOARDING_AWARD',
          caregiverId: gid('Caregiver', caregiver.id),
          employmentId: gid('Employment', employment.id),
          graduatedOn: '2021-06-30',
        },
      },
      { token: f.staff.token },
    );
    const claimGid = create.data?.createSubsidyClaim.data.id;
    expect(create.data?.createSubsidyClaim.data.amountFen).toBe(4_000_000);
    const submit = () =>
      gql(
        `mutation($id: ID!) { submitSubsidyClaim(claimId: $id) { __typename ... on Error { message } } }`,
        { id: claimGid },
        { token: f.staff.token },
      );
    expect((await submit()).data?.submitSubsidyClaim.message).toMatch(/CONTRACT, DIPLOMA, INSURANCE_RECORD/);
    const upload = (kind: string, fileName: string, contentBase64 = PDF) =>
      gql(
        `mutation($input: AddClaimEvidenceInput!) { addClaimEvidence(input: $input) { __typename ... on InputValidationError { fields { path message } } } }`,
        { input: { claimId: claimGid, kind, fileName, contentBase64 } },
        { token: f.staff.token },
      );
    expect((await upload('CONTRACT', 'contract.pdf', Buffer.from('MZ not a pdf').toString('base64'))).data?.addClaimEvidence).toEqual({
      __typename: 'InputValidationError',
      fields: [{ path: ['input', 'contentBase64'], message: 'must be a PDF, JPEG or PNG file' }],
    });
    for (const kind of ['CONTRACT', 'DIPLOMA', 'INSURANCE_RECORD'])
      expect(
        (await upload(kind, `${kind}.pdf`, Buffer.from(`%PDF-1.4 ${kind}`).toString('base64'))).data?.addClaimEvidence.__typename,
      ).toBe('MutationAddClaimEvidenceSuccess');
    expect((await submit()).data?.submitSubsidyClaim.__typename).toBe('MutationSubmitSubsidyClaimSuccess');
    const claimId = (await prisma.subsidyClaim.findFirstOrThrow({ where: { caregiverId: caregiver.id, kind: 'ONBOARDING_AWARD' } })).id;
    await review(f, claimId);
    expect((await approve(f, claimId)).data?.approveSubsidyClaim.data).toEqual({ status: 'PUBLICISED' });
    const claim = await prisma.subsidyClaim.findUniqueOrThrow({
      where: { id: claimId },
      include: { instalments: { orderBy: { seq: 'asc' } } },
    });
    expect(claim.instalments.map((i) => [i.dueOn.toISOString().slice(0, 10), i.amountFen, i.status])).toEqual([
      ['2024-09-01', 1_200_000, 'SCHEDULED'],
      ['2025-09-01', 1_200_000, 'SCHEDULED'],
      ['2026-09-01', 1_600_000, 'SCHEDULED'],
    ]);
    // The person leaves in May 2025: before the second instalment falls due.
    await prisma.employment.update({ where: { id: employment.id }, data: { endDate: d('2025-05-31') } });
    const dayAfterPublication = new Date(claim.publicationEndsOn!.getTime() + 86_400_000);
    await releaseDueInstalments(dayAfterPublication);
    const after = await prisma.instalment.findMany({ where: { claimId }, orderBy: { seq: 'asc' } });
    expect(after.map((i) => i.status)).toEqual(['PAYABLE', 'FORFEITED', 'FORFEITED']);
    expect((after[1]!.check as { ruleId: string; met: boolean }[]).find((r) => r.ruleId === 'stillEmployed')?.met).toBe(false);
    const envelope = await prisma.fundEnvelope.findFirstOrThrow({ where: { fundSourceId: f.fund.id } });
    expect(envelope.committedFen).toBe(1_200_000n);
    // Running the step again changes nothing.
    expect(await releaseDueInstalments(dayAfterPublication)).toMatchObject({ payable: 0, forfeited: 0 });
  });
});

describe('evidence the policy requires', () => {
  it('refuses to submit without the kinds the policy version lists, naming them, and shows the reviewer which are present', async () => {
    const f = await makeFixture();
    const policy = await prisma.subsidyPolicy.findFirstOrThrow({ where: { kind: 'CERTIFICATION', regionId: f.tree.city.id } });
    await prisma.subsidyPolicy.update({ where: { id: policy.id }, data: { rules: { requiredEvidence: ['INSURANCE_RECORD', 'OTHER'] } } });
    const { caregiver } = await f.worker('2025-01-01');
    const cert = await prisma.certificate.findFirstOrThrow({ where: { caregiverId: caregiver.id } });
    await prisma.certificate.update({ where: { id: cert.id }, data: { issuedOn: d(new Date().toISOString().slice(0, 10)) } });
    const { token } = await makeUser('CAREGIVER', { caregiverId: caregiver.id });
    const created = await gql(
      `mutation($input: SubsidyClaimInput!) { createSubsidyClaim(input: $input) { ... on MutationCreateSubsidyClaimSuccess { data { id } } } }`,
      { input: { kind: 'CERTIFICATION', certificateId: gid('Certificate', cert.id) } },
      { token },
    );
    const id = created.data?.createSubsidyClaim.data.id;
    const submit = () =>
      gql(
        `mutation($id: ID!) { submitSubsidyClaim(claimId: $id) { __typename ... on Error { code params { name value } } ... on EvidenceMissingError { missing } } }`,
        { id },
        { token },
      );
    expect((await submit()).data?.submitSubsidyClaim).toEqual({
      __typename: 'EvidenceMissingError',
      code: 'EVIDENCE_MISSING',
      params: [{ name: 'missing', value: 'INSURANCE_RECORD,OTHER' }],
      missing: ['INSURANCE_RECORD', 'OTHER'],
    });
    const upload = (kind: string) =>
      gql(
        `mutation($input: AddClaimEvidenceInput!) { addClaimEvidence(input: $input) { __typename } }`,
        { input: { claimId: id, kind, fileName: `${kind}.pdf`, contentBase64: Buffer.from(`%PDF-1.4 ${kind}`).toString('base64') } },
        { token },
      );
    await upload('INSURANCE_RECORD');
    expect((await submit()).data?.submitSubsidyClaim).toMatchObject({ __typename: 'EvidenceMissingError', missing: ['OTHER'] });
    await upload('OTHER');
    expect((await submit()).data?.submitSubsidyClaim.__typename).toBe('MutationSubmitSubsidyClaimSuccess');
    const seen = await gql(
      `query($id: ID!) { node(id: $id) { ... on SubsidyClaim { requiredEvidence { kind present } } } }`,
      { id },
      { token: f.reviewer.token },
    );
    expect(seen.data?.node.requiredEvidence).toEqual([
      { kind: 'INSURANCE_RECORD', present: true },
      { kind: 'OTHER', present: true },
    ]);
  });
});

describe('leaving with an onboarding award', () => {
  let f: Fixture;
  let serial = 0;
  beforeAll(async () => {
    f = await makeFixture();
  });

  /** A college graduate in post since 2021-09 whose approved award paid its first instalment; two are still scheduled. */
  async function awardHolder() {
    const { caregiver, employment } = await f.worker('2021-09-01', [], 'COLLEGE');
    const policy = await prisma.subsidyPolicy.findFirstOrThrow({ where: { kind: 'ONBOARDING_AWARD', regionId: f.tree.city.id } });
    const envelope = await prisma.fundEnvelope.update({
      where: { fundSourceId_year: { fundSourceId: f.fund.id, year: f.year } },
      data: { committedFen: { increment: 2_800_000 } },
    });
    const claim = await prisma.subsidyClaim.create({
      data: {
        reference: `LV-${randomUUID().slice(0, 8)}-${++serial}`,
        policyId: policy.id,
        kind: 'ONBOARDING_AWARD',
        caregiverId: caregiver.id,
        employmentId: employment.id,
        regionId: f.tree.county.id,
        subjectKey: employment.id,
        status: 'APPROVED',
        amountFen: 4_000_000,
        eligibility: { eligible: true, amountFen: 4_000_000, rules: [] },
        envelopeId: envelope.id,
        approvedAt: d('2021-12-01'),
        instalments: {
          create: [
            { seq: 1, sharePercent: 30, afterYears: 3, dueOn: d('2024-09-01'), amountFen: 1_200_000, status: 'PAID' },
            { seq: 2, sharePercent: 30, afterYears: 4, dueOn: d('2025-09-01'), amountFen: 1_200_000 },
            { seq: 3, sharePercent: 40, afterYears: 5, dueOn: d('2026-09-01'), amountFen: 1_600_000 },
          ],
        },
      },
    });
    return { caregiver, employment, claim };
  }
  const instalmentsOf = async (claimId: string) =>
    (await prisma.instalment.findMany({ where: { claimId }, orderBy: { seq: 'asc' } })).map((i) => [
      i.status,
      i.reason,
      i.suspendedUntil?.toISOString().slice(0, 10) ?? null,
    ]);
  const leave = (employmentId: string, endDate: string) =>
    gql(
      `mutation($id: ID!, $input: UpdateEmploymentInput!) { updateEmployment(id: $id, input: $input) { __typename ... on Error { message } } }`,
      { id: gid('Employment', employmentId), input: { endDate } },
      { token: f.staff.token },
    );
  const committed = async () =>
    (await prisma.fundEnvelope.findUniqueOrThrow({ where: { fundSourceId_year: { fundSourceId: f.fund.id, year: f.year } } })).committedFen;

  it('forfeits the instalments not yet due on the day the employment ends, with the reason, and releases their money', async () => {
    const { employment, claim } = await awardHolder();
    const before = await committed();
    expect((await leave(employment.id, '2025-05-31')).data?.updateEmployment.__typename).toBe('MutationUpdateEmploymentSuccess');
    expect(await instalmentsOf(claim.id)).toEqual([
      ['PAID', null, null],
      ['FORFEITED', 'LEFT_EMPLOYMENT', null],
      ['FORFEITED', 'LEFT_EMPLOYMENT', null],
    ]);
    expect(before - (await committed())).toBe(2_800_000n);
  });

  it('suspends them instead when the policy keeps them for re-employment within N months: restored by a new care post in time, forfeited after', async () => {
    const policy = await prisma.subsidyPolicy.findFirstOrThrow({ where: { kind: 'ONBOARDING_AWARD', regionId: f.tree.city.id } });
    await prisma.subsidyPolicy.update({ where: { id: policy.id }, data: { rules: { reemploymentKeepsMonths: 6 } } });
    const back = await awardHolder();
    const gone = await awardHolder();
    await leave(back.employment.id, '2025-05-31');
    await leave(gone.employment.id, '2025-05-31');
    expect(await instalmentsOf(back.claim.id)).toEqual([
      ['PAID', null, null],
      ['SUSPENDED', 'LEFT_EMPLOYMENT', '2025-11-30'],
      ['SUSPENDED', 'LEFT_EMPLOYMENT', '2025-11-30'],
    ]);
    const elsewhere = await makeOrganisation(f.tree.county.id, 'INSTITUTION');
    const hired = await gql(
      `mutation($input: AddEmploymentInput!) { addEmployment(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          caregiverId: gid('Caregiver', back.caregiver.id),
          institutionId: gid('Organisation', elsewhere.id),
          post: 'CARE_WORKER',
          contractType: 'LABOUR',
          startDate: '2025-10-01',
        },
      },
      { token: (await makeUser('ADMIN')).token },
    );
    expect(hired.data?.addEmployment.__typename).toBe('MutationAddEmploymentSuccess');
    expect(await instalmentsOf(back.claim.id)).toEqual([
      ['PAID', null, null],
      ['SCHEDULED', null, null],
      ['SCHEDULED', null, null],
    ]);
    const before = await committed();
    await releaseDueInstalments(d('2025-12-01'));
    expect(await instalmentsOf(gone.claim.id)).toEqual([
      ['PAID', null, null],
      ['FORFEITED', 'NOT_REEMPLOYED', null],
      ['FORFEITED', 'NOT_REEMPLOYED', null],
    ]);
    expect(before - (await committed())).toBeGreaterThanOrEqual(2_800_000n);
  });
});

describe('payment', () => {
  it('batches payable items once per key, exports the bank file, records the return and reconciles', async () => {
    const f = await makeFixture();
    const people = await Promise.all([f.worker('2025-01-01'), f.worker('2025-01-01')]);
    await confirmAndRun(
      f,
      '2026-03',
      people.map((p) => ATTENDANCE(p.employment.id)),
    );
    for (const p of people) {
      const c = (await claimOf(p.caregiver.id, '2026-03'))!;
      await review(f, c.id);
      await approve(f, c.id);
    }
    const key = randomUUID();
    const build = () =>
      gql(
        `mutation($input: CreatePaymentBatchInput!) { createPaymentBatch(input: $input) { __typename ... on MutationCreatePaymentBatchSuccess { data { id reference lineCount totalYuan } } ... on Error { message } } }`,
        { input: { regionCode: f.tree.city.code, idempotencyKey: key } },
        { token: f.finance.token },
      );
    const [first, retry] = await Promise.all([build(), build()]);
    const batch = first.data?.createPaymentBatch.data;
    expect(batch).toMatchObject({ lineCount: 2, totalYuan: '1,000.00' });
    expect(retry.data?.createPaymentBatch.data.id).toBe(batch.id);
    expect(await prisma.paymentBatch.count({ where: { idempotencyKey: key } })).toBe(1);

    const exported = await gql(
      `mutation($id: ID!) { exportPaymentBatch(batchId: $id, format: "csv") { ... on MutationExportPaymentBatchSuccess { data { fileName contentBase64 } } } }`,
      { id: batch.id },
      { token: f.finance.token },
    );
    const csv = Buffer.from(exported.data?.exportPaymentBatch.data.contentBase64, 'base64').toString('utf8');
    // No layout chosen and none on the fund: the first layout by code (建设银行's: 序号 first, totals below).
    expect(csv.split('\r\n')[1]).toMatch(/^1,6217000012345678903,.+,500\.00,测试银行,/);

    // A policy name that would run as a formula (after a carriage return that would end the row in a
    // naive writer) arrives in every cell of both formats as text.
    const policy = await prisma.subsidyPolicy.findFirstOrThrow({ where: { code: { startsWith: 'P-' }, regionId: f.tree.city.id } });
    await prisma.subsidyPolicy.update({ where: { id: policy.id }, data: { nameZh: "\r=cmd|' /C calc'!A0" } });
    for (const format of ['csv', 'xlsx']) {
      const hostile = await gql(
        `mutation($id: ID!, $format: String!) { exportPaymentBatch(batchId: $id, format: $format) { ... on MutationExportPaymentBatchSuccess { data { fileName contentBase64 } } } }`,
        { id: batch.id, format },
        { token: f.finance.token },
      );
      const cells = await readCells(`bank.${format}`, Buffer.from(hostile.data?.exportPaymentBatch.data.contentBase64, 'base64'));
      expect(cells, format).toHaveLength(4);
      expect(cells[1]!.cells[5], format).toMatch(/^'[\r\n]+=cmd/);
      for (const row of cells) for (const cell of row.cells) expect(cell, format).not.toMatch(/^[=+\-@\t\r]/);
    }
    await prisma.subsidyPolicy.update({ where: { id: policy.id }, data: { nameZh: policy.nameZh } });

    const returnFile = (rows: string[]) => ({
      batchId: batch.id,
      fileName: 'return.csv',
      contentBase64: Buffer.from(['业务参考号,状态,金额(元),失败原因', ...rows].join('\n')).toString('base64'),
    });
    // The import answers at once with the stored file and its job; the job applies it.
    const importReturn = async (input: object) => {
      const res = await gql(
        `mutation($input: ImportBankReturnInput!) { importBankReturn(input: $input) { ... on MutationImportBankReturnSuccess { data { id jobId finishedAt } } } }`,
        { input },
        { token: f.finance.token },
      );
      const started = res.data?.importBankReturn.data;
      const fresh = started.finishedAt === null;
      if (fresh) expect((await runStagedJob(started.jobId)).status).toBe('COMPLETED');
      const outcome = await gql(
        `query($id: ID!) { node(id: $id) { ... on BankReturnFile { paid failed unchanged reconciled rejected { row field } } } }`,
        { id: started.id },
        { token: f.finance.token },
      );
      return { id: started.id, fresh, ...outcome.data?.node };
    };
    const file = returnFile([
      `${batch.reference}-1,成功,500.00,`,
      `${batch.reference}-2,失败,500.00,账户已销户`,
      `${batch.reference}-9,成功,1.00,`,
    ]);
    const applied = await importReturn(file);
    expect(applied).toMatchObject({
      fresh: true,
      paid: 1,
      failed: 1,
      unchanged: 0,
      reconciled: true,
      rejected: [{ row: 4, field: 'reference' }],
    });
    // The same file again answers the import already made, staging nothing.
    expect(await importReturn(file)).toMatchObject({ id: applied.id, fresh: false, paid: 1 });
    const conflicting = await importReturn(returnFile([`${batch.reference}-1,失败,500.00,`]));
    expect(conflicting).toMatchObject({ fresh: true, paid: 0, failed: 0, rejected: [{ row: 2, field: 'status' }] });

    const lines = await prisma.paymentLine.findMany({
      where: { batch: { idempotencyKey: key } },
      orderBy: { lineNo: 'asc' },
      include: { instalment: { include: { claim: true } } },
    });
    expect(lines.map((l) => [l.status, l.instalment.status, l.instalment.claim.status])).toEqual([
      ['PAID', 'PAID', 'PAID'],
      ['FAILED', 'PAYABLE', 'APPROVED'],
    ]);
    // The failed line goes into the next batch; the paid one never does.
    const next = await gql(
      `mutation($input: CreatePaymentBatchInput!) { createPaymentBatch(input: $input) { ... on MutationCreatePaymentBatchSuccess { data { lineCount totalYuan } } } }`,
      { input: { regionCode: f.tree.city.code, idempotencyKey: randomUUID() } },
      { token: f.finance.token },
    );
    expect(next.data?.createPaymentBatch.data).toEqual({ lineCount: 1, totalYuan: '500.00' });
    // A second live line for the paid instalment is refused by the database itself.
    const otherBatch = await prisma.paymentBatch.findFirstOrThrow({ where: { regionId: f.tree.city.id, NOT: { idempotencyKey: key } } });
    await expect(
      prisma.paymentLine.create({ data: { batchId: otherBatch.id, instalmentId: lines[0]!.instalmentId, lineNo: 99, amountFen: 50000 } }),
    ).rejects.toThrow();
    const envelope = await prisma.fundEnvelope.findFirstOrThrow({ where: { fundSourceId: f.fund.id } });
    expect([envelope.committedFen, envelope.paidFen]).toEqual([100_000n, 50_000n]);
  });

  it('exports the bank file in each bank’s layout: its columns and headers in order, the fund’s paying account, totals, accounts as text', async () => {
    const f = await makeFixture();
    // The fund's paying account is finance's to set, validated, in the fund's region only.
    await prisma.fundSource.update({ where: { id: f.fund.id }, data: { payerAccount: null, payerName: null, payerBank: null } });
    const SET_PAYMENT = `mutation($input: UpdateFundPaymentInput!) { updateFundPayment(input: $input) { __typename
      ... on MutationUpdateFundPaymentSuccess { data { payerAccount payerName bankFileLayout { code } } }
      ... on InputValidationError { fields { path code } } ... on Error { code } } }`;
    const payment = {
      fundCode: f.fund.code,
      payerAccount: '1502 2010 0930 0012 345',
      payerName: '测试市财政局',
      payerBank: '中国工商银行测试分行',
    };
    const bad = await gql(SET_PAYMENT, { input: { ...payment, payerAccount: '15022-ABC' } }, { token: f.finance.token });
    expect(bad.data?.updateFundPayment).toEqual({
      __typename: 'InputValidationError',
      code: 'INVALID_INPUT',
      fields: [{ path: ['input', 'payerAccount'], code: 'BANK_ACCOUNT_FORMAT' }],
    });
    const elsewhere = await makeUser('FINANCE_OFFICER', { regionId: (await makeRegionTree()).city.id });
    expect((await gql(SET_PAYMENT, { input: payment }, { token: elsewhere.token })).data?.updateFundPayment.__typename).toBe(
      'ForbiddenError',
    );
    expect((await prisma.fundSource.findUniqueOrThrow({ where: { id: f.fund.id } })).payerAccount).toBeNull();

    const people = await Promise.all([f.worker('2025-01-01'), f.worker('2025-01-01')]);
    await confirmAndRun(
      f,
      '2026-03',
      people.map((p) => ATTENDANCE(p.employment.id)),
    );
    for (const p of people) {
      const c = (await claimOf(p.caregiver.id, '2026-03'))!;
      await review(f, c.id);
      await approve(f, c.id);
    }
    const built = await gql(
      `mutation($input: CreatePaymentBatchInput!) { createPaymentBatch(input: $input) { ... on MutationCreatePaymentBatchSuccess { data { id reference } } } }`,
      { input: { regionCode: f.tree.city.code, idempotencyKey: randomUUID() } },
      { token: f.finance.token },
    );
    const batch = built.data?.createPaymentBatch.data;
    const EXPORT = `mutation($id: ID!, $layoutId: ID) { exportPaymentBatch(batchId: $id, layoutId: $layoutId) { __typename
      ... on MutationExportPaymentBatchSuccess { data { fileName contentBase64 } } ... on Error { code params { name value } } } }`;
    const exportWith = async (layoutId: string | null) =>
      (await gql(EXPORT, { id: batch.id, layoutId }, { token: f.finance.token })).data?.exportPaymentBatch;

    // Without the fund's paying account the bank would reject the file: refused, naming the fund.
    expect(await exportWith(null)).toMatchObject({
      __typename: 'ConflictError',
      code: 'WRONG_STATE',
      params: expect.arrayContaining([
        { name: 'reason', value: 'PAYER_ACCOUNT_MISSING' },
        { name: 'fund', value: f.fund.code },
      ]),
    });
    expect((await gql(SET_PAYMENT, { input: payment }, { token: f.finance.token })).data?.updateFundPayment).toMatchObject({
      data: { payerAccount: '1502201009300012345', payerName: '测试市财政局', bankFileLayout: null },
    });

    const layouts = await gql(
      `{ bankFileLayouts { id code bankName format totalRow columns { header field } } }`,
      {},
      { token: f.finance.token },
    );
    const byCode = new Map<string, { id: string; columns: { header: string }[] }>(
      layouts.data?.bankFileLayouts.map((l: { code: string }) => [l.code, l]),
    );
    expect([...byCode.keys()]).toEqual(expect.arrayContaining(['ICBC-DAIFA', 'CCB-DAIFA']));
    const names = await prisma.caregiver.findMany({ where: { id: { in: people.map((p) => p.caregiver.id) } }, select: { name: true } });

    // 工商银行: .xlsx, totals above the headers, the paying account first, every account a text cell.
    const icbc = await exportWith(byCode.get('ICBC-DAIFA')!.id);
    expect(icbc.data.fileName).toBe(`${batch.reference}-ICBC-DAIFA.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(icbc.data.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['合计', '总笔数', 2, '总金额(元)', '1000.00']);
    expect(values(2)).toEqual([
      '业务参考号',
      '付款账号',
      '付款账户名称',
      '收款账号',
      '收款账户名称',
      '收款账户开户行',
      '币种',
      '金额',
      '用途',
    ]);
    expect(values(3).slice(0, 8)).toEqual([
      `${batch.reference}-1`,
      '1502201009300012345',
      '测试市财政局',
      '6217000012345678903',
      expect.any(String),
      '测试银行',
      'CNY',
      '500.00',
    ]);
    expect(names.map((n) => n.name)).toContain(values(3)[4]);
    for (const col of [2, 4]) {
      expect(sheet.getRow(3).getCell(col).type).toBe(ExcelJS.ValueType.String);
      expect(sheet.getRow(3).getCell(col).numFmt).toBe('@');
    }
    expect(sheet.rowCount).toBe(4);

    // 建设银行: CSV, 序号 first, payee before payer, totals below the lines.
    const ccb = await exportWith(byCode.get('CCB-DAIFA')!.id);
    expect(ccb.data.fileName).toBe(`${batch.reference}-CCB-DAIFA.csv`);
    const rows = await readCells('bank.csv', Buffer.from(ccb.data.contentBase64, 'base64'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['序号', '收款账号', '收款户名', '金额(元)', '收款行名称', '摘要', '付款账号', '付款户名', '客户流水号'],
      [
        '1',
        '6217000012345678903',
        expect.any(String),
        '500.00',
        '测试银行',
        expect.stringContaining('-'),
        '1502201009300012345',
        '测试市财政局',
        `${batch.reference}-1`,
      ],
      [
        '2',
        '6217000012345678903',
        expect.any(String),
        '500.00',
        '测试银行',
        expect.any(String),
        '1502201009300012345',
        '测试市财政局',
        `${batch.reference}-2`,
      ],
      ['合计', '总笔数', '2', '总金额(元)', '1000.00'],
    ]);

    // The layout set on the fund is the default; every export is audited with the layout, never the accounts.
    await gql(SET_PAYMENT, { input: { ...payment, bankFileLayoutId: byCode.get('ICBC-DAIFA')!.id } }, { token: f.finance.token });
    expect((await exportWith(null)).data.fileName).toBe(`${batch.reference}-ICBC-DAIFA.xlsx`);
    expect((await exportWith(randomUUID())).__typename).toBe('InputValidationError');
    const stored = await prisma.paymentBatch.findUniqueOrThrow({ where: { reference: batch.reference } });
    const audits = await prisma.auditLog.findMany({
      where: { entityId: stored.id, action: 'payment.exportBatch' },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => (a.after as { layout: string }).layout)).toEqual(['ICBC-DAIFA', 'CCB-DAIFA', 'ICBC-DAIFA']);
    expect(JSON.stringify(audits.map((a) => a.after))).not.toContain('6217000012345678903');

    // A third bank's layout is the admin's to add, without SQL; finance may only choose it.
    const SAVE = `mutation($input: SaveBankFileLayoutInput!) { saveBankFileLayout(input: $input) { __typename
      ... on MutationSaveBankFileLayoutSuccess { data { id code columns { header field } } }
      ... on InputValidationError { fields { path code } } ... on Error { code } } }`;
    const code = `ABC-T${randomUUID().slice(0, 6).toUpperCase()}`;
    const abc = {
      code,
      bankName: '中国农业银行',
      name: '农业银行企业网银代发工资（测试）',
      format: 'CSV',
      totalRow: 'NONE',
      columns: [
        { header: '收方账号', field: 'PAYEE_ACCOUNT' },
        { header: '收方户名', field: 'PAYEE_NAME' },
        { header: '金额', field: 'AMOUNT' },
        { header: '附言', field: 'PURPOSE' },
      ],
    };
    const admin = await makeUser('ADMIN');
    expect((await gql(SAVE, { input: abc }, { token: f.finance.token })).data?.saveBankFileLayout.code).toBe('FORBIDDEN');
    const noAmount = await gql(
      SAVE,
      { input: { ...abc, columns: abc.columns.filter((c) => c.field !== 'AMOUNT') } },
      { token: admin.token },
    );
    expect(noAmount.data?.saveBankFileLayout.fields).toEqual([{ path: ['input', 'columns'], code: 'LAYOUT_NEEDS_PAYEE_AND_AMOUNT' }]);
    expect(await prisma.bankFileLayout.count({ where: { code } })).toBe(0);
    const saved = (await gql(SAVE, { input: abc }, { token: admin.token })).data?.saveBankFileLayout.data;
    expect(saved.columns.map((c: { header: string }) => c.header)).toEqual(['收方账号', '收方户名', '金额', '附言']);
    const abcRows = await readCells('abc.csv', Buffer.from((await exportWith(saved.id)).data.contentBase64, 'base64'));
    expect(abcRows.map((r) => r.cells.slice(0, 3))).toEqual([
      ['收方账号', '收方户名', '金额'],
      ['6217000012345678903', expect.any(String), '500.00'],
      ['6217000012345678903', expect.any(String), '500.00'],
    ]);
    // The same code again changes that layout (a bank revised its template), audited before and after.
    await gql(SAVE, { input: { ...abc, totalRow: 'BOTTOM' } }, { token: admin.token });
    expect(await prisma.bankFileLayout.findUniqueOrThrow({ where: { code } })).toMatchObject({ id: saved.id, totalRow: 'BOTTOM' });
    expect(
      (await prisma.auditLog.findMany({ where: { entityType: 'BankFileLayout', entityId: saved.id }, orderBy: { id: 'asc' } })).map(
        (a) => a.action,
      ),
    ).toEqual(['bankFileLayout.create', 'bankFileLayout.update']);
  });

  it('lets a subsidies:read token of a region see claim status there and nowhere else', async () => {
    const f = await makeFixture();
    const { caregiver, employment } = await f.worker('2025-01-01');
    await confirmAndRun(f, '2026-02', [ATTENDANCE(employment.id)]);
    const admin = await makeUser('ADMIN');
    const mint = async (regionCode: string) =>
      (
        await gql(
          `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { ... on MutationCreateApiTokenSuccess { data { token } } } }`,
          { input: { name: '财政一体化平台', scopes: ['subsidies:read'], expiresInDays: 30, regionCode } },
          { token: admin.token },
        )
      ).data?.createApiToken.data.token as string;
    const list = `query { subsidyClaims(month: "2026-02", first: 50) { edges { node { reference status amountYuan caregiver { id } } } } }`;
    const here = await gql(list, {}, { token: await mint(f.tree.city.code) });
    const mine = here.data?.subsidyClaims.edges.filter((e: { node: { reference: string } }) => e.node.reference);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine.every((e: { node: { caregiver: unknown } }) => e.node.caregiver === null)).toBe(true);
    const claim = (await claimOf(caregiver.id, '2026-02'))!;
    expect(mine.map((e: { node: { reference: string } }) => e.node.reference)).toContain(claim.reference);
    const other = await makeRegionTree();
    const elsewhere = await gql(list, {}, { token: await mint(other.city.code) });
    expect(elsewhere.data?.subsidyClaims.edges).toEqual([]);
  });
});
