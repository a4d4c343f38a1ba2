import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

const portal = inject('portalUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function freshPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  return page;
}

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) {
    mkdirSync('test/.artifacts', { recursive: true });
    await page.screenshot({ path: `test/.artifacts/${ctx.task.name.replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => {});
  }
  await page?.context().close();
});

async function login(username: string, password = 'CareCert#2026') {
  await page.goto(`${portal}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('networkidle'), page.click('main button[type=submit]')]);
}

describe('portal', () => {
  it('redirects an anonymous visitor to the login page', async () => {
    await freshPage();
    await page.goto(`${portal}/caregivers`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('shows the generic error for a wrong password', async () => {
    await freshPage();
    await login('institution', 'not-the-password');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('lets institution staff find a caregiver and open the masked record', async () => {
    await freshPage();
    await login('institution');
    await expect.poll(() => page.locator('h1').textContent()).toContain('您好');
    await page.click('nav.mainnav >> text=护理员名册');
    await page.waitForURL(/\/caregivers/);
    const total = await page.locator('[data-testid=total]').textContent();
    expect(Number(total?.match(/\d+/)?.[0])).toBeGreaterThan(5);
    const first = page.locator('table.responsive tbody tr a').first();
    const name = (await first.textContent())?.trim();
    await first.click();
    await page.waitForURL(/\/caregivers\/.+/);
    expect(await page.locator('h1').textContent()).toBe(name);
    expect(await page.locator('[data-testid=resident-id]').textContent()).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(await page.locator('text=社会福利院').count()).toBeGreaterThan(0);
  });

  it('shows a caregiver their own record and refuses them the register', async () => {
    await freshPage({ width: 390, height: 844 });
    await login('caregiver');
    await page.click('nav.mainnav >> text=我的档案');
    await page.waitForURL(/\/me$/);
    expect(await page.locator('h1').textContent()).toBe('李秀英');
    const res = await page.goto(`${portal}/caregivers`);
    expect(res?.status()).toBe(403);
  });

  it('switches the interface to English', async () => {
    await freshPage();
    await login('institution');
    await Promise.all([page.waitForLoadState('networkidle'), page.click('header >> text=English')]);
    await expect.poll(() => page.locator('nav.mainnav').textContent()).toContain('Caregiver register');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('signs out and the session no longer works', async () => {
    await freshPage();
    await login('institution');
    await Promise.all([page.waitForURL(/\/login/), page.click('header >> text=退出登录')]);
    await page.goto(`${portal}/caregivers`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
