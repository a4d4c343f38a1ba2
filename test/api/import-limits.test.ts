import { randomUUID } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { SPREADSHEET_LIMITS } from '../../api/src/files/spreadsheet-cells.ts';
import { validateSessionToken } from '../../api/src/modules/auth/auth.service.ts';
import { REJECTED_ROWS_KEPT } from '../../api/src/shared/row-import.ts';
import { runRosterImport, startRosterImport } from '../../api/src/modules/training/roster-import.service.ts';
import { gid, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

/**
 * Uploads are bounded before they are parsed (rows of a CSV, the inflated size of an .xlsx), and the
 * stored report of rejected rows is bounded and read a page at a time.
 */
const IMPORT = `mutation($input: ImportPopulationInput!) { importPopulationStats(input: $input) { __typename ... on InputValidationError { fields { path code } } } }`;
let tree: Awaited<ReturnType<typeof makeRegionTree>>;
let analyst: string;

beforeAll(async () => {
  tree = await makeRegionTree();
  analyst = (await makeUser('CIVIL_AFFAIRS_ANALYST', { regionId: tree.province.id })).token;
});

/** A zip holding one entry of `size` zero bytes, deflated: a few kilobytes that inflate to `size`. */
function zipBomb(size: number): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = deflateRawSync(Buffer.alloc(size));
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

describe('limits checked before parsing', () => {
  it('refuses a CSV of more rows than any import holds, without parsing it', async () => {
    const csv = `区划代码,年份,年龄段,口径,人数,数据来源\n${'1\n'.repeat(SPREADSHEET_LIMITS.maxRows + 1)}`;
    const started = performance.now();
    const res = await gql(
      IMPORT,
      { input: { fileName: 'population.csv', contentBase64: Buffer.from(csv).toString('base64') } },
      { token: analyst },
    );
    expect(res.data?.importPopulationStats).toEqual({
      __typename: 'InputValidationError',
      fields: [{ path: ['input', 'contentBase64'], code: 'TOO_MANY_ROWS' }],
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses an .xlsx whose zip inflates past the limit, reading only its central directory', async () => {
    const bomb = zipBomb(SPREADSHEET_LIMITS.maxInflatedBytes + 1024 * 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const res = await gql(IMPORT, { input: { fileName: 'population.xlsx', contentBase64: bomb.toString('base64') } }, { token: analyst });
    expect(res.data?.importPopulationStats).toEqual({
      __typename: 'InputValidationError',
      fields: [{ path: ['input', 'contentBase64'], code: 'FILE_INFLATES_TOO_MUCH' }],
    });
  });
});

describe('the report of rejected rows', () => {
  it(`keeps the first ${REJECTED_ROWS_KEPT} reasons, counts every rejected row, and is read a page at a time`, async () => {
    const college = await makeOrganisation(tree.city.id, 'COLLEGE');
    const staff = await makeUser('COLLEGE_STAFF', { organisationId: college.id });
    const cls = await prisma.directedClass.create({
      data: {
        collegeId: college.id,
        cohortYear: 2026,
        major: '智慧健康养老服务与管理',
        quota: 50,
        sponsorRegionId: tree.city.id,
        sponsorName: '上饶市民政局',
        name: `C-${randomUUID().slice(0, 6)}`,
        tuitionFenPerYear: 0,
        lodgingFenPerYear: 0,
        allowanceFenPerYear: 0,
      },
    });
    const bad = REJECTED_ROWS_KEPT + 500;
    const csv = ['学号,姓名,身份证号,入学日期', ...Array.from({ length: bad }, (_, i) => `S${i},张三,123,2026-09-01`)].join('\n');
    const viewer = { viewer: await validateSessionToken(staff.token), requestId: 'test', clientIp: '127.0.0.1', userAgent: null };
    const imp = await startRosterImport(viewer, {
      kind: 'STUDENTS',
      classId: cls.id,
      fileName: 'students.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    });
    const result = await runRosterImport(imp.id, { jobId: randomUUID(), reportProgress: async () => undefined } as never);
    expect(result).toEqual({ imported: 0, unchanged: 0, rejected: bad });
    const stored = await prisma.rosterImport.findUniqueOrThrow({ where: { id: imp.id } });
    expect((stored.rejectedRows as unknown[]).length).toBe(REJECTED_ROWS_KEPT);

    const page = (offset: number, first: number) =>
      gql(
        `query($id: ID!, $offset: Int, $first: Int) { node(id: $id) { ... on RosterImport { rejectedCount rejectedRows(offset: $offset, first: $first) { row } } } }`,
        { id: gid('RosterImport', imp.id), offset, first },
        { token: staff.token },
      );
    const first = await page(0, 10);
    expect(first.data?.node.rejectedCount).toBe(bad);
    expect(first.data?.node.rejectedRows.map((r: { row: number }) => r.row)).toEqual(Array.from({ length: 10 }, (_, i) => i + 2));
    const next = await page(10, 5);
    expect(next.data?.node.rejectedRows.map((r: { row: number }) => r.row)).toEqual([12, 13, 14, 15, 16]);
    const tooMany = await page(0, REJECTED_ROWS_KEPT + 1);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    const byDefault = await gql(
      `query($id: ID!) { node(id: $id) { ... on RosterImport { rejectedRows { row } } } }`,
      { id: gid('RosterImport', imp.id) },
      { token: staff.token },
    );
    expect(byDefault.data?.node.rejectedRows).toHaveLength(100);
  });
});
