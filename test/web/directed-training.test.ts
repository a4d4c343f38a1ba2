import { describe, expect, it } from 'vitest';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

const COLLEGE = '江西医学高等专科学校';

describe('directed training', () => {
  it('places a graduate of the 2023 class, and the HR bureau sees it in the overview', async () => {
    // The college, on a phone, opens its 2023 class: two graduates are waiting for a placement.
    const college = await open(PHONE);
    await login(college, 'college');
    await college.goto(`${portal}/classes`);
    await college.click('[data-testid=class-row] a:text("2023级上饶定向班")');
    await college.waitForURL(/\/classes\/[^/?]+$/);
    const waiting = college.locator('[data-testid=student-row]', {
      has: college.locator('[data-testid=student-status]:text-is("已毕业待安置")'),
    });
    expect(await waiting.count()).toBe(2);
    const studentNo = (await waiting.first().getAttribute('data-student-no'))!;
    const row = college.locator(`[data-testid=student-row][data-student-no="${studentNo}"]`);

    // It places one at the Shangrao welfare home (start date: today, after graduation in June).
    await row.locator('[data-testid=student-actions] summary').click();
    await row.locator('[data-testid=place-form] select[name=institutionId]').selectOption({ label: '上饶市社会福利院' });
    await row.locator('[data-testid=place-form] button[type=submit]').click();
    await expect.poll(() => row.locator('[data-testid=student-status]').textContent()).toBe('已安置');
    expect(await row.locator('[data-testid=student-placement]').textContent()).toContain('上饶市社会福利院');
    expect(await college.locator('[data-testid=class-done]').textContent()).toContain('安置已登记');
    expect(await waiting.count()).toBe(1);

    // The Shangrao HR approver sees the college's cohorts: 73 admitted in all, 23 of 2023 placed now.
    const hr = await open();
    await login(hr, 'hr.approver');
    await hr.goto(`${portal}/classes`);
    // The seeded cohorts, 2023 to 2025: another browser test may add a class of this year to the shared demo.
    const cohorts = hr.locator(
      ['2023', '2024', '2025'].map((y) => `[data-testid=figures-row][data-college="${COLLEGE}"][data-cohort="${y}"]`).join(', '),
    );
    expect(await cohorts.count()).toBe(3);
    const admitted = (await cohorts.locator('[data-testid=figures-enrolled]').allTextContents()).reduce(
      (sum, n) => sum + Number(n.trim()),
      0,
    );
    expect(admitted).toBe(73);
    expect(
      await hr
        .locator(`[data-testid=figures-row][data-college="${COLLEGE}"][data-cohort="2023"] [data-testid=figures-placed]`)
        .textContent(),
    ).toBe('23');
    expect(await hr.locator('[data-testid=class-row]').count()).toBeGreaterThanOrEqual(3);

    // Their repayments page lists the 2024 drop-out's breach, still due, with the credit-record form.
    await hr.goto(`${portal}/repayments`);
    const breach = hr.locator('[data-testid=breach-row]', { hasText: '2024级上饶定向班' });
    expect(await breach.locator('[data-testid=breach-status]').textContent()).toBe('待还款');
    expect(await breach.locator('[data-testid=credit-form] button').textContent()).toBe('记入信用记录');
  });
});
