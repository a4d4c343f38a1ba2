import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { prisma } from '../../api/src/db/client.ts';
import { DomainError } from '../../api/src/graphql/errors.ts';
import { defineJob } from '../../api/src/jobs/define-job.ts';
import { startJobs, stopJobs } from '../../api/src/jobs/lifecycle.ts';
import { kickOutbox, stageJob } from '../../api/src/jobs/outbox.ts';
import { jobQueue } from '../../api/src/jobs/queue.ts';
import { registerJob } from '../../api/src/jobs/registry.ts';
import { sealAuditBacklog } from '../../api/src/modules/audit/audit-chain.ts';
import { blindIndex } from '../../api/src/modules/caregivers/resident-id.ts';
import { gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeResidentId, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

// This file's own queue, and two attempts so a job reaches FAILED in about a second.
process.env.BULLMQ_PREFIX = `carecert-test-operator-${process.pid}-${Date.now()}`;
process.env.BULLMQ_ATTEMPTS = '2';

const AUDIT = /* GraphQL */ `
  query Audit($search: AuditSearchInput, $first: Int) {
    auditLog(search: $search, first: $first) {
      totalCount
      edges {
        node {
          id
          action
          entityType
          entityId
          before
          after
          actor {
            username
          }
        }
      }
    }
  }
`;
type AuditAnswer = {
  auditLog: {
    totalCount: number;
    edges: {
      node: {
        id: string;
        action: string;
        entityType: string;
        entityId: string;
        before: unknown;
        after: unknown;
        actor: { username: string } | null;
      };
    }[];
  };
};

async function waitFor(check: () => Promise<boolean>, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('audit log', () => {
  let home: Awaited<ReturnType<typeof makeRegionTree>>;
  let away: Awaited<ReturnType<typeof makeRegionTree>>;
  let admin: string;
  let bureau: string;
  let homeStaff: { user: { id: string; username: string }; token: string };
  let awayStaff: { user: { id: string; username: string }; token: string };
  let homePerson: string;
  let awayPerson: string;

  beforeAll(async () => {
    [home, away] = [await makeRegionTree(), await makeRegionTree()];
    const [homeOrg, awayOrg] = [await makeOrganisation(home.county.id), await makeOrganisation(away.county.id)];
    admin = (await makeUser('ADMIN')).token;
    bureau = (await makeUser('HR_REVIEWER', { regionId: home.city.id })).token;
    homeStaff = await makeUser('INSTITUTION_STAFF', { organisationId: homeOrg.id });
    awayStaff = await makeUser('INSTITUTION_STAFF', { organisationId: awayOrg.id });
    homePerson = (await makeCaregiver(home.county.id, home.county.code)).caregiver.id;
    awayPerson = (await makeCaregiver(away.county.id, away.county.code)).caregiver.id;
    await makeEmployment(homePerson, homeOrg.id, '2024-01-01');
    await makeEmployment(awayPerson, awayOrg.id, '2024-01-01');
    // Each institution changes its own employee's record: one audit row each.
    for (const [token, id] of [
      [homeStaff.token, homePerson],
      [awayStaff.token, awayPerson],
    ] as const) {
      const res = await gql(
        `mutation($id: ID!) { updateCaregiver(id: $id, input: { education: SENIOR }) { __typename } }`,
        { id: gid('Caregiver', id) },
        { token },
      );
      expect(res.data?.updateCaregiver.__typename).toBe('MutationUpdateCaregiverSuccess');
    }
  });

  it('shows an admin every row, searched by actor, entity, action and day, with before and after', async () => {
    const res = await gql<AuditAnswer>(
      AUDIT,
      { search: { actor: homeStaff.user.username, entityType: 'Caregiver', entityId: homePerson, action: 'caregiver' }, first: 10 },
      { token: admin },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.auditLog.totalCount).toBe(1);
    const row = res.data!.auditLog.edges[0]!.node;
    expect(row).toMatchObject({ action: 'caregiver.update', entityId: homePerson, actor: { username: homeStaff.user.username } });
    expect(row.before).toMatchObject({ education: 'JUNIOR' });
    expect(row.after).toMatchObject({ education: 'SENIOR' });
    // A day range before today finds nothing; one including today finds the row.
    const past = await gql<AuditAnswer>(
      AUDIT,
      { search: { entityId: homePerson, from: '2020-01-01', to: '2020-12-31' } },
      { token: admin },
    );
    expect(past.data!.auditLog.totalCount).toBe(0);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const now = await gql<AuditAnswer>(AUDIT, { search: { entityId: homePerson, from: today, to: today } }, { token: admin });
    expect(now.data!.auditLog.totalCount).toBe(1);
    // An action is matched whole or by its leading part, never by a fragment in the middle.
    expect(
      (await gql<AuditAnswer>(AUDIT, { search: { entityId: homePerson, action: 'update' } }, { token: admin })).data!.auditLog.totalCount,
    ).toBe(0);
  });

  it('shows a bureau the rows of people working in its region only, by search or by node id', async () => {
    const mine = await gql<AuditAnswer>(AUDIT, { search: { entityType: 'Caregiver', entityId: homePerson } }, { token: bureau });
    expect(mine.data!.auditLog.totalCount).toBe(1);
    const theirs = await gql<AuditAnswer>(AUDIT, { search: { entityType: 'Caregiver', entityId: awayPerson } }, { token: bureau });
    expect(theirs.data!.auditLog.totalCount).toBe(0);
    const all = await gql<AuditAnswer>(AUDIT, { first: 100 }, { token: bureau });
    expect(all.data!.auditLog.edges.some((e) => e.node.entityId === awayPerson)).toBe(false);
    // The away row's global id, asked for directly, reads as absent.
    const awayRow = await gql<AuditAnswer>(AUDIT, { search: { entityId: awayPerson } }, { token: admin });
    const node = await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: awayRow.data!.auditLog.edges[0]!.node.id }, { token: bureau });
    expect(node.data?.node ?? null).toBeNull();
  });

  it('refuses the log to staff, caregivers and signed-out callers', async () => {
    for (const token of [homeStaff.token, undefined]) {
      const res = await gql(AUDIT, {}, { token });
      expect(res.data?.auditLog ?? null).toBeNull();
      expect(res.errors?.length).toBeGreaterThan(0);
    }
  });

  it('verifies the hash chain from the API', async () => {
    await sealAuditBacklog();
    const res = await gql(`{ auditChain { checked intact brokenPosition } }`, {}, { token: bureau });
    expect(res.data?.auditChain).toMatchObject({ intact: true, brokenPosition: null });
    expect(res.data?.auditChain.checked).toBeGreaterThan(0);
    expect((await gql(`{ auditChain { intact } }`, {}, { token: homeStaff.token })).data?.auditChain ?? null).toBeNull();
  });
});

