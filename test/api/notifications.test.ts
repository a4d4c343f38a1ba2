import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { runJob } from '../../api/src/jobs/runner.ts';
import { addToQueue, jobQueue, usesQueue } from '../../api/src/jobs/queue.ts';
import { addressAllowed } from '../../api/src/modules/notifications/webhook-address.ts';
import { verifyWebhook } from '../../api/src/modules/notifications/webhook-signing.ts';
import { tc3Authorization, tencentSmsProvider } from '../../api/src/modules/notifications/sms-providers.ts';
import { noticeExpiringFirstAid } from '../../api/src/modules/certification/first-aid.service.ts';
import { encryptSecret } from '../../api/src/modules/caregivers/field-encryption.ts';
import { runPopulationImport } from '../../api/src/modules/regions/population.service.ts';
import { runBankReturnImport } from '../../api/src/modules/subsidies/payments.service.ts';
import { releaseDueInstalments } from '../../api/src/modules/subsidies/instalments.service.ts';
import { runRosterImport } from '../../api/src/modules/training/roster-import.service.ts';
import { todayInChina } from '../../api/src/shared/china-time.ts';
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

// An endpoint is disabled after this many consecutive failed attempts (15 by default).
process.env.WEBHOOK_DISABLE_AFTER = '3';
// The receivers here listen on 127.0.0.1 over http: the development setting allows loopback, nothing else internal.
process.env.WEBHOOK_ALLOW_LOOPBACK = '1';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Runs a staged job as the worker would; `final: false` lets a failed attempt go back to PENDING for the next. */
async function runKeyed(key: string, final = true) {
  const job = await prisma.backgroundJob.findUniqueOrThrow({ where: { key } });
  await runJob(job.id, { final }).catch(() => undefined);
  return prisma.backgroundJob.findUniqueOrThrow({ where: { key } });
}

/** Fans out every event about `subjectId` (the outbox drain would), then answers the deliveries staged. */
async function fanOut(subjectId: string) {
  const events = await prisma.notificationEvent.findMany({ where: { subjectId }, select: { id: true } });
  for (const e of events) expect((await runKeyed(`notifications.fanOut:${e.id}`)).status).toBe('COMPLETED');
  return prisma.webhookDelivery.findMany({ where: { eventId: { in: events.map((e) => e.id) } } });
}

const INBOX = `query { unreadNotificationCount notifications(first: 10) { totalCount edges { node { id code params subjectType subjectId read } } } }`;

