import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { runJob } from '../../api/src/jobs/runner.ts';
import { addToQueue, jobQueue, usesQueue } from '../../api/src/jobs/queue.ts';
import { verifyWebhook } from '../../api/src/modules/notifications/webhook-signing.ts';
import { tc3Authorization, tencentSmsProvider } from '../../api/src/modules/notifications/sms-providers.ts';
import { noticeExpiringFirstAid } from '../../api/src/modules/certification/first-aid.service.ts';
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
  return { tree, elsewhere, home, admin, approver, homeStaff, otherStaff, person, certificate };
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

describe('webhooks', () => {
  const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { __typename
    ... on MutationRegisterWebhookEndpointSuccess { data { secret endpoint { id url regionCode eventCodes } } } ... on InputValidationError { fields { path } } ... on Error { code } } }`;
  const register = async (url: string, regionCode: string | null, eventCodes = ['CERTIFICATE_REVOKED', 'CERTIFICATE_ISSUED']) => {
    const r = await gql(REGISTER, { input: { url, regionCode, eventCodes } }, { token: f.admin.token });
    expect(r.data?.registerWebhookEndpoint.__typename).toBe('MutationRegisterWebhookEndpointSuccess');
    return r.data!.registerWebhookEndpoint.data as { secret: string; endpoint: { id: string } };
  };
  const servers: ReturnType<typeof receiver>[] = [];
  afterAll(async () => {
    for (const s of servers) if (s.server.listening) await s.close();
  });

  it('only admins register endpoints; bad input names the field; the secret is shown once and never stored in clear', async () => {
    const input = { url: 'http://127.0.0.1:9/hook', eventCodes: ['CERTIFICATE_REVOKED'] };
    expect((await gql(REGISTER, { input }, { token: f.homeStaff.token })).data?.registerWebhookEndpoint.code).toBe('FORBIDDEN');
    expect(
      (await gql(REGISTER, { input: { ...input, url: 'ftp://x' } }, { token: f.admin.token })).data?.registerWebhookEndpoint.fields,
    ).toEqual([{ path: ['input', 'url'] }]);
    expect(
      (await gql(REGISTER, { input: { ...input, regionCode: '999999' } }, { token: f.admin.token })).data?.registerWebhookEndpoint.fields,
    ).toEqual([{ path: ['input', 'regionCode'] }]);
    const { secret, endpoint } = await register('http://127.0.0.1:9/hook', null);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(Buffer.from(row.secretCipher).toString('latin1')).not.toContain(secret.slice(6));
    await prisma.webhookEndpoint.delete({ where: { id: endpoint.id } });
  });

  it('delivers signed, verifiable certificate events of its region only, survives a receiver that is down, and replays from the portal', async () => {
    const mine = receiver();
    const theirs = receiver();
    servers.push(mine, theirs);
    // `mine` is down at first: its port is taken, then released, so the first attempt finds nobody there.
    const port = await mine.listen();
    await mine.close();
    await theirs.listen();
    const regional = await register(`http://127.0.0.1:${port}/carecert`, f.tree.city.code);
    const other = await register(`http://127.0.0.1:${(theirs.server.address() as AddressInfo).port}/`, f.elsewhere.city.code);

    const worker = await f.person();
    const cert = await f.certificate(worker.caregiver.id);
    expect((await revoke(cert.id)).data?.revokeCertificate.__typename).toBe('MutationRevokeCertificateSuccess');
    const deliveries = await fanOut(cert.id);
    // Region filter: only the endpoint of the certificate holder's region gets a delivery.
    expect(deliveries.map((x) => x.endpointId)).toEqual([regional.endpoint.id]);
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
    const hook = await register(`http://127.0.0.1:${port}/`, f.tree.county.code);
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
