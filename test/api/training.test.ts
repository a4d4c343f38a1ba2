import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { validateSessionToken } from '../../api/src/modules/auth/auth.service.ts';
import { createApiToken } from '../../api/src/modules/auth/api-token.service.ts';
import { runRosterImport, startRosterImport } from '../../api/src/modules/training/roster-import.service.ts';
import { courseOutcome } from '../../api/src/modules/training/course-rules.ts';
import { ensureSkillLevels, gid, makeCaregiver, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const fakeJob = () => ({ jobId: randomUUID(), reportProgress: async () => undefined, logger: console as never });
/** The context a request with this session token would have. */
const contextOf = async (token: string) => ({
  viewer: await validateSessionToken(token),
  requestId: `test-${randomUUID()}`,
  clientIp: '127.0.0.1',
  userAgent: null,
});

const APPLY = `mutation($id: ID!) { applyForCourse(input: { courseId: $id }) { __typename ... on MutationApplyForCourseSuccess { data { id status waitlistPosition } } ... on Error { code message } } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawEnrolment(input: { enrolmentId: $id }) { __typename ... on MutationWithdrawEnrolmentSuccess { data { id status } } ... on Error { code message } } }`;

async function fixture() {
  await ensureSkillLevels();
  const tree = await makeRegionTree();
  const provider = await makeOrganisation(tree.city.id, 'TRAINING_PROVIDER');
  const staff = await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id });
  /** A published course straight in the database (the API path is tested on its own below). */
  const course = async (
    opts: {
      capacity?: number;
      funded?: boolean;
      kind?: 'PRE_JOB' | 'FAMILY_CARER' | 'SKILL_UPGRADE';
      startsOn?: string;
      requiredHours?: number;
    } = {},
  ) =>
    prisma.course.create({
      data: {
        providerId: provider.id,
        code: `C-${randomUUID().slice(0, 8)}`.toUpperCase(),
        regionId: tree.city.id,
        kind: opts.kind ?? 'SKILL_UPGRADE',
        status: 'PUBLISHED',
        title: '养老护理员技能提升班',
        requiredHours: opts.requiredHours ?? 6,
        capacity: opts.capacity ?? 10,
        feeFen: 0,
        governmentFunded: opts.funded ?? false,
        place: '上饶市培训中心',
        startsOn: d(opts.startsOn ?? inDays(10)),
        endsOn: d(inDays(40)),
        sessions: {
          create: [
            {
              seq: 1,
              topic: '照护基础',
              startsAt: new Date(Date.now() - 3_600_000 * 5),
              endsAt: new Date(Date.now() - 3_600_000 * 2),
              place: '一号教室',
              hours: 3,
            },
            {
              seq: 2,
              topic: '急救',
              startsAt: new Date(Date.now() - 3_600_000 * 2),
              endsAt: new Date(Date.now() - 3_600_000),
              place: '一号教室',
              hours: 3,
            },
          ],
        },
      },
      include: { sessions: true },
    });
  const caregiver = async (opts: { familyCarer?: boolean } = {}) => {
    const { caregiver: c, residentId } = await makeCaregiver(tree.county.id, tree.county.code);
    if (opts.familyCarer) await prisma.caregiver.update({ where: { id: c.id }, data: { familyCarer: true } });
    const { token } = await makeUser('CAREGIVER', { caregiverId: c.id });
    return { id: c.id, name: c.name, residentId, token };
  };
  return { tree, provider, staff, course, caregiver };
}

let f: Awaited<ReturnType<typeof fixture>>;
beforeAll(async () => {
  f = await fixture();
});

