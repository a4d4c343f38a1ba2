import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCells } from '../../api/src/files/spreadsheet-cells.ts';
import { addDefinitionsSheet, addTableSheet, bookBuffer, cellFor, templateBook } from '../../api/src/files/xlsx-book.ts';
import { INDICATORS } from '../../api/src/modules/workforce/indicator-definitions.ts';
import { DEFAULT_TARGETS, OWN_PLAN_REGIONS, PLAN_TARGETS } from '../../prisma/reference/workforce-targets.ts';
import { STUDENT_ROWS } from '../../api/src/modules/directed-training/student-import.ts';
import { ATTENDANCE_ROWS } from '../../api/src/modules/training/attendance-import.ts';
import { POPULATION_HEADERS, POPULATION_REQUIRED } from '../../api/src/modules/regions/population.service.ts';
import { ZPopulationRow } from '../../api/src/modules/regions/regions.schemas.ts';
import { BANK_RETURN_HEADERS, BANK_RETURN_REQUIRED } from '../../api/src/modules/subsidies/payments.service.ts';
import { TEMPLATE_KINDS, columnsOf, type TemplateKind } from '../../web/src/lib/import-columns.ts';
import { filesEn, filesZh } from '../../web/src/lib/i18n/files.ts';

/** The .xlsx files CareCert hands out, read back as a spreadsheet program reads them. */
async function readBack(book: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await bookBuffer(book)) as unknown as ArrayBuffer);
  return back;
}

describe('list exports', () => {
  it('put title and details above Chinese headers, write numbers as numbers in their formats, and neutralise formulas', async () => {
    const book = new ExcelJS.Workbook();
    addTableSheet(
      book,
      '补贴申请',
      {
        title: '补贴申请清单',
        details: ['地区：上饶市', '导出日期：2026-12-07', '制表单位：上饶市人力资源和社会保障局', '数据来源：CareCert'],
      },
      [
        { header: '编号', kind: 'text' },
        { header: '金额（元）', kind: 'yuan' },
        { header: '完成率', kind: 'percent' },
        { header: '人数', kind: 'integer' },
        { header: '提交日期', kind: 'date' },
      ],
      [
        ['=HYPERLINK("http://x")', '1,234.50', 0.875, 12, '2026-03-01'],
        ['SC-2026-0001', null, null, 0, null],
      ],
    );
    addDefinitionsSheet(book, '口径说明', ['项目', '口径', '依据'], [['金额（元）', '核定金额，含全部分期', '']]);
    const back = await readBack(book);
    const [sheet, definitions] = back.worksheets;
    expect(sheet!.name).toBe('补贴申请');
    expect(sheet!.getCell('A1').value).toBe('补贴申请清单');
    expect(String(sheet!.getCell('A2').value)).toContain('地区：上饶市');
    expect(String(sheet!.getCell('A2').value)).toContain('制表单位');
    expect((sheet!.getRow(3).values as unknown[]).slice(1)).toEqual(['编号', '金额（元）', '完成率', '人数', '提交日期']);
    const row = sheet!.getRow(4);
    expect(row.getCell(1).value).toBe(`'=HYPERLINK("http://x")`);
    expect(row.getCell(2).value).toBe(1234.5);
    expect(row.getCell(2).numFmt).toBe('#,##0.00');
    expect(row.getCell(3).value).toBe(0.875);
    expect(row.getCell(3).numFmt).toBe('0.0%');
    expect(row.getCell(4).numFmt).toBe('#,##0');
    expect(row.getCell(5).value).toEqual(new Date(Date.UTC(2026, 2, 1)));
    expect(row.getCell(5).numFmt).toBe('yyyy-mm-dd');
    expect(sheet!.getRow(5).getCell(2).value).toBeNull();
    expect(definitions!.name).toBe('口径说明');
    expect(definitions!.getRow(2).getCell(1).value).toBe('金额（元）');
  });

  it('keeps text that is not a number as neutralised text in a number column', () => {
    expect(cellFor('yuan', '-')).toBe(`'-`);
    expect(cellFor('integer', '')).toBeNull();
    expect(cellFor('text', 360000)).toBe('360000');
  });
});

