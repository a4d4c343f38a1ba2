import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../api/src/modules/caregivers/resident-id.ts';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

/** The workbook a click downloads. */
async function downloaded(page: Page, click: () => Promise<unknown>): Promise<ExcelJS.Workbook> {
  const [download] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, unknown];
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  return book;
}

/** The workbook at an address, fetched with the page's session. */
async function fetched(page: Page, path: string): Promise<ExcelJS.Workbook> {
  const res = await page.request.get(`${portal}${path}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await res.body()) as unknown as ArrayBuffer);
  return book;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

/** Every text cell of a zh-CN download: none may be an English sentence (two English words in a row). */
function englishIn(book: ExcelJS.Workbook): string[] {
  const found: string[] = [];
  for (const sheet of book.worksheets)
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && /[A-Za-z]{3,}[ ,]+[A-Za-z]{3,}/.test(cell.value)) found.push(cell.value);
      }),
    );
  return found;
}

/** A list export as a bureau gets it: title, details line, Chinese headers, and the 口径说明 sheet. */
function expectExportShape(book: ExcelJS.Workbook, title: string, headers: string[]) {
  const sheet = book.worksheets[0]!;
  expect(sheet.getCell('A1').value).toBe(title);
  const details = String(sheet.getCell('A2').value);
  for (const part of ['地区：', '日期：', '制表单位：', '数据来源：']) expect(details).toContain(part);
  expect(rowValues(sheet, 3)).toEqual(expect.arrayContaining(headers));
  expect(book.worksheets.at(-1)!.name).toBe('口径说明');
  expect(book.worksheets.at(-1)!.rowCount).toBeGreaterThan(1);
  expect(englishIn(book)).toEqual([]);
}

/** The number format of the column headed `header` in the first data row. */
function formatOf(sheet: ExcelJS.Worksheet, header: string): string {
  const column = rowValues(sheet, 3).indexOf(header) + 1;
  expect(column).toBeGreaterThan(0);
  return sheet.getRow(4).getCell(column).numFmt;
}

describe('import templates', () => {
  it('the population page names the required columns, and its filled-in template imports', async () => {
    const page = await open();
    await login(page, 'civil');
    await page.goto(`${portal}/population`);
    expect(await page.locator('[data-testid=required-columns]').textContent()).toBe('必填列：区划代码、年份、年龄段、口径、人数');
    const book = await downloaded(page, () => page.click('[data-testid=template-link]'));
    expect(book.worksheets.map((s) => s.name)).toEqual(['数据', '说明']);
    const [data, notes] = book.worksheets;
    expect(rowValues(data!, 1)).toEqual(['区划代码', '年份', '年龄段', '口径', '人数', '数据来源']);
    expect(rowValues(data!, 2).slice(0, 5)).toEqual(['361102', expect.stringMatching(/^\d{4}$/), '60+', '常住', '81000']);
    expect(rowValues(notes!, 1)).toEqual(['列名', '是否必填', '格式', '可选值及示例']);
    expect(rowValues(notes!, 2).slice(0, 2)).toEqual(['区划代码', '必填']);
    expect(rowValues(notes!, 7).slice(0, 2)).toEqual(['数据来源', '选填']);
    expect(englishIn(book)).toEqual([]);

    // Filled in as an office would: the example row replaced by its own figure (an old year, so no dashboard changes).
    const source = `模板测试${randomUUID().slice(0, 8)}`;
    data!.getRow(2).values = ['361102', '2001', '60+', '常住', '52000', source];
    const filled = Buffer.from(await book.xlsx.writeBuffer());
    await page.setInputFiles('#file', { name: '人口模板.xlsx', mimeType: 'application/octet-stream', buffer: filled });
    await page.click('main button[type=submit]');
    await page.locator('[data-testid=import-result]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=import-result]').textContent()).toMatch(/新增 1 条.*拒绝 0 行/);
  });

  it('the attendance template as downloaded is read column by column (its example names no course of the provider)', async () => {
    const page = await open();
    await login(page, 'provider');
    await page.goto(`${portal}/imports`);
    expect(await page.locator('[data-testid=required-columns]').textContent()).toBe('必填列：课程编号、课次、身份证号、姓名、学时');
    const book = await downloaded(page, () => page.click('[data-testid=template-link]'));
    expect(rowValues(book.worksheets[0]!, 1)).toEqual(['课程编号', '课次', '身份证号', '姓名', '学时']);
    expect(englishIn(book)).toEqual([]);
    const name = `考勤模板${randomUUID().slice(0, 6)}.xlsx`;
    await page.setInputFiles('input[name=file]', {
      name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    await page.click('form[enctype] button[type=submit]');
    const row = page.locator('[data-testid=import-row]', { hasText: name }).first();
    await row.locator('[data-testid=import-outcome]').waitFor({ timeout: 30_000 });
    // The header was read and the example row parsed: it is refused for its course, not for its shape.
    expect(await row.locator('[data-testid=import-outcome]').textContent()).toContain('未导入 1');
    const [report] = await Promise.all([page.waitForEvent('download'), row.locator('a[download]').click()]);
    const text = (await (await report.createReadStream()).toArray()).map((c) => c.toString()).join('');
    expect(text).toContain('本机构没有编号为 HL-2025-01 的课程');
  });

  it('the students template holds the columns the college’s import reads, in Chinese and in English', async () => {
    const page = await open();
    await login(page, 'college');
    await page.goto(`${portal}/imports`);
    expect(await page.locator('[data-testid=required-columns]').textContent()).toBe('必填列：学号、姓名、身份证号、入学日期');
    const book = await downloaded(page, () => page.click('[data-testid=template-link]'));
    expect(rowValues(book.worksheets[0]!, 1)).toEqual(['学号', '姓名', '身份证号', '手机号', '学历', '入学日期', '协议编号', '签约日期']);
    expect(rowValues(book.worksheets[0]!, 2)[2]).toBe('11010519491231002X');
    expect(englishIn(book)).toEqual([]);

    // Filled in for a class of its own: the template's row imports as a student of it.
    const year = new Date().getFullYear();
    await page.goto(`${portal}/classes`);
    const form = page.locator('[data-testid=create-class]');
    await form.locator('#name').fill(`${year}级模板测试班${randomUUID().slice(0, 4)}`);
    await form.locator('#major').fill('智慧健康养老服务与管理');
    await form.locator('#quota').fill('30');
    await form.locator('[name=sponsorName]').fill('模板测试养老院');
    for (const amount of ['tuitionYuanPerYear', 'lodgingYuanPerYear', 'allowanceYuanPerYear'])
      await form.locator(`[name=${amount}]`).fill('0');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/\/classes\/[^/?]+\?created/);
    const classId = new URL(page.url()).pathname.split('/').pop()!;
    const body = `36110220050315${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    const studentNo = `T${randomUUID().slice(0, 8)}`;
    book.worksheets[0]!.getRow(2).values = [studentNo, '李模板', body + residentIdCheckChar(body), '', '高中', `${year}-09-01`, '', ''];
    await page.goto(`${portal}/imports?class=${encodeURIComponent(classId)}`);
    const name = `学生模板${randomUUID().slice(0, 6)}.xlsx`;
    await page.setInputFiles('input[name=file]', {
      name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    await page.click('form[enctype] button[type=submit]');
    const row = page.locator('[data-testid=import-row]', { hasText: name }).first();
    await row.locator('[data-testid=import-outcome]').waitFor({ timeout: 30_000 });
    expect(await row.locator('[data-testid=import-outcome]').textContent()).toMatch(/：导入 1，.*未导入 0/);

    await page.context().addCookies([{ name: 'lang', value: 'en', url: portal }]);
    const english = await fetched(page, '/templates/students');
    expect(english.worksheets.map((s) => s.name)).toEqual(['Data', 'Notes']);
    expect(rowValues(english.worksheets[0]!, 1)).toEqual([
      'student_no',
      'name',
      'resident_id',
      'phone',
      'education',
      'enrolled_on',
      'agreement_no',
      'signed_on',
    ]);
    expect(rowValues(english.worksheets[1]!, 2)[1]).toBe('Required');
  });

  it('the bank return template names the batch’s own reference in its example', async () => {
    const page = await open();
    await login(page, 'finance');
    const book = await fetched(page, '/templates/bank-return?ref=PB-2026-0042');
    expect(rowValues(book.worksheets[0]!, 1)).toEqual(['业务参考号', '状态', '金额(元)', '失败原因']);
    expect(rowValues(book.worksheets[0]!, 2).slice(0, 3)).toEqual(['PB-2026-0042-1', '成功', '1000.00']);
    expect(englishIn(book)).toEqual([]);
  });
});

describe('list exports', () => {
  it('workforce figures carry targets, gaps and their basis, percent and decimal formats, and Chinese definitions', async () => {
    const page = await open();
    await login(page, 'civil');
    await page.goto(`${portal}/workforce?region=361100`);
    const book = await downloaded(page, () => page.click('text=导出 Excel'));
    const sheet = book.worksheets[0]!;
    expectExportShape(book, '养老护理员队伍指标', ['地区', '区划代码', '持证护理员（人）', '持证上岗率（实际）', '持证上岗率（目标）']);
    expect(String(sheet.getCell('A2').value)).toContain('地区：上饶市');
    // The analyst works for the province: the file is prepared by its bureau.
    expect(String(sheet.getCell('A2').value)).toContain('制表单位：江西省民政局');
    expect(formatOf(sheet, '持证上岗率（实际）')).toBe('0.0%');
    expect(formatOf(sheet, '每万名老年人持证护理员数（实际）')).toBe('#,##0.00');
    const header = rowValues(sheet, 3);
    const target = sheet.getRow(4).getCell(header.indexOf('持证上岗率（目标）') + 1).value;
    expect(typeof target).toBe('number');
    const basis = String(sheet.getRow(4).getCell(header.indexOf('持证上岗率（目标依据）') + 1).value);
    // Shangrao has no plan of its own in the data: its target says it is the platform's default.
    expect(basis).toMatch(/^平台默认目标/);
    const definitions = book.worksheets[1]!;
    expect(rowValues(definitions, 2)[0]).toBe('每万名老年人持证护理员数');
  });

  it('certificates export from the dashboard for a bureau', async () => {
    const page = await open();
    await login(page, 'hr.reviewer');
    await page.goto(`${portal}/workforce`);
    const book = await downloaded(page, () => page.click('[data-testid=certificates-export]'));
    expectExportShape(book, '职业技能等级证书清单', ['证书编号', '姓名', '等级', '评价机构', '发证日期', '状态']);
    expect(book.worksheets[0]!.rowCount).toBeGreaterThan(3);
    expect(formatOf(book.worksheets[0]!, '发证日期')).toBe('yyyy-mm-dd');
  });

  it('claims export with the page’s filter and amounts in yuan', async () => {
    const page = await open();
    await login(page, 'hr.approver');
    await page.goto(`${portal}/subsidies?status=`);
    const book = await downloaded(page, () => page.click('[data-testid=export-link]'));
    const sheet = book.worksheets[0]!;
    expectExportShape(book, '补贴申请清单', ['编号', '类别', '状态', '姓名', '金额（元）', '已发放（元）']);
    expect(String(sheet.getCell('A2').value)).toContain('筛选条件：状态：全部');
    expect(sheet.rowCount).toBeGreaterThan(3);
    expect(formatOf(sheet, '金额（元）')).toBe('#,##0.00');
    expect(typeof sheet.getRow(4).getCell(rowValues(sheet, 3).indexOf('金额（元）') + 1).value).toBe('number');

    // The reviewer's queue (submitted claims) exports only those: the rows follow the page's filter.
    const submitted = await fetched(page, '/subsidies/export?status=SUBMITTED');
    const statuses = submitted.worksheets[0]!.getColumn(3).values.slice(4);
    expect(statuses.every((s) => s === '待审核')).toBe(true);
  });

  it('payment batches export for finance; others are refused', async () => {
    const page = await open();
    await login(page, 'finance');
    await page.goto(`${portal}/payments`);
    const book = await downloaded(page, () => page.click('[data-testid=export-link]'));
    expectExportShape(book, '支付批次清单', [
      '编号',
      '状态',
      '笔数',
      '合计金额（元）',
      '已发放（元）',
      '失败金额（元）',
      '未回盘金额（元）',
    ]);

    const other = await open();
    await login(other, 'civil');
    expect((await other.request.get(`${portal}/payments/export`)).status()).toBe(403);
  });

  it('courses export with their figures and a sheet of places', async () => {
    const page = await open();
    await login(page, 'provider');
    await page.goto(`${portal}/courses`);
    const book = await downloaded(page, () => page.click('[data-testid=export-link]'));
    expect(book.worksheets.map((s) => s.name)).toEqual(['课程', '报名明细', '口径说明']);
    expectExportShape(book, '培训课程及报名情况', ['课程编号', '课程名称', '名额', '已占名额', '名额使用率', '结业人数', '结业率']);
    expect(formatOf(book.worksheets[0]!, '名额使用率')).toBe('0.0%');
    expect(formatOf(book.worksheets[0]!, '学费（元）')).toBe('#,##0.00');
    expect(rowValues(book.worksheets[1]!, 3)).toEqual(['课程编号', '课程名称', '姓名', '状态', '出勤学时', '要求学时', '考核成绩']);
    expect(book.worksheets[1]!.rowCount).toBeGreaterThan(3);
  });

  it('directed classes export with quota as the target and the gap to it', async () => {
    const page = await open();
    await login(page, 'hr.approver');
    await page.goto(`${portal}/classes`);
    const book = await downloaded(page, () => page.click('[data-testid=export-link]'));
    expectExportShape(book, '定向培养班级清单', ['班级', '院校', '计划招生数', '在册学生数', '距计划还差（人）', '计划完成率']);
    expect(formatOf(book.worksheets[0]!, '计划完成率')).toBe('0.0%');
  });

  it('every link works on a phone without widening the page', async () => {
    const page = await open(PHONE);
    await login(page, 'hr.approver');
    for (const path of ['/subsidies', '/classes']) {
      await page.goto(`${portal}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width + 1);
      const book = await downloaded(page, () => page.click('[data-testid=export-link]'));
      expect(book.worksheets.at(-1)!.name).toBe('口径说明');
    }
    const civil = await open(PHONE);
    await login(civil, 'civil');
    await civil.goto(`${portal}/population`);
    expect(await civil.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width + 1);
    const template = await downloaded(civil, () => civil.click('[data-testid=template-link]'));
    expect(template.worksheets[1]!.name).toBe('说明');
  });
});
