import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

const ROLES = ['caregiver', 'institution', 'assessor', 'provider', 'college', 'hr.reviewer', 'hr.approver', 'finance', 'civil', 'admin'];

/** What a person on a phone would see go wrong on the page now open, one line per problem. */
async function problems(page: Page, width: number): Promise<string[]> {
  return page.evaluate((width) => {
    const found: string[] = [];
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
    };
    if (document.documentElement.scrollWidth > width) {
      const wide = [...document.querySelectorAll('main *')].find((el) => el.getBoundingClientRect().right > width + 0.5);
      found.push(`overflows: ${document.documentElement.scrollWidth}px (${wide?.tagName.toLowerCase()}.${wide?.className})`);
    }
    // A table folded inside a closed <details> whose summary shows is a group one tap away, not a hidden list.
    const folded = (el: Element) => {
      const d = el.closest('details:not([open])');
      return !!d && visible(d.querySelector('summary') ?? d);
    };
    for (const table of document.querySelectorAll('table')) {
      if (folded(table)) continue;
      const rows = [...table.querySelectorAll('tbody tr')];
      if (rows.length && !rows.some(visible))
        found.push(`hidden list: ${rows.length} rows (${table.className || table.dataset.testid || 'table'})`);
    }
    // The visible words, without the language switch (it names the other language on purpose) and without
    // identifiers marked translate="no" (agreement, certificate and fund numbers are the same in any language).
    const text = [...document.body.querySelectorAll('*')]
      .filter((el) => el.childNodes.length && !el.closest('[lang=en], [translate=no], script, style') && visible(el))
      .flatMap((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? ''))
      .join('\n');
    for (const code of new Set(text.match(/\b[A-Z][A-Z_]{3,}\b/g) ?? [])) found.push(`untranslated code: ${code}`);
    for (const sentence of new Set(text.match(/[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){3,}/g) ?? [])) found.push(`English: ${sentence}`);
    return found;
  }, width);
}

async function openMenu(page: Page) {
  const toggle = page.locator('nav.mainnav summary');
  if (await toggle.isVisible()) await toggle.click();
}

describe('every role on a phone, in Chinese', () => {
  for (const role of ROLES) {
    it(`${role}: every menu item is reachable at 390 px and its page shows its lists without overflow or untranslated words`, async () => {
      const page = await open(PHONE);
      await login(page, role);
      await openMenu(page);
      const links = page.locator('nav.mainnav a');
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(hrefs.length).toBeGreaterThan(2);
      for (const [i] of hrefs.entries()) expect(await links.nth(i).isVisible()).toBe(true);

      const report: string[] = [];
      const seen = new Set<string>();
      const visit = async (href: string) => {
        if (seen.has(href)) return;
        seen.add(href);
        await page.goto(`${portal}${href}`, { waitUntil: 'networkidle' });
        for (const problem of await problems(page, PHONE.width)) report.push(`${href}: ${problem}`);
      };
      for (const href of hrefs) {
        await visit(href);
        // The first item of each list opens on a phone too (an exam session, a class, a competition…).
        const first = await page
          .locator('table.list td.primary a[href^="/"]')
          .first()
          .getAttribute('href', { timeout: 500 })
          .catch(() => null);
        if (first && !first.includes('/pdf') && !first.includes('.csv')) await visit(first);
      }
      expect(report).toEqual([]);
    }, 180_000);
  }
});

describe('every role on a desktop', () => {
  it('shows every menu item at 1280 px without opening anything', async () => {
    for (const role of ROLES) {
      const page = await open();
      await login(page, role);
      const links = page.locator('nav.mainnav a');
      const count = await links.count();
      const hidden: string[] = [];
      for (let i = 0; i < count; i++) {
        const link = links.nth(i);
        const box = await link.boundingBox();
        if (!(await link.isVisible()) || !box || box.x < 0 || box.x + box.width > 1280) hidden.push((await link.textContent()) ?? '');
      }
      expect({ role, hidden }).toEqual({ role, hidden: [] });
      await page.context().close();
    }
  }, 120_000);
});

describe('signing in on a slow phone', () => {
  it('keeps what was typed before the page finished loading, signs in without waiting for scripts, and links to the public pages', async () => {
    const page = await open(PHONE);
    // Hold the portal's scripts back, as a slow network does: the form is usable, people type, then it hydrates.
    let release!: () => void;
    const scriptsArrive = new Promise<void>((resolve) => (release = resolve));
    // Only scripts: a held stylesheet would hold the whole document back, not just its hydration.
    await page.route('**/_app/immutable/**/*.js', async (route) => {
      await scriptsArrive;
      await route.continue();
    });
    await page.goto(`${portal}/login`, { waitUntil: 'domcontentloaded' });
    expect(await page.locator('main a[href="/verify"]').isVisible()).toBe(true);
    expect(await page.locator('main a[href="/workforce/public"]').isVisible()).toBe(true);
    await page.fill('#username', 'caregiver');
    await page.fill('#password', 'CareCert#2026');
    release();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    expect(await page.inputValue('#username')).toBe('caregiver');
    expect(await page.inputValue('#password')).toBe('CareCert#2026');
    await page.click('main button[type=submit]');
    await page.waitForURL((url) => url.pathname !== '/login');

    // Without any script at all the form still signs in (a plain POST).
    const bare = await open(PHONE);
    await bare.route('**/_app/immutable/**/*.js', (route) => route.abort());
    await bare.goto(`${portal}/login`, { waitUntil: 'domcontentloaded' });
    await bare.fill('#username', 'caregiver');
    await bare.fill('#password', 'CareCert#2026');
    await bare.click('main button[type=submit]');
    await bare.waitForURL((url) => url.pathname !== '/login');
    await page.context().close();
  });
});

describe('the roster of a large home on a phone', () => {
  it('folds into groups with a search, and sets everyone’s attendance at once', async () => {
    const page = await open(PHONE);
    await login(page, 'institution');
    // November: the subsidies test confirms October's roster, and a confirmed roster takes no more edits,
    // so this test must not depend on running before it.
    await page.goto(`${portal}/roster?month=2026-11`);
    const lines = page.locator('[data-testid=roster-line]');
    const count = await lines.count();
    expect(count).toBeGreaterThan(30);
    // Folded by surname, the month fits in a few screens instead of fifteen thousand pixels.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(6000);

    const someone = (await lines
      .nth(count - 1)
      .locator('td')
      .first()
      .textContent())!.trim();
    await page.fill('[data-testid=roster-search]', someone);
    const shown = page.locator('[data-testid=roster-line]:visible');
    await expect.poll(() => shown.count()).toBeGreaterThanOrEqual(1);
    expect(await shown.count()).toBeLessThan(count);
    for (const text of await shown.allTextContents()) expect(text).toContain(someone);

    await page.fill('input[name=allDays]', '20');
    await page.click('[data-testid=roster-fill]');
    await expect.poll(() => page.locator('[role=status]').first().textContent()).toContain(`已将 ${count} 人的出勤天数都设为 20 天`);
    const days = await page
      .locator('[data-testid=roster-line] input[type=number]')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(new Set(days)).toEqual(new Set(['20']));
  });
});
