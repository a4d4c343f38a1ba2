import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const IMPORT = /* GraphQL */ `mutation($input: ImportPopulationInput!) { importPopulationStats(input: $input) {
  __typename
  ... on MutationImportPopulationStatsSuccess { data { created updated unchanged rejected { row field message } } }
  ... on InputValidationError { fields { path message } }
  ... on Error { code } } }`;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
let regions: Awaited<ReturnType<typeof makeRegionTree>>;
let token: string;

beforeAll(async () => {
  regions = await makeRegionTree();
  token = (await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.province.id })).token;
});

describe('elderly population import', () => {
  it('writes the good rows of a CSV and reports each bad row with its line and field', async () => {
    const csv = [
      '\uFEFF区划代码,年份,年龄段,口径,人数,数据来源',
      `${regions.city.code},2025,60+,常住,612345,2025年统计公报`,
      `${regions.county.code},2025,65+,户籍,88000,`,
      `12345,2025,60+,常住,100,2025年统计公报`,
      `${regions.county.code},2025,70+,常住,100,2025年统计公报`,
      `999999,2025,60+,常住,100,2025年统计公报`,
      `${regions.city.code},2025,60+,常住,612345,2025年统计公报`,
      `${regions.otherCounty.code},二〇二五,60+,常住,-5,2025年统计公报`,
    ].join('\r\n');
    const res = await gql(IMPORT, { input: { fileName: 'population.csv', contentBase64: b64(csv), defaultSource: '2025年人口抽样调查' } }, { token });
    const result = res.data?.importPopulationStats.data;
    expect(result).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(result.rejected).toEqual([
      { row: 4, field: 'regionCode', message: 'must be a 6-digit region code' },
      { row: 5, field: 'ageBand', message: 'must be 60+ or 65+' },
      { row: 6, field: 'regionCode', message: 'is not a known region' },
      { row: 7, field: 'regionCode', message: 'repeats an earlier row of this file' },
      { row: 8, field: 'year', message: expect.any(String) },
      { row: 8, field: 'count', message: 'must be more than 0' },
    ]);
    const stats = await prisma.elderlyPopulationStat.findMany({ where: { regionId: { in: [regions.city.id, regions.county.id, regions.otherCounty.id] } }, orderBy: { count: 'desc' } });
    expect(stats.map((s) => [s.count, s.ageBand, s.basis, s.source])).toEqual([
      [612345, 'AGE_60_PLUS', 'RESIDENT', '2025年统计公报'],
      [88000, 'AGE_65_PLUS', 'REGISTERED', '2025年人口抽样调查'],
    ]);
  });

  it('reads .xlsx, replaces a changed figure keeping the old one in the audit log, and adds other years beside it', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('人口');
    sheet.addRow(['region_code', 'year', 'age_band', 'basis', 'count', 'source']);
    sheet.addRow([Number(regions.city.code), 2025, '60+', 'RESIDENT', 620000, '2025年统计公报']);
    sheet.addRow([regions.city.code, 2026, '60+', 'RESIDENT', 640000, '2026年统计公报']);
    const content = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const res = await gql(IMPORT, { input: { fileName: '人口.xlsx', contentBase64: content, defaultSource: null } }, { token });
    expect(res.data?.importPopulationStats.data).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: [] });
    const stat = await prisma.elderlyPopulationStat.findFirstOrThrow({ where: { regionId: regions.city.id, year: 2025, basis: 'RESIDENT' } });
    expect(stat.count).toBe(620000);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: stat.id, action: 'population.update' } });
    expect(audit.before).toMatchObject({ count: 612345 });
    expect(await prisma.elderlyPopulationStat.count({ where: { regionId: regions.city.id } })).toBe(2);

    const again = await gql(IMPORT, { input: { fileName: '人口.xlsx', contentBase64: content } }, { token });
    expect(again.data?.importPopulationStats.data).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: [] });
  });

  it('refuses the wrong file type, a file without the needed columns, and other roles, writing nothing', async () => {
    const mine = { regionId: { in: [regions.province.id, regions.city.id, regions.county.id, regions.otherCounty.id] } };
    const before = await prisma.elderlyPopulationStat.count({ where: mine });
    const wrongType = await gql(IMPORT, { input: { fileName: 'population.pdf', contentBase64: b64('%PDF-1.7') } }, { token });
    expect(wrongType.data?.importPopulationStats.fields).toEqual([{ path: ['input', 'fileName'], message: 'must be a .csv or .xlsx file' }]);
    const noHeader = await gql(IMPORT, { input: { fileName: 'p.csv', contentBase64: b64('a,b\n1,2') } }, { token });
    expect(noHeader.data?.importPopulationStats.fields[0].message).toMatch(/header row lacks regionCode/);
    const notXlsx = await gql(IMPORT, { input: { fileName: 'p.xlsx', contentBase64: b64('not a zip') } }, { token });
    expect(notXlsx.data?.importPopulationStats.fields[0].message).toBe('is not a readable .xlsx file');
    const reviewer = await makeUser('HR_REVIEWER', { regionId: regions.province.id });
    const refused = await gql(IMPORT, { input: { fileName: 'p.csv', contentBase64: b64('x') } }, { token: reviewer.token });
    expect(refused.data?.importPopulationStats.code).toBe('FORBIDDEN');
    expect(await prisma.elderlyPopulationStat.count({ where: mine })).toBe(before);
  });
});
