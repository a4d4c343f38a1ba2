import { randomUUID } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../api/src/shared/china-time.ts';
import { prisma } from '../../api/src/db/client.ts';
import { awardFor, DEFAULT_AWARD_RULES, rankEntries } from '../../api/src/modules/competitions/award-rules.ts';
import { isWellFormedCertificateNumber } from '../../api/src/modules/certification/certificate-number.ts';
import { SKILL_LEVELS } from '../../prisma/reference/skill-levels.ts';
import { ensureSkillLevels, gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const seniority = new Map(SKILL_LEVELS.map((l) => [l.code, l.rank]));
const rankOf = (code: string) => seniority.get(code)!;

describe('award rules (default: Jiangxi 2022)', () => {
  const award = (rank: number, held: string | null, blacklisted = false) =>
    awardFor(rank, DEFAULT_AWARD_RULES, seniority, held ? rankOf(held) : null, blacklisted);

  it('rank 1 without 技师: 技术能手 and a 技师 (L2) certificate', () => {
    expect(award(1, null)).toEqual({ outcome: 'PROMOTED', ruleId: 'top3', title: '技术能手', levelCode: 'L2' });
    expect(award(1, 'L3')).toEqual({ outcome: 'PROMOTED', ruleId: 'top3', title: '技术能手', levelCode: 'L2' });
  });
  it('rank 1 already holding 技师: 高级技师 (L1) instead', () => {
    expect(award(1, 'L2')).toEqual({ outcome: 'PROMOTED', ruleId: 'top3', title: '技术能手', levelCode: 'L1' });
  });
  it('rank 3 already holding 高级技师: the title, no certificate', () => {
    expect(award(3, 'L1')).toEqual({ outcome: 'ALREADY_HOLDS', ruleId: 'top3', title: '技术能手', levelCode: 'L1' });
  });
  it('rank 4: a 高级工 (L3) certificate, no title; nothing new for an L3 holder', () => {
    expect(award(4, 'L5')).toEqual({ outcome: 'PROMOTED', ruleId: 'top10', title: null, levelCode: 'L3' });
    expect(award(10, 'L3')).toMatchObject({ outcome: 'ALREADY_HOLDS', levelCode: 'L3' });
  });
  it('rank 11 gets nothing', () => {
    expect(award(11, null)).toEqual({ outcome: 'NONE', ruleId: null, title: null, levelCode: null });
  });
  it('a blacklisted entrant gets neither title nor certificate, the withheld rule named', () => {
    expect(award(2, null, true)).toEqual({ outcome: 'BLACKLISTED', ruleId: 'top3', title: null, levelCode: 'L2' });
  });
});

describe('ranking', () => {
  it('breaks equal totals by the practical score, then theory; fully equal entrants share a rank and the next is skipped', () => {
    const ranks = rankEntries([
      { id: 'a', total: 900_000, practical: 9000, theory: 9000 },
      { id: 'b', total: 900_000, practical: 9500, theory: 7833 },
      { id: 'c', total: 880_000, practical: 8800, theory: 8800 },
      { id: 'd', total: 880_000, practical: 8800, theory: 8800 },
      { id: 'e', total: 700_000, practical: 7000, theory: 7000 },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ b: 1, a: 2, c: 3, d: 3, e: 5 });
  });
});

const CREATE = `mutation($input: CreateCompetitionInput!) { createCompetition(input: $input) { __typename
  ... on MutationCreateCompetitionSuccess { data { id status awardRules { id fromRank toRank title promoteTo ifHolds { holds promoteTo } } } }
  ... on InputValidationError { fields { path message } } ... on Error { code message } } }`;
const REGISTER = `mutation($input: RegisterCompetitionEntryInput!) { registerCompetitionEntry(input: $input) { __typename
  ... on MutationRegisterCompetitionEntrySuccess { data { id } } ... on Error { code message } } }`;
const SCORES = `mutation($input: RecordCompetitionScoresInput!) { recordCompetitionScores(input: $input) { __typename
  ... on MutationRecordCompetitionScoresSuccess { data { theoryScore practicalScore totalScore rank } }
  ... on InputValidationError { fields { path message } } ... on Error { code message } } }`;
const ROUND = `mutation($input: AddCompetitionRoundInput!) { addCompetitionRound(input: $input) { __typename } }`;
const SUBMIT = `mutation($id: ID!) { submitCompetitionResults(competitionId: $id) { __typename ... on MutationSubmitCompetitionResultsSuccess { data { status } } ... on Error { code message } } }`;
const APPROVE = `mutation($id: ID!) { approveCompetitionResults(competitionId: $id) { __typename
  ... on MutationApproveCompetitionResultsSuccess { data { status certificatesIssued } } ... on Error { code message } } }`;
const DETAIL = `query($id: ID!) { node(id: $id) { ... on Competition { status entries(first: 50) { totalCount edges { node {
  rank totalScore outcome awardTitle outcomeNote awardedLevel { code } caregiver { id } certificate { number source issuedOn level { code } issuer { name } } } } } } } }`;

let w: Awaited<ReturnType<typeof world>>;
/** The approved twelve-entry competition, for comparing statement counts with a one-entry one. */
let twelve: { id: string; sql: number } | null = null;
async function world() {
  const levels = await ensureSkillLevels();
  const regions = await makeRegionTree();
  const bureau = await makeOrganisation(regions.city.id, 'BUREAU');
  const assessor = await makeOrganisation(regions.county.id, 'ASSESSOR');
  const home = await makeOrganisation(regions.county.id);
  const reviewer = await makeUser('HR_REVIEWER', { regionId: regions.city.id });
  const approver = await makeUser('HR_APPROVER', { regionId: regions.city.id });
  const civil = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.city.id });
  const person = async (held: string[] = []) => {
    const { caregiver } = await makeCaregiver(regions.county.id, regions.county.code, { name: `选手${randomUUID().slice(0, 4)}` });
    await makeEmployment(caregiver.id, home.id, '2015-03-01');
    for (const [i, code] of held.entries()) {
      await prisma.certificate.create({
        data: {
          number: `T${randomUUID().replace(/-/g, '').slice(0, 17)}`,
          caregiverId: caregiver.id,
          levelId: levels.get(code)!,
          issuerId: assessor.id,
          issuedOn: d(`${2018 + i}-06-01`),
          source: 'EXAM',
        },
      });
    }
    return caregiver;
  };
  const competition = async (token = reviewer.token, over: Record<string, unknown> = {}) => {
    const res = await gql(
      CREATE,
      {
        input: {
          name: `测试市养老护理职业技能竞赛${randomUUID().slice(0, 4)}`,
          tier: 'CITY',
          year: 2026,
          organiserId: gid('Organisation', bureau.id),
          ...over,
        },
      },
      { token },
    );
    return res.data?.createCompetition.data.id as string;
  };
  return { levels, regions, bureau, reviewer, approver, civil, person, competition };
}

