import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { judgePostSubsidies } from '../../api/src/modules/subsidies/post-subsidy-facts.ts';
import { makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { makeSubsidyRegion, MONTH, seedConfirmedMonth } from '../support/post-subsidy-seed.ts';

/**
 * The operator data behind the rules (issue 19 items 3-5, issue 20): the policy dry run, fund sources
 * and envelopes, workforce targets, the holiday calendar. Each write is refused to the wrong role or
 * region with nothing written (no row, no audit row).
 */
const auditCount = (entityType: string) => prisma.auditLog.count({ where: { entityType } });

describe('subsidy policy dry run', () => {
  let region: Awaited<ReturnType<typeof makeSubsidyRegion>>;
  let seeded: Awaited<ReturnType<typeof seedConfirmedMonth>>;
  let approver: Awaited<ReturnType<typeof makeUser>>;
  const draft = () => ({
    code: `P-${region.tag}`,
    kind: 'POST_SUBSIDY',
    nameZh: '岗位补贴（草案）',
    nameEn: 'Post subsidy (draft)',
    regionCode: region.tree.city.code,
    effectiveFrom: '2027-01-01',
    amounts: { byLevel: { L5: 60000, L4: 80000, L3: 100000, L2: 120000, L1: 150000 } },
    rules: { minAttendanceDays: 8 },
    publicationDays: 0,
    fundCodes: [`F-${region.tag}`],
  });
  const DRY_RUN = `query($input: PublishSubsidyPolicyInput!, $month: String!) { subsidyPolicyDryRun(input: $input, month: $month) {
    __typename ... on QuerySubsidyPolicyDryRunSuccess { data { month claims amountYuan currentClaims currentAmountYuan differenceYuan gainers losers
      counties { regionCode claims amountYuan currentClaims currentAmountYuan } changes { caregiverName currentYuan draftYuan differenceFen } } }
    ... on Error { code } } }`;

  beforeAll(async () => {
    region = await makeSubsidyRegion();
    seeded = await seedConfirmedMonth(region, 3);
    // One of the three worked 10 days: out under the policy in force (20 days), in under the draft (8).
    const short = await prisma.employmentMonth.findFirstOrThrow({ where: { employment: { caregiverId: seeded.caregiverIds[0] } } });
    await prisma.employmentMonth.update({ where: { id: short.id }, data: { attendanceDays: 10 } });
    approver = await makeUser('HR_APPROVER', { regionId: region.tree.city.id });
  });

  it('counts claims and money by county under the draft and the version in force, and names who gains', async () => {
    const policiesBefore = await prisma.subsidyPolicy.count();
    const res = await gql(DRY_RUN, { input: draft(), month: MONTH }, { token: approver.token });
    expect(res.errors).toBeUndefined();
    const run = res.data!.subsidyPolicyDryRun.data;
    expect(run).toMatchObject({
      month: MONTH,
      claims: 3,
      amountYuan: '1,800.00',
      currentClaims: 2,
      currentAmountYuan: '1,000.00',
      differenceYuan: '800.00',
      gainers: 3,
      losers: 0,
    });
    expect(run.counties).toEqual([
      { regionCode: region.tree.county.code, claims: 3, amountYuan: '1,800.00', currentClaims: 2, currentAmountYuan: '1,000.00' },
    ]);
    // The person who was out comes first: the largest change.
    expect(run.changes[0]).toMatchObject({ currentYuan: '0.00', draftYuan: '600.00', differenceFen: 60000 });
    expect(await prisma.subsidyPolicy.count()).toBe(policiesBefore);
  });

  it('agrees with the monthly batch’s own judge for the version in force', async () => {
    const months = await prisma.employmentMonth.findMany({
      where: { employment: { caregiverId: { in: seeded.caregiverIds } } },
      include: { employment: true },
    });
    const judged = await judgePostSubsidies(
      months.map((m) => ({ caregiverId: m.employment.caregiverId, employmentId: m.employmentId, month: m.month })),
    );
    const eligibleFen = judged.filter((j) => j.eligibility?.eligible).reduce((s, j) => s + j.eligibility!.amountFen, 0);
    expect(eligibleFen).toBe(100000);
  });

  it('a losing draft counts its losers', async () => {
    const res = await gql(
      DRY_RUN,
      { input: { ...draft(), amounts: { byLevel: { L5: 40000 } }, rules: {} }, month: MONTH },
      { token: approver.token },
    );
    expect(res.data!.subsidyPolicyDryRun.data).toMatchObject({ claims: 2, amountYuan: '800.00', gainers: 0, losers: 2 });
  });

  it('refuses an approver of another region and a reviewer, and refuses malformed terms by field', async () => {
    const away = await makeRegionTree();
    const stranger = await makeUser('HR_APPROVER', { regionId: away.city.id });
    const reviewer = await makeUser('HR_REVIEWER', { regionId: region.tree.city.id });
    expect((await gql(DRY_RUN, { input: draft(), month: MONTH }, { token: stranger.token })).data!.subsidyPolicyDryRun).toEqual({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    const asReviewer = await gql(DRY_RUN, { input: draft(), month: MONTH }, { token: reviewer.token });
    expect(asReviewer.data!.subsidyPolicyDryRun).toEqual({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const bad = await gql(
      `query($input: PublishSubsidyPolicyInput!) { subsidyPolicyDryRun(input: $input, month: "2026-09") { __typename ... on InputValidationError { fields { path } } } }`,
      { input: { ...draft(), rules: { minAttendanceDays: 40 } } },
      { token: approver.token },
    );
    expect(bad.data!.subsidyPolicyDryRun).toEqual({
      __typename: 'InputValidationError',
      fields: [{ path: ['input', 'rules', 'minAttendanceDays'] }],
    });
  });

  it('shows required evidence and roles of each version', async () => {
    const res = await gql(
      `query($r: String!) { subsidyPolicies(regionCode: $r, history: true) { code requiredEvidence approveRole reviewRole } }`,
      { r: region.tree.city.code },
      { token: approver.token },
    );
    expect(res.data!.subsidyPolicies).toContainEqual({
      code: `P-${region.tag}`,
      requiredEvidence: [],
      approveRole: 'HR_APPROVER',
      reviewRole: 'HR_REVIEWER',
    });
  });

  it('publishes who reviews and who approves as data: a bureau role, kept by the next version, never another role', async () => {
    const PUBLISH = `mutation($input: PublishSubsidyPolicyInput!) { publishSubsidyPolicy(input: $input) { __typename
      ... on MutationPublishSubsidyPolicySuccess { data { version reviewRole approveRole } } ... on InputValidationError { fields { path code } } } }`;
    const wrong = await gql(PUBLISH, { input: { ...draft(), reviewRole: 'CAREGIVER' } }, { token: approver.token });
    expect(wrong.data!.publishSubsidyPolicy).toMatchObject({
      __typename: 'InputValidationError',
      fields: [{ path: ['input', 'reviewRole'] }],
    });
    const before = await prisma.subsidyPolicy.count({ where: { code: `P-${region.tag}` } });
    const civil = await gql(PUBLISH, { input: { ...draft(), reviewRole: 'CIVIL_AFFAIRS_ANALYST' } }, { token: approver.token });
    expect(civil.data!.publishSubsidyPolicy).toMatchObject({
      data: { version: before + 1, reviewRole: 'CIVIL_AFFAIRS_ANALYST', approveRole: 'HR_APPROVER' },
    });
    const next = await gql(PUBLISH, { input: { ...draft(), effectiveFrom: '2027-07-01' } }, { token: approver.token });
    expect(next.data!.publishSubsidyPolicy).toMatchObject({
      data: { version: before + 2, reviewRole: 'CIVIL_AFFAIRS_ANALYST', approveRole: 'HR_APPROVER' },
    });
  });
});

describe('fund sources and envelopes', () => {
  it('finance of the region creates a source and sets its envelope with a reason; others are refused with nothing written', async () => {
    const tree = await makeRegionTree();
    const away = await makeRegionTree();
    const finance = await makeUser('FINANCE_OFFICER', { regionId: tree.city.id });
    const stranger = await makeUser('FINANCE_OFFICER', { regionId: away.city.id });
    const approver = await makeUser('HR_APPROVER', { regionId: tree.city.id });
    const code = `FS-${tree.city.code}-${Date.now() % 100000}`;
    const CREATE = `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { __typename ... on MutationCreateFundSourceSuccess { data { code kind region { code } } } ... on Error { code } } }`;
    const input = { code, name: '养老护理专项资金', kind: 'SPECIAL_FUND', regionCode: tree.city.code };

    const audits = await auditCount('FundSource');
    expect((await gql(CREATE, { i: input }, { token: stranger.token })).data!.createFundSource).toEqual({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    expect((await gql(CREATE, { i: input }, { token: approver.token })).data!.createFundSource).toEqual({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    expect(await prisma.fundSource.count({ where: { code } })).toBe(0);
    expect(await auditCount('FundSource')).toBe(audits);

    expect((await gql(CREATE, { i: input }, { token: finance.token })).data!.createFundSource).toEqual({
      __typename: 'MutationCreateFundSourceSuccess',
      data: { code, kind: 'SPECIAL_FUND', region: { code: tree.city.code } },
    });
    const again = await gql(
      `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { __typename ... on InputValidationError { fields { path code } } } }`,
      { i: input },
      { token: finance.token },
    );
    expect(again.data!.createFundSource.fields[0]).toMatchObject({ path: ['input', 'code'], code: 'FUND_CODE_TAKEN' });

    const SET = `mutation($i: SetFundEnvelopeInput!) { setFundEnvelope(input: $i) { __typename } }`;
    const noReason = await gql(
      `mutation($i: SetFundEnvelopeInput!) { setFundEnvelope(input: $i) { __typename ... on InputValidationError { fields { path } } } }`,
      { i: { fundCode: code, year: 2026, amountYuan: 100, reason: ' ' } },
      { token: finance.token },
    );
    expect(noReason.data!.setFundEnvelope).toEqual({ __typename: 'InputValidationError', fields: [{ path: ['input', 'reason'] }] });
    expect(await prisma.fundEnvelope.count({ where: { fundSource: { code } } })).toBe(0);
    await gql(SET, { i: { fundCode: code, year: 2026, amountYuan: 500000, reason: '市财政局2026年预算批复' } }, { token: finance.token });
    const envelope = await prisma.fundEnvelope.findFirstOrThrow({ where: { fundSource: { code } } });
    expect(envelope.amountFen).toBe(50_000_000n);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityType: 'FundEnvelope', entityId: envelope.id } });
    expect(audit.after).toMatchObject({ reason: '市财政局2026年预算批复' });

    const sources = await gql(
      `query($r: String!) { fundSources(regionCode: $r) { __typename ... on QueryFundSourcesSuccess { data { code } } ... on Error { code } } }`,
      { r: tree.county.code },
      { token: finance.token },
    );
    expect(JSON.stringify(sources.data)).toContain(code);
    const refused = await gql(
      `query($r: String!) { fundSources(regionCode: $r) { __typename } }`,
      { r: tree.city.code },
      { token: stranger.token },
    );
    expect(JSON.stringify(refused.data)).toContain('ForbiddenError');
  });
});

describe('workforce targets', () => {
  it('civil affairs override the default for their region and revert it; an outsider and a default edit are refused', async () => {
    const tree = await makeRegionTree();
    const away = await makeRegionTree();
    const analyst = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: tree.city.id });
    const stranger = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: away.city.id });
    const admin = await makeUser('ADMIN');
    const year = 2090 + (Number(tree.city.code) % 9);
    const SET = `mutation($i: SetWorkforceTargetInput!) { setWorkforceTarget(input: $i) { __typename ... on MutationSetWorkforceTargetSuccess { data { id value isDefault region { code } } } ... on Error { code } } }`;
    const own = { regionCode: tree.city.code, indicator: 'CERTIFIED_PER_10K', year, value: 12.5, source: '某市养老服务体系建设规划' };

    const audits = await auditCount('WorkforceTarget');
    expect((await gql(SET, { i: own }, { token: stranger.token })).data!.setWorkforceTarget).toEqual({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    expect((await gql(SET, { i: { ...own, regionCode: null } }, { token: analyst.token })).data!.setWorkforceTarget).toEqual({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    expect(await auditCount('WorkforceTarget')).toBe(audits);

    const dflt = (await gql(SET, { i: { ...own, regionCode: null, value: 10, source: '国家规划' } }, { token: admin.token })).data!
      .setWorkforceTarget.data;
    expect(dflt).toMatchObject({ isDefault: true, value: 10, region: null });
    const mine = (await gql(SET, { i: own }, { token: analyst.token })).data!.setWorkforceTarget.data;
    expect(mine).toMatchObject({ isDefault: false, value: 12.5, region: { code: tree.city.code } });

    const LIST = `query($r: String, $y: Int!) { workforceTargets(regionCode: $r, year: $y) { __typename ... on QueryWorkforceTargetsSuccess { data { id isDefault value } } ... on Error { code } } }`;
    const listed = (await gql(LIST, { r: tree.county.code, y: year }, { token: analyst.token })).data!.workforceTargets.data;
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ isDefault: true, value: 10 }),
        expect.objectContaining({ isDefault: false, value: 12.5 }),
      ]),
    );
    expect((await gql(LIST, { r: tree.county.code, y: year }, { token: stranger.token })).data!.workforceTargets).toEqual({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });

    const REVERT = `mutation($id: ID!) { revertWorkforceTarget(targetId: $id) { __typename ... on Error { code } } }`;
    expect((await gql(REVERT, { id: mine.id }, { token: stranger.token })).data!.revertWorkforceTarget).toEqual({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    expect(await prisma.workforceTarget.count({ where: { id: mine.id } })).toBe(1);
    await gql(REVERT, { id: mine.id }, { token: analyst.token });
    expect(await prisma.workforceTarget.count({ where: { id: mine.id } })).toBe(0);
    expect(
      await prisma.auditLog.count({ where: { entityType: 'WorkforceTarget', entityId: mine.id, action: 'workforce.revertTarget' } }),
    ).toBe(1);
    await prisma.workforceTarget.delete({ where: { id: dflt.id } });
  });
});

describe('holiday calendar', () => {
  it('an admin marks a holiday and a make-up working day and removes one; others are refused with nothing written', async () => {
    const admin = await makeUser('ADMIN');
    const tree = await makeRegionTree();
    const approver = await makeUser('HR_APPROVER', { regionId: tree.city.id });
    const date = `2027-0${1 + (Number(tree.city.code) % 9)}-1${Number(tree.city.code) % 9}`;
    await prisma.calendarDay.deleteMany({ where: { date: new Date(`${date}T00:00:00Z`) } });
    const SET = `mutation($i: SetCalendarDayInput!) { setCalendarDay(input: $i) { __typename ... on MutationSetCalendarDaySuccess { data { date kind name } } ... on Error { code } } }`;
    const input = { date, kind: 'HOLIDAY', name: '测试假日', source: '国办发明电〔2026〕测试号' };
    const audits = await auditCount('CalendarDay');
    expect((await gql(SET, { i: input }, { token: approver.token })).data!.setCalendarDay).toEqual({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    expect(await prisma.calendarDay.count({ where: { date: new Date(`${date}T00:00:00Z`) } })).toBe(0);
    expect(await auditCount('CalendarDay')).toBe(audits);

    expect((await gql(SET, { i: input }, { token: admin.token })).data!.setCalendarDay).toEqual({
      __typename: 'MutationSetCalendarDaySuccess',
      data: { date, kind: 'HOLIDAY', name: '测试假日' },
    });
    expect(
      (await gql(SET, { i: { ...input, kind: 'WORKDAY', name: '调休上班' } }, { token: admin.token })).data!.setCalendarDay.data,
    ).toMatchObject({ kind: 'WORKDAY' });
    const year = await gql(`query($y: Int!) { calendarDays(year: $y) { date kind } }`, { y: 2027 }, { token: approver.token });
    expect(year.data!.calendarDays).toContainEqual({ date, kind: 'WORKDAY' });

    expect(
      (
        await gql(
          `mutation($d: Date!) { removeCalendarDay(date: $d) { __typename ... on MutationRemoveCalendarDaySuccess { data { date } } } }`,
          { d: date },
          { token: admin.token },
        )
      ).data!.removeCalendarDay,
    ).toEqual({ __typename: 'MutationRemoveCalendarDaySuccess', data: { date } });
    expect(await prisma.calendarDay.count({ where: { date: new Date(`${date}T00:00:00Z`) } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { entityType: 'CalendarDay', entityId: date } })).toBe(3);
  });
});

describe('competition promotion minimums', () => {
  it('shows the per-tier defaults to the bureau', async () => {
    const tree = await makeRegionTree();
    const approver = await makeUser('HR_APPROVER', { regionId: tree.city.id });
    const res = await gql(`{ defaultPromotionMinimums { tier entrants rounds } }`, {}, { token: approver.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.defaultPromotionMinimums).toContainEqual({ tier: 'CITY', entrants: 10, rounds: 1 });
  });
});
