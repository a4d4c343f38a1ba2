import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/**
 * Two events about the demo caregiver, staged as a domain service stages them (the event row and its
 * fan-out job in one transaction); the production worker fans them out to the inbox.
 */
async function stageEventsForDemoCaregiver(): Promise<string> {
  const url = inject('portalDatabaseUrl');
  if (!url) throw new Error('set CARECERT_PORTAL_DATABASE_URL to the database behind CARECERT_PORTAL_URL');
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const title = `急救复训${randomUUID().slice(0, 4)}`;
  try {
    const { rows } = await db.query(
      `SELECT u."caregiverId", c.id AS "courseId" FROM "User" u, "Course" c WHERE u.username = 'caregiver' ORDER BY c."createdAt" LIMIT 1`,
    );
    const { caregiverId, courseId } = rows[0] as { caregiverId: string; courseId: string };
    await db.query('BEGIN');
    for (const [code, subjectType, params] of [
      ['enrolment.promoted', 'Enrolment', { courseId, courseTitle: title, startsOn: '2027-03-01', status: 'ENROLLED' }],
      ['certificate.issued', 'Certificate', { number: 'S000036202605000123', level: 'L4', status: 'VALID' }],
    ] as const) {
      const eventId = randomUUID();
      await db.query(
        `INSERT INTO "NotificationEvent" (id, code, "subjectType", "subjectId", "caregiverId", audience, params) VALUES ($1, $2, $3, $4, $5, '{CAREGIVER}', $6)`,
        [eventId, code, subjectType, randomUUID(), caregiverId, JSON.stringify(params)],
      );
      await db.query(`INSERT INTO "BackgroundJob" (id, name, key, payload) VALUES ($1, 'notifications.fanOut', $2, $3)`, [
        randomUUID(),
        `notifications.fanOut:${eventId}`,
        JSON.stringify({ eventId }),
      ]);
    }
    await db.query('COMMIT');
  } finally {
    await db.end();
  }
  return title;
}

describe('inbox', () => {
  it('a caregiver on a phone sees the unread count, reads the notices in Chinese on the home page and the inbox, and marks them read', async () => {
    const page = await open(PHONE);
    await login(page, 'caregiver');
    // Whatever the demo data left unread, start from none.
    await page.goto(`${portal}/inbox`);
    if (await page.locator('[data-testid=mark-all-read]').isVisible()) await page.click('[data-testid=mark-all-read]');
    await page.goto(`${portal}/`);
    expect(await page.locator('[data-testid=unread-count]').count()).toBe(0);

    const title = await stageEventsForDemoCaregiver();
    // The worker's outbox drain runs the fan-out within seconds; each look is a fresh page load.
    await expect
      .poll(
        async () => {
          await page.goto(`${portal}/`);
          return page
            .locator('[data-testid=unread-count]')
            .textContent({ timeout: 1000 })
            .catch(() => null);
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('2');
    const home = page.locator('[data-testid=home-notifications]');
    expect(await home.textContent()).toContain(`您已从候补转为正式学员：${title}（2027-03-01 开课）`);
    expect(await home.textContent()).toContain('证书已颁发：S000036202605000123');
    // The seat links to its course.
    expect(await home.locator(`a:has-text("${title}")`).getAttribute('href')).toMatch(/^\/courses\//);
    expect(await overflows(page)).toBe(false);

    await page.click('[data-testid=inbox-link]');
    await page.waitForURL(/\/inbox$/);
    const unread = page.locator('[data-testid=notification][data-read=false]');
    expect(await unread.count()).toBe(2);
    expect(await overflows(page)).toBe(false);
    await page.locator('[data-testid=notification][data-code=ENROLMENT_PROMOTED] [data-testid=mark-read]').click();
    await page.locator('[data-testid=unread-count]', { hasText: /^1$/ }).waitFor();
    expect(await page.locator('[data-testid=notification][data-code=ENROLMENT_PROMOTED]').first().getAttribute('data-read')).toBe('true');

    await page.click('[data-testid=mark-all-read]');
    await page.locator('[role=status]').waitFor();
    expect(await page.locator('[role=status]').textContent()).toContain('已将 1 条消息标为已读');
    expect(await page.locator('[data-testid=unread-count]').count()).toBe(0);
    expect(await page.locator('[data-testid=notification][data-read=false]').count()).toBe(0);

    // In English, from the same codes and parameters.
    await page.click('form[action="/lang"] button');
    await page.locator('html[lang=en]').waitFor();
    expect(await page.locator('[data-testid=inbox-list]').textContent()).toContain(
      `You have a seat from the waitlist: ${title} (starts 2027-03-01)`,
    );
  });
});