// A job refused by a rule until the test lets it pass, as a roster import refused for a missing month.
class MonthMissingError extends DomainError {
  override readonly code: string = 'TEST_MONTH_MISSING';
}
let allowed = false;
const runs = new Map<string, number>();
const refusesUntilAllowed = defineJob({
  name: 'test.refusesUntilAllowed',
  payload: z.object({}),
  handler: async (_p, ctx) => {
    runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
    if (!allowed) throw new MonthMissingError('month missing', { month: '2026-10' });
    return { done: true };
  },
});
registerJob(refusesUntilAllowed);

const JOBS = `query { backgroundJobs(status: FAILED, first: 50) { edges { node { id status error errorCode errorParams { name value } } } } }`;
const RETRY = `mutation($id: ID!) { retryBackgroundJob(id: $id) { __typename ... on Error { code params { name value } } ... on MutationRetryBackgroundJobSuccess { data { status } } } }`;

describe.skipIf(!process.env.REDIS_URL)('background jobs', () => {
  afterAll(async () => {
    await stopJobs();
  });

  it('lists a failed job with its error code, and a retry runs it again under the same id', async () => {
    const admin = (await makeUser('ADMIN')).token;
    const tree = await makeRegionTree();
    const staff = (await makeUser('INSTITUTION_STAFF', { organisationId: (await makeOrganisation(tree.county.id)).id })).token;
    const job = await prisma.$transaction((tx) =>
      stageJob(tx, refusesUntilAllowed, {}, { key: `test:retry:${process.pid}:${Date.now()}` }),
    );
    startJobs('worker');
    kickOutbox({ inProcess: false });
    await waitFor(
      async () => (await prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } })).status === 'FAILED',
      'the job to fail',
    );
    expect(await jobQueue().getJobState(job.id)).toBe('failed');
    expect(runs.get(job.id)).toBe(2);

    const listed = await gql(JOBS, {}, { token: admin });
    const node = listed
      .data!.backgroundJobs.edges.map((e: { node: { id: string } }) => e.node)
      .find((n: { id: string }) => n.id === gid('BackgroundJob', job.id));
    expect(node).toMatchObject({ status: 'FAILED', errorCode: 'TEST_MONTH_MISSING', errorParams: [{ name: 'month', value: '2026-10' }] });

    // Not an admin: refused, the row and the queue untouched.
    const refused = await gql(RETRY, { id: gid('BackgroundJob', job.id) }, { token: staff });
    expect(refused.data?.retryBackgroundJob.__typename).toBe('ForbiddenError');
    expect((await prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('FAILED');
    expect(await prisma.auditLog.count({ where: { entityType: 'BackgroundJob', entityId: job.id } })).toBe(0);

    allowed = true;
    const retried = await gql(RETRY, { id: gid('BackgroundJob', job.id) }, { token: admin });
    expect(retried.data?.retryBackgroundJob).toMatchObject({
      __typename: 'MutationRetryBackgroundJobSuccess',
      data: { status: 'PENDING' },
    });
    await waitFor(
      async () => (await prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } })).status === 'COMPLETED',
      'the retried job to run',
    );
    expect(runs.get(job.id)).toBe(3);
    expect(await prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      error: null,
      errorCode: null,
      result: { done: true },
    });
    expect(await jobQueue().getJobState(job.id)).toBe('completed');
    expect(await prisma.auditLog.count({ where: { action: 'job.retry', entityId: job.id } })).toBe(1);

    // Only a failed job is retried.
    const again = await gql(RETRY, { id: gid('BackgroundJob', job.id) }, { token: admin });
    expect(again.data?.retryBackgroundJob).toMatchObject({
      __typename: 'JobNotFailedError',
      code: 'JOB_NOT_FAILED',
      params: [{ name: 'status', value: 'COMPLETED' }],
    });
  });
});

