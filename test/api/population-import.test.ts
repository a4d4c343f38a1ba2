import { createHash, randomUUID } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import ExcelJS from 'exceljs';
import { runPopulationImport } from '../../api/src/modules/regions/population.service.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { runStagedJob } from '../support/jobs.ts';

const IMPORT = /* GraphQL */ `
  mutation ($input: ImportPopulationInput!) {
    importPopulationStats(input: $input) {
      __typename
      ... on MutationImportPopulationStatsSuccess {
        data {
          id
          jobId
          finishedAt
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
const OUTCOME = /* GraphQL */ `
  query ($id: ID!) {
    node(id: $id) {
      ... on PopulationImport {
        created
        updated
        unchanged
        rejectedCount
        rejected {
          row
          field
          message
        }
        finishedAt
      }
    }
  }
`;

/** Uploads a file and runs the job it staged; answers the import's outcome once applied. */
async function importFile(input: Record<string, unknown>, as = token) {
  const res = await gql(IMPORT, { input }, { token: as });
  const started = res.data?.importPopulationStats.data;
  if (!started) return { res, outcome: null };
  // The request only stored the file: nothing is applied until the job runs.
  expect(started.finishedAt).toBeNull();
  const job = await runStagedJob(started.jobId);
  expect(job.status).toBe('COMPLETED');
  const outcome = (await gql(OUTCOME, { id: started.id }, { token: as })).data?.node;
  const { finishedAt, rejectedCount, ...rest } = outcome;
  expect(finishedAt).not.toBeNull();
  return { res, outcome: rest, rejectedCount, started };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const fakeJob = () => ({ jobId: randomUUID(), reportProgress: async () => undefined, logger: console as never });
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
    const { outcome: result, rejectedCount } = await importFile({
      fileName: 'population.csv',
      contentBase64: b64(csv),
      defaultSource: '2025年人口抽样调查',
    });
    expect(result).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(rejectedCount).toBe(5);
    expect(result.rejected).toEqual([
      { row: 4, field: 'regionCode', message: 'must be a 6-digit region code' },
      { row: 5, field: 'ageBand', message: 'must be 60+ or 65+' },
      { row: 6, field: 'regionCode', message: 'is not a known region' },
      { row: 7, field: 'regionCode', message: 'repeats an earlier row of this file' },
      { row: 8, field: 'year', message: expect.any(String) },
      { row: 8, field: 'count', message: 'must be more than 0' },
    ]);
    const stats = await prisma.elderlyPopulationStat.findMany({
      where: { regionId: { in: [regions.city.id, regions.county.id, regions.otherCounty.id] } },
      orderBy: { count: 'desc' },
    });
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
    expect((await importFile({ fileName: '人口.xlsx', contentBase64: content, defaultSource: null })).outcome).toEqual({
      created: 1,
      updated: 1,
      unchanged: 0,
      rejected: [],
    });
    const stat = await prisma.elderlyPopulationStat.findFirstOrThrow({
      where: { regionId: regions.city.id, year: 2025, basis: 'RESIDENT' },
    });
    expect(stat.count).toBe(620000);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: stat.id, action: 'population.update' } });
    expect(audit.before).toMatchObject({ count: 612345 });
    expect(await prisma.elderlyPopulationStat.count({ where: { regionId: regions.city.id } })).toBe(2);

    expect((await importFile({ fileName: '人口.xlsx', contentBase64: content })).outcome).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2,
      rejected: [],
    });
  });

  it('refuses the wrong file type, a file without the needed columns, and other roles, writing nothing', async () => {
    const mine = { regionId: { in: [regions.province.id, regions.city.id, regions.county.id, regions.otherCounty.id] } };
    const before = await prisma.elderlyPopulationStat.count({ where: mine });
    const wrongType = await gql(IMPORT, { input: { fileName: 'population.pdf', contentBase64: b64('%PDF-1.7') } }, { token });
    expect(wrongType.data?.importPopulationStats.fields).toEqual([
      { path: ['input', 'fileName'], message: 'must be a .csv or .xlsx file' },
    ]);
    const noHeader = await gql(IMPORT, { input: { fileName: 'p.csv', contentBase64: b64('a,b\n1,2') } }, { token });
    expect(noHeader.data?.importPopulationStats.fields[0].message).toMatch(/header row lacks regionCode/);
    const notXlsx = await gql(IMPORT, { input: { fileName: 'p.xlsx', contentBase64: b64('not a zip') } }, { token });
    expect(notXlsx.data?.importPopulationStats.fields[0].message).toBe('is not a readable .xlsx file');
    const reviewer = await makeUser('HR_REVIEWER', { regionId: regions.province.id });
    const refused = await gql(IMPORT, { input: { fileName: 'p.csv', contentBase64: b64('x') } }, { token: reviewer.token });
    expect(refused.data?.importPopulationStats.code).toBe('FORBIDDEN');
    expect(await prisma.elderlyPopulationStat.count({ where: mine })).toBe(before);
  });

  it('returns at once with a job that applies the rows, and a second delivery of the job changes nothing', async () => {
    const tree = regions;
    const csv = [
      'region_code,year,age_band,basis,count,source',
      `${tree.city.code},2024,60+,常住,500000,2024年统计公报`,
      `${tree.county.code},2024,60+,常住,90000,2024年统计公报`,
    ].join('\n');
    const mine = { year: 2024, regionId: { in: [tree.city.id, tree.county.id] } };
    const res = await gql(IMPORT, { input: { fileName: 'p.csv', contentBase64: b64(csv) } }, { token });
    const started = res.data?.importPopulationStats.data;
    expect(started.jobId).toEqual(expect.any(String));
    expect(await prisma.elderlyPopulationStat.count({ where: mine })).toBe(0);
    const job = await runStagedJob(started.jobId);
    expect(job.result).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect([job.progress, job.total]).toEqual([2, 2]);
    const stats = await prisma.elderlyPopulationStat.findMany({ where: mine });
    const audits = await prisma.auditLog.count({ where: { entityId: { in: stats.map((s) => s.id) } } });
    // Delivered again after it finished, and twice at once: the import is applied once.
    await runStagedJob(started.jobId, { again: true });
    const { id } = decodeGlobalID(started.id);
    await Promise.all([runPopulationImport(id, fakeJob()), runPopulationImport(id, fakeJob())]);
    expect(await prisma.elderlyPopulationStat.findMany({ where: mine })).toEqual(stats);
    expect(await prisma.auditLog.count({ where: { entityId: { in: stats.map((s) => s.id) } } })).toBe(audits);
    const stored = await prisma.populationImport.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ created: 2, content: null });
  });

  it('refuses a file naming a region outside the analyst’s, writing nothing', async () => {
    const away = await makeRegionTree();
    const local = (await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: regions.city.id })).token;
    const csv = [
      'region_code,year,age_band,basis,count,source',
      `${regions.county.code},2023,60+,常住,1000,2023年统计公报`,
      `${away.county.code},2023,60+,常住,1000,2023年统计公报`,
    ].join('\n');
    const res = await gql(IMPORT, { input: { fileName: 'p.csv', contentBase64: b64(csv) } }, { token: local });
    expect(res.data?.importPopulationStats.code).toBe('FORBIDDEN');
    expect(await prisma.populationImport.count({ where: { sha256: createHash('sha256').update(csv).digest('hex') } })).toBe(0);
    expect(await prisma.elderlyPopulationStat.count({ where: { year: 2023, regionId: { in: [regions.county.id, away.county.id] } } })).toBe(
      0,
    );
  });
});
