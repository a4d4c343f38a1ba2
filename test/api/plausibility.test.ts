import { randomUUID } from 'node:crypto';
import { addYears, isoDay, todayInChina } from '../../api/src/shared/china-time.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSkillLevels, gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { runStagedJob } from '../support/jobs.ts';

// Years from today in China, as the API counts them (from 16:00 UTC China is already on the next day).
const inYears = (n: number) => isoDay(addYears(todayInChina(), n));
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const FIELDS = `... on InputValidationError { fields { path code params { name value } } } ... on Error { code }`;
/** The field issues of a refused mutation, as path → code. */
const codes = (result: { fields?: { path: string[]; code: string }[] }) =>
  Object.fromEntries((result.fields ?? []).map((f) => [f.path.join('.'), f.code]));

let tree: Awaited<ReturnType<typeof makeRegionTree>>;
beforeAll(async () => {
  await ensureSkillLevels();
  tree = await makeRegionTree();
});

describe('plausible dates, each refused with its own code', () => {
  it('courses and their sessions within two years of today', async () => {
    const provider = await makeOrganisation(tree.city.id, 'TRAINING_PROVIDER');
    const { token } = await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id });
    const input = {
      code: `C-${randomUUID().slice(0, 6)}`.toUpperCase(),
      title: '技能提升班',
      kind: 'SKILL_UPGRADE',
      regionCode: tree.city.code,
      requiredHours: 6,
      capacity: 30,
      feeYuan: 0,
      governmentFunded: true,
      place: '上饶',
      startsOn: inYears(5),
      endsOn: inYears(5),
    };
    const res = await gql(
      `mutation($input: CreateCourseInput!) { createCourse(input: $input) { __typename ${FIELDS} } }`,
      { input },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(codes(res.data?.createCourse)).toEqual({ 'input.startsOn': 'DATE_OUT_OF_RANGE', 'input.endsOn': 'DATE_OUT_OF_RANGE' });
    expect(res.data?.createCourse.fields[0].params).toEqual([
      { name: 'min', value: inYears(-2).slice(0, 10) },
      { name: 'max', value: inYears(2).slice(0, 10) },
    ]);
  });

  it('exam sessions not more than two years ahead', async () => {
    const assessorOrg = await makeOrganisation(tree.county.id, 'ASSESSOR');
    const { token } = await makeUser('ASSESSOR', { organisationId: assessorOrg.id });
    const res = await gql(
      `mutation($input: CreateExamSessionInput!) { createExamSession(input: $input) { __typename ${FIELDS} } }`,
      { input: { levelCode: 'L5', startsAt: `${inYears(3)}T01:00:00Z`, place: '考场', capacity: 20, feeYuan: 300 } },
      { token },
    );
    expect(codes(res.data?.createExamSession)).toEqual({ 'input.startsAt': 'DATE_OUT_OF_RANGE' });
  });

  it('population figures not for a year still to come', async () => {
    const { token } = await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: tree.province.id });
    const next = todayInChina().getUTCFullYear() + 1;
    const csv = ['区划代码,年份,年龄段,口径,人数,数据来源', `${tree.city.code},${next},60+,常住,612345,预测`].join('\r\n');
    const res = await gql(
      `mutation($input: ImportPopulationInput!) { importPopulationStats(input: $input) { ... on MutationImportPopulationStatsSuccess { data { id jobId } } } }`,
      { input: { fileName: 'population.csv', contentBase64: b64(csv) } },
      { token },
    );
    await runStagedJob(res.data?.importPopulationStats.data.jobId);
    const outcome = await gql(
      `query($id: ID!) { node(id: $id) { ... on PopulationImport { created rejected { row field code } } } }`,
      { id: res.data?.importPopulationStats.data.id },
      { token },
    );
    expect(outcome.data?.node).toEqual({ created: 0, rejected: [{ row: 2, field: 'year', code: 'POPULATION_YEAR_IN_FUTURE' }] });
  });

  it('a first-aid certificate expires after it is issued; a contract ends after it starts', async () => {
    const home = await makeOrganisation(tree.county.id, 'INSTITUTION');
    const { token } = await makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const { caregiver } = await makeCaregiver(tree.county.id, tree.county.code);
    const employment = await makeEmployment(caregiver.id, home.id, '2025-03-01');
    const firstAid = await gql(
      `mutation($input: RecordFirstAidInput!) { recordFirstAidCertificate(input: $input) { __typename ${FIELDS} } }`,
      {
        input: {
          caregiverId: gid('Caregiver', caregiver.id),
          number: 'JY-2026-0001',
          issuer: '江西省红十字会',
          issuedOn: '2026-03-01',
          expiresOn: '2026-03-01',
        },
      },
      { token },
    );
    expect(codes(firstAid.data?.recordFirstAidCertificate)).toEqual({ 'input.expiresOn': 'EXPIRY_NOT_AFTER_ISSUE' });
    const contract = await gql(
      `mutation($id: ID!, $input: UpdateEmploymentInput!) { updateEmployment(id: $id, input: $input) { __typename ${FIELDS} } }`,
      { id: gid('Employment', employment.id), input: { contractEndsOn: '2025-02-28' } },
      { token },
    );
    expect(codes(contract.data?.updateEmployment)).toEqual({ contractEndsOn: 'CONTRACT_END_NOT_AFTER_START' });
  });
});
