import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

export const PHONE = { width: 390, height: 844 };

/**
 * Debian's Chromium driven by playwright-core for one test file: a fresh context per `open()`, a
 * screenshot under test/.artifacts when a test fails, and sign-in through the real login form.
 */
export function useBrowser(options: { portal?: () => string } = {}) {
  // A test file that starts its own system names its address; it is known only once that has started.
  const shared = options.portal ? null : inject('portalUrl');
  const address = () => options.portal?.() ?? shared!;
  let browser: Browser;
  const session: { page: Page | null } = { page: null };

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    const page = session.page;
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('test/.artifacts', { recursive: true });
      await page.screenshot({ path: `test/.artifacts/web-${ctx.task.name.replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => {});
    }
    await page?.context().close();
    session.page = null;
  });

  async function open(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    session.page = await context.newPage();
    return session.page;
  }

  async function submitLogin(page: Page, username: string, password: string) {
    // After hydration: a value typed before it can be reset by the page taking over the form.
    await page.goto(`${address()}/login`, { waitUntil: 'networkidle' });
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('main button[type=submit]');
  }

  async function login(page: Page, username: string, password = 'CareCert#2026') {
    await submitLogin(page, username, password);
    await page.waitForURL((url) => url.pathname !== '/login');
  }

  /** Follows a main-menu item, opening the menu first where it is folded (a phone). */
  /** Follows a menu item, named by its label or its path, opening the phone menu first when it is folded. */
  async function navigate(page: Page, item: string | { href: string }) {
    const toggle = page.locator('nav.mainnav summary');
    if (await toggle.isVisible()) await toggle.click();
    await page.click(typeof item === 'string' ? `nav.mainnav a:text-is("${item}")` : `nav.mainnav a[href="${item.href}"]`);
  }

  return { portal: shared!, open, login, submitLogin, navigate };
}
