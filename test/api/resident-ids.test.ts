import { beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../api/src/shared/china-time.ts';
import { residentIdCheckChar } from '../../api/src/modules/caregivers/resident-id.ts';
import { usccCheckChar, usccProblem } from '../../api/src/modules/organisations/uscc.ts';
import { gid, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const REGISTER = `mutation($input: RegisterCaregiverInput!) { registerCaregiver(input: $input) { __typename
  ... on InputValidationError { fields { path code params { name value } } } ... on Error { code } } }`;
/** A number with a correct check character, whatever the rest says. */
const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');

describe('resident ID numbers are real', () => {
  let regions: Awaited<ReturnType<typeof makeRegionTree>>;
  let home: { id: string };
  let staff: string;
  const register = (residentId: string) =>
    gql(
      REGISTER,
      {
        input: {
          name: '吴春梅',
          residentId,
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
        },
      },
      { token: staff },
    );
  const issue = async (residentId: string) => {
    const result = (await register(residentId)).data?.registerCaregiver;
    expect(result.__typename).toBe('InputValidationError');
    const [field] = result.fields;
    return {
      path: field.path.at(-1),
      code: field.code,
      params: Object.fromEntries(field.params.map((p: { name: string; value: string }) => [p.name, p.value])),
    };
  };

  beforeAll(async () => {
    regions = await makeRegionTree();
    home = await makeOrganisation(regions.county.id);
    staff = (await makeUser('INSTITUTION_STAFF', { organisationId: home.id })).token;
  });

  it('refuses a region that is no GB/T 2260 division, a birth date that does not exist or is to come, and a person under 16', async () => {
    expect(await issue(withCheck('99999919750612002'))).toEqual({
      path: 'residentId',
      code: 'RESIDENT_ID_REGION_UNKNOWN',
      params: { regionCode: '999999' },
    });
    expect(await issue(withCheck('36110219750230002'))).toEqual({
      path: 'residentId',
      code: 'RESIDENT_ID_BIRTH_DATE',
      params: { birthDate: '19750230' },
    });
    const tomorrow = new Date(todayInChina().getTime() + 86_400_000);
    expect(await issue(withCheck(`361102${ymd(tomorrow)}002`))).toEqual({
      path: 'residentId',
      code: 'RESIDENT_ID_BIRTH_DATE',
      params: { birthDate: ymd(tomorrow) },
    });
    const fifteen = todayInChina();
    fifteen.setUTCFullYear(fifteen.getUTCFullYear() - 16);
    fifteen.setUTCDate(fifteen.getUTCDate() + 1);
    expect(await issue(withCheck(`361102${ymd(fifteen)}002`))).toEqual({
      path: 'residentId',
      code: 'CAREGIVER_UNDER_WORKING_AGE',
      params: { age: '15', minimumAge: '16' },
    });
    const last = (await issue(withCheck('36110219750612002').slice(0, 17) + 'Z')).code;
    expect(last).toBe('RESIDENT_ID_FORMAT');
  });

  it('accepts a current code, the code of a county since abolished, and someone who turned 16 today', async () => {
    const sixteen = todayInChina();
    sixteen.setUTCFullYear(sixteen.getUTCFullYear() - 16);
    // 360122 was 新建县 until it became 新建区 (360112) in 2015: numbers issued there stay valid.
    for (const id of [withCheck('36110219750612002'), withCheck('36012219680301004'), withCheck(`361102${ymd(sixteen)}002`)]) {
      expect((await register(id)).data?.registerCaregiver.__typename).toBe('MutationRegisterCaregiverSuccess');
    }
  });
});

describe('unified social credit codes', () => {
  const code = (first17: string) => first17 + usccCheckChar(first17);
  it('need a registration authority with one of its organisation types, and a real division', () => {
    expect(usccProblem(code('91361102MA35X1234'))).toBeNull();
    expect(usccProblem(code('52100000MJ0000001'))).toBeNull();
    expect(usccProblem(code('94361102MA35X1234'))).toEqual({ code: 'USCC_AUTHORITY_UNKNOWN', params: { authority: '9', type: '4' } });
    expect(usccProblem(code('B1361102MA35X1234'))).toEqual({ code: 'USCC_AUTHORITY_UNKNOWN', params: { authority: 'B', type: '1' } });
    expect(usccProblem(code('91999999MA35X1234'))).toEqual({ code: 'USCC_REGION_UNKNOWN', params: { regionCode: '999999' } });
    expect(usccProblem('91361102MA35X12340')).toEqual({ code: 'USCC_CHECK_CHARACTER', params: {} });
  });
});