describe('courses', () => {
  it('refuses bad course input naming the field and writes nothing; publishing needs the hours in sessions', async () => {
    const before = await prisma.course.count({ where: { providerId: f.provider.id } });
    const create = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { __typename ... on MutationCreateCourseSuccess { data { id status } } ... on InputValidationError { fields { path message } } ... on Error { code message } } }`;
    const input = {
      code: 'SR-2027-01',
      title: '岗前培训',
      kind: 'PRE_JOB',
      regionCode: f.tree.city.code,
      requiredHours: 6,
      capacity: 30,
      feeYuan: 120,
      governmentFunded: true,
      place: '上饶',
      startsOn: inDays(5),
      endsOn: inDays(3),
    };
    const bad = await gql(create, { input }, { token: f.staff.token });
    expect(bad.data?.createCourse.__typename).toBe('InputValidationError');
    const paths = bad.data?.createCourse.fields.map((x: { path: string[] }) => x.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['input.endsOn', 'input.feeYuan']));
    expect(await prisma.course.count({ where: { providerId: f.provider.id } })).toBe(before);

    const ok = await gql(create, { input: { ...input, feeYuan: 0, endsOn: inDays(20) } }, { token: f.staff.token });
    expect(ok.data?.createCourse.__typename).toBe('MutationCreateCourseSuccess');
    const id = ok.data!.createCourse.data.id;
    const publish = `mutation($id: ID!) { publishCourse(courseId: $id) { __typename ... on Error { code message } } }`;
    expect((await gql(publish, { id }, { token: f.staff.token })).data?.publishCourse.code).toBe('WRONG_STATE');
    const addSession = `mutation($input: AddCourseSessionInput!) { addCourseSession(input: $input) { __typename ... on Error { code message } } }`;
    for (const day of [6, 7]) {
      const r = await gql(
        addSession,
        {
          input: {
            courseId: id,
            topic: '护理礼仪',
            startsAt: `${inDays(day)}T01:00:00Z`,
            endsAt: `${inDays(day)}T04:00:00Z`,
            place: '二号教室',
            hours: 3,
          },
        },
        { token: f.staff.token },
      );
      expect(r.data?.addCourseSession.__typename).toBe('MutationAddCourseSessionSuccess');
    }
    expect((await gql(publish, { id }, { token: f.staff.token })).data?.publishCourse.__typename).toBe('MutationPublishCourseSuccess');
    expect((await gql(publish, { id }, { token: f.staff.token })).data?.publishCourse.code).toBe('WRONG_STATE');
    const caregiver = await f.caregiver();
    const search = await gql(
      `query($r: String!) { courses(filter: { regionCode: $r, kind: PRE_JOB, openSeats: true }) { totalCount edges { node { id title openSeats } } } }`,
      { r: f.tree.county.code },
      { token: caregiver.token },
    );
    expect(search.data?.courses.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
  });
});

describe('enrolment', () => {
  it('40 concurrent applications for 10 seats leave 10 enrolled and 30 waitlisted in order; a withdrawal promotes the first waiting', async () => {
    const course = await f.course({ capacity: 10 });
    const people = await Promise.all(Array.from({ length: 40 }, () => f.caregiver()));
    const results = await Promise.all(people.map((p) => gql(APPLY, { id: gid('Course', course.id) }, { token: p.token })));
    expect(
      results.filter((r) => r.data?.applyForCourse.__typename !== 'MutationApplyForCourseSuccess').map((r) => r.errors ?? r.data),
    ).toEqual([]);
    const rows = await prisma.enrolment.findMany({ where: { courseId: course.id }, orderBy: { queueNo: 'asc' } });
    expect(rows.filter((r) => r.status === 'ENROLLED')).toHaveLength(10);
    expect(rows.filter((r) => r.status === 'WAITLISTED')).toHaveLength(30);
    // Arrival order: every seat went to someone who came before everyone waiting.
    expect(rows.slice(0, 10).every((r) => r.status === 'ENROLLED')).toBe(true);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).seatsTaken).toBe(10);
    const positions = results
      .map((r) => r.data!.applyForCourse.data.waitlistPosition)
      .filter((p) => p !== null)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));

    const firstWaiting = rows[10]!;
    const leaver = people.find((p) => p.id === rows[3]!.caregiverId)!;
    const w = await gql(WITHDRAW, { id: gid('Enrolment', rows[3]!.id) }, { token: leaver.token });
    expect(w.data?.withdrawEnrolment.data.status).toBe('WITHDRAWN');
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: firstWaiting.id } })).status).toBe('ENROLLED');
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: rows[11]!.id } })).status).toBe('WAITLISTED');
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).seatsTaken).toBe(10);
    // Withdrawing twice is an illegal state change.
    expect((await gql(WITHDRAW, { id: gid('Enrolment', rows[3]!.id) }, { token: leaver.token })).data?.withdrawEnrolment.code).toBe(
      'WRONG_STATE',
    );
    // Applying twice too; someone else's enrolment is not found.
    const stayer = people.find((p) => p.id === rows[0]!.caregiverId)!;
    expect((await gql(APPLY, { id: gid('Course', course.id) }, { token: stayer.token })).data?.applyForCourse.code).toBe(
      'ALREADY_ENROLLED',
    );
    expect((await gql(WITHDRAW, { id: gid('Enrolment', rows[0]!.id) }, { token: leaver.token })).data?.withdrawEnrolment.code).toBe(
      'NOT_FOUND',
    );
  });

  it('one government-funded training a year, even for concurrent applications; the entitlement shows which', async () => {
    const [a, b] = [await f.course({ funded: true }), await f.course({ funded: true })];
    const paid = await f.course({ funded: false });
    const person = await f.caregiver();
    const unused = await gql(
      `query($y: Int!) { trainingEntitlement(year: $y) { year used enrolment { id } } }`,
      { y: a.startsOn.getUTCFullYear() },
      { token: person.token },
    );
    expect(unused.data?.trainingEntitlement).toEqual({ year: a.startsOn.getUTCFullYear(), used: false, enrolment: null });
    const both = await Promise.all([a, b].map((c) => gql(APPLY, { id: gid('Course', c.id) }, { token: person.token })));
    const types = both.map((r) => r.data?.applyForCourse.__typename ?? r.data?.applyForCourse.code).sort();
    expect(types).toEqual(['EntitlementUsedError', 'MutationApplyForCourseSuccess']);
    expect(await prisma.enrolment.count({ where: { caregiverId: person.id, status: { not: 'WITHDRAWN' } } })).toBe(1);
    expect((await gql(APPLY, { id: gid('Course', paid.id) }, { token: person.token })).data?.applyForCourse.__typename).toBe(
      'MutationApplyForCourseSuccess',
    );
    const ent = await gql(
      `query($y: Int!) { trainingEntitlement(year: $y) { year used enrolment { course { id } } } }`,
      { y: a.startsOn.getUTCFullYear() },
      { token: person.token },
    );
    expect(ent.data?.trainingEntitlement.used).toBe(true);
    // After withdrawing, the entitlement is free again for the other course.
    const held = await prisma.enrolment.findFirstOrThrow({ where: { caregiverId: person.id, fundedYear: { not: null } } });
    await gql(WITHDRAW, { id: gid('Enrolment', held.id) }, { token: person.token });
    const other = held.courseId === a.id ? b : a;
    expect((await gql(APPLY, { id: gid('Course', other.id) }, { token: person.token })).data?.applyForCourse.__typename).toBe(
      'MutationApplyForCourseSuccess',
    );
  });

  it('a waitlist place does not use the year’s funded training; a seat does, and promotion passes over someone who used it meanwhile', async () => {
    const full = await f.course({ funded: true, capacity: 1 });
    const other = await f.course({ funded: true });
    const [seated, person, next] = [await f.caregiver(), await f.caregiver(), await f.caregiver()];
    const year = full.startsOn.getUTCFullYear();
    const entitlement = async (token: string) =>
      (await gql(`query($y: Int!) { trainingEntitlement(year: $y) { used } }`, { y: year }, { token })).data?.trainingEntitlement.used;
    await gql(APPLY, { id: gid('Course', full.id) }, { token: seated.token });
    const waiting = await gql(APPLY, { id: gid('Course', full.id) }, { token: person.token });
    expect(waiting.data?.applyForCourse.data.status).toBe('WAITLISTED');
    expect(await entitlement(person.token)).toBe(false);
    // The waitlist place left the year's training free: another funded course takes it with a seat.
    const elsewhere = await gql(APPLY, { id: gid('Course', other.id) }, { token: person.token });
    expect(elsewhere.data?.applyForCourse.data?.status).toBe('ENROLLED');
    expect(await entitlement(person.token)).toBe(true);
    expect((await gql(APPLY, { id: gid('Course', full.id) }, { token: next.token })).data?.applyForCourse.data.status).toBe('WAITLISTED');
    expect(await entitlement(next.token)).toBe(false);

    const seatedRow = await prisma.enrolment.findFirstOrThrow({ where: { caregiverId: seated.id, courseId: full.id } });
    await gql(WITHDRAW, { id: gid('Enrolment', seatedRow.id) }, { token: seated.token });
    const mine = async (token: string) =>
      (await gql(`{ myEnrolments { status heldBackReason governmentFunded course { id } } }`, {}, { token })).data?.myEnrolments.find(
        (e: { course: { id: string } }) => e.course.id === gid('Course', full.id),
      );
    expect(await mine(person.token)).toMatchObject({ status: 'WAITLISTED', heldBackReason: 'ENTITLEMENT_USED', governmentFunded: false });
    expect(await mine(next.token)).toMatchObject({ status: 'ENROLLED', heldBackReason: null, governmentFunded: true });
    expect(await entitlement(next.token)).toBe(true);
  });

  it('a family carer who is not employed may take family-carer courses only', async () => {
    const carer = await f.caregiver({ familyCarer: true });
    const post = await f.course({ kind: 'PRE_JOB' });
    const family = await f.course({ kind: 'FAMILY_CARER' });
    const refused = await gql(APPLY, { id: gid('Course', post.id) }, { token: carer.token });
    expect(refused.data?.applyForCourse).toMatchObject({ __typename: 'NotOpenToYouError', code: 'NOT_OPEN_TO_YOU' });
    expect((await gql(APPLY, { id: gid('Course', family.id) }, { token: carer.token })).data?.applyForCourse.__typename).toBe(
      'MutationApplyForCourseSuccess',
    );
  });

  it('attendance and the result decide completion by the course rule; illegal steps are refused', async () => {
    const course = await f.course({ capacity: 3, requiredHours: 6 });
    const [p1, p2, p3] = [await f.caregiver(), await f.caregiver(), await f.caregiver()];
    for (const p of [p1, p2, p3]) await gql(APPLY, { id: gid('Course', course.id) }, { token: p.token });
    const waiting = await f.caregiver();
    await gql(APPLY, { id: gid('Course', course.id) }, { token: waiting.token });
    const enr = async (p: { id: string }) => prisma.enrolment.findFirstOrThrow({ where: { courseId: course.id, caregiverId: p.id } });
    const [e1, e2, e3, ew] = await Promise.all([enr(p1), enr(p2), enr(p3), enr(waiting)]);
    const attend = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { __typename ... on MutationRecordAttendanceSuccess { data } ... on InputValidationError { fields { path message } } ... on Error { code } } }`;
    const [s1, s2] = course.sessions.sort((a, b) => a.seq - b.seq);
    const tooMany = await gql(
      attend,
      { input: { sessionId: s1!.id, lines: [{ enrolmentId: gid('Enrolment', e1.id), hours: 3.5 }] } },
      { token: f.staff.token },
    );
    expect(tooMany.data?.recordAttendance.fields[0].path).toEqual(['input', 'lines', '0', 'hours']);
    const onWaitlist = await gql(
      attend,
      { input: { sessionId: s1!.id, lines: [{ enrolmentId: gid('Enrolment', ew.id), hours: 3 }] } },
      { token: f.staff.token },
    );
    expect(onWaitlist.data?.recordAttendance.__typename).toBe('InputValidationError');
    for (const s of [s1!, s2!]) {
      const r = await gql(
        attend,
        {
          input: {
            sessionId: s.id,
            lines: [e1, e2, e3].map((e) => ({ enrolmentId: gid('Enrolment', e.id), hours: e === e3 && s === s2 ? 1 : 3 })),
          },
        },
        { token: f.staff.token },
      );
      expect(r.data?.recordAttendance.data).toBe(3);
    }
    expect((await enr(p1)).status).toBe('IN_PROGRESS');
    const result = `mutation($input: RecordCourseResultInput!) { recordCourseResult(input: $input) { __typename ... on MutationRecordCourseResultSuccess { data { status score outcomeNote completedOn } } ... on Error { code } } }`;
    const today = inDays(0);
    await prisma.course.update({ where: { id: course.id }, data: { startsOn: d(inDays(-1)) } });
    const pass = await gql(
      result,
      { input: { enrolmentId: gid('Enrolment', e1.id), score: 60, assessedOn: today } },
      { token: f.staff.token },
    );
    expect(pass.data?.recordCourseResult.data).toMatchObject({ status: 'COMPLETED', score: '60.00', completedOn: today });
    const low = await gql(
      result,
      { input: { enrolmentId: gid('Enrolment', e2.id), score: 59.99, assessedOn: today } },
      { token: f.staff.token },
    );
    expect(low.data?.recordCourseResult.data).toMatchObject({ status: 'FAILED', score: '59.99' });
    const short = await gql(
      result,
      { input: { enrolmentId: gid('Enrolment', e3.id), score: 95, assessedOn: today } },
      { token: f.staff.token },
    );
    expect(short.data?.recordCourseResult.data.status).toBe('FAILED');
    expect(short.data?.recordCourseResult.data.outcomeNote).toContain('hours 4 of 6');
    // A completed place can be neither withdrawn nor given another result.
    expect((await gql(WITHDRAW, { id: gid('Enrolment', e1.id) }, { token: p1.token })).data?.withdrawEnrolment.code).toBe('WRONG_STATE');
    expect(
      (await gql(result, { input: { enrolmentId: gid('Enrolment', e1.id), score: 70, assessedOn: today } }, { token: f.staff.token })).data
        ?.recordCourseResult.code,
    ).toBe('WRONG_STATE');
    // Fewer seats than are taken is refused, naming the field; a cancelled started course is refused.
    const cap = await gql(
      `mutation($id: ID!) { changeCourseCapacity(input: { courseId: $id, capacity: 1 }) { __typename ... on InputValidationError { fields { path } } } }`,
      { id: gid('Course', course.id) },
      { token: f.staff.token },
    );
    expect(cap.data?.changeCourseCapacity.fields[0].path).toEqual(['input', 'capacity']);
    const cancel = await gql(
      `mutation($id: ID!) { cancelCourse(courseId: $id, reason: "讲师生病") { __typename ... on Error { code } } }`,
      { id: gid('Course', course.id) },
      { token: f.staff.token },
    );
    expect(cancel.data?.cancelCourse.code).toBe('WRONG_STATE');
  });

  it('the completion rule: hours and pass mark, exactly', () => {
    expect(courseOutcome({ requiredHours: 40, passMark: 60 }, 40, 60).status).toBe('COMPLETED');
    expect(courseOutcome({ requiredHours: 40, passMark: 60 }, 39.5, 100).status).toBe('FAILED');
    expect(courseOutcome({ requiredHours: 40, passMark: 60 }, 40, 59.99).status).toBe('FAILED');
  });
});

