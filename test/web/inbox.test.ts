import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/**
 * Three events about the demo caregiver, staged as a domain service stages them (the event row and its
 * fan-out job in one transaction); the production worker fans them out to the inbox.
 */
async function stageEventsForDemoCaregiver(): Promise<string> {
  return stageEvents([
    ['enrolment.promoted', 'Enrolment', {}],
    ['certificate.issued', 'Certificate', { number: 'S000036202605000123', level: 'L4', status: 'VALID' }],
    [
      'exam.resultsPublicised',
      'LevelApplication',
      { sessionId: randomUUID(), level: 'L4', result: 'PASSED', publicationEndsOn: '2026-12-14' },
    ],
  ]);
}

/** Another system's API token, as the tokens page creates it (the secret is never used here); answers its global id. */
async function makeApiToken(scopes: string[]): Promise<string> {
  const db = new pg.Client({ connectionString: inject('portalDatabaseUrl')! });
  await db.connect();
  try {
    const id = `webtest${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await db.query(
      `INSERT INTO "ApiToken" (id, name, "secretHash", scopes, "createdById", "expiresAt")
       SELECT $1, $2, '\\x00', $3, id, now() + interval '1 day' FROM "User" WHERE username = 'admin'`,
      [id, `省平台-${id.slice(-4)}`, scopes],
    );
    return Buffer.from(`ApiToken:${id}`).toString('base64');
  } finally {
    await db.end();
  }
}

async function stageEvents(events: [string, string, Record<string, unknown>][]): Promise<string> {
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
    for (const [code, subjectType, given] of events) {
      const params = code === 'enrolment.promoted' ? { courseId, courseTitle: title, startsOn: '2027-03-01', status: 'ENROLLED' } : given;
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
      .toBe('3');
    const home = page.locator('[data-testid=home-notifications]');
    expect(await home.textContent()).toContain(`您已从候补转为正式学员：${title}（2027-03-01 开课）`);
    expect(await home.textContent()).toContain('证书已颁发：S000036202605000123');
    // Codes inside the parameters (the level, the result) are worded too.
    expect(await home.textContent()).toContain('四级/中级工 考试成绩已公示：合格，公示至 2026-12-14');
    // The seat links to its course.
    expect(await home.locator(`a:has-text("${title}")`).getAttribute('href')).toMatch(/^\/courses\//);
    expect(await overflows(page)).toBe(false);

    await page.click('[data-testid=inbox-link]');
    await page.waitForURL(/\/inbox$/);
    const unread = page.locator('[data-testid=notification][data-read=false]');
    expect(await unread.count()).toBe(3);
    expect(await overflows(page)).toBe(false);
    await page.locator('[data-testid=notification][data-code=ENROLMENT_PROMOTED] [data-testid=mark-read]').click();
    await page.locator('[data-testid=unread-count]', { hasText: /^2$/ }).waitFor();
    expect(await page.locator('[data-testid=notification][data-code=ENROLMENT_PROMOTED]').first().getAttribute('data-read')).toBe('true');

    await page.click('[data-testid=mark-all-read]');
    await page.locator('[role=status]').waitFor();
    expect(await page.locator('[role=status]').textContent()).toContain('已将 2 条消息标为已读');
    expect(await page.locator('[data-testid=unread-count]').count()).toBe(0);
    expect(await page.locator('[data-testid=notification][data-read=false]').count()).toBe(0);

    // In English, from the same codes and parameters.
    await page.click('form[action="/lang"] button');
    await page.locator('html[lang=en]').waitFor();
    expect(await page.locator('[data-testid=inbox-list]').textContent()).toContain(
      `You have a seat from the waitlist: ${title} (starts 2027-03-01)`,
    );
    expect(await page.locator('[data-testid=inbox-list]').textContent()).toContain(
      'Level 4 (intermediate) exam results publicised: passed, publicity until 2026-12-14',
    );
  });
});

describe('webhooks in the portal', () => {
  it('an admin registers an endpoint, sees its signed delivery succeed and replays it from the phone', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = 200;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/carecert`;
    try {
      const page = await open(PHONE);
      await login(page, 'admin');
      const tokenId = await makeApiToken(['certificates:read']);
      await page.goto(`${portal}/webhooks`);
      // An address inside our network is refused, and the page says why beside the field.
      await page.fill('#url', 'http://169.254.169.254/latest/meta-data/');
      await page.selectOption('#apiTokenId', tokenId);
      await page.click('form[action="?/register"] button[type=submit]');
      expect(await page.locator('[data-testid=url-error]').textContent()).toContain('内部网络地址（169.254.169.254）');
      expect(await page.locator('[data-testid=webhook-secret]').count()).toBe(0);

      await page.fill('#url', url);
      await page.selectOption('#apiTokenId', tokenId);
      await page.check('input[name=eventCodes][value=CERTIFICATE_REVOKED]');
      await page.click('form[action="?/register"] button[type=submit]');
      const secret = (await page.locator('[data-testid=webhook-secret]').textContent())!;
      expect(secret).toMatch(/^whsec_/);
      expect(await overflows(page)).toBe(false);

      await stageEvents([['certificate.revoked', 'Certificate', { number: 'S000036202605000999', status: 'REVOKED' }]]);
      await expect.poll(() => received.length, { timeout: 30_000, interval: 250 }).toBe(1);
      const verify = (r: (typeof received)[number]) =>
        r.headers['webhook-signature'] ===
        `v1,${createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
          .update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`)
          .digest('base64')}`;
      expect(verify(received[0]!)).toBe(true);
      expect(JSON.parse(received[0]!.body)).toMatchObject({
        type: 'certificate.revoked',
        data: { changes: { number: 'S000036202605000999' } },
      });

      const endpoint = page.locator('[data-testid=webhook-endpoint]', { hasText: url });
      await expect
        .poll(
          async () => {
            await page.goto(`${portal}/webhooks`);
            return endpoint
              .locator('[data-testid=webhook-delivery]')
              .first()
              .getAttribute('data-status', { timeout: 1000 })
              .catch(() => null);
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe('SUCCEEDED');
      await endpoint.locator('[data-testid=webhook-replay]').first().click();
      await page.locator('[role=status]', { hasText: '已重新推送' }).waitFor();
      await expect.poll(() => received.length, { timeout: 30_000, interval: 250 }).toBe(2);
      expect(received[1]!.headers['webhook-id']).not.toBe(received[0]!.headers['webhook-id']);
      expect(verify(received[1]!)).toBe(true);
      expect(JSON.parse(received[1]!.body).data).toEqual(JSON.parse(received[0]!.body).data);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
