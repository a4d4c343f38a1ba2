import { randomUUID } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { runJob } from '../../api/src/jobs/runner.ts';
import { activeBlacklistEntry } from '../../api/src/modules/blacklist/blacklist.service.ts';
import { todayInChina } from '../../api/src/shared/china-time.ts';
import { gid, makeCaregiver, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

/**
 * The credit blacklist: civil affairs lists a person or an organisation of its region with reason,
 * period and evidence; the listed person (or the organisation's staff) appeals; civil affairs of the
 * issuing region decides.
 */
async function world() {
  const regions = await makeRegionTree();
  const elsewhere = await makeRegionTree();
  const civil = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.city.id });
  const approver = await makeUser('HR_APPROVER', { regionId: regions.city.id });
  const person = async () =>
    (await makeCaregiver(regions.county.id, regions.county.code, { name: `当事人${randomUUID().slice(0, 4)}` })).caregiver;
  return { regions, elsewhere, civil, approver, person };
}

let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  w = await world();
});

const ADD = `mutation($input: AddBlacklistEntryInput!) { addBlacklistEntry(input: $input) { __typename
  ... on MutationAddBlacklistEntrySuccess { data { id organisation { id } caregiver { id } } }
  ... on InputValidationError { fields { path code } } ... on Error { code } } }`;

describe('organisations on the blacklist', () => {
  const entry = (subject: { caregiverId?: string; organisationId?: string }) => ({
    input: { ...subject, reason: '虐待老人经查属实', evidence: '民政执法检查报告 2026-031', startsOn: '2026-03-01' },
  });

  it('civil affairs lists a care home of its region; its staff see the entry and lodge an appeal', async () => {
    const home = await makeOrganisation(w.regions.county.id);
    const res = await gql(ADD, entry({ organisationId: gid('Organisation', home.id) }), { token: w.civil.token });
    expect(res.data?.addBlacklistEntry.data).toMatchObject({ organisation: { id: gid('Organisation', home.id) }, caregiver: null });
    expect(await activeBlacklistEntry({ organisationId: home.id }, new Date('2026-04-01T00:00:00Z'))).not.toBeNull();

    const staff = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const appeal = await gql(
      `mutation($input: LodgeBlacklistAppealInput!) { lodgeBlacklistAppeal(input: $input) { __typename ... on Error { code } } }`,
      { input: { entryId: res.data?.addBlacklistEntry.data.id, grounds: '检查报告所述事件系外包人员所为，机构已整改并解除合同' } },
      { token: staff.token },
    );
    expect(appeal.data?.lodgeBlacklistAppeal.__typename).toBe('MutationLodgeBlacklistAppealSuccess');

    // The home's staff are told, in their inbox; nobody's caregiver inbox is involved.
    const event = await prisma.notificationEvent.findFirstOrThrow({ where: { organisationId: home.id, code: 'blacklist.added' } });
    await runJob((await prisma.backgroundJob.findUniqueOrThrow({ where: { key: `notifications.fanOut:${event.id}` } })).id, {
      final: true,
    });
    const inbox = await gql(`{ notifications(first: 5) { edges { node { code subjectType } } } }`, {}, { token: staff.token });
    expect(inbox.data?.notifications.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { code: 'BLACKLIST_ADDED', subjectType: 'BlacklistEntry' },
    ]);
    expect(event.caregiverId).toBeNull();
  });

  it('an organisation of another region is not found, and nothing is written', async () => {
    const away = await makeOrganisation(w.elsewhere.county.id);
    const res = await gql(ADD, entry({ organisationId: gid('Organisation', away.id) }), { token: w.civil.token });
    expect(res.data?.addBlacklistEntry.code).toBe('NOT_FOUND');
    expect(await prisma.blacklistEntry.count({ where: { organisationId: away.id } })).toBe(0);
  });

  it('names exactly one subject: neither or both is refused on caregiverId', async () => {
    const home = await makeOrganisation(w.regions.county.id);
    const person = await w.person();
    for (const subject of [{}, { organisationId: gid('Organisation', home.id), caregiverId: gid('Caregiver', person.id) }]) {
      const res = await gql(ADD, entry(subject), { token: w.civil.token });
      expect(res.data?.addBlacklistEntry.fields).toEqual([{ path: ['input', 'caregiverId'], code: 'ONE_SUBJECT_REQUIRED' }]);
    }
    expect(await prisma.blacklistEntry.count({ where: { OR: [{ organisationId: home.id }, { caregiverId: person.id }] } })).toBe(0);
  });
});