beforeAll(async () => {
  w = await world();
});

describe('competition workflow', () => {
  it('creates a competition with the default award rules, scoped to the bureau’s region', async () => {
    const res = await gql(
      CREATE,
      { input: { name: '测试市养老护理职业技能竞赛', tier: 'CITY', year: 2026, organiserId: gid('Organisation', w.bureau.id) } },
      { token: w.reviewer.token },
    );
    expect(res.data?.createCompetition.data.awardRules).toEqual([
      { id: 'top3', fromRank: 1, toRank: 3, title: '技术能手', promoteTo: 'L2', ifHolds: [{ holds: 'L2', promoteTo: 'L1' }] },
      { id: 'top10', fromRank: 4, toRank: 10, title: null, promoteTo: 'L3', ifHolds: [] },
    ]);
    const bad = await gql(
      CREATE,
      {
        input: {
          name: '规则有误的竞赛',
          tier: 'CITY',
          year: 2026,
          organiserId: gid('Organisation', w.bureau.id),
          theoryWeight: 120,
          awardRules: [
            { id: 'a', fromRank: 1, toRank: 5, promoteTo: 'L2' },
            { id: 'b', fromRank: 3, toRank: 8, promoteTo: 'L9' },
          ],
        },
      },
      { token: w.reviewer.token },
    );
    expect(bad.data?.createCompetition.fields.map((f: { path: string[] }) => f.path.join('.'))).toEqual([
      'input.theoryWeight',
      'input.awardRules.1.fromRank',
    ]);
    const unknownLevel = await gql(
      CREATE,
      {
        input: {
          name: '等级不存在的竞赛',
          tier: 'CITY',
          year: 2026,
          organiserId: gid('Organisation', w.bureau.id),
          awardRules: [{ id: 'a', fromRank: 1, toRank: 3, promoteTo: 'L9' }],
        },
      },
      { token: w.reviewer.token },
    );
    expect(unknownLevel.data?.createCompetition.fields).toEqual([{ path: ['input', 'awardRules'], message: 'unknown skill level(s): L9' }]);
    const elsewhere = await makeUser('HR_REVIEWER', { regionId: (await makeRegionTree()).city.id });
    const foreign = await gql(
      CREATE,
      {
        input: {
          name: '越权创建的竞赛',
          tier: 'CITY',
          year: 2026,
          regionId: gid('Region', w.regions.city.id),
          organiserId: gid('Organisation', w.bureau.id),
        },
      },
      { token: elsewhere.token },
    );
    expect(foreign.data?.createCompetition.fields[0].path).toEqual(['input', 'regionId']);
    const caregiver = await makeUser('CAREGIVER', { caregiverId: (await w.person()).id });
    expect(
      (
        await gql(
          CREATE,
          { input: { name: '护理员不能创建竞赛', tier: 'CITY', year: 2026, organiserId: gid('Organisation', w.bureau.id) } },
          { token: caregiver.token },
        )
      ).data?.createCompetition.code,
    ).toBe('FORBIDDEN');
  });

  it('ranks exact scores with ties, and on approval — once, even when approved twice at the same time — promotes by the rules', async () => {
    const id = await w.competition();
    // A city contest promotes once ten entrants competed over at least one round.
    await gql(ROUND, { input: { competitionId: id, name: '决赛', heldOn: '2026-10-16' } }, { token: w.reviewer.token });
    // Rank: 1 no level, 2 holds 技师, 3 holds 高级技师, 4 holds L5, 5 (to be blacklisted), 6 tied with 7, 8 holds L3 ... 12.
    const people = [
      await w.person(),
      await w.person(['L3', 'L2']),
      await w.person(['L2', 'L1']),
      await w.person(['L5']),
      await w.person(),
      await w.person(),
      await w.person(),
      await w.person(['L3']),
      await w.person(),
      await w.person(),
      await w.person(),
      await w.person(),
    ];
    const practical = [98, 97, 96, 95, 94, 90, 90, 89, 88, 87, 86, 85];
    const theory = [90, 90, 90, 90, 90, 88.5, 88.5, 80, 80, 80, 80, 80.25];
    const entries: string[] = [];
    for (const p of people) {
      const res = await gql(REGISTER, { input: { competitionId: id, caregiverId: gid('Caregiver', p.id) } }, { token: w.reviewer.token });
      entries.push(res.data?.registerCompetitionEntry.data.id);
    }
    expect(
      (await gql(REGISTER, { input: { competitionId: id, caregiverId: gid('Caregiver', people[0]!.id) } }, { token: w.reviewer.token }))
        .data?.registerCompetitionEntry.code,
    ).toBe('ALREADY_ENTERED');
    expect((await gql(SUBMIT, { id }, { token: w.reviewer.token })).data?.submitCompetitionResults.code).toBe('WRONG_STATE');

    for (const [i, entryId] of entries.entries()) {
      const res = await gql(SCORES, { input: { entryId, theory: theory[i], practical: practical[i] } }, { token: w.reviewer.token });
      expect(res.data?.recordCompetitionScores.__typename, `entry ${i}`).toBe('MutationRecordCompetitionScoresSuccess');
    }
    const bad = await gql(SCORES, { input: { entryId: entries[0], theory: 100.5, practical: 60.125 } }, { token: w.reviewer.token });
    expect(bad.data?.recordCompetitionScores.fields.map((f: { path: string[] }) => f.path.join('.'))).toEqual([
      'input.theory',
      'input.practical',
    ]);
    const exact = await gql(SCORES, { input: { entryId: entries[11], theory: 80.25, practical: 85 } }, { token: w.reviewer.token });
    // 80.25 × 30% + 85 × 70% = 83.575, kept exactly.
    expect(exact.data?.recordCompetitionScores.data).toEqual({
      theoryScore: '80.25',
      practicalScore: '85.00',
      totalScore: '83.5750',
      rank: 12,
    });

    // Blacklisted after registering: still ranked, but not promoted.
    await gql(
      `mutation($input: AddBlacklistEntryInput!) { addBlacklistEntry(input: $input) { __typename } }`,
      {
        input: {
          caregiverId: gid('Caregiver', people[4]!.id),
          reason: '欺老虐老，经查属实',
          evidence: '民政稽查案卷 2026-01',
          startsOn: '2026-01-01',
        },
      },
      { token: w.civil.token },
    );
    const late = await w.person();
    expect(
      (
        await gql(
          `mutation($input: AddBlacklistEntryInput!) { addBlacklistEntry(input: $input) { __typename } }`,
          {
            input: {
              caregiverId: gid('Caregiver', late.id),
              reason: '伪造考勤骗取补贴',
              evidence: '民政稽查案卷 2026-01',
              startsOn: '2026-01-01',
            },
          },
          { token: w.civil.token },
        )
      ).data?.addBlacklistEntry.__typename,
    ).toBe('MutationAddBlacklistEntrySuccess');
    expect(
      (await gql(REGISTER, { input: { competitionId: id, caregiverId: gid('Caregiver', late.id) } }, { token: w.reviewer.token })).data
        ?.registerCompetitionEntry.code,
    ).toBe('BLACKLISTED');

    expect((await gql(SUBMIT, { id }, { token: w.reviewer.token })).data?.submitCompetitionResults.data.status).toBe('SUBMITTED');
    expect(
      (await gql(SCORES, { input: { entryId: entries[0], theory: 10, practical: 10 } }, { token: w.reviewer.token })).data
        ?.recordCompetitionScores.code,
    ).toBe('WRONG_STATE');

    // A reviewer is not an approver: a typed refusal, and nothing issued.
    const refused = await gql(APPROVE, { id }, { token: w.reviewer.token });
    expect(refused.data?.approveCompetitionResults).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const stranger = await makeUser('HR_APPROVER', { regionId: (await makeRegionTree()).city.id });
    expect((await gql(APPROVE, { id }, { token: stranger.token })).data?.approveCompetitionResults.code).toBe('NOT_FOUND');

    const approvals = await Promise.all([
      gql(APPROVE, { id }, { token: w.approver.token }),
      gql(APPROVE, { id }, { token: w.approver.token }),
    ]);
    const outcomes = approvals
      .map((r) =>
        r.data?.approveCompetitionResults.__typename === 'MutationApproveCompetitionResultsSuccess'
          ? 'approved'
          : r.data?.approveCompetitionResults.code,
      )
      .sort();
    expect(outcomes).toEqual(['WRONG_STATE', 'approved']);
    expect((await gql(APPROVE, { id }, { token: w.approver.token })).data?.approveCompetitionResults.code).toBe('WRONG_STATE');

    // The credential is validated first (cached for 2 s), so the count is the query's own statements.
    await gql(DETAIL, { id }, { token: w.approver.token });
    const detail = await gql(DETAIL, { id }, { token: w.approver.token });
    twelve = { id, sql: detail.sql };
    const rows = detail.data?.node.entries.edges.map((e: { node: Record<string, any> }) => e.node) as Record<string, any>[];
    const byPerson = new Map(rows.map((r) => [r.caregiver.id, r]));
    const row = (i: number) => byPerson.get(gid('Caregiver', people[i]!.id))!;
    expect(people.map((_, i) => row(i).rank)).toEqual([1, 2, 3, 4, 5, 6, 6, 8, 9, 10, 11, 12]);
    expect(people.map((_, i) => row(i).outcome)).toEqual([
      'PROMOTED',
      'PROMOTED',
      'ALREADY_HOLDS',
      'PROMOTED',
      'BLACKLISTED',
      'PROMOTED',
      'PROMOTED',
      'ALREADY_HOLDS',
      'PROMOTED',
      'PROMOTED',
      'NONE',
      'NONE',
    ]);
    expect(people.map((_, i) => row(i).certificate?.level.code ?? null)).toEqual([
      'L2',
      'L1',
      null,
      'L3',
      null,
      'L3',
      'L3',
      null,
      'L3',
      'L3',
      null,
      null,
    ]);
    expect(people.map((_, i) => row(i).awardTitle)).toEqual([
      '技术能手',
      '技术能手',
      '技术能手',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(row(2).outcomeNote).toMatch(/Already holds/);
    expect(row(4).outcomeNote).toMatch(/blacklist/);
    const today = todayInChina().toISOString().slice(0, 10);
    for (const r of rows.filter((x) => x.certificate)) {
      expect(r.certificate).toMatchObject({ source: 'COMPETITION', issuedOn: today, issuer: { name: w.bureau.name } });
      expect(isWellFormedCertificateNumber(r.certificate.number)).toBe(true);
      // A bureau has no assessment site: its promotions read S, 0000, its province, site 000000.
      expect(r.certificate.number.slice(0, 13)).toBe(`S0000${w.regions.city.code.slice(0, 2)}000000`);
    }

    // Exactly one certificate per promoted entrant, whatever the number of approvals.
    const competitionCertificates = await prisma.certificate.groupBy({
      by: ['caregiverId'],
      where: { caregiverId: { in: people.map((p) => p.id) }, source: 'COMPETITION' },
      _count: true,
    });
    expect(competitionCertificates.map((c) => c._count)).toEqual(Array(7).fill(1));
    expect(await prisma.auditLog.count({ where: { action: 'competition.approve', entityId: decodeGlobalID(id).id } })).toBe(1);
    expect(detail.data?.node.status).toBe('APPROVED');
    // The promoted level counts from the day of approval.
    const winner = await prisma.certificate.findFirstOrThrow({ where: { caregiverId: people[0]!.id }, include: { level: true } });
    expect(winner).toMatchObject({ level: { code: 'L2' }, issuedOn: todayInChina() });
  });

  it('refuses approval by the person who submitted the results (maker-checker)', async () => {
    const id = await w.competition(w.approver.token);
    const entry = (
      await gql(
        REGISTER,
        { input: { competitionId: id, caregiverId: gid('Caregiver', (await w.person()).id) } },
        { token: w.approver.token },
      )
    ).data?.registerCompetitionEntry.data.id;
    await gql(SCORES, { input: { entryId: entry, theory: 90, practical: 90 } }, { token: w.approver.token });
    expect((await gql(SUBMIT, { id }, { token: w.approver.token })).data?.submitCompetitionResults.data.status).toBe('SUBMITTED');
    expect((await gql(APPROVE, { id }, { token: w.approver.token })).data?.approveCompetitionResults.code).toBe('SAME_PERSON');
    const returned = await gql(
      `mutation($input: ReturnCompetitionResultsInput!) { returnCompetitionResults(input: $input) { __typename ... on MutationReturnCompetitionResultsSuccess { data { status returnedReason } } } }`,
      { input: { competitionId: id, reason: '第3名成绩需复核' } },
      { token: w.approver.token },
    );
    expect(returned.data?.returnCompetitionResults.data).toEqual({ status: 'DRAFT', returnedReason: '第3名成绩需复核' });
  });

  it('promotes nobody in a competition below its minimum of entrants, yet approves it with the titles, and says why', async () => {
    const id = await w.competition();
    await gql(ROUND, { input: { competitionId: id, name: '决赛', heldOn: '2026-10-16' } }, { token: w.reviewer.token });
    const alone = await w.person();
    const entry = (
      await gql(REGISTER, { input: { competitionId: id, caregiverId: gid('Caregiver', alone.id) } }, { token: w.reviewer.token })
    ).data?.registerCompetitionEntry.data.id;
    await gql(SCORES, { input: { entryId: entry, theory: 95, practical: 99 } }, { token: w.reviewer.token });
    await gql(SUBMIT, { id }, { token: w.reviewer.token });
    const approved = await gql(
      `mutation($id: ID!) { approveCompetitionResults(competitionId: $id) { __typename
      ... on MutationApproveCompetitionResultsSuccess { data { status certificatesIssued minEntrantsForPromotion promotionsWithheld { code params { name value } } } } } }`,
      { id },
      { token: w.approver.token },
    );
    const data = approved.data?.approveCompetitionResults.data;
    expect(data).toMatchObject({
      status: 'APPROVED',
      certificatesIssued: 0,
      minEntrantsForPromotion: 10,
      promotionsWithheld: { code: 'PROMOTION_MINIMUM_NOT_MET' },
    });
    expect(Object.fromEntries(data.promotionsWithheld.params.map((p: { name: string; value: string }) => [p.name, p.value]))).toEqual({
      entrants: '1',
      minEntrants: '10',
      rounds: '1',
      minRounds: '1',
    });
    const [row] = (await gql(DETAIL, { id }, { token: w.approver.token })).data!.node.entries.edges.map(
      (e: { node: Record<string, any> }) => e.node,
    );
    expect(row).toMatchObject({
      rank: 1,
      outcome: 'PROMOTION_WITHHELD',
      awardTitle: '技术能手',
      awardedLevel: { code: 'L2' },
      certificate: null,
    });
    expect(await prisma.certificate.count({ where: { caregiverId: alone.id } })).toBe(0);
  });

  it('shows the caregiver their entries with titles and competition certificates', async () => {
    // The bureau set its own minimums: one entrant is enough here.
    const id = await w.competition(undefined, { minEntrantsForPromotion: 1, minRoundsForPromotion: 0 });
    const champion = await w.person();
    const entry = (
      await gql(REGISTER, { input: { competitionId: id, caregiverId: gid('Caregiver', champion.id) } }, { token: w.reviewer.token })
    ).data?.registerCompetitionEntry.data.id;
    await gql(SCORES, { input: { entryId: entry, theory: 95, practical: 99 } }, { token: w.reviewer.token });
    await gql(SUBMIT, { id }, { token: w.reviewer.token });
    await gql(APPROVE, { id }, { token: w.approver.token });
    // Entries with their caregivers, levels and certificates load in as many statements for one entrant as for twelve.
    await gql(DETAIL, { id }, { token: w.approver.token });
    const one = await gql(DETAIL, { id }, { token: w.approver.token });
    expect(one.data?.node.entries.totalCount).toBe(1);
    if (twelve) expect(one.sql).toBe(twelve.sql);
    expect(one.sql).toBeLessThanOrEqual(12);
    const me = await makeUser('CAREGIVER', { caregiverId: champion.id });
    const mine = await gql(
      `{ myCompetitionEntries { rank awardTitle outcome competition { name } certificate { source level { code } } } certificates(first: 5) { edges { node { source } } } }`,
      {},
      { token: me.token },
    );
    expect(mine.data?.myCompetitionEntries).toEqual([
      {
        rank: 1,
        awardTitle: '技术能手',
        outcome: 'PROMOTED',
        competition: { name: expect.stringContaining('竞赛') },
        certificate: { source: 'COMPETITION', level: { code: 'L2' } },
      },
    ]);
    expect(mine.data?.certificates.edges).toEqual([{ node: { source: 'COMPETITION' } }]);
    const other = await makeUser('CAREGIVER', { caregiverId: (await w.person()).id });
    expect(
      (
        await gql(
          `query($id: ID!) { node(id: $id) { id } }`,
          { id: gid('CompetitionEntry', (await prisma.competitionEntry.findFirstOrThrow({ where: { caregiverId: champion.id } })).id) },
          { token: other.token },
        )
      ).data?.node,
    ).toBeNull();
  });
});
