import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../api/src/modules/caregivers/resident-id.ts';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

describe('training', () => {
  it('a caregiver finds a government-funded course on the phone, enrols, and sees it with the year’s entitlement used', async () => {
    const page = await open(PHONE);
    await login(page, 'caregiver');
    await page.goto(`${portal}/courses?kind=FAMILY_CARER&open=1`);
    const card = page.locator('[data-testid=course-card]', { hasText: '失能老年人家庭照护者培训' });
    await card.locator('a').click();
    await page.waitForURL(/\/courses\/[^/]+$/);
    const seatsBefore = await page.locator('[data-testid=course-seats]').textContent();
    await page.click('[data-testid=apply]');
    await page.locator('[data-testid=my-status]').waitFor();
    expect(await page.locator('[data-testid=my-status]').textContent()).toBe('已录取');
    expect(await page.locator('[data-testid=course-seats]').textContent()).not.toBe(seatsBefore);

    await page.goto(`${portal}/trainings`);
    const mine = page.locator('[data-testid=my-enrolments] li', { hasText: '失能老年人家庭照护者培训' });
    expect(await mine.locator('[data-testid=enrolment-status]').textContent()).toBe('已录取');
    const year = await page.locator('[data-testid=entitlement]', { hasText: '失能老年人家庭照护者培训' }).count();
    expect(year).toBe(1);

    // Withdrawing gives the seat back and frees the entitlement.
    await page.goto(`${portal}/courses?kind=FAMILY_CARER`);
    await page.locator('[data-testid=course-card]', { hasText: '失能老年人家庭照护者培训' }).locator('a').click();
    // Withdrawing gives the place away for good: the first button only says so.
    await page.click('[data-testid=withdraw-step] summary');
    expect(await page.locator('[data-testid=withdraw-step]').textContent()).toContain('不能恢复');
    await page.click('form[action="?/withdraw"] button');
    await page.locator('[data-testid=apply]').waitFor();
    expect(await page.locator('[data-testid=course-seats]').textContent()).toBe(seatsBefore);
  });

  it('a caregiver who applies to a full course reads her place in the queue, not "applied"', async () => {
    const page = await open(PHONE);
    await login(page, 'caregiver');
    await page.goto(`${portal}/courses?kind=SKILL_UPGRADE`);
    await page.locator('[data-testid=course-card]', { hasText: '养老护理员（四级）技能提升班' }).locator('a').click();
    await page.waitForURL(/\/courses\/[^/]+$/);
    await page.click('[data-testid=apply]');
    await page.locator('[data-testid=my-status]').waitFor();
    // The demo fills its 20 seats with three more people waiting: she is fourth.
    expect(await page.locator('[data-testid=my-status]').textContent()).toBe('候补第 4 位');
    expect(await page.locator('[data-testid=course-done]').textContent()).toContain('候补第 4 位');
    expect(await page.locator('[data-testid=course-done]').textContent()).not.toContain('已报名');
  });

  it('a provider uploads an attendance file and gets the rejected rows with reasons after the background import', async () => {
    const page = await open();
    await login(page, 'provider');
    await page.goto(`${portal}/imports`);
    const valid = `36110219900101002${residentIdCheckChar('36110219900101002')}`;
    const csv = [
      '课程编号,课次,身份证号,姓名,学时',
      `NO-SUCH-COURSE,1,${valid},王秀英,3`,
      `SR-2026-SU02,1,${valid},王秀英,3`,
      `SR-2026-SU02,2,${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'},王秀英,3`,
    ].join('\n');
    await page.setInputFiles('input[name=file]', { name: '考勤-第1次课.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('form[enctype] button[type=submit]');
    const row = page.locator('[data-testid=import-row]', { hasText: '考勤-第1次课.csv' }).first();
    await row.locator('[data-testid=import-outcome]').waitFor({ timeout: 30_000 });
    expect(await row.locator('[data-testid=import-outcome]').textContent()).toContain('未导入 3');
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a[download]').click()]);
    const report = (await (await download.createReadStream()).toArray()).map((c) => c.toString()).join('');
    expect(report).toContain('unknown course');
    expect(report).toContain('no registered person');
    expect(report).toContain('check digit');
    expect(report).not.toContain(valid);
  });
});