describe('blacklist appeals', () => {
  const LODGE = `mutation($input: LodgeBlacklistAppealInput!) { lodgeBlacklistAppeal(input: $input) { __typename
    ... on MutationLodgeBlacklistAppealSuccess { data { id status onBehalfOf } } ... on InputValidationError { fields { path message } } ... on Error { code message } } }`;
  const DECIDE = `mutation($input: DecideBlacklistAppealInput!) { decideBlacklistAppeal(input: $input) { __typename
    ... on MutationDecideBlacklistAppealSuccess { data { status decisionReason entry { liftedAt } } } ... on Error { code message } } }`;

  async function listed() {
    const caregiver = await w.person();
    const user = await makeUser('CAREGIVER', { caregiverId: caregiver.id });
    const res = await gql(
      `mutation($input: AddBlacklistEntryInput!) { addBlacklistEntry(input: $input) { ... on MutationAddBlacklistEntrySuccess { data { id } } } }`,
      {
        input: {
          caregiverId: gid('Caregiver', caregiver.id),
          reason: '伪造考勤骗取岗位补贴',
          evidence: '民政稽查案卷 2026-01',
          startsOn: '2026-01-01',
        },
      },
      { token: w.civil.token },
    );
    return { caregiver, token: user.token, entryId: res.data?.addBlacklistEntry.data.id as string };
  }

  it('the listed person lodges and sees their appeal; dismissed keeps the entry, upheld lifts it', async () => {
    const { caregiver, token, entryId } = await listed();
    const first = await gql(LODGE, { input: { entryId, grounds: '考勤记录系机构录入错误，有排班表为证' } }, { token });
    expect(first.data?.lodgeBlacklistAppeal.data).toMatchObject({ status: 'LODGED', onBehalfOf: null });
    expect(
      (await gql(LODGE, { input: { entryId, grounds: '再次申诉，同一事由重复提交' } }, { token })).data?.lodgeBlacklistAppeal.code,
    ).toBe('WRONG_STATE');

    // Only civil affairs decides.
    const hr = await gql(
      DECIDE,
      { input: { appealId: first.data?.lodgeBlacklistAppeal.data.id, uphold: true, reason: '材料充分' } },
      { token: w.approver.token },
    );
    expect(hr.data?.decideBlacklistAppeal).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(
      (await gql(DECIDE, { input: { appealId: first.data?.lodgeBlacklistAppeal.data.id, uphold: true, reason: '材料充分' } }, { token }))
        .data?.decideBlacklistAppeal.code,
    ).toBe('FORBIDDEN');

    const dismissed = await gql(
      DECIDE,
      { input: { appealId: first.data?.lodgeBlacklistAppeal.data.id, uphold: false, reason: '排班表与监控记录不符' } },
      { token: w.civil.token },
    );
    expect(dismissed.data?.decideBlacklistAppeal.data).toEqual({
      status: 'DISMISSED',
      decisionReason: '排班表与监控记录不符',
      entry: { liftedAt: null },
    });
    expect(await activeBlacklistEntry({ caregiverId: caregiver.id }, todayInChina())).not.toBeNull();
    expect(
      (
        await gql(
          DECIDE,
          { input: { appealId: first.data?.lodgeBlacklistAppeal.data.id, uphold: true, reason: '改判为申诉成立' } },
          { token: w.civil.token },
        )
      ).data?.decideBlacklistAppeal.code,
    ).toBe('WRONG_STATE');

    const second = await gql(LODGE, { input: { entryId, grounds: '补充提交机构出具的更正说明与工资流水' } }, { token });
    const upheld = await gql(
      DECIDE,
      { input: { appealId: second.data?.lodgeBlacklistAppeal.data.id, uphold: true, reason: '机构更正说明属实，撤销失信记录' } },
      { token: w.civil.token },
    );
    expect(upheld.data?.decideBlacklistAppeal.data.status).toBe('UPHELD');
    expect(upheld.data?.decideBlacklistAppeal.data.entry.liftedAt).not.toBeNull();
    expect(await activeBlacklistEntry({ caregiverId: caregiver.id }, todayInChina())).toBeNull();
    expect(
      (
        await prisma.blacklistEntry.findUniqueOrThrow({
          where: { id: (await prisma.blacklistAppeal.findFirstOrThrow({ where: { entry: { caregiverId: caregiver.id } } })).entryId },
        })
      ).liftedReason,
    ).toBe('机构更正说明属实，撤销失信记录');

    const mine = await gql(`{ myBlacklistEntries { reason liftedAt appeals { status grounds } } }`, {}, { token });
    expect(mine.data?.myBlacklistEntries).toHaveLength(1);
    expect(mine.data?.myBlacklistEntries[0].appeals.map((a: { status: string }) => a.status)).toEqual(['UPHELD', 'DISMISSED']);
    const audits = await prisma.auditLog.findMany({
      where: {
        action: { startsWith: 'blacklist.appeal.' },
        entityId: {
          in: [first.data?.lodgeBlacklistAppeal.data.id, second.data?.lodgeBlacklistAppeal.data.id].map(
            (g: string) => decodeGlobalID(g).id,
          ),
        },
      },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => a.action)).toEqual([
      'blacklist.appeal.lodge',
      'blacklist.appeal.dismiss',
      'blacklist.appeal.lodge',
      'blacklist.appeal.uphold',
    ]);
  });

  it('someone else cannot lodge or see it; civil affairs records a paper appeal only naming who appeals', async () => {
    const { entryId } = await listed();
    const other = await makeUser('CAREGIVER', { caregiverId: (await w.person()).id });
    expect(
      (await gql(LODGE, { input: { entryId, grounds: '替别人申诉，看看能不能成功' } }, { token: other.token })).data?.lodgeBlacklistAppeal
        .code,
    ).toBe('NOT_FOUND');
    expect((await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: entryId }, { token: other.token })).data?.node).toBeNull();
    expect((await gql(`{ blacklistAppeals(first: 5) { totalCount } }`, {}, { token: other.token })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const unnamed = await gql(LODGE, { input: { entryId, grounds: '当事人家属来访提交书面申诉材料' } }, { token: w.civil.token });
    expect(unnamed.data?.lodgeBlacklistAppeal.fields).toEqual([
      { path: ['input', 'onBehalfOf'], message: 'name who appeals when recording an appeal on their behalf' },
    ]);
    const named = await gql(
      LODGE,
      { input: { entryId, grounds: '当事人家属来访提交书面申诉材料', onBehalfOf: '当事人之女 王芳' } },
      { token: w.civil.token },
    );
    expect(named.data?.lodgeBlacklistAppeal.data).toMatchObject({ status: 'LODGED', onBehalfOf: '当事人之女 王芳' });
    const queue = await gql(
      `{ blacklistAppeals(first: 100, status: LODGED) { edges { node { id grounds entry { id } } } } }`,
      {},
      { token: w.civil.token },
    );
    expect(queue.data?.blacklistAppeals.edges.some((e: { node: { entry: { id: string } } }) => e.node.entry.id === entryId)).toBe(true);
  });
});
