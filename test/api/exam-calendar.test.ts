import { afterAll, describe, expect, it, vi } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { createSession } from '../../api/src/modules/auth/auth.service.ts';
import { addWorkingDays, holidayCalendar } from '../../api/src/shared/working-days.ts';
import {
  approveAssessor,
  ensureSkillLevels,
  gid,
  makeCaregiver,
  makeEmployment,
  makeOrganisation,
  makeRegionTree,
  makeUser,
} from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

// "Today" is the clock: services read it through `new Date()` (todayInChina), so the tests set it.
// Only Date is faked; timers stay real for the database and Redis clients.
vi.useFakeTimers({ toFake: ['Date'] });
const at = (iso: string) => vi.setSystemTime(new Date(iso));
afterAll(() => {
  vi.useRealTimers();
});

/** A fresh sign-in for the user: sessions lapse when idle, and the clock jumps weeks here. */
const signIn = async (userId: string) => (await createSession(userId, { ip: '203.0.113.9', userAgent: 'vitest' })).token;
const params = (list: { name: string; value: string }[]) => Object.fromEntries(list.map((p) => [p.name, p.value]));

const ERROR = `... on Error { __typename code params { name value } }`;
const APPLY = `mutation($input: ApplyForExamInput!) { applyForExam(input: $input) { ... on MutationApplyForExamSuccess { data { id } } ${ERROR} } }`;
const DECIDE = `mutation($input: DecideApplicationInput!) { decideLevelApplication(input: $input) { __typename ${ERROR} } }`;
const SCORES = `mutation($input: RecordScoresInput!) { recordExamScores(input: $input) { ... on MutationRecordExamScoresSuccess { data { status } } ${ERROR} } }`;
const PUBLISH = `mutation($id: ID!) { publishExamResults(sessionId: $id) { ... on MutationPublishExamResultsSuccess { data { status publicationEndsOn } } ${ERROR} } }`;
const ISSUE = `mutation($id: ID!) { issueCertificates(sessionId: $id) { ... on MutationIssueCertificatesSuccess { data } ${ERROR} } }`;
const MINE = `{ myLevelApplications { id status theoryScore practicalScore } }`;

describe('public holidays are data', () => {
  it('counts National Day 2026 and its exchanged Saturday from the seeded notice, not weekends alone', async () => {
    const from = new Date('2026-09-29T00:00:00Z');
    expect(addWorkingDays(from, 5, new Map()).toISOString().slice(0, 10)).toBe('2026-10-06');
    // 30 Sep is one; 1–7 Oct are the holiday; 8, 9 and the worked Saturday 10 Oct; then Monday 12 Oct.
    expect(
      addWorkingDays(from, 5, await holidayCalendar(from, 5))
        .toISOString()
        .slice(0, 10),
    ).toBe('2026-10-12');
    // Spring Festival 2025: 28 Jan – 4 Feb off, Sunday 26 Jan and Saturday 8 Feb worked.
    const cny = new Date('2025-01-24T00:00:00Z');
    expect(
      addWorkingDays(cny, 3, await holidayCalendar(cny, 3))
        .toISOString()
        .slice(0, 10),
    ).toBe('2025-02-05');
    expect(
      await prisma.calendarDay.count({ where: { date: { gte: new Date('2027-01-01'), lt: new Date('2028-01-01') }, kind: 'HOLIDAY' } }),
    ).toBeGreaterThan(10);
  });
});

