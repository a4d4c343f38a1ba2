import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, useBrowser } from '../support/browser.ts';

const browser = useBrowser();
const portal = browser.portal;
let page: Page;

async function freshPage(viewport?: { width: number; height: number }) {
  page = await browser.open(viewport);
  return page;
}

const submitLogin = (username: string, password: string) => browser.submitLogin(page, username, password);
const login = (username: string, password?: string) => browser.login(page, username, password);
const navigate = (label: string) => browser.navigate(page, label);

/** An 18-character resident ID number with a valid GB 11643 check character. */
function residentId(body17: string) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((acc, digit, i) => acc + Number(digit) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11];
}

const sessionCookie = async () => (await page.context().cookies()).find((c) => c.name === 'carecert_session');

describe('portal', () => {
  it('sends an anonymous visitor to the login page, in Chinese, with security headers', async () => {
    await freshPage();
    const res = await page.goto(`${portal}/caregivers`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const headers = res!.headers();
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('shows the generic error for a wrong password', async () => {
    await freshPage();
    await submitLogin('institution', 'not-the-password');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await sessionCookie()).toBeUndefined();
  });

  it('lets institution staff find a caregiver and open the masked record', async () => {
    await freshPage();
    await login('institution');
    expect(await page.locator('h1').textContent()).toContain('您好');
    expect(await sessionCookie()).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    await page.click('nav.mainnav >> text=护理员名册');
    await page.waitForURL(/\/caregivers$/);
    const total = Number((await page.locator('[data-testid=total]').textContent())?.match(/\d+/)?.[0]);
    expect(total).toBeGreaterThan(5);

    const first = page.locator('table.list tbody tr a').first();
    const name = (await first.textContent())!.trim();
    await page.fill('#search', name);
    await page.click('form[role=search] button');
    await page.waitForURL(/search=/);
    const found = Number((await page.locator('[data-testid=total]').textContent())?.match(/\d+/)?.[0]);
    expect(found).toBeGreaterThanOrEqual(1);
    expect(found).toBeLessThan(total);

    await page.locator('table.list tbody tr a', { hasText: name }).first().click();
    await page.waitForURL(/\/caregivers\/[^/]+$/);
    expect(await page.locator('h1').textContent()).toBe(name);
    expect(await page.locator('[data-testid=resident-id]').textContent()).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(await page.locator('text=上饶市社会福利院').count()).toBeGreaterThan(0);

    // The full number needs a purpose and the password again; a wrong password reveals nothing.
    const masked = (await page.locator('[data-testid=resident-id]').textContent())!;
    await page.fill('#purpose', '办理养老保险参保登记');
    await page.fill('#reveal-password', 'not-my-password');
    await page.click('form[action="?/reveal"] button');
    await expect.poll(() => page.locator('#reveal-password-error').textContent()).toContain('密码');
    expect(await page.locator('[data-testid=revealed-id]').count()).toBe(0);
    await page.fill('#reveal-password', 'CareCert#2026');
    await page.click('form[action="?/reveal"] button');
    const revealed = (await page.locator('[data-testid=revealed-id]').textContent())!;
    expect(revealed).toMatch(/^\d{17}[\dX]$/);
    expect(revealed.slice(0, 4) + revealed.slice(-4)).toBe(masked.slice(0, 4) + masked.slice(-4));
  });

  it('registers a caregiver on a phone: field errors under their inputs, then the record, then ending the employment', async () => {
    await freshPage(PHONE);
    await login('institution');
    await page.goto(`${portal}/caregivers`);
    // One list: on a phone the header row is gone and each person is a card with the same link.
    expect(await page.locator('table.list thead').isVisible()).toBe(false);
    expect(await page.locator('table.list tbody tr a').first().isVisible()).toBe(true);

    await navigate('登记护理员');
    await page.waitForURL(/\/caregivers\/new$/);
    await page.fill('#name', '测试护理员');
    const valid = residentId(`36110219900101${String(Math.floor(Math.random() * 900) + 100)}`);
    const wrongCheck = valid.slice(0, 17) + (valid.endsWith('1') ? '2' : '1');
    await page.fill('#residentId', wrongCheck);
    await page.fill('#phone', '12345678901');
    await page.click('main button[type=submit]');
    await page.waitForSelector('#residentId-error');
    expect(await page.locator('#residentId').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#phone-error').count()).toBe(1);
    expect(await page.locator('#name-error').count()).toBe(0);
    expect(await page.inputValue('#name')).toBe('测试护理员');

    await page.fill('#residentId', valid);
    await page.fill('#phone', '13800138000');
    // Fixed past dates: "today" differs between China and a UTC clock for eight hours a day.
    await page.fill('#startDate', '2025-09-01');
    // A fixed-term contract that ends before it starts is refused under its own input.
    await page.fill('#contractEndsOn', '2025-08-31');
    await page.click('main button[type=submit]');
    await expect.poll(() => page.locator('#contractEndsOn-error').textContent()).toContain('合同到期日须晚于入职日期');
    expect(await page.locator('#residentId-error').count()).toBe(0);
    await page.fill('#contractEndsOn', '2028-08-31');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/caregivers\/(?!new)[^/]+$/);
    expect(await page.locator('h1').textContent()).toBe('测试护理员');
    expect(await page.locator('main').textContent()).toContain('2028-08-31');
    expect(await page.locator('[data-testid=resident-id]').textContent()).toBe(`${valid.slice(0, 4)}**********${valid.slice(14)}`);

    await page.fill('form.end input[name=endDate]', '2025-10-31');
    await page.click('form.end button');
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('已办理离职');
    expect(await page.locator('form.end').count()).toBe(0);
  });

  it('shows a caregiver their own record and refuses them the register', async () => {
    await freshPage(PHONE);
    await login('caregiver');
    expect(await page.locator('nav.mainnav').textContent()).not.toContain('护理员名册');
    await navigate('我的档案');
    await page.waitForURL(/\/me$/);
    expect(await page.locator('h1').textContent()).toBe('李秀英');
    expect(await page.locator('[data-testid=resident-id]').textContent()).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const res = await page.goto(`${portal}/caregivers`);
    expect(res?.status()).toBe(403);
  });

  it('switches the interface to English and back, signed in or not', async () => {
    await freshPage();
    await page.goto(`${portal}/login`);
    await page.click('header >> text=English');
    await expect.poll(() => page.locator('main h1').textContent()).toContain('CareCert');
    await page.click('header >> text=中文');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await login('institution');
    await page.click('header >> text=English');
    await expect.poll(() => page.locator('nav.mainnav').textContent()).toContain('Caregiver register');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('header').textContent()).toContain('Care institution');
  });

  it('signs out', async () => {
    await freshPage();
    await login('institution');
    await page.click('header >> text=退出登录');
    await page.waitForURL(/\/login$/);
    expect(await sessionCookie()).toBeUndefined();
    await page.goto(`${portal}/caregivers`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
