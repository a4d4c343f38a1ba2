import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../api/src/modules/organisations/uscc.ts';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login, submitLogin, navigate } = useBrowser();

/** Nothing sticks out sideways on a phone: the page is no wider than the screen. */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe('operator console', () => {
  it('the admin menu links only to pages the admin may open, with no placeholders', async () => {
    const page = await open(PHONE);
    await login(page, 'admin');
    expect(await page.locator('main').textContent()).not.toContain('即将上线');
    const links = await page.locator('nav.mainnav a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    expect(links).toContain('/users');
    for (const href of links) {
      const res = await page.goto(`${portal}${href}`);
      expect(res!.status(), href).toBe(200);
      expect(await overflows(page), href).toBe(false);
    }
  });

  it('users and access: create a login, first sign-in forces a new password, roles change, reset and disable', async () => {
    const admin = await open(PHONE);
    await login(admin, 'admin');
    await navigate(admin, { href: '/users' });
    await admin.waitForURL(/\/users$/);
    await admin.locator('[data-testid=user-row]').first().waitFor();
    expect(await admin.locator('[data-testid=user-row]').count()).toBeGreaterThanOrEqual(10);
    expect(await overflows(admin)).toBe(false);

    await admin.click('a[href="/users/new"]');
    await admin.waitForURL(/\/users\/new$/);
    const username = `staff.${Date.now() % 1_000_000}`;
    await admin.fill('#username', username);
    await admin.fill('#displayName', '测试 新护理主管');
    // A bureau role without its region is refused next to the row, in Chinese.
    await admin.selectOption('#role0', 'INSTITUTION_STAFF');
    await admin.selectOption('#organisation0', { label: '上饶市社会福利院' });
    await admin.selectOption('#role1', 'HR_REVIEWER');
    await admin.click('main button[type=submit]');
    expect(await admin.locator('#region1-error').textContent()).toBe('该角色需要选择管辖地区');
    expect(await overflows(admin)).toBe(false);
    await admin.selectOption('#role1', '');
    await admin.click('main button[type=submit]');
    const temporary = (await admin.locator('[data-testid=temporary-password]').textContent())!.trim();
    expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

    // First sign-in with the temporary password: every page leads to /password until it is changed.
    const staff = await open(PHONE);
    await submitLogin(staff, username, temporary);
    await staff.waitForURL(/\/password$/);
    await staff.goto(`${portal}/caregivers`);
    expect(new URL(staff.url()).pathname).toBe('/password');
    await staff.locator('[data-testid=must-change]').waitFor();
    await staff.fill('#currentPassword', temporary);
    await staff.fill('#newPassword', 'Fresh-start-2026');
    await staff.click('main form button[type=submit]');
    await staff.locator('.notice').waitFor();
    await staff.goto(`${portal}/caregivers`);
    expect(new URL(staff.url()).pathname).toBe('/caregivers');

    // The admin sees the sign-in, gives a second role, then disables the account: the open session ends.
    await admin.goto(`${portal}/users?q=${username}`);
    await admin.click(`a:text("${username}")`);
    await admin.waitForURL(/\/users\/[^/]+$/);
    expect(await admin.locator('dl.facts').textContent()).not.toContain('从未登录');
    await admin.selectOption('#role1', 'CIVIL_AFFAIRS_ANALYST');
    await admin.selectOption('#region1', '361100');
    await admin.click('form[action="?/roles"] button[type=submit]');
    expect(await admin.locator('.notice').textContent()).toContain('角色已更新');
    expect(await admin.locator('dl.facts').textContent()).toContain('民政局分析员');

    await admin.click('form[action="?/disable"] button');
    expect(await admin.locator('[data-testid=user-status]').textContent()).toContain('已停用');
    await staff.goto(`${portal}/caregivers`);
    expect(new URL(staff.url()).pathname).toBe('/login');

    // Re-enabled and reset: the new password no longer works, the temporary one does and must be changed.
    await admin.click('form[action="?/enable"] button');
    await admin.click('form[action="?/reset"] button');
    const reset = (await admin.locator('[data-testid=temporary-password]').textContent())!.trim();
    await submitLogin(staff, username, 'Fresh-start-2026');
    await staff.locator('main [role=alert]').waitFor();
    await submitLogin(staff, username, reset);
    await staff.waitForURL(/\/password$/);
  });

  it('shows the console in English', async () => {
    const page = await open();
    await login(page, 'admin');
    await page.click('form[action="/lang"] button');
    await page.goto(`${portal}/users/new`);
    expect(await page.locator('h1').textContent()).toBe('New user');
    expect(await page.locator('legend').textContent()).toBe('Roles and scope');
  });
});

describe('API tokens', () => {
  it('creates a token shown once, lists it with its region, and revokes it', async () => {
    const page = await open(PHONE);
    await login(page, 'admin');
    await navigate(page, { href: '/tokens' });
    await page.waitForURL(/\/tokens$/);
    const name = `省平台 ${Date.now() % 100000}`;
    await page.fill('#name', name);
    await page.check('input[value="workforce:read"]');
    await page.selectOption('#regionCode', '361100');
    await page.click('form[action="?/create"] button[type=submit]');
    expect(await page.locator('[data-testid=token-secret]').textContent()).toMatch(/^cct_[a-z2-7]+\.[a-z2-7]+$/);
    expect(await overflows(page)).toBe(false);

    // Shown once: the list never carries the secret again.
    await page.goto(`${portal}/tokens`);
    expect(await page.locator('[data-testid=token-secret]').count()).toBe(0);
    const row = page.locator('[data-testid=token-row]', { hasText: name });
    expect(await row.textContent()).toContain('361100');
    expect(await row.textContent()).toContain('尚未使用');
    await row.locator('form[action="?/revoke"] button').click();
    await page.locator('.notice').waitFor();
    expect(await page.locator('[data-testid=token-row]', { hasText: name }).locator('[data-testid=token-status]').textContent()).toContain(
      '已吊销',
    );
  });
});

describe('organisation registry and regions', () => {
  it('civil affairs registers a care institution with a checked credit code, edits and closes it', async () => {
    const page = await open(PHONE);
    await login(page, 'civil');
    await navigate(page, { href: '/organisations' });
    await page.waitForURL(/\/organisations$/);
    expect(await page.locator('[data-testid=organisation-row]').count()).toBeGreaterThan(0);
    const first17 = `52361102MJ${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    const uscc = first17 + usccCheckChar(first17);
    const wrong = first17 + (uscc[17] === '0' ? '1' : '0');
    const name = `测试颐养院${Date.now() % 100000}`;
    await page.fill('#name', name);
    await page.fill('#uscc', wrong);
    await page.selectOption('#regionCode', '361102');
    await page.fill('#beds', '60');
    await page.click('form[action="?/register"] button[type=submit]');
    expect(await page.locator('#uscc-error').textContent()).toContain('统一社会信用代码不正确');
    expect(await overflows(page)).toBe(false);
    await page.fill('#uscc', uscc);
    await page.click('form[action="?/register"] button[type=submit]');
    await page.locator('.notice').waitFor();

    await page.goto(`${portal}/organisations?q=${encodeURIComponent(name)}`);
    await page.click(`a:text("${name}")`);
    await page.waitForURL(/\/organisations\/[^/]+$/);
    await page.fill('#beds', '90');
    await page.click('form[action="?/update"] button[type=submit]');
    expect(await page.locator('.notice').textContent()).toBe('已保存。');
    expect(await page.inputValue('#beds')).toBe('90');
    await page.click('form[action="?/deactivate"] button');
    expect(await page.locator('[data-testid=organisation-status]').textContent()).toBe('已注销');
    expect(await overflows(page)).toBe(false);
  });

  it('the admin browses the region tree and adds a county code under its city', async () => {
    const page = await open(PHONE);
    await login(page, 'admin');
    await page.goto(`${portal}/regions`);
    await page.click('a:text("江西省")');
    await page.click('a:text("上饶市")');
    await page.waitForURL(/code=361100/);
    const before = await page.locator('[data-testid=region-children] li').count();
    await page.fill('#code', '361199');
    await page.fill('#name', '测试新区');
    await page.click('form[action$="/add"] button[type=submit]');
    await page.locator('.notice').waitFor();
    expect(await page.locator('[data-testid=region-children] li').count()).toBe(before + 1);
    await page.fill('#code', '362199');
    await page.fill('#name', '测试错区');
    await page.click('form[action$="/add"] button[type=submit]');
    expect(await page.locator('#code-error').textContent()).toBe('区划代码应以 3611 开头，且不能以 0 结尾');
    expect(await overflows(page)).toBe(false);
  });
});