describe('exams follow the calendar', () => {
  it('takes scores only after the sitting, hides results from the candidate until publicised, and issues after publicity and answered objections', async () => {
    at('2026-09-21T02:00:00Z');
    const levels = await ensureSkillLevels();
    const regions = await makeRegionTree();
    const home = await makeOrganisation(regions.county.id);
    const assessorOrg = await makeOrganisation(regions.county.id, 'ASSESSOR');
    await approveAssessor(assessorOrg.id);
    const assessor = await makeUser('ASSESSOR', { organisationId: assessorOrg.id });
    // Monday 28 September 2026, 09:00 in China.
    const session = await prisma.examSession.create({
      data: {
        assessorId: assessorOrg.id,
        levelId: levels.get('L5')!,
        startsAt: new Date('2026-09-28T01:00:00Z'),
        place: '上饶市考点',
        capacity: 10,
        feeFen: 18_000,
      },
    });
    const sessionId = gid('ExamSession', session.id);
    const candidates = [];
    for (const name of ['刘桂芳', '黄秀兰']) {
      const { caregiver } = await makeCaregiver(regions.county.id, regions.county.code, { name });
      await makeEmployment(caregiver.id, home.id, '2023-01-01');
      const { user, token } = await makeUser('CAREGIVER', { caregiverId: caregiver.id });
      const applied = await gql(APPLY, { input: { sessionId } }, { token });
      const id = applied.data?.applyForExam.data.id;
      expect(
        (await gql(DECIDE, { input: { applicationId: id, approve: true } }, { token: assessor.token })).data?.decideLevelApplication
          .__typename,
      ).toBe('MutationDecideLevelApplicationSuccess');
      candidates.push({ userId: user.id, applicationId: id });
    }
    const [pass, fail] = candidates as [(typeof candidates)[0], (typeof candidates)[0]];

    // A week before the sitting: no scores, no publicity.
    const early = (
      await gql(SCORES, { input: { applicationId: pass.applicationId, theory: 90, practical: 88.5 } }, { token: assessor.token })
    ).data?.recordExamScores;
    expect(early).toMatchObject({ __typename: 'ExamNotHeldError', code: 'EXAM_NOT_HELD' });
    expect(params(early.params)).toEqual({ startsAt: '2026-09-28T01:00:00.000Z' });
    expect((await gql(PUBLISH, { id: sessionId }, { token: assessor.token })).data?.publishExamResults.code).toBe('EXAM_NOT_HELD');
    expect(await prisma.levelApplication.count({ where: { sessionId: session.id, status: 'SCHEDULED' } })).toBe(2);

    // Tuesday 29 September, the day after the sitting.
    at('2026-09-29T02:00:00Z');
    let token = await signIn(assessor.user.id);
    expect(
      (await gql(SCORES, { input: { applicationId: pass.applicationId, theory: 90, practical: 88.5 } }, { token })).data?.recordExamScores
        .data.status,
    ).toBe('PASSED');
    expect(
      (await gql(SCORES, { input: { applicationId: fail.applicationId, theory: 50, practical: 70 } }, { token })).data?.recordExamScores
        .data.status,
    ).toBe('FAILED');

    // The candidate sees neither the scores nor the outcome before publication; the assessor does.
    const before = (await gql(MINE, {}, { token: await signIn(pass.userId) })).data?.myLevelApplications;
    expect(before).toEqual([{ id: pass.applicationId, status: 'SCHEDULED', theoryScore: null, practicalScore: null }]);
    const node = `query($id: ID!) { node(id: $id) { ... on LevelApplication { status theoryScore } } }`;
    expect((await gql(node, { id: pass.applicationId }, { token: await signIn(pass.userId) })).data?.node).toEqual({
      status: 'SCHEDULED',
      theoryScore: null,
    });
    expect((await gql(node, { id: pass.applicationId }, { token })).data?.node).toEqual({ status: 'PASSED', theoryScore: '90.00' });

    const published = (await gql(PUBLISH, { id: sessionId }, { token })).data?.publishExamResults.data;
    expect(published).toEqual({ status: 'PUBLICISED', publicationEndsOn: '2026-10-12' });
    expect((await gql(MINE, {}, { token: await signIn(pass.userId) })).data?.myLevelApplications).toEqual([
      { id: pass.applicationId, status: 'PASSED', theoryScore: '90.00', practicalScore: '88.50' },
    ]);
    const objected = await gql(
      `mutation($input: ObjectionInput!) { lodgeExamObjection(input: $input) { __typename } }`,
      { input: { applicationId: fail.applicationId, text: '理论成绩与答题卡不符' } },
      { token: await signIn(fail.userId) },
    );
    expect(objected.data?.lodgeExamObjection.__typename).toBe('MutationLodgeExamObjectionSuccess');

    // The last day of publicity: not yet.
    at('2026-10-12T02:00:00Z');
    token = await signIn(assessor.user.id);
    const running = (await gql(ISSUE, { id: sessionId }, { token })).data?.issueCertificates;
    expect(running).toMatchObject({ __typename: 'PublicityRunningError', code: 'PUBLICITY_RUNNING' });
    expect(params(running.params)).toEqual({ endsOn: '2026-10-12' });

    at('2026-10-13T02:00:00Z');
    token = await signIn(assessor.user.id);
    const open = (await gql(ISSUE, { id: sessionId }, { token })).data?.issueCertificates;
    expect(open).toMatchObject({ __typename: 'ObjectionsOpenError', code: 'OBJECTIONS_OPEN' });
    expect(params(open.params)).toEqual({ count: '1' });
    await gql(
      `mutation($input: ResolveObjectionInput!) { resolveExamObjection(input: $input) { __typename } }`,
      { input: { applicationId: fail.applicationId, reply: '经复核，原评分无误' } },
      { token },
    );
    expect((await gql(ISSUE, { id: sessionId }, { token })).data?.issueCertificates.data).toBe(1);
    const { certificate } = await prisma.levelApplication.findFirstOrThrow({
      where: { sessionId: session.id, status: 'CERTIFIED' },
      include: { certificate: true },
    });
    expect(certificate!.issuedOn.toISOString().slice(0, 10)).toBe('2026-10-13');
  });
});