type Received = { headers: IncomingHttpHeaders; body: string };
/** An HTTP receiver on loopback that records what it is sent and answers `status`. */
function receiver(status = 204) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = status;
      res.end();
    });
  });
  return {
    received,
    server,
    listen: (port = 0) =>
      new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let f: Awaited<ReturnType<typeof fixture>>;
async function fixture() {
  const levels = await ensureSkillLevels();
  const tree = await makeRegionTree();
  const elsewhere = await makeRegionTree();
  const home = await makeOrganisation(tree.county.id, 'INSTITUTION');
  const otherHome = await makeOrganisation(tree.county.id, 'INSTITUTION');
  const assessor = await makeOrganisation(tree.city.id, 'ASSESSOR');
  await approveAssessor(assessor.id);
  const admin = await makeUser('ADMIN');
  const approver = await makeUser('HR_APPROVER', { regionId: tree.city.id });
  const homeStaff = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
  const otherStaff = await makeUser('INSTITUTION_STAFF', { organisationId: otherHome.id });
  /** A caregiver of `region` with a login, employed at the home. */
  const person = async (region = tree.county) => {
    const { caregiver, residentId } = await makeCaregiver(region.id, region.code);
    await makeEmployment(caregiver.id, home.id, '2024-01-01');
    const { user, token } = await makeUser('CAREGIVER', { caregiverId: caregiver.id });
    return { caregiver, residentId, user, token };
  };
  const certificate = (caregiverId: string) =>
    prisma.certificate.create({
      data: {
        number: `T${randomUUID().replace(/-/g, '').slice(0, 20)}`,
        caregiverId,
        levelId: levels.get('L5')!,
        issuerId: assessor.id,
        issuedOn: d('2025-06-01'),
        source: 'EXAM',
      },
    });
  return { tree, elsewhere, home, assessor, levels, admin, approver, homeStaff, otherStaff, person, certificate };
}

const fakeJob = () => ({ jobId: randomUUID(), reportProgress: async () => undefined, logger: console as never });

/** An approved one-instalment claim of a caregiver of the county (employed at the home since 2024). */
async function claimWithInstalment(afterYears: number, status: 'SCHEDULED' | 'IN_BATCH' = 'SCHEDULED') {
  const worker = await f.person();
  const policy = await prisma.subsidyPolicy.create({
    data: {
      code: `NT-${randomUUID().slice(0, 8)}`,
      version: 1,
      kind: 'SKILLS_UPGRADE',
      nameZh: '技能提升补贴',
      nameEn: 'Skills upgrade subsidy',
      regionId: f.tree.city.id,
      effectiveFrom: d('2019-01-01'),
      amounts: {},
      rules: {},
    },
  });
  const claim = await prisma.subsidyClaim.create({
    data: {
      reference: `NT-${randomUUID().slice(0, 10)}`,
      policyId: policy.id,
      kind: 'SKILLS_UPGRADE',
      caregiverId: worker.caregiver.id,
      regionId: f.tree.county.id,
      subjectKey: randomUUID(),
      status: 'APPROVED',
      amountFen: 100_000,
      eligibility: {},
      approvedAt: d('2019-01-01'),
    },
  });
  const instalment = await prisma.instalment.create({
    data: { claimId: claim.id, seq: 1, sharePercent: 100, afterYears, dueOn: d('2020-01-01'), amountFen: 100_000, status },
  });
  return { worker, claim, instalment };
}

/** A payment batch of one line in `regionId`, answered PAID by a bank return its finance officer imported. */
async function paidBatch(regionId: string) {
  const { worker, claim, instalment } = await claimWithInstalment(0, 'IN_BATCH');
  const finance = await makeUser('FINANCE_OFFICER', { regionId: f.tree.city.id });
  const batch = await prisma.paymentBatch.create({
    data: {
      reference: `NT${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      regionId,
      idempotencyKey: randomUUID(),
      lineCount: 1,
      totalFen: 100_000n,
      createdById: finance.user.id,
    },
  });
  await prisma.paymentLine.create({ data: { batchId: batch.id, instalmentId: instalment.id, lineNo: 1, amountFen: 100_000 } });
  const csv = `reference,status,amount\n${batch.reference}-1,PAID,1000.00\n`;
  const file = await prisma.bankReturnFile.create({
    data: {
      batchId: batch.id,
      sha256: randomUUID().replace(/-/g, '').repeat(2),
      fileName: 'return.csv',
      rows: 1,
      contentCipher: encryptSecret(Buffer.from(csv).toString('base64')),
      importedById: finance.user.id,
    },
  });
  await runBankReturnImport(file.id, fakeJob());
  return { batch, claim, worker, finance, file };
}

beforeAll(async () => {
  f = await fixture();
});

const REVOKE = `mutation($input: RevokeCertificateInput!) { revokeCertificate(input: $input) { __typename ... on Error { code } } }`;
const revoke = (certificateId: string) =>
  gql(REVOKE, { input: { certificateId: gid('Certificate', certificateId), reason: '伪造工作经历材料' } }, { token: f.approver.token });

describe('inbox and SMS', () => {
  it('a caregiver promoted from a waitlist finds it in the inbox and, having opted in, in the development SMS log', async () => {
    const provider = await makeOrganisation(f.tree.city.id, 'TRAINING_PROVIDER');
    const course = await prisma.course.create({
      data: {
        providerId: provider.id,
        code: `N-${randomUUID().slice(0, 8)}`.toUpperCase(),
        regionId: f.tree.city.id,
        kind: 'SKILL_UPGRADE',
        status: 'PUBLISHED',
        title: '失智照护提升班',
        requiredHours: 6,
        capacity: 1,
        feeFen: 0,
        governmentFunded: false,
        place: '上饶市培训中心',
        startsOn: d(inDays(10)),
        endsOn: d(inDays(40)),
      },
    });
    const [seated, waiting] = [await f.person(), await f.person()];
    const APPLY = `mutation($id: ID!) { applyForCourse(input: { courseId: $id }) { ... on MutationApplyForCourseSuccess { data { id status } } } }`;
    const seat = (await gql(APPLY, { id: gid('Course', course.id) }, { token: seated.token })).data?.applyForCourse.data;
    const place = (await gql(APPLY, { id: gid('Course', course.id) }, { token: waiting.token })).data?.applyForCourse.data;
    expect(place.status).toBe('WAITLISTED');

    const OPT_IN = `mutation($phone: String!) { optInToSms(input: { phone: $phone }) { __typename ... on MutationOptInToSmsSuccess { data { phoneMasked } } ... on InputValidationError { fields { path } } ... on Error { code } } }`;
    expect((await gql(OPT_IN, { phone: '12345' }, { token: waiting.token })).data?.optInToSms.fields).toEqual([
      { path: ['input', 'phone'] },
    ]);
    expect((await gql(OPT_IN, { phone: '13912345678' }, { token: waiting.token })).data?.optInToSms.data).toEqual({
      phoneMasked: '139****5678',
    });
    // Staff may not opt in: SMS goes to caregivers who agreed to it on their own profile.
    expect((await gql(OPT_IN, { phone: '13912345678' }, { token: f.homeStaff.token })).data?.optInToSms.code).toBe('FORBIDDEN');

    const WITHDRAW = `mutation($id: ID!) { withdrawEnrolment(input: { enrolmentId: $id }) { __typename } }`;
    expect((await gql(WITHDRAW, { id: seat.id }, { token: seated.token })).data?.withdrawEnrolment.__typename).toBe(
      'MutationWithdrawEnrolmentSuccess',
    );
    const enrolmentId = (await prisma.enrolment.findFirstOrThrow({ where: { courseId: course.id, caregiverId: waiting.caregiver.id } })).id;
    // The event was written with the promotion, before any job ran.
    const event = await prisma.notificationEvent.findFirstOrThrow({ where: { subjectId: enrolmentId } });
    expect(event).toMatchObject({ code: 'enrolment.promoted', caregiverId: waiting.caregiver.id, fannedOutAt: null });
    expect(JSON.stringify(event.params)).not.toContain(waiting.residentId);
    expect((await gql(INBOX, {}, { token: waiting.token })).data?.unreadNotificationCount).toBe(0);

    await fanOut(enrolmentId);
    await fanOut(enrolmentId); // delivered twice: nothing doubles
    const inbox = (await gql(INBOX, {}, { token: waiting.token })).data!;
    expect(inbox.unreadNotificationCount).toBe(1);
    expect(inbox.notifications.edges[0].node).toMatchObject({
      code: 'ENROLMENT_PROMOTED',
      subjectType: 'Enrolment',
      subjectId: gid('Enrolment', enrolmentId),
      read: false,
      params: { courseTitle: '失智照护提升班', status: 'ENROLLED' },
    });
    expect((await gql(`query { viewer { unreadNotificationCount } }`, {}, { token: waiting.token })).data?.viewer).toEqual({
      unreadNotificationCount: 1,
    });
    // Nobody else hears of it.
    expect((await gql(INBOX, {}, { token: seated.token })).data?.unreadNotificationCount).toBe(0);

    const sms = await prisma.smsMessage.findMany({ where: { userId: waiting.user.id } });
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({
      provider: 'dev',
      templateId: 'ENROLMENT_PROMOTED',
      params: ['失智照护提升班', inDays(10)],
      phoneMasked: '139****5678',
      status: 'SENT',
    });
    const log = await gql(
      `query { smsMessages(first: 50) { edges { node { id templateId phoneMasked status } } } }`,
      {},
      { token: f.admin.token },
    );
    expect(log.data?.smsMessages.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(sms[0]!.id);
    expect(
      (await gql(`query { smsMessages(first: 1) { edges { node { id } } } }`, {}, { token: waiting.token })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');

    // Marking read: one, then all; another user cannot mark someone else's.
    const id = inbox.notifications.edges[0].node.id;
    const MARK = `mutation($id: ID!) { markNotificationRead(id: $id) { __typename ... on MutationMarkNotificationReadSuccess { data { read } } ... on Error { code } } }`;
    expect((await gql(MARK, { id }, { token: seated.token })).data?.markNotificationRead.code).toBe('NOT_FOUND');
    expect((await gql(MARK, { id }, { token: waiting.token })).data?.markNotificationRead.data).toEqual({ read: true });
    expect((await gql(INBOX, {}, { token: waiting.token })).data?.unreadNotificationCount).toBe(0);
    expect((await gql(`mutation { markAllNotificationsRead }`, {}, { token: waiting.token })).data?.markAllNotificationsRead).toBe(0);
  });

  it('an institution is told when its employee’s certificate is revoked or the person is blacklisted; another institution is not', async () => {
    const worker = await f.person();
    const cert = await f.certificate(worker.caregiver.id);
    expect((await revoke(cert.id)).data?.revokeCertificate.__typename).toBe('MutationRevokeCertificateSuccess');
    await fanOut(cert.id);
    const staffInbox = (await gql(INBOX, {}, { token: f.homeStaff.token })).data!;
    const codes = staffInbox.notifications.edges
      .filter((e: { node: { subjectId: string } }) => e.node.subjectId === gid('Certificate', cert.id))
      .map((e: { node: { code: string } }) => e.node.code);
    expect(codes).toEqual(['CERTIFICATE_REVOKED']);
    expect(
      staffInbox.notifications.edges.find((e: { node: { subjectId: string } }) => e.node.subjectId === gid('Certificate', cert.id)).node
        .params,
    ).toEqual({
      number: cert.number,
      status: 'REVOKED',
    });
    expect(
      (await gql(INBOX, {}, { token: worker.token })).data?.notifications.edges.map((e: { node: { code: string } }) => e.node.code),
    ).toContain('CERTIFICATE_REVOKED');
    const strangers = (await gql(INBOX, {}, { token: f.otherStaff.token })).data!;
    expect(
      strangers.notifications.edges.filter((e: { node: { subjectId: string } }) => e.node.subjectId === gid('Certificate', cert.id)),
    ).toEqual([]);

    const civil = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: f.tree.city.id });
    const ADD = `mutation($input: AddBlacklistEntryInput!) { addBlacklistEntry(input: $input) { __typename ... on MutationAddBlacklistEntrySuccess { data { id } } ... on Error { code message } } }`;
    const added = await gql(
      ADD,
      {
        input: {
          caregiverId: gid('Caregiver', worker.caregiver.id),
          reason: '欺老虐老',
          evidence: '上饶市民政局调查报告（2026）12号',
          startsOn: '2026-01-01',
        },
      },
      { token: civil.token },
    );
    expect(added.data?.addBlacklistEntry.__typename).toBe('MutationAddBlacklistEntrySuccess');
    const entryId = (await prisma.blacklistEntry.findFirstOrThrow({ where: { caregiverId: worker.caregiver.id } })).id;
    await fanOut(entryId);
    const LIFT = `mutation($input: LiftBlacklistEntryInput!) { liftBlacklistEntry(input: $input) { __typename } }`;
    expect(
      (await gql(LIFT, { input: { entryId: gid('BlacklistEntry', entryId), reason: '申诉成立，撤销列入' } }, { token: civil.token })).data
        ?.liftBlacklistEntry.__typename,
    ).toBe('MutationLiftBlacklistEntrySuccess');
    await fanOut(entryId);
    const about = async (token: string) =>
      ((await gql(INBOX, {}, { token })).data!.notifications.edges as { node: { subjectId: string; code: string } }[])
        .filter((e) => e.node.subjectId === gid('BlacklistEntry', entryId))
        .map((e) => e.node.code)
        .sort();
    expect(await about(f.homeStaff.token)).toEqual(['BLACKLIST_ADDED', 'BLACKLIST_LIFTED']);
    expect(await about(worker.token)).toEqual(['BLACKLIST_ADDED', 'BLACKLIST_LIFTED']);
    expect(await about(f.otherStaff.token)).toEqual([]);
  });

  it('the daily first-aid check tells the employer once about a certificate about to expire, not about one renewed', async () => {
    const [expiring, renewed] = [await f.person(), await f.person()];
    const today = todayInChina();
    const soon = new Date(today.getTime() + 10 * 86_400_000);
    const firstAid = (caregiverId: string, expiresOn: Date) =>
      prisma.firstAidCertificate.create({
        data: { caregiverId, number: `FA-${randomUUID().slice(0, 12)}`, issuer: '江西省红十字会', issuedOn: d('2023-01-01'), expiresOn },
      });
    const due = await firstAid(expiring.caregiver.id, soon);
    const old = await firstAid(renewed.caregiver.id, soon);
    await firstAid(renewed.caregiver.id, new Date(today.getTime() + 900 * 86_400_000));
    expect(await noticeExpiringFirstAid(today)).toBeGreaterThanOrEqual(1);
    await noticeExpiringFirstAid(today); // a second run of the day emits nothing more
    expect(await prisma.notificationEvent.count({ where: { subjectId: due.id } })).toBe(1);
    expect(await prisma.notificationEvent.count({ where: { subjectId: old.id } })).toBe(0);
    await fanOut(due.id);
    const staff = (await gql(INBOX, {}, { token: f.homeStaff.token })).data!.notifications.edges as {
      node: { subjectId: string; code: string; params: Record<string, string> };
    }[];
    expect(staff.find((e) => e.node.subjectId === gid('FirstAidCertificate', due.id))?.node).toMatchObject({
      code: 'FIRST_AID_EXPIRING',
      params: { expiresOn: soon.toISOString().slice(0, 10) },
    });
  });
});

type InboxEdge = { node: { subjectId: string; code: string; params: Record<string, unknown> } };
const inboxOf = async (token: string) =>
  (await gql(INBOX.replace('first: 10', 'first: 50'), {}, { token })).data!.notifications.edges as InboxEdge[];

describe('events the domain emits', () => {
  it('exam results publicised: each candidate of the session hears their result, and so does their employer; nothing personal in the event', async () => {
    const session = await prisma.examSession.create({
      data: {
        assessorId: f.assessor.id,
        levelId: f.levels.get('L5')!,
        startsAt: new Date(Date.now() - 3 * 86_400_000),
        place: '上饶市考点',
        capacity: 10,
        seatsTaken: 2,
        feeFen: 18_000,
      },
    });
    const [passed, failed] = [await f.person(), await f.person()];
    const apply = (caregiverId: string, status: 'PASSED' | 'FAILED', score: string) =>
      prisma.levelApplication.create({
        data: { caregiverId, sessionId: session.id, status, eligibility: {}, theoryScore: score, practicalScore: score },
      });
    const pass = await apply(passed.caregiver.id, 'PASSED', '81.50');
    const fail = await apply(failed.caregiver.id, 'FAILED', '42.00');
    const staff = await makeUser('ASSESSOR', { organisationId: f.assessor.id });
    const published = await gql(
      `mutation($id: ID!) { publishExamResults(sessionId: $id) { __typename ... on Error { code } } }`,
      { id: gid('ExamSession', session.id) },
      { token: staff.token },
    );
    expect(published.data?.publishExamResults.__typename).toBe('MutationPublishExamResultsSuccess');
    const publicationEndsOn = (await prisma.examSession.findUniqueOrThrow({ where: { id: session.id } })).publicationEndsOn!;
    // Written with the publication, one per candidate.
    const events = await prisma.notificationEvent.findMany({ where: { subjectId: { in: [pass.id, fail.id] } } });
    expect(events.map((e) => [e.code, e.caregiverId, e.params]).sort()).toEqual(
      [
        [
          'exam.resultsPublicised',
          passed.caregiver.id,
          { sessionId: session.id, level: 'L5', result: 'PASSED', publicationEndsOn: publicationEndsOn.toISOString().slice(0, 10) },
        ],
        [
          'exam.resultsPublicised',
          failed.caregiver.id,
          { sessionId: session.id, level: 'L5', result: 'FAILED', publicationEndsOn: publicationEndsOn.toISOString().slice(0, 10) },
        ],
      ].sort(),
    );
    for (const e of events) expect(JSON.stringify(e.params)).not.toContain(passed.residentId);
    await fanOut(pass.id);
    await fanOut(fail.id);
    const mine = (await inboxOf(passed.token)).filter((e) => e.node.code === 'EXAM_RESULTS_PUBLICISED');
    expect(mine.map((e) => [e.node.subjectId, e.node.params.result])).toEqual([[gid('LevelApplication', pass.id), 'PASSED']]);
    const employer = (await inboxOf(f.homeStaff.token)).filter((e) =>
      [gid('LevelApplication', pass.id), gid('LevelApplication', fail.id)].includes(e.node.subjectId),
    );
    expect(employer.map((e) => e.node.params.result).sort()).toEqual(['FAILED', 'PASSED']);
    expect(
      (await inboxOf(f.otherStaff.token)).filter(
        (e) => e.node.code === 'EXAM_RESULTS_PUBLICISED' && e.node.params.sessionId === session.id,
      ),
    ).toEqual([]);
  });

  it('instalment due and forfeited: the daily step tells the caregiver, in the transaction that moves the instalment', async () => {
    const due = await claimWithInstalment(0);
    const lapsed = await claimWithInstalment(3); // not employed on the due day: forfeited by the re-check
    await releaseDueInstalments(d('2020-01-02'));
    expect((await prisma.instalment.findUniqueOrThrow({ where: { id: due.instalment.id } })).status).toBe('PAYABLE');
    expect((await prisma.instalment.findUniqueOrThrow({ where: { id: lapsed.instalment.id } })).status).toBe('FORFEITED');
    const [dueEvent] = await prisma.notificationEvent.findMany({ where: { subjectId: due.claim.id } });
    const [lostEvent] = await prisma.notificationEvent.findMany({ where: { subjectId: lapsed.claim.id } });
    expect(dueEvent).toMatchObject({
      code: 'instalment.due',
      caregiverId: due.worker.caregiver.id,
      regionPath: f.tree.county.path,
      params: { reference: due.claim.reference, instalmentId: due.instalment.id, seq: 1, amountYuan: '1000.00', status: 'PAYABLE' },
    });
    expect(lostEvent).toMatchObject({
      code: 'instalment.forfeited',
      params: { reference: lapsed.claim.reference, instalmentId: lapsed.instalment.id, status: 'FORFEITED', reason: 'RECHECK_FAILED' },
    });
    // A second run of the day moves nothing, so tells nothing more.
    await releaseDueInstalments(d('2020-01-02'));
    expect(await prisma.notificationEvent.count({ where: { subjectId: { in: [due.claim.id, lapsed.claim.id] } } })).toBe(2);
    await fanOut(due.claim.id);
    await fanOut(lapsed.claim.id);
    expect((await inboxOf(due.worker.token)).map((e) => e.node.code)).toContain('INSTALMENT_DUE');
    expect((await inboxOf(lapsed.worker.token)).find((e) => e.node.code === 'INSTALMENT_FORFEITED')?.node.params).toMatchObject({
      reason: 'RECHECK_FAILED',
      amountYuan: '1000.00',
    });
    expect(JSON.stringify([dueEvent!.params, lostEvent!.params])).not.toContain(due.worker.residentId);
  });

  it('import finished: whoever started a population, attendance or bank-return import is told, nobody else', async () => {
    const analyst = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: f.tree.city.id });
    const csv = (text: string) => Buffer.from(text);
    const population = await prisma.populationImport.create({
      data: {
        fileName: 'population.csv',
        sha256: randomUUID().replace(/-/g, '').repeat(2),
        content: csv('地区代码,年份\n999999,2025\n'),
        createdById: analyst.user.id,
        rows: 1,
      },
    });
    await runPopulationImport(population.id, fakeJob());
    await runPopulationImport(population.id, fakeJob()); // delivered twice: told once
    const provider = await makeOrganisation(f.tree.city.id, 'TRAINING_PROVIDER');
    const trainer = await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id });
    const roster = await prisma.rosterImport.create({
      data: {
        kind: 'ATTENDANCE',
        organisationId: provider.id,
        fileName: 'attendance.csv',
        sha256: randomUUID().replace(/-/g, '').repeat(2),
        contentCipher: encryptSecret(csv('课程代码,身份证号\nNOPE,1\n').toString('base64')),
        createdById: trainer.user.id,
        rows: 1,
      },
    });
    await runRosterImport(roster.id, fakeJob());
    await runRosterImport(roster.id, fakeJob());
    const { batch, finance } = await paidBatch(f.tree.county.id);
    for (const id of [population.id, roster.id, batch.id]) await fanOut(id);

    expect(
      await prisma.notificationEvent.findMany({ where: { subjectId: population.id }, select: { code: true, userId: true, params: true } }),
    ).toEqual([
      {
        code: 'import.finished',
        userId: analyst.user.id,
        params: { kind: 'POPULATION', created: 0, updated: 0, unchanged: 0, rejected: 1 },
      },
    ]);
    expect((await inboxOf(analyst.token)).map((e) => [e.node.code, e.node.params.kind])).toEqual([['IMPORT_FINISHED', 'POPULATION']]);
    expect((await inboxOf(trainer.token)).map((e) => [e.node.code, e.node.params])).toEqual([
      ['IMPORT_FINISHED', { kind: 'ATTENDANCE', imported: 0, unchanged: 0, rejected: 1 }],
    ]);
    const financeInbox = await inboxOf(finance.token);
    expect(financeInbox.find((e) => e.node.code === 'IMPORT_FINISHED')?.node.params).toMatchObject({
      kind: 'BANK_RETURN',
      paid: 1,
      reconciled: true,
    });
    // Nobody else hears of an import.
    expect((await inboxOf(f.admin.token)).filter((e) => e.node.code === 'IMPORT_FINISHED')).toEqual([]);
  });

  it('payment batch finished: the finance officers of the batch’s region hear the totals, those of another region do not', async () => {
    const otherFinance = await makeUser('FINANCE_OFFICER', { regionId: f.elsewhere.city.id });
    const { batch, claim, finance, worker } = await paidBatch(f.tree.county.id);
    const events = await prisma.notificationEvent.findMany({ where: { subjectId: batch.id, code: 'paymentBatch.finished' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      regionPath: f.tree.county.path,
      params: {
        reference: batch.reference,
        status: 'RECONCILED',
        lineCount: 1,
        paidLines: 1,
        failedLines: 0,
        paidYuan: '1000.00',
        failedYuan: '0.00',
      },
    });
    expect(JSON.stringify(events[0]!.params)).not.toContain(worker.residentId);
    await fanOut(batch.id);
    await fanOut(claim.id);
    expect((await inboxOf(finance.token)).map((e) => e.node.code)).toContain('PAYMENT_BATCH_FINISHED');
    expect((await inboxOf(otherFinance.token)).map((e) => e.node.code)).not.toContain('PAYMENT_BATCH_FINISHED');
    // The caregiver hears that their claim was paid, not of the batch.
    expect((await inboxOf(worker.token)).map((e) => e.node.code)).toEqual(['CLAIM_PAID']);
  });
});

describe('webhooks', () => {
  const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { __typename
    ... on MutationRegisterWebhookEndpointSuccess { data { secret endpoint { id url regionCode eventCodes apiTokenName } } } ... on InputValidationError { fields { path code params { name value } } } ... on Error { code } } }`;
  const TOKEN = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { ... on MutationCreateApiTokenSuccess { data { apiToken { id } } } } }`;
  /** Another system's API token, as an admin creates it on the tokens page; answers its global id. */
  const apiToken = async (scopes: string[], regionCode: string | null = null) => {
    const r = await gql(
      TOKEN,
      { input: { name: `hook-${randomUUID().slice(0, 6)}`, scopes, expiresInDays: 1, regionCode } },
      { token: f.admin.token },
    );
    return r.data!.createApiToken.data.apiToken.id as string;
  };
  const register = async (url: string, apiTokenId: string, eventCodes = ['CERTIFICATE_REVOKED', 'CERTIFICATE_ISSUED']) => {
    const r = await gql(REGISTER, { input: { url, apiTokenId, eventCodes } }, { token: f.admin.token });
    expect(r.data?.registerWebhookEndpoint.__typename).toBe('MutationRegisterWebhookEndpointSuccess');
    return r.data!.registerWebhookEndpoint.data as { secret: string; endpoint: { id: string; regionCode: string | null } };
  };
  type Issue = { path: string[]; code: string; params: { name: string; value: string }[] };
  const refusal = async (input: Record<string, unknown>) => {
    const r = await gql(REGISTER, { input }, { token: f.admin.token });
    expect(r.data?.registerWebhookEndpoint.__typename).toBe('InputValidationError');
    return (r.data!.registerWebhookEndpoint.fields as Issue[]).map((i) => ({
      field: i.path.at(-1),
      code: i.code,
      ...Object.fromEntries(i.params.map((p) => [p.name, p.value])),
    }));
  };
  const servers: ReturnType<typeof receiver>[] = [];
  afterAll(async () => {
    for (const s of servers) if (s.server.listening) await s.close();
    process.env.WEBHOOK_ALLOW_LOOPBACK = '1';
  });

  it('only admins register endpoints, each for a live API token; bad input names the field; the secret is shown once and never stored in clear', async () => {
    const certificates = await apiToken(['certificates:read'], f.tree.city.code);
    const input = { url: 'http://127.0.0.1:9/hook', apiTokenId: certificates, eventCodes: ['CERTIFICATE_REVOKED'] };
    expect((await gql(REGISTER, { input }, { token: f.homeStaff.token })).data?.registerWebhookEndpoint.code).toBe('FORBIDDEN');
    expect(
      (await gql(REGISTER, { input: { ...input, url: 'ftp://x' } }, { token: f.admin.token })).data?.registerWebhookEndpoint.fields,
    ).toMatchObject([{ path: ['input', 'url'] }]);
    expect(await refusal({ ...input, apiTokenId: gid('ApiToken', 'no-such-token') })).toEqual([
      { field: 'apiTokenId', code: 'API_TOKEN_UNKNOWN' },
    ]);
    // The codes must be ones the token's scopes read: a training token hears of seats, not of certificates.
    const training = await apiToken(['training:read']);
    expect(await refusal({ ...input, apiTokenId: training })).toEqual([
      { field: 'eventCodes', code: 'EVENT_OUTSIDE_TOKEN_SCOPES', codes: 'certificate.revoked' },
    ]);
    expect(await refusal({ ...input, apiTokenId: await apiToken(['workforce:read']), eventCodes: [] })).toEqual([
      { field: 'apiTokenId', code: 'API_TOKEN_READS_NO_EVENTS' },
    ]);
    const revoked = await apiToken(['certificates:read']);
    await gql(`mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`, { id: revoked }, { token: f.admin.token });
    expect(await refusal({ ...input, apiTokenId: revoked })).toEqual([{ field: 'apiTokenId', code: 'API_TOKEN_REVOKED' }]);

    const { secret, endpoint } = await register('http://127.0.0.1:9/hook', certificates);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    // The endpoint takes the token's region.
    expect(endpoint.regionCode).toBe(f.tree.city.code);
    const row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(Buffer.from(row.secretCipher).toString('latin1')).not.toContain(secret.slice(6));
    await prisma.webhookEndpoint.delete({ where: { id: endpoint.id } });
  });

  it('refuses internal addresses at registration: metadata, private, link-local, unique-local, mapped; http only to loopback, and loopback only where allowed', async () => {
    const apiTokenId = await apiToken(['certificates:read']);
    const before = await prisma.webhookEndpoint.count();
    const internal = (address: string) => [{ field: 'url', code: 'WEBHOOK_INTERNAL_ADDRESS', address }];
    expect(await refusal({ url: 'http://169.254.169.254/latest/meta-data/', apiTokenId })).toEqual(internal('169.254.169.254'));
    expect(await refusal({ url: 'https://10.1.2.3/hook', apiTokenId })).toEqual(internal('10.1.2.3'));
    expect(await refusal({ url: 'https://192.168.0.10/hook', apiTokenId })).toEqual(internal('192.168.0.10'));
    expect(await refusal({ url: 'https://172.20.0.1/hook', apiTokenId })).toEqual(internal('172.20.0.1'));
    expect(await refusal({ url: 'https://[fe80::1]/hook', apiTokenId })).toEqual(internal('fe80::1'));
    expect(await refusal({ url: 'https://[fd00:ec2::254]/hook', apiTokenId })).toEqual(internal('fd00:ec2::254'));
    // An IPv4 address written as IPv6 (the URL normalises it to ::ffff:c0a8:101) is the IPv4 address it is.
    expect(await refusal({ url: 'https://[::ffff:192.168.1.1]/hook', apiTokenId })).toEqual(internal('::ffff:c0a8:101'));
    expect(await refusal({ url: 'https://[::ffff:169.254.169.254]/hook', apiTokenId })).toEqual(internal('::ffff:a9fe:a9fe'));
    // Public addresses pass, in either family and either way of writing them.
    expect(['93.184.216.34', '::ffff:5db8:d822', '::ffff:93.184.216.34', '2606:2800:220:1::'].map(addressAllowed)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['100.64.0.1', '198.18.0.1', '224.0.0.1', 'ff02::1', '64:ff9b::a00:1'].map(addressAllowed)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(await refusal({ url: 'https://0.0.0.0/hook', apiTokenId })).toEqual(internal('0.0.0.0'));
    // A public address over plain http is refused too: https only.
    expect(await refusal({ url: 'http://93.184.216.34/hook', apiTokenId })).toEqual([{ field: 'url', code: 'WEBHOOK_HTTPS_REQUIRED' }]);
    expect(await refusal({ url: 'https://no-such-host.invalid/hook', apiTokenId })).toEqual([
      { field: 'url', code: 'WEBHOOK_HOST_UNRESOLVED' },
    ]);
    // Without the development setting, loopback is as internal as any other address, by name or by number.
    process.env.WEBHOOK_ALLOW_LOOPBACK = '0';
    try {
      expect(await refusal({ url: 'http://127.0.0.1:9/hook', apiTokenId })).toEqual(internal('127.0.0.1'));
      expect(await refusal({ url: 'https://[::1]:9/hook', apiTokenId })).toEqual(internal('::1'));
      expect((await refusal({ url: 'https://localhost:9/hook', apiTokenId }))[0]).toMatchObject({ code: 'WEBHOOK_INTERNAL_ADDRESS' });
    } finally {
      process.env.WEBHOOK_ALLOW_LOOPBACK = '1';
    }
    // Nothing was written.
    expect(await prisma.webhookEndpoint.count()).toBe(before);
  });

  it('delivers signed, verifiable certificate events of its region only, survives a receiver that is down, and replays from the portal', async () => {
    const mine = receiver();
    const theirs = receiver();
    servers.push(mine, theirs);
    // `mine` is down at first: its port is taken, then released, so the first attempt finds nobody there.
    const port = await mine.listen();
    await mine.close();
    await theirs.listen();
    // Two systems with certificate tokens of two regions, and a third whose token reads training only.
    const regional = await register(`http://127.0.0.1:${port}/carecert`, await apiToken(['certificates:read'], f.tree.city.code));
    const other = await register(
      `http://127.0.0.1:${(theirs.server.address() as AddressInfo).port}/`,
      await apiToken(['certificates:read'], f.elsewhere.city.code),
    );
    const trainingOnly = await register(
      `http://127.0.0.1:${(theirs.server.address() as AddressInfo).port}/t`,
      await apiToken(['training:read']),
      [],
    );

    const worker = await f.person();
    const cert = await f.certificate(worker.caregiver.id);
    expect((await revoke(cert.id)).data?.revokeCertificate.__typename).toBe('MutationRevokeCertificateSuccess');
    const deliveries = await fanOut(cert.id);
    // Token filter: only the endpoint whose token reads certificates of the holder's region gets a delivery.
    const ours = deliveries.filter((x) => [regional, other, trainingOnly].some((e) => e.endpoint.id === x.endpointId));
    expect(ours.map((x) => x.endpointId)).toEqual([regional.endpoint.id]);
    deliveries.splice(0, deliveries.length, ...ours);
    const key = `notifications.deliverWebhook:${deliveries[0]!.id}`;

    // Down: the attempt fails, is recorded without a status code, and the job goes back for a retry.
    expect((await runKeyed(key, false)).status).toBe('PENDING');
    let delivery = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveries[0]!.id }, include: { tries: true } });
    expect(delivery).toMatchObject({ status: 'RETRYING', attempts: 1, lastStatusCode: null });
    expect(delivery.tries.map((t) => t.errorCode)).toEqual(['NETWORK']);

    // Back up: the retry is delivered.
    await mine.listen(port);
    expect((await runKeyed(key, false)).status).toBe('COMPLETED');
    delivery = await prisma.webhookDelivery.findUniqueOrThrow({
      where: { id: deliveries[0]!.id },
      include: { tries: { orderBy: { createdAt: 'asc' } } },
    });
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 2, lastStatusCode: 204 });
    expect(delivery.tries.map((t) => t.statusCode)).toEqual([null, 204]);
    expect(theirs.received).toHaveLength(0);

    expect(mine.received).toHaveLength(1);
    const [got] = mine.received;
    const headers = {
      id: String(got!.headers['webhook-id']),
      timestamp: String(got!.headers['webhook-timestamp']),
      signature: String(got!.headers['webhook-signature']),
    };
    expect(headers.id).toBe(delivery.id);
    // Verified as a receiver would, from the spec, without our code: HMAC-SHA256 over id.timestamp.body with the base64-decoded secret.
    const expected = createHmac('sha256', Buffer.from(regional.secret.slice('whsec_'.length), 'base64'))
      .update(`${headers.id}.${headers.timestamp}.${got!.body}`)
      .digest('base64');
    expect(headers.signature).toBe(`v1,${expected}`);
    expect(verifyWebhook(regional.secret, headers, got!.body)).toBe(true);
    expect(verifyWebhook(regional.secret, headers, got!.body.replace('REVOKED', 'VALID'))).toBe(false);
    expect(verifyWebhook(other.secret, headers, got!.body)).toBe(false);
    const payload = JSON.parse(got!.body);
    expect(payload).toMatchObject({
      type: 'certificate.revoked',
      data: {
        subjectType: 'Certificate',
        subjectId: cert.id,
        caregiverId: worker.caregiver.id,
        regionCode: f.tree.county.code,
        changes: { status: 'REVOKED', number: cert.number },
      },
    });
    // Ids and what changed only: no resident ID number, no name, no free-text reason.
    expect(got!.body).not.toContain(worker.residentId);
    expect(got!.body).not.toContain(worker.caregiver.name);
    expect(got!.body).not.toContain('伪造');

    // Replay from the portal: a new delivery with its own webhook-id and the same event.
    const REPLAY = `mutation($id: ID!) { replayWebhookDelivery(id: $id) { __typename ... on MutationReplayWebhookDeliverySuccess { data { id status replayOfId } } ... on Error { code } } }`;
    expect((await gql(REPLAY, { id: delivery.id }, { token: f.homeStaff.token })).data?.replayWebhookDelivery.code).toBe('FORBIDDEN');
    const replay = (await gql(REPLAY, { id: delivery.id }, { token: f.admin.token })).data?.replayWebhookDelivery.data;
    expect(replay).toMatchObject({ status: 'PENDING', replayOfId: delivery.id });
    expect((await runKeyed(`notifications.deliverWebhook:${replay.id}`)).status).toBe('COMPLETED');
    expect(mine.received).toHaveLength(2);
    expect(mine.received[1]!.headers['webhook-id']).toBe(replay.id);
    expect(JSON.parse(mine.received[1]!.body).data).toEqual(payload.data);
    const listed = await gql(
      `query { webhookEndpoints { id deliveries { id status lastStatusCode tries { statusCode errorCode } } } }`,
      {},
      { token: f.admin.token },
    );
    const mineListed = listed.data?.webhookEndpoints.find((e: { id: string }) => e.id === regional.endpoint.id);
    expect(mineListed.deliveries.map((x: { status: string }) => x.status).sort()).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });

  it('disables an endpoint after consecutive failures and sends it nothing more until an admin enables it', async () => {
    const failing = receiver(500);
    servers.push(failing);
    const port = await failing.listen();
    const hook = await register(`http://127.0.0.1:${port}/`, await apiToken(['certificates:read'], f.tree.county.code));
    const certs = [];
    for (let i = 0; i < 2; i++) {
      const worker = await f.person();
      const cert = await f.certificate(worker.caregiver.id);
      await revoke(cert.id);
      certs.push(cert);
    }
    const first = (await fanOut(certs[0]!.id)).find((x) => x.endpointId === hook.endpoint.id)!;
    for (let i = 0; i < 3; i++) await runKeyed(`notifications.deliverWebhook:${first.id}`, false);
    const endpoint = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.endpoint.id } });
    expect(endpoint.consecutiveFailures).toBe(3);
    expect(endpoint.disabledAt).not.toBeNull();
    expect(await prisma.webhookAttempt.findMany({ where: { deliveryId: first.id }, select: { statusCode: true } })).toEqual([
      { statusCode: 500 },
      { statusCode: 500 },
      { statusCode: 500 },
    ]);
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('FAILED');
    // A later event finds the endpoint disabled: no delivery for it.
    expect((await fanOut(certs[1]!.id)).filter((x) => x.endpointId === hook.endpoint.id)).toEqual([]);
    const REPLAY = `mutation($id: ID!) { replayWebhookDelivery(id: $id) { __typename ... on Error { code } } }`;
    expect((await gql(REPLAY, { id: first.id }, { token: f.admin.token })).data?.replayWebhookDelivery.code).toBe(
      'WEBHOOK_ENDPOINT_DISABLED',
    );
    const ENABLE = `mutation($id: ID!) { enableWebhookEndpoint(id: $id) { ... on MutationEnableWebhookEndpointSuccess { data { disabledAt consecutiveFailures } } } }`;
    expect((await gql(ENABLE, { id: hook.endpoint.id }, { token: f.admin.token })).data?.enableWebhookEndpoint.data).toEqual({
      disabledAt: null,
      consecutiveFailures: 0,
    });
    expect((await gql(REPLAY, { id: first.id }, { token: f.admin.token })).data?.replayWebhookDelivery.__typename).toBe(
      'MutationReplayWebhookDeliverySuccess',
    );
    expect(failing.received).toHaveLength(3);
  });

  it('checks the address again at delivery: a name that now resolves internally is refused without a request', async () => {
    const rx = receiver();
    servers.push(rx);
    const port = await rx.listen();
    const hook = await register(`http://localhost:${port}/hook`, await apiToken(['certificates:read'], f.tree.city.code));
    const worker = await f.person();
    const cert = await f.certificate(worker.caregiver.id);
    await revoke(cert.id);
    const delivery = (await fanOut(cert.id)).find((x) => x.endpointId === hook.endpoint.id)!;
    // As if the name had been re-pointed at an internal address after registration: loopback is no longer allowed.
    process.env.WEBHOOK_ALLOW_LOOPBACK = '0';
    try {
      expect((await runKeyed(`notifications.deliverWebhook:${delivery.id}`, false)).status).toBe('PENDING');
    } finally {
      process.env.WEBHOOK_ALLOW_LOOPBACK = '1';
    }
    const tried = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id }, include: { tries: true } });
    expect(tried).toMatchObject({ status: 'RETRYING', attempts: 1, lastStatusCode: null });
    expect(tried.tries.map((t) => t.errorCode)).toEqual(['ADDRESS_REFUSED']);
    expect(rx.received).toHaveLength(0);
    // Allowed again, the retry goes out.
    expect((await runKeyed(`notifications.deliverWebhook:${delivery.id}`, false)).status).toBe('COMPLETED');
    expect(rx.received).toHaveLength(1);
  });

  it('a redirect is not followed: the attempt fails with the 3xx and the target hears nothing', async () => {
    const target = receiver();
    servers.push(target);
    const targetPort = await target.listen();
    const redirecting = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${targetPort}/stolen` });
      res.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', () => resolve()));
    try {
      const hook = await register(
        `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/`,
        await apiToken(['certificates:read'], f.tree.city.code),
      );
      const worker = await f.person();
      const cert = await f.certificate(worker.caregiver.id);
      await revoke(cert.id);
      const delivery = (await fanOut(cert.id)).find((x) => x.endpointId === hook.endpoint.id)!;
      await runKeyed(`notifications.deliverWebhook:${delivery.id}`, false);
      expect(
        await prisma.webhookAttempt.findMany({ where: { deliveryId: delivery.id }, select: { statusCode: true, errorCode: true } }),
      ).toEqual([{ statusCode: 307, errorCode: 'HTTP_307' }]);
      expect(target.received).toHaveLength(0);
    } finally {
      await new Promise<void>((resolve) => redirecting.close(() => resolve()));
    }
  });

  it('after the last retry fails the delivery ends FAILED, not RETRYING, and a replay from the portal delivers it once the receiver is back', async () => {
    const rx = receiver(503);
    servers.push(rx);
    const port = await rx.listen();
    const hook = await register(`http://127.0.0.1:${port}/`, await apiToken(['certificates:read'], f.tree.city.code));
    const worker = await f.person();
    const cert = await f.certificate(worker.caregiver.id);
    await revoke(cert.id);
    const delivery = (await fanOut(cert.id)).find((x) => x.endpointId === hook.endpoint.id)!;
    const key = `notifications.deliverWebhook:${delivery.id}`;
    expect((await runKeyed(key, false)).status).toBe('PENDING');
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe('RETRYING');
    // The queue's last attempt (final) fails too.
    expect((await runKeyed(key, true)).status).toBe('FAILED');
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      lastStatusCode: 503,
    });
    // Two failures are under the limit (3): the endpoint stays on.
    expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.endpoint.id } })).disabledAt).toBeNull();
    await rx.close();
    const healthy = receiver();
    servers.push(healthy);
    await healthy.listen(port);
    const REPLAY = `mutation($id: ID!) { replayWebhookDelivery(id: $id) { ... on MutationReplayWebhookDeliverySuccess { data { id } } } }`;
    const replay = (await gql(REPLAY, { id: delivery.id }, { token: f.admin.token })).data?.replayWebhookDelivery.data;
    expect((await runKeyed(`notifications.deliverWebhook:${replay.id}`)).status).toBe('COMPLETED');
    expect(healthy.received).toHaveLength(1);
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: replay.id } })).toMatchObject({
      status: 'SUCCEEDED',
      replayOfId: delivery.id,
    });
  });

  it('revoking the token disables its endpoints: pending deliveries are skipped, new events are not delivered, and it cannot be enabled', async () => {
    const rx = receiver();
    servers.push(rx);
    const port = await rx.listen();
    const tokenId = await apiToken(['certificates:read'], f.tree.city.code);
    const hook = await register(`http://127.0.0.1:${port}/`, tokenId);
    const worker = await f.person();
    const cert = await f.certificate(worker.caregiver.id);
    await revoke(cert.id);
    const pending = (await fanOut(cert.id)).find((x) => x.endpointId === hook.endpoint.id)!;
    const revoked = await gql(`mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`, { id: tokenId }, { token: f.admin.token });
    expect(revoked.data?.revokeApiToken.__typename).toBe('MutationRevokeApiTokenSuccess');
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.endpoint.id } })).toMatchObject({
      disabledReason: 'TOKEN_REVOKED',
      disabledAt: expect.any(Date),
    });
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe('SKIPPED');
    // A job still queued for it sends nothing.
    expect((await runKeyed(`notifications.deliverWebhook:${pending.id}`)).status).toBe('COMPLETED');
    expect(rx.received).toHaveLength(0);
    const next = await f.certificate(worker.caregiver.id);
    await revoke(next.id);
    expect((await fanOut(next.id)).filter((x) => x.endpointId === hook.endpoint.id)).toEqual([]);
    const ENABLE = `mutation($id: ID!) { enableWebhookEndpoint(id: $id) { __typename ... on Error { code } } }`;
    expect((await gql(ENABLE, { id: hook.endpoint.id }, { token: f.admin.token })).data?.enableWebhookEndpoint.code).toBe('WRONG_STATE');
  });

  it('a token revoked behind the hook’s back (expired) is caught at delivery: the endpoint is disabled, nothing is sent', async () => {
    const rx = receiver();
    servers.push(rx);
    const port = await rx.listen();
    const tokenId = await apiToken(['certificates:read'], f.tree.city.code);
    const hook = await register(`http://127.0.0.1:${port}/`, tokenId);
    const worker = await f.person();
    const cert = await f.certificate(worker.caregiver.id);
    await revoke(cert.id);
    const pending = (await fanOut(cert.id)).find((x) => x.endpointId === hook.endpoint.id)!;
    const row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.endpoint.id } });
    await prisma.apiToken.update({ where: { id: row.apiTokenId! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await runKeyed(`notifications.deliverWebhook:${pending.id}`)).status).toBe('COMPLETED');
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe('SKIPPED');
    expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.endpoint.id } })).disabledReason).toBe('TOKEN_REVOKED');
    expect(rx.received).toHaveLength(0);
  });

  it('a subsidies token of a region hears of payment batches of its region, and its payload carries ids and totals only', async () => {
    const rx = receiver();
    servers.push(rx);
    const port = await rx.listen();
    const mine = await register(`http://127.0.0.1:${port}/`, await apiToken(['subsidies:read'], f.tree.city.code), [
      'PAYMENT_BATCH_FINISHED',
    ]);
    const elsewhere = await register(`http://127.0.0.1:${port}/x`, await apiToken(['subsidies:read'], f.elsewhere.city.code), []);
    const { batch, worker } = await paidBatch(f.tree.county.id);
    const deliveries = await fanOut(batch.id);
    const ours = deliveries.filter((x) => [mine.endpoint.id, elsewhere.endpoint.id].includes(x.endpointId));
    expect(ours.map((x) => x.endpointId)).toEqual([mine.endpoint.id]);
    expect((await runKeyed(`notifications.deliverWebhook:${ours[0]!.id}`)).status).toBe('COMPLETED');
    expect(JSON.parse(rx.received[0]!.body)).toMatchObject({
      type: 'paymentBatch.finished',
      data: {
        subjectType: 'PaymentBatch',
        subjectId: batch.id,
        changes: { reference: batch.reference, status: 'RECONCILED', paidLines: 1 },
      },
    });
    expect(rx.received[0]!.body).not.toContain(worker.residentId);
  });
});