describe('import templates', () => {
  const columns = [
    { header: '区划代码', required: true, format: '文本', allowed: '6 位行政区划代码', example: '361102' },
    { header: '年份', required: true, format: '整数', allowed: '2000 年至今年', example: 2025 },
    { header: '数据来源', required: false, format: '文本', allowed: '统计公报', example: '=cmd' },
  ];

  it('hold the headers in row 1 of the first sheet, one example row, and a notes sheet per column', async () => {
    const back = await readBack(
      templateBook({ data: '数据', notes: '说明' }, ['列名', '是否必填', '格式', '可选值及示例'], { yes: '必填', no: '选填' }, columns, [
        '第 2 行是示例',
      ]),
    );
    const [data, notes] = back.worksheets;
    expect(data!.name).toBe('数据');
    expect((data!.getRow(1).values as unknown[]).slice(1)).toEqual(['区划代码', '年份', '数据来源']);
    expect(data!.getRow(1).getCell(1).font?.color?.argb).toBe('FFC00000');
    expect(data!.getRow(2).getCell(1).value).toBe('361102');
    // Text cells: an ID number or a code keeps every digit when someone types over the example.
    expect(data!.getRow(2).getCell(1).numFmt).toBe('@');
    expect(data!.getRow(2).getCell(3).value).toBe(`'=cmd`);
    expect(data!.rowCount).toBe(2);
    expect(notes!.name).toBe('说明');
    expect((notes!.getRow(1).values as unknown[]).slice(1)).toEqual(['列名', '是否必填', '格式', '可选值及示例']);
    expect((notes!.getRow(2).values as unknown[]).slice(1)).toEqual(['区划代码', '必填', '文本', '6 位行政区划代码']);
    expect(notes!.getRow(4).getCell(2).value).toBe('选填');
    expect(notes!.getRow(6).getCell(1).value).toBe('第 2 行是示例');
  });

  it('are read by the importers’ reader as header and example row', async () => {
    const book = templateBook(
      { data: '数据', notes: '说明' },
      ['列名', '是否必填', '格式', '可选值'],
      { yes: '必填', no: '选填' },
      columns,
    );
    const cells = await readCells('template.xlsx', await bookBuffer(book));
    expect(cells.map((r) => r.cells)).toEqual([
      ['区划代码', '年份', '数据来源'],
      ['361102', '2025', `'=cmd`],
    ]);
  });
});

describe('workforce definitions and targets', () => {
  it('state definitions in Chinese and cite the plan each is taken from', () => {
    for (const d of INDICATORS) {
      for (const text of [d.numerator, d.denominator, d.source]) expect(text).not.toMatch(/[A-Za-z]{3,}/);
      expect(d.source).toMatch(/^口径取自《.+》$/);
    }
  });

  it('say a default is a default, and give a region with its own plan that plan as source', () => {
    expect(DEFAULT_TARGETS.every((t) => t.source.startsWith('平台默认目标'))).toBe(true);
    const plans = new Set(PLAN_TARGETS.map((p) => p.plan));
    expect(OWN_PLAN_REGIONS.every((r) => plans.has(r.plan))).toBe(true);
    // Jiujiang (Jiangxi) has its own plan; Zhejiang's is Zhejiang's.
    expect(OWN_PLAN_REGIONS.find((r) => r.code === '360400')!.plan).toContain('九江');
    expect(OWN_PLAN_REGIONS.find((r) => r.code === '330000')!.plan).toContain('浙江');
  });
});

describe('the portal’s import templates and the importers', () => {
  const importers: Record<
    TemplateKind,
    { headers: Record<string, string>; required: readonly string[]; parse: (raw: Record<string, string>) => boolean }
  > = {
    students: { headers: STUDENT_ROWS.headers, required: STUDENT_ROWS.required, parse: (raw) => STUDENT_ROWS.parse(raw).ok },
    attendance: { headers: ATTENDANCE_ROWS.headers, required: ATTENDANCE_ROWS.required, parse: (raw) => ATTENDANCE_ROWS.parse(raw).ok },
    population: { headers: POPULATION_HEADERS, required: POPULATION_REQUIRED, parse: (raw) => ZPopulationRow.safeParse(raw).success },
    'bank-return': {
      headers: BANK_RETURN_HEADERS,
      required: BANK_RETURN_REQUIRED,
      parse: (raw) =>
        /^PB-\d{4}-\d{4}-\d+$/.test(raw.reference!) && ['成功', 'SUCCESS'].includes(raw.status!) && /^\d+\.\d{2}$/.test(raw.amount!),
    },
  };
  const year = String(new Date().getUTCFullYear() - 1);

  for (const kind of TEMPLATE_KINDS)
    for (const lang of ['zh', 'en'] as const)
      it(`${kind} (${lang}): every header is one the importer reads, its required columns are marked required, and the example row parses`, () => {
        const columns = columnsOf(kind, { year });
        const importer = importers[kind];
        const header = (c: (typeof columns)[number]) => (lang === 'en' ? c.en : c.zh);
        const fields = columns.map((c) => importer.headers[header(c).toLowerCase()] ?? importer.headers[header(c)]);
        expect(fields.every(Boolean)).toBe(true);
        expect(fields.filter((_, i) => columns[i]!.required).sort()).toEqual([...importer.required].sort());
        const raw = Object.fromEntries(columns.map((c, i) => [fields[i]!, lang === 'en' ? (c.exampleEn ?? c.example) : c.example]));
        expect(importer.parse(raw)).toBe(true);
        // The notes sheet words each column's format and allowed values from the portal's dictionaries.
        for (const key of columns.flatMap((c) => [c.format, c.allowed ?? []].flat())) {
          expect(filesZh, key).toHaveProperty([key]);
          expect(filesEn, key).toHaveProperty([key]);
        }
      });
});
