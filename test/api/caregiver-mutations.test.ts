import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { decryptSecret } from '../../api/src/modules/caregivers/field-encryption.ts';
import { blindIndex } from '../../api/src/modules/caregivers/resident-id.ts';
import { gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeResidentId, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterCaregiverInput!) {
    registerCaregiver(input: $input) {
      __typename
      ... on MutationRegisterCaregiverSuccess {
        data {
          existing
          caregiver {
            id
            name
            gender
            birthDate
            residentIdMasked
            employments(first: 5) {
              totalCount
            }
          }
        }
      }
      ... on InputValidationError {
        fields {
          path
          message
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`;

const issuePaths = (res: { data?: any }) => (res.data?.registerCaregiver.fields ?? []).map((f: { path: string[] }) => f.path.at(-1));

describe('registering caregivers', () => {
  let regions: Awaited<ReturnType<typeof makeRegionTree>>;
  let home: { id: string };
  let staff: string;
  const input = (over: Record<string, unknown> = {}) => ({
    name: '周美玲',
    residentId: makeResidentId(regions.county.code, 1972, true),
    phone: '13812345678',
    education: 'JUNIOR',
    regionCode: regions.county.code,
    employment: {
      institutionId: gid('Organisation', home.id),
      post: 'CARE_WORKER',
      contractType: 'LABOUR',
      fullTime: true,
      startDate: '2025-03-01',
    },
    ...over,
  });

  beforeAll(async () => {
    regions = await makeRegionTree();
    home = await makeOrganisation(regions.county.id);
    staff = (await makeUser('INSTITUTION_STAFF', { organisationId: home.id })).token;
  });

  it('registers and employs, derives birth date and gender from the ID, and audits both rows', async () => {
    const i = input();
    const res = await gql(REGISTER, { input: i }, { token: staff });
    expect(res.data?.registerCaregiver.__typename).toBe('MutationRegisterCaregiverSuccess');
    const c = res.data?.registerCaregiver.data.caregiver;
    expect(c.gender).toBe('FEMALE');
    expect(c.birthDate).toBe(`${i.residentId.slice(6, 10)}-${i.residentId.slice(10, 12)}-${i.residentId.slice(12, 14)}`);
    expect(c.residentIdMasked).toBe(`${i.residentId.slice(0, 4)}**********${i.residentId.slice(-4)}`);
    expect(c.employments.totalCount).toBe(1);

    const row = await prisma.caregiver.findUniqueOrThrow({ where: { residentIdHash: blindIndex(i.residentId) } });
    expect(Buffer.from(row.residentIdCipher).toString('latin1')).not.toContain(i.residentId);
    const audits = await prisma.auditLog.findMany({
      where: { OR: [{ entityId: row.id }, { entityType: 'Employment', after: { path: ['caregiverId'], equals: row.id } }] },
    });
    expect(audits.map((a) => a.action).sort()).toEqual(['caregiver.register', 'employment.create']);
    expect(JSON.stringify(audits.map((a) => [a.before, a.after]))).not.toContain(i.residentId);
  });

  it.each([
    ['a wrong check digit', { residentId: 'X' }, 'residentId'],
    ['a malformed phone', { phone: '12345' }, 'phone'],
    ['an unknown region', { regionCode: '999999' }, 'regionCode'],
    ['a future start date', { employment: 'future' }, 'startDate'],
    ['an end before the start', { employment: 'reversed' }, 'endDate'],
  ])('rejects %s, names the field, and writes nothing', async (_label, change, field) => {
    const base = input();
    const bad: Record<string, unknown> = { ...base };
    if ('residentId' in change) {
      const id = base.residentId;
      bad.residentId = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    } else if ('employment' in change) {
      bad.employment =
        change.employment === 'future'
          ? { ...base.employment, startDate: `${new Date().getUTCFullYear() + 1}-01-01` }
          : { ...base.employment, startDate: '2024-05-01', endDate: '2024-04-30' };
    } else Object.assign(bad, change);
    const requestId = `bad-input-${Date.now()}-${field}`;
    const res = await gql(REGISTER, { input: bad }, { token: staff, headers: { 'x-request-id': requestId } });
    expect(res.data?.registerCaregiver.__typename).toBe('InputValidationError');
    expect(issuePaths(res)).toContain(field);
    expect(await prisma.caregiver.count({ where: { residentIdHash: blindIndex(String(bad.residentId)) } })).toBe(0);
    expect(await prisma.caregiver.count({ where: { residentIdHash: blindIndex(base.residentId) } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { requestId } })).toBe(0);
  });

  it('refuses employment at another institution and a registration without employment', async () => {
    const elsewhere = await makeOrganisation(regions.otherCounty.id);
    const other = await gql(
      REGISTER,
      { input: input({ employment: { ...input().employment, institutionId: gid('Organisation', elsewhere.id) } }) },
      { token: staff },
    );
    expect(other.data?.registerCaregiver.__typename).toBe('ForbiddenError');
    const none = await gql(REGISTER, { input: input({ employment: null }) }, { token: staff });
    expect(issuePaths(none)).toContain('employment');
  });

  it('hires an already registered person when the name matches, and conflicts otherwise', async () => {
    const i = input();
    await gql(REGISTER, { input: i }, { token: staff });
    const secondHome = await makeOrganisation(regions.county.id);
    const secondStaff = (await makeUser('INSTITUTION_STAFF', { organisationId: secondHome.id })).token;
    const again = { ...i, employment: { ...i.employment, institutionId: gid('Organisation', secondHome.id) } };
    const hired = await gql(REGISTER, { input: again }, { token: secondStaff });
    expect(hired.data?.registerCaregiver.data.existing).toBe(true);
    expect(await prisma.caregiver.count({ where: { residentIdHash: blindIndex(i.residentId) } })).toBe(1);

    const wrongName = await gql(REGISTER, { input: { ...again, name: '冒名者' } }, { token: secondStaff });
    expect(wrongName.data?.registerCaregiver.code).toBe('CAREGIVER_ALREADY_REGISTERED');
    expect(wrongName.data?.registerCaregiver.message).not.toContain('周美玲');
  });

  it('refuses the mutation to roles that may not register', async () => {
    const { token } = await makeUser('CAREGIVER');
    const res = await gql(REGISTER, { input: input() }, { token });
    expect(res.data?.registerCaregiver.__typename).toBe('ForbiddenError');
  });
});

describe('editing caregivers and employment', () => {
  it('updates a visible caregiver with an audit row holding before and after', async () => {
    const regions = await makeRegionTree();
    const home = await makeOrganisation(regions.county.id);
    const { caregiver } = await makeCaregiver(regions.county.id, regions.county.code, { education: 'JUNIOR' });
    await makeEmployment(caregiver.id, home.id);
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const UPDATE = `mutation($id: ID!, $input: UpdateCaregiverInput!) { updateCaregiver(id: $id, input: $input) { __typename ... on MutationUpdateCaregiverSuccess { data { caregiver { education phone } } } ... on InputValidationError { fields { path } } } }`;
    const res = await gql(
      UPDATE,
      { id: gid('Caregiver', caregiver.id), input: { education: 'SECONDARY_VOCATIONAL', phone: '15900001111' } },
      { token },
    );
    expect(res.data?.updateCaregiver.data.caregiver).toEqual({ education: 'SECONDARY_VOCATIONAL', phone: '15900001111' });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: caregiver.id, action: 'caregiver.update' } });
    expect(audit.before).toMatchObject({ education: 'JUNIOR' });
    expect(audit.after).toMatchObject({ education: 'SECONDARY_VOCATIONAL', phone: '159****1111' });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain('15900001111');

    const stranger = (await makeUser('INSTITUTION_STAFF', { organisationId: (await makeOrganisation(regions.county.id)).id })).token;
    const denied = await gql(UPDATE, { id: gid('Caregiver', caregiver.id), input: { education: 'NONE' } }, { token: stranger });
    expect(denied.data?.updateCaregiver.__typename).toBe('NotFoundError');
  });

  it('records the payment account encrypted, shows and audits it masked, and refuses a malformed one', async () => {
    const regions = await makeRegionTree();
    const home = await makeOrganisation(regions.county.id);
    const { caregiver } = await makeCaregiver(regions.county.id, regions.county.code);
    await makeEmployment(caregiver.id, home.id);
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const UPDATE = `mutation($id: ID!, $input: UpdateCaregiverInput!) { updateCaregiver(id: $id, input: $input) { __typename ... on MutationUpdateCaregiverSuccess { data { caregiver { bankAccountMasked bankName } } } ... on InputValidationError { fields { path } } } }`;
    const res = await gql(
      UPDATE,
      { id: gid('Caregiver', caregiver.id), input: { bankAccount: '6217 0020 1234 5678 901', bankName: '中国建设银行上饶分行' } },
      { token },
    );
    expect(res.data?.updateCaregiver.data.caregiver).toEqual({
      bankAccountMasked: '6217 **** **** 8901',
      bankName: '中国建设银行上饶分行',
    });
    const stored = await prisma.caregiver.findUniqueOrThrow({ where: { id: caregiver.id } });
    expect(decryptSecret(stored.bankAccountCipher!)).toBe('6217002012345678901');
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: caregiver.id, action: 'caregiver.update' } });
    expect(audit.after).toMatchObject({ bankAccountMasked: '6217 **** **** 8901' });
    expect(JSON.stringify(audit.after)).not.toContain('6217002012345678901');

    const bad = await gql(UPDATE, { id: gid('Caregiver', caregiver.id), input: { bankAccount: '6217-0020' } }, { token });
    expect(bad.data?.updateCaregiver.fields).toEqual([{ path: ['input', 'bankAccount'] }]);
  });

  it('ends an employment and records months, refusing months outside it', async () => {
    const regions = await makeRegionTree();
    const home = await makeOrganisation(regions.county.id);
    const { caregiver } = await makeCaregiver(regions.county.id, regions.county.code);
    const employment = await makeEmployment(caregiver.id, home.id, '2025-01-01');
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const id = gid('Employment', employment.id);

    const END = `mutation($id: ID!, $input: UpdateEmploymentInput!) { updateEmployment(id: $id, input: $input) { __typename ... on MutationUpdateEmploymentSuccess { data { employment { endDate current } } } ... on InputValidationError { fields { path } } } }`;
    const bad = await gql(END, { id, input: { endDate: '2024-12-31' } }, { token });
    expect(bad.data?.updateEmployment.__typename).toBe('InputValidationError');
    const ended = await gql(END, { id, input: { endDate: '2025-06-30' } }, { token });
    expect(ended.data?.updateEmployment.data.employment).toEqual({ endDate: '2025-06-30', current: false });

    const MONTHS = `mutation($id: ID!, $input: RecordEmploymentMonthsInput!) { recordEmploymentMonths(employmentId: $id, input: $input) { __typename ... on MutationRecordEmploymentMonthsSuccess { data { employment { insuredMonths months(first: 12) { edges { node { month attendanceDays } } } } } } ... on InputValidationError { fields { path message } } } }`;
    const ok = await gql(
      MONTHS,
      {
        id,
        input: {
          months: [
            { month: '2025-02', socialInsurancePaid: true, attendanceDays: 22 },
            { month: '2025-03', socialInsurancePaid: false, attendanceDays: 18 },
          ],
        },
      },
      { token },
    );
    expect(ok.data?.recordEmploymentMonths.data.employment.insuredMonths).toBe(1);
    const fixed = await gql(
      MONTHS,
      { id, input: { months: [{ month: '2025-03', socialInsurancePaid: true, attendanceDays: 21 }] } },
      { token },
    );
    expect(fixed.data?.recordEmploymentMonths.data.employment.insuredMonths).toBe(2);
    expect(await prisma.employmentMonth.count({ where: { employmentId: employment.id } })).toBe(2);

    const outside = await gql(
      MONTHS,
      { id, input: { months: [{ month: '2025-09', socialInsurancePaid: true, attendanceDays: 20 }] } },
      { token },
    );
    expect(outside.data?.recordEmploymentMonths.__typename).toBe('InputValidationError');
    const tooMany = await gql(
      MONTHS,
      { id, input: { months: [{ month: '2025-04', socialInsurancePaid: true, attendanceDays: 40 }] } },
      { token },
    );
    expect(tooMany.data?.recordEmploymentMonths.fields[0].path.at(-1)).toBe('attendanceDays');
    expect(await prisma.employmentMonth.count({ where: { employmentId: employment.id } })).toBe(2);
  });
});
