import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

describe('workforce dashboard', () => {
  it('opens at the analyst’s province and drills down to a county, then back up', async () => {
    const page = await open();
    await login(page, 'civil');
    await page.click('nav.mainnav >> text=人才队伍指标');
    await page.waitForURL(/\/workforce$/);
    expect(await page.locator('[data-testid=region-name]').textContent()).toBe('江西省');
    expect(await page.locator('[data-testid=indicator-CERTIFIED_PER_10K] .figure').textContent()).toMatch(/^\d+\.\d{2}$/);
    expect(await page.locator('[data-testid=indicator-CERTIFIED_PER_10K] [data-testid=gap]').textContent()).toMatch(/还差 \d+ 人/);
    expect(await page.locator('[data-testid=trend-line]').getAttribute('points')).toMatch(/,/);
    expect(await page.locator('[data-testid=target-line]').count()).toBe(1);

    await page.locator('[data-testid=child-link]', { hasText: '上饶市' }).click();
    await page.waitForURL(/region=361100/);
    expect(await page.locator('[data-testid=region-name]').textContent()).toBe('上饶市');
    await page.locator('[data-testid=child-link]', { hasText: '信州区' }).click();
    await page.waitForURL(/region=361102/);
    expect(await page.locator('[data-testid=region-name]').textContent()).toBe('信州区');
    // A county's certified-per-10k is counted from the people employed there: the demo's homes hold some.
    expect(Number(await page.locator('[data-testid=indicator-CERTIFIED_PER_10K] .figure').textContent())).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=child-link]').count()).toBe(0);

    await page.click('[data-testid=up]');
    await page.waitForURL(/region=361100/);
    expect(await page.locator('[data-testid=region-name]').textContent()).toBe('上饶市');
  });

  it('exports the table as a spreadsheet with the region and its children', async () => {
    const page = await open();
    await login(page, 'civil');
    await page.goto(`${portal}/workforce?region=361100`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=导出 Excel')]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0]!;
    // Title and details above the headers (row 3); the region itself first, then its children.
    const codes = sheet.getColumn(2).values.slice(4);
    expect(codes[0]).toBe('361100');
    expect(codes).toContain('361102');
    // Six indicators, then target, gap and population, under a header row.
    expect(book.worksheets[1]!.name).toBe('口径说明');
    expect(book.worksheets[1]!.rowCount).toBe(10);
  });

  it('is readable on a phone and refuses people without a bureau role', async () => {
    const page = await open(PHONE);
    await login(page, 'hr.reviewer');
    await page.goto(`${portal}/workforce`);
    expect(await page.locator('[data-testid=region-name]').textContent()).toBe('上饶市');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width + 1);

    const other = await open();
    await login(other, 'caregiver');
    const res = await other.goto(`${portal}/workforce`);
    expect(res?.status()).toBe(403);
  });

  it('imports a population file and lists the rows it refused', async () => {
    const page = await open();
    await login(page, 'civil');
    await page.click('nav.mainnav >> text=老年人口数据');
    const csv = [
      '区划代码,年份,年龄段,口径,人数,数据来源',
      '361102,2026,60+,常住,81000,2026年信州区统计公报',
      '36110X,2026,60+,常住,1,2026年信州区统计公报',
    ].join('\n');
    await page.setInputFiles('#file', { name: '信州区人口.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('main button[type=submit]');
    expect(await page.locator('[data-testid=import-result]').textContent()).toMatch(/新增 1 条.*拒绝 1 行/);
    expect(await page.locator('td', { hasText: '格式不正确' }).count()).toBe(1);
  });

  it('shows published figures without signing in', async () => {
    const page = await open();
    await page.goto(`${portal}/workforce/public?region=361100`);
    expect(new URL(page.url()).pathname).toBe('/workforce/public');
    expect(await page.locator('h1').textContent()).toContain('上饶市');
    expect(await page.locator('text=数据截至').count()).toBe(1);
  });
});