describe('attendance import', () => {
  it('imports good rows, reports bad and duplicate ones with the reason, and changes nothing the second time', async () => {
    const course = await f.course({ capacity: 5 });
    const [p1, p2] = [await f.caregiver(), await f.caregiver()];
    for (const p of [p1, p2]) await gql(APPLY, { id: gid('Course', course.id) }, { token: p.token });
    const stranger = await f.caregiver();
    const badId = `${p1.residentId.slice(0, 17)}${p1.residentId[17] === '0' ? '1' : '0'}`;
    const csv = [
      '课程编号,课次,身份证号,姓名,学时',
      `${course.code},1,${p1.residentId},${p1.name},3`,
      `${course.code},1,${p2.residentId},${p2.name},2.5`,
      `${course.code},1,${p1.residentId},${p1.name},3`,
      `${course.code},1,${badId},${p1.name},3`,
      `NO-SUCH-COURSE,1,${p1.residentId},${p1.name},3`,
      `${course.code},1,${stranger.residentId},${stranger.name},3`,
      `${course.code},9,${p2.residentId},${p2.name},3`,
    ].join('\n');
    const staffViewer = await contextOf(f.staff.token);
    const start = async () => {
      const imp = await startRosterImport(staffViewer, {
        kind: 'ATTENDANCE',
        fileName: 'attendance.csv',
        contentBase64: Buffer.from(csv).toString('base64'),
      });
      return runRosterImport(imp.id, fakeJob()).then(async (r) => ({
        r,
        imp: await prisma.rosterImport.findUniqueOrThrow({ where: { id: imp.id } }),
      }));
    };
    const first = await start();
    expect(first.r).toEqual({ imported: 2, unchanged: 0, rejected: 5 });
    const report = first.imp.rejectedRows as { row: number; column: string; value: string; message: string }[];
    expect(report.map((x) => x.row)).toEqual([4, 5, 6, 7, 8]);
    expect(report[0]!.message).toMatch(/duplicate/);
    expect(report[1]).toMatchObject({ column: '身份证号', message: expect.stringMatching(/check digit/) });
    expect(report[1]!.value).not.toContain(badId.slice(6, 14));
    expect(report[2]).toMatchObject({ column: '课程编号', message: expect.stringMatching(/unknown course/) });
    expect(report[3]!.message).toMatch(/not enrolled/);
    expect(report[4]!.message).toMatch(/no session 9/);
    expect(first.imp.contentCipher).toBeNull();
    expect(Number((await prisma.enrolment.findFirstOrThrow({ where: { courseId: course.id, caregiverId: p2.id } })).attendedHours)).toBe(
      2.5,
    );
    const attendanceRows = await prisma.attendance.count({ where: { session: { courseId: course.id } } });
    const auditRows = await prisma.auditLog.count({ where: { action: 'enrolment.attendance' } });

    const again = await start();
    expect(again.r).toEqual({ imported: 0, unchanged: 2, rejected: 5 });
    expect(await prisma.attendance.count({ where: { session: { courseId: course.id } } })).toBe(attendanceRows);
    expect(await prisma.auditLog.count({ where: { action: 'enrolment.attendance' } })).toBe(auditRows);
    // The job delivered twice: the finished import is not run again.
    expect(await runRosterImport(first.imp.id, fakeJob())).toEqual({ imported: 2, unchanged: 0, rejected: 5 });
  });
});

