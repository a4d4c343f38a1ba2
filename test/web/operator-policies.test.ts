import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login, navigate } = useBrowser();

/** Nothing sticks out sideways on a phone: the page is no wider than the screen. */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const nextYear = new Date().getUTCFullYear() + 1;
/** The demo's last confirmed roster month: two months back (last month's roster waits for the institution). */
const twoMonthsBack = (() => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
  return d.toISOString().slice(0, 7);
})();

describe('policy data screens (issue 19 items 3-5, issue 20)', () => {
  it('subsidy policies: the approver revises the post subsidy as data, tries it on a past month, then publishes it', async () => {
    const page = await open(PHONE);
    await login(page, 'hr.approver');
    await navigate(page, { href: '/policies' });
    await page.waitForURL(/\/policies$/);
    const row = page.locator('[data-testid=policy-row][data-code=SR-POST]').first();
    expect(await row.textContent()).toContain('现行');
    expect(await overflows(page)).toBe(false);

    await row.locator('a:text("修订为新版本")').click();
    await page.waitForURL(/from=SR-POST/);
    // The form holds the version's terms as numbers and ticks, not JSON.
    const l5 = Number(await page.inputValue('#level_L5'));
    expect(l5).toBeGreaterThan(0);
    await page.fill('#level_L5', String(l5 + 100));
    await page.fill('#effectiveFrom', `${nextYear}-01-01`);
    await page.check('[data-testid=choice-requiredEvidence] input[value=CONTRACT]');
    // The dry run offers last month; the demo's last confirmed month is the one before.
    expect(await page.inputValue('input[name=month]')).toMatch(/^\d{4}-\d{2}$/);
    await page.fill('input[name=month]', twoMonthsBack);
    await page.click('button:text("试算")');
    await page.locator('[data-testid=dry-run]').waitFor();
    const summary = (await page.locator('[data-testid=dry-run-summary]').textContent())!;
    expect(summary).toMatch(/本版本：\d+ 笔/);
    // Every person with a level 5 certificate gains 100 yuan; nobody loses.
    expect(await page.locator('[data-testid=dry-run-change][data-direction=loss]').count()).toBe(0);
    expect(await page.locator('[data-testid=dry-run-change][data-direction=gain]').count()).toBeGreaterThan(0);
    expect(await overflows(page)).toBe(false);
    // The terms typed survive the dry run.
    expect(Number(await page.inputValue('#level_L5'))).toBe(l5 + 100);

    // Who reviews and who approves are data too: the form starts from the version's roles.
    expect(await page.inputValue('[data-testid=policy-reviewRole]')).toBe('HR_REVIEWER');
    expect(await page.inputValue('[data-testid=policy-approveRole]')).toBe('HR_APPROVER');
    await page.selectOption('[data-testid=policy-reviewRole]', 'CIVIL_AFFAIRS_ANALYST');
    await page.click('button:text("发布新版本")');
    expect(await page.locator('[data-testid=published]').textContent()).toMatch(/已发布 SR-POST 第 \d+ 版/);
    const published = page.locator('[data-testid=policy-row][data-code=SR-POST]').first();
    expect(await published.textContent()).toContain('劳动合同');
    expect(await published.textContent()).toContain(`${nextYear}-01-01`);
    expect(await published.textContent()).toContain('民政局分析员 → 人社局审批人');
  });

  it('funds: finance creates a fund source, sets its budget with a reason, and sees it in the burn-down', async () => {
    const page = await open(PHONE);
    await login(page, 'finance');
    await navigate(page, { href: '/funds' });
    await page.waitForURL(/\/funds$/);
    const code = `SR-TEST-${Date.now() % 100000}`;
    await page.fill('[data-testid=source-form] #code', code);
    await page.fill('[data-testid=source-form] #name', '测试专项资金');
    await page.selectOption('[data-testid=source-form] #kind', 'SPECIAL_FUND');
    await page.click('[data-testid=source-form] button[type=submit]');
    expect(await page.locator('.notice').textContent()).toContain('资金来源已新建');
    expect(await page.locator(`[data-testid=fund-source][data-code="${code}"]`).count()).toBe(1);

    // A budget without a reason is refused next to the field; with one it is saved.
    await page.selectOption('#fundCode', code);
    await page.fill('#amountYuan', '120000');
    await page.fill('#reason', ' ');
    await page.click('[data-testid=envelope-form] button[type=submit]');
    await page.locator('.alert').waitFor();
    await page.selectOption('#fundCode', code);
    await page.fill('#amountYuan', '120000');
    await page.fill('#reason', '上饶市财政局预算批复（测试）');
    await page.click('[data-testid=envelope-form] button[type=submit]');
    expect(await page.locator('.notice').textContent()).toContain('预算已保存');
    expect(await page.locator('[data-testid=envelope]', { hasText: code }).textContent()).toContain('120,000');
    expect(await overflows(page)).toBe(false);
  });

  it('workforce targets: civil affairs see the defaults, override one for the province and revert it', async () => {
    const page = await open(PHONE);
    await login(page, 'civil');
    await navigate(page, { href: '/targets' });
    await page.waitForURL(/\/targets$/);
    // 2025: a milestone year of the reference defaults.
    await page.goto(`${portal}/targets?year=2025`);
    const defaults = await page.locator('[data-testid=target-row][data-default=yes]').count();
    expect(defaults).toBeGreaterThan(0);

    await page.selectOption('#indicator', 'FIRST_AID_SHARE');
    await page.fill('#value', '0.42');
    await page.fill('#source', '江西省养老服务体系建设规划（测试）');
    await page.click('[data-testid=target-form] button[type=submit]');
    expect(await page.locator('.notice').textContent()).toContain('目标已保存');
    const own = page.locator('[data-testid=target-row][data-default=no][data-indicator=FIRST_AID_SHARE]');
    expect(await own.textContent()).toContain('42%');
    // The “适用” mark moves to the region's own target (a default's source may say where it applies).
    const applies = (row: typeof own) => row.locator('strong', { hasText: /^适用$/ }).count();
    expect(await applies(page.locator('[data-testid=target-row][data-default=yes][data-indicator=FIRST_AID_SHARE]'))).toBe(0);
    expect(await applies(own)).toBe(1);
    expect(await overflows(page)).toBe(false);

    await own.locator('button:text("恢复默认")').click();
    expect(await page.locator('.notice').textContent()).toContain('已恢复');
    expect(await page.locator('[data-testid=target-row][data-default=no][data-indicator=FIRST_AID_SHARE]').count()).toBe(0);
  });

  it('competitions: the organiser sees the promotion minimums per tier and may set others', async () => {
    const page = await open(PHONE);
    await login(page, 'hr.approver');
    await page.goto(`${portal}/competitions`);
    expect(await page.locator('[data-testid=promotion-defaults]').textContent()).toContain('市级 10 人、1 轮');
    expect(await page.locator('#minEntrantsForPromotion').inputValue()).toBe('');
    expect(await overflows(page)).toBe(false);
  });

  it('bank layouts: the admin adds a third bank’s 代发 layout in the portal; a layout without the amount is refused', async () => {
    const page = await open(PHONE);
    await login(page, 'admin');
    await page.goto(`${portal}/funds?region=361100`);
    const code = `ABC-W${Date.now() % 100000}`;
    await page.fill('#layout-code', code);
    await page.fill('#layout-bank', '中国农业银行');
    await page.fill('#layout-name', '农业银行代发工资');
    const headers = page.locator('[data-testid=col-header]');
    const fields = page.locator('[data-testid=col-field]');
    await headers.nth(0).fill('收方账号');
    await fields.nth(0).selectOption('PAYEE_ACCOUNT');
    await headers.nth(1).fill('收方户名');
    await fields.nth(1).selectOption('PAYEE_NAME');
    await page.click('[data-testid=layout-form] button[type=submit]');
    expect(await page.locator('[data-testid=layout-form]').textContent()).toContain('格式须包含收款账号和金额两列');
    expect(await overflows(page)).toBe(false);
    // The rows come back as typed: only the missing column is added.
    expect(await headers.nth(1).inputValue()).toBe('收方户名');
    await headers.nth(2).fill('金额');
    await fields.nth(2).selectOption('AMOUNT');
    await page.click('[data-testid=layout-form] button[type=submit]');
    expect(await page.locator('[role=status]').textContent()).toContain('银行代发格式已保存');
    expect(await page.locator(`[data-testid=bank-layout][data-code="${code}"]`).textContent()).toContain('收方账号 · 收方户名 · 金额');
  });

  it('holiday calendar: the admin marks a make-up working day for 2027 and takes it off again', async () => {
    const page = await open(PHONE);
    await login(page, 'admin');
    await navigate(page, { href: '/calendar' });
    await page.waitForURL(/\/calendar$/);
    await page.goto(`${portal}/calendar?year=2027`);
    const date = '2027-10-09';
    await page.fill('#date', date);
    await page.selectOption('#kind', 'WORKDAY');
    await page.fill('#name', '国庆节调休');
    await page.fill('#source', '国办发明电〔2026〕测试');
    await page.click('[data-testid=calendar-form] button[type=submit]');
    expect(await page.locator('.notice').textContent()).toContain(date);
    const day = page.locator(`[data-testid=calendar-day][data-date="${date}"]`);
    expect(await day.textContent()).toContain('调休上班');
    expect(await overflows(page)).toBe(false);

    await day.locator('button:text("移除")').click();
    expect(await page.locator('.notice').textContent()).toContain('已移除');
    expect(await page.locator(`[data-testid=calendar-day][data-date="${date}"]`).count()).toBe(0);
  });
});
