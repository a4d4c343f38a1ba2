import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../api/src/modules/caregivers/resident-id.ts';
import { useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

/**
 * The API speaks codes, the portal speaks words: a Chinese page that shows a refused form, a refused
 * row or a downloaded report says it in Chinese. A run of three or more Latin words is an English
 * sentence that leaked through (a code, a file name or a course code is one word, not three).
 */
const ENGLISH_SENTENCE = /[A-Za-z]{2,}(?:[ ,:;]+[A-Za-z]{2,}){2,}/;
const englishIn = (text: string) => text.match(ENGLISH_SENTENCE)?.[0] ?? null;

describe('a zh-CN portal shows no English sentence', () => {
  it('an exam session in the past with a one-letter place: each field says why in Chinese', async () => {
    const page = await open();
    await login(page, 'assessor');
    await page.goto(`${portal}/exams`);
    await page.fill('#startsAt', '2020-01-01T09:00');
    await page.fill('#place', 'x');
    await page.click('form[action="?/create"] button[type=submit]');
    await page.locator('#startsAt-error').waitFor();
    expect(await page.locator('#startsAt-error').textContent()).toContain('须晚于现在');
    expect(await page.locator('#place-error').textContent()).toContain('至少 2 个字');
    expect(englishIn((await page.locator('main').textContent()) ?? '')).toBeNull();
  });

  it('a population file with bad rows: the refused rows name the field and the reason in Chinese', async () => {
    const page = await open();
    await login(page, 'civil');
    await page.goto(`${portal}/population`);
    const csv = [
      '区划代码,年份,年龄段,口径,人数,数据来源',
      '36110X,2025,60+,常住,1,统计公报',
      '361102,2025,70+,常住,100,统计公报',
      '999999,2025,60+,常住,100,统计公报',
    ].join('\n');
    await page.setInputFiles('#file', { name: '人口.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('main button[type=submit]');
    await page.locator('[data-testid=import-result]').waitFor({ timeout: 30_000 });
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('区划代码');
    expect(main).toContain('格式不正确');
    expect(main).toContain('须为 60+ 或 65+');
    expect(main).toContain('999999 不存在');
    expect(main).not.toContain('regionCode');
    expect(englishIn(main)).toBeNull();
  });

  it('the rejected rows of an attendance file download with Chinese headers and reasons', async () => {
    const page = await open();
    await login(page, 'provider');
    await page.goto(`${portal}/imports`);
    const valid = `36110219900101003${residentIdCheckChar('36110219900101003')}`;
    const wrong = `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`;
    const csv = [
      '课程编号,课次,身份证号,姓名,学时',
      `NO-SUCH-COURSE,1,${valid},王秀英,3`,
      `SR-2026-SU02,1,${valid},王秀英,3`,
      `SR-2026-SU02,2,${wrong},王秀英,3`,
      `SR-2026-SU02,x,${valid},王秀英,99`,
    ].join('\n');
    await page.setInputFiles('input[name=file]', { name: '考勤-用词检查.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('form[enctype] button[type=submit]');
    const row = page.locator('[data-testid=import-row]', { hasText: '考勤-用词检查.csv' }).first();
    await row.locator('[data-testid=import-outcome]').waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a[download]').click()]);
    const report = (await (await download.createReadStream()).toArray()).map((c) => c.toString()).join('');
    expect(report.split(/\r?\n/)[0]).toContain('行号,列,内容,原因');
    expect(report).toContain('本机构没有编号为 NO-SUCH-COURSE 的课程');
    expect(report).toContain('没有登记该身份证号的人员');
    expect(report).toContain('身份证号校验码不对');
    expect(report).toContain('须填写数字');
    expect(report).not.toContain(valid);
    expect(englishIn(report)).toBeNull();
  });
});