describe('API tokens', () => {
  it('training:read reads courses and enrolments without the people; other tokens are refused', async () => {
    const course = await f.course({ capacity: 3 });
    const person = await f.caregiver();
    await gql(APPLY, { id: gid('Course', course.id) }, { token: person.token });
    const admin = {
      viewer: await validateSessionToken((await makeUser('ADMIN')).token),
      requestId: 't',
      clientIp: '127.0.0.1',
      userAgent: null,
    };
    const tokenFor = async (scopes: ('training:read' | 'caregivers:read')[]) =>
      (
        await createApiToken(admin as Parameters<typeof createApiToken>[0], {
          name: `t-${randomUUID()}`,
          scopes,
          expiresInDays: 1,
          regionCode: f.tree.city.code,
        })
      ).token;
    const reader = await tokenFor(['training:read']);
    const q = `query($id: ID!) { node(id: $id) { ... on Course { code seatsTaken enrolments(first: 10) { totalCount edges { node { status caregiver { name } } } } } } }`;
    const r = await gql(q, { id: gid('Course', course.id) }, { token: reader });
    expect(r.data?.node).toMatchObject({
      code: course.code,
      seatsTaken: 1,
      enrolments: { totalCount: 1, edges: [{ node: { status: 'ENROLLED', caregiver: null } }] },
    });
    expect(JSON.stringify(r)).not.toContain(person.name);
    const other = await tokenFor(['caregivers:read']);
    expect((await gql(q, { id: gid('Course', course.id) }, { token: other })).data?.node ?? null).toBeNull();
  });
});