describe('webhook retries on the queue', () => {
  it('a delivery job gets ten attempts with back-off from 5 s, other jobs keep the default', async () => {
    expect(usesQueue()).toBe(true);
    const [hook, other] = [randomUUID(), randomUUID()];
    await addToQueue({ id: hook, name: 'notifications.deliverWebhook' });
    await addToQueue({ id: other, name: 'notifications.fanOut' });
    const [h, o] = [await jobQueue().getJob(hook), await jobQueue().getJob(other)];
    expect([h?.opts.attempts, h?.opts.backoff]).toEqual([10, { type: 'exponential', delay: 5000 }]);
    expect([o?.opts.attempts, o?.opts.backoff]).toEqual([5, { type: 'exponential', delay: 1000 }]);
    await h?.remove();
    await o?.remove();
  });
});

describe('Tencent Cloud SMS provider (never called for real in tests)', () => {
  it('signs as Tencent Cloud API 3.0 documents (TC3-HMAC-SHA256 example) and sends a template id with positional parameters', async () => {
    // The example of Tencent's signature guide (CVM DescribeInstances, 2019-02-25), with its published signature.
    const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    expect(
      tc3Authorization(
        { secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******' },
        'cvm.tencentcloudapi.com',
        payload,
        1551113065,
        'cvm',
      ),
    ).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    );
    const sent: { url: string; headers: Record<string, string>; body: string }[] = [];
    const fakeFetch = (async (url: string, init: { headers: Record<string, string>; body: string }) => {
      sent.push({ url, headers: init.headers, body: init.body });
      return new Response(JSON.stringify({ Response: { SendStatusSet: [{ Code: 'Ok', SerialNo: '2028:123' }], RequestId: 'r' } }), {
        status: 200,
      });
    }) as unknown as typeof fetch;
    const provider = tencentSmsProvider({
      secretId: 'id',
      secretKey: 'key',
      sdkAppId: '1400000000',
      signName: '养老护理员平台',
      region: 'ap-guangzhou',
      templates: { ENROLMENT_PROMOTED: '2000001' },
      fetch: fakeFetch,
    });
    expect(
      await provider.send({ phone: '13912345678', templateId: 'ENROLMENT_PROMOTED', params: ['失智照护提升班', '2027-03-01'] }),
    ).toEqual({ ref: '2028:123' });
    expect(JSON.parse(sent[0]!.body)).toEqual({
      PhoneNumberSet: ['+8613912345678'],
      SmsSdkAppId: '1400000000',
      SignName: '养老护理员平台',
      TemplateId: '2000001',
      TemplateParamSet: ['失智照护提升班', '2027-03-01'],
    });
    expect(sent[0]!.headers).toMatchObject({ 'X-TC-Action': 'SendSms', 'X-TC-Version': '2021-01-11', 'X-TC-Region': 'ap-guangzhou' });
    expect(sent[0]!.headers.Authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=id\/\d{4}-\d{2}-\d{2}\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
    );
    // A template not approved in the console is refused before any request.
    await expect(provider.send({ phone: '13912345678', templateId: 'CLAIM_PAID', params: [] })).rejects.toMatchObject({
      code: 'SMS_SEND_FAILED',
    });
    expect(sent).toHaveLength(1);
  });
});