describe('records', () => {
  let home: Awaited<ReturnType<typeof makeRegionTree>>;
  let away: Awaited<ReturnType<typeof makeRegionTree>>;
  let homeOrg: { id: string };

  beforeAll(async () => {
    [home, away] = [await makeRegionTree(), await makeRegionTree()];
    homeOrg = await makeOrganisation(home.county.id);
  });

  const ADD = `mutation($i: AddBlacklistEntryInput!) { addBlacklistEntry(input: $i) { __typename ... on Error { code } ... on MutationAddBlacklistEntrySuccess { data { evidence issuerRegion { code } } } } }`;

  it('civil affairs lists a person of its region with reason, period and evidence, and nobody of another region', async () => {
    const civil = (await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: home.city.id })).token;
    const ours = (await makeCaregiver(home.county.id, home.county.code)).caregiver.id;
    const theirs = (await makeCaregiver(away.county.id, away.county.code)).caregiver.id;
    const input = (caregiverId: string) => ({
      caregiverId: gid('Caregiver', caregiverId),
      reason: '欺老虐老，经查属实',
      evidence: '信州区民政局稽查笔录 2026-031',
      startsOn: '2026-03-01',
      endsOn: '2029-02-28',
    });
    const added = await gql(ADD, { i: input(ours) }, { token: civil });
    expect(added.data?.addBlacklistEntry).toMatchObject({
      data: { evidence: '信州区民政局稽查笔录 2026-031', issuerRegion: { code: home.city.code } },
    });
    const refused = await gql(ADD, { i: input(theirs) }, { token: civil });
    expect(refused.data?.addBlacklistEntry).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await prisma.blacklistEntry.count({ where: { caregiverId: theirs } })).toBe(0);
    // The evidence is required.
    const bare = await gql(ADD, { i: { ...input(ours), evidence: '' } }, { token: civil });
    expect(bare.data?.addBlacklistEntry.__typename).toBe('InputValidationError');
  });

  const CORRECT = `mutation($i: CorrectResidentIdInput!) { correctCaregiverResidentId(input: $i) { __typename ... on Error { code } ... on MutationCorrectCaregiverResidentIdSuccess { data { caregiver { residentIdMasked birthDate gender } } } } }`;

  it('the HR bureau corrects a resident ID number with a reason; the log keeps the reason and masked numbers only', async () => {
    const hr = (await makeUser('HR_REVIEWER', { regionId: home.city.id })).token;
    const { caregiver } = await makeCaregiver(home.county.id, home.county.code);
    const right = makeResidentId(home.county.code, 1968, false);
    const res = await gql(
      CORRECT,
      { i: { caregiverId: gid('Caregiver', caregiver.id), residentId: right, reason: '登记时录错出生日期' } },
      { token: hr },
    );
    expect(res.data?.correctCaregiverResidentId.data.caregiver).toMatchObject({
      gender: 'MALE',
      birthDate: `${right.slice(6, 10)}-${right.slice(10, 12)}-${right.slice(12, 14)}`,
    });
    expect((await prisma.caregiver.findUniqueOrThrow({ where: { id: caregiver.id } })).residentIdHash).toEqual(blindIndex(right));
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'caregiver.correctResidentId', entityId: caregiver.id } });
    expect(audit.after).toMatchObject({
      reason: '登记时录错出生日期',
      residentIdMasked: `${right.slice(0, 4)}**********${right.slice(-4)}`,
    });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain(right);
    // Without a reason, or with a number someone else holds: refused, nothing changed.
    const other = await makeCaregiver(home.county.id, home.county.code);
    expect(
      (await gql(CORRECT, { i: { caregiverId: gid('Caregiver', caregiver.id), residentId: other.residentId, reason: '' } }, { token: hr }))
        .data?.correctCaregiverResidentId.__typename,
    ).toBe('InputValidationError');
    expect(
      (
        await gql(
          CORRECT,
          { i: { caregiverId: gid('Caregiver', caregiver.id), residentId: other.residentId, reason: '重复号码测试' } },
          { token: hr },
        )
      ).data?.correctCaregiverResidentId.code,
    ).toBe('CAREGIVER_ALREADY_REGISTERED');
    expect((await prisma.caregiver.findUniqueOrThrow({ where: { id: caregiver.id } })).residentIdHash).toEqual(blindIndex(right));
  });

  it('a former employer and a bureau of another region may not edit the record', async () => {
    const { caregiver } = await makeCaregiver(home.county.id, home.county.code);
    await makeEmployment(caregiver.id, homeOrg.id, '2020-01-01', '2021-12-31');
    const former = (await makeUser('INSTITUTION_STAFF', { organisationId: homeOrg.id })).token;
    const awayHr = (await makeUser('HR_APPROVER', { regionId: away.city.id })).token;
    const homeHr = (await makeUser('HR_APPROVER', { regionId: home.city.id })).token;
    const update = (token: string) =>
      gql(
        `mutation($id: ID!) { updateCaregiver(id: $id, input: { phone: "13900001111", education: COLLEGE }) { __typename } }`,
        { id: gid('Caregiver', caregiver.id) },
        { token },
      );
    for (const token of [former, awayHr]) {
      expect((await update(token)).data?.updateCaregiver.__typename).toBe('NotFoundError');
      expect(
        (
          await gql(
            CORRECT,
            { i: { caregiverId: gid('Caregiver', caregiver.id), residentId: makeResidentId(home.county.code), reason: '越权更正测试' } },
            { token },
          )
        ).data?.correctCaregiverResidentId.__typename,
      ).toBe('NotFoundError');
    }
    expect(await prisma.auditLog.count({ where: { entityId: caregiver.id } })).toBe(0);
    expect((await update(homeHr)).data?.updateCaregiver.__typename).toBe('MutationUpdateCaregiverSuccess');
    expect((await prisma.caregiver.findUniqueOrThrow({ where: { id: caregiver.id } })).education).toBe('COLLEGE');
  });
});
