import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { residentIdCheckChar } from '../../api/src/modules/caregivers/resident-id.ts';
import { usccCheckChar } from '../../api/src/modules/organisations/uscc.ts';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login, navigate } = useBrowser();

const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const residentId = (birth: string) => {
  const body = `361102${birth}${String(100 + Math.floor(Math.random() * 900))}`;
  return body + residentIdCheckChar(body);
};
const LOGINS = ['admin', 'hr.reviewer', 'hr.approver', 'finance', 'civil', 'college', 'provider', 'assessor', 'institution', 'caregiver'];

describe('operator console: menus', () => {
  it('every role’s menu links only to pages that role may open, each fitting a phone', async () => {
    for (const username of LOGINS) {
      const page = await open(PHONE);
      await login(page, username);
      const links = await page.locator('nav.mainnav a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
      for (const href of new Set(links)) {
        const res = await page.goto(`${portal}${href}`);
        expect(res!.status(), `${username} ${href}`).toBe(200);
        expect(await overflows(page), `${username} ${href}`).toBe(false);
      }
      if (username === 'admin') expect(links).toEqual(expect.arrayContaining(['/audit', '/jobs']));
      if (username === 'hr.reviewer') expect(links).toContain('/audit');
      if (['institution', 'caregiver', 'college'].includes(username)) expect(links).not.toContain('/audit');
      await page.context().close();
    }
  }, 300_000);
});

describe('operator console: records', () => {
  let caregiverPath = '';
  // Names take letters only: two random characters keep this run's person apart from earlier runs'.
  const pick = () => '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉'[Math.floor(Math.random() * 20)];
  const name = `档案测试${pick()}${pick()}${pick()}`;

  it('the employer edits the record, records first aid and corrects the ID number with a reason', async () => {
    const page = await open(PHONE);
    await login(page, 'institution');
    await page.goto(`${portal}/caregivers/new`);
    await page.fill('#name', name);
    await page.fill('#residentId', residentId('19850505'));
    await page.fill('#phone', '13800138001');
    // Employed from today: the demo home's past rosters, which other browser tests fill in, stay as seeded.
    await page.fill('#startDate', new Date().toISOString().slice(0, 10));
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/caregivers\/(?!new)[^/]+$/);
    caregiverPath = new URL(page.url()).pathname;

    await page.click('[data-testid=edit-record] summary');
    await page.fill('#ed-phone', '123');
    await page.click('form[action="?/edit"] button');
    expect(await page.locator('#ed-phone-error').textContent()).toBe('格式不正确，请核对');
    await page.fill('#ed-phone', '13900139002');
    await page.selectOption('#ed-education', 'SENIOR');
    await page.click('form[action="?/edit"] button');
    expect(await page.locator('[role=status]').textContent()).toContain('档案已更新');
    expect(await page.locator('dl.facts').first().textContent()).toContain('高中');

    await page.click('text=登记救护员证');
    const number = `JX-HSH-T${Date.now() % 1_000_000}`;
    await page.fill('#fa-number', number);
    await page.fill('#fa-issuer', '上饶市红十字会');
    await page.fill('#fa-issuedOn', '2025-06-01');
    await page.fill('#fa-expiresOn', '2028-05-31');
    await page.click('form[action="?/firstAid"] button');
    expect(await page.locator('[role=status]').textContent()).toContain('救护员证已登记');
    expect(await page.locator('[data-testid=first-aid]').textContent()).toContain(number);

    const right = residentId('19860606');
    await page.click('[data-testid=correct-id] summary');
    await page.fill('#cid-residentId', right.slice(0, 17) + (right.endsWith('1') ? '2' : '1'));
    await page.fill('#cid-reason', '登记时录错出生日期');
    await page.click('form[action="?/correctId"] button');
    expect(await page.locator('#cid-residentId-error').textContent()).toContain('校验码');
    await page.fill('#cid-residentId', right);
    await page.click('form[action="?/correctId"] button');
    expect(await page.locator('[role=status]').textContent()).toContain('身份证号已更正');
    expect(await page.locator('[data-testid=resident-id]').textContent()).toBe(`${right.slice(0, 4)}**********${right.slice(14)}`);
    expect(await page.locator('dl.facts').first().textContent()).toContain('1986-06-06');
    expect(await overflows(page)).toBe(false);
  });

  it('civil affairs lists the person with reason, period and evidence, then lifts the entry', async () => {
    const page = await open(PHONE);
    await login(page, 'civil');
    await page.goto(`${portal}${caregiverPath}`);
    await page.click('[data-testid=to-blacklist]');
    await page.waitForURL(/\/blacklist\?caregiver=/);
    await page.fill('#bl-reason', '伪造考勤骗取补贴');
    await page.fill('#bl-evidence', '信州区民政局稽查笔录 2026-031');
    await page.fill('#bl-startsOn', '2026-03-01');
    await page.fill('#bl-endsOn', '2026-02-01');
    await page.click('form[action^="?/add"] button');
    expect(await page.locator('#bl-endsOn-error').textContent()).toBe('结束日期不能早于开始日期');
    expect(await overflows(page)).toBe(false);
    await page.fill('#bl-endsOn', '2029-02-28');
    await page.click('form[action^="?/add"] button');
    expect(await page.locator('[role=status]').textContent()).toContain('已列入失信黑名单');
    const row = page.locator('[data-testid=blacklist-entries] tr', { hasText: name });
    expect(await row.textContent()).toContain('信州区民政局稽查笔录 2026-031');

    await row.locator('[data-testid=lift] summary').click();
    await row.locator('input[name=reason]').fill('经复核，考勤记录属实');
    await row.locator('form[action="?/lift"] button').click();
    expect(await page.locator('[role=status]').textContent()).toContain('已解除');
    expect(await page.locator('[data-testid=blacklist-entries] tr', { hasText: name }).textContent()).toContain('经复核，考勤记录属实');
  });

  it('civil affairs registers a care home and lists the home itself, from its page in the registry', async () => {
    const page = await open(PHONE);
    await login(page, 'civil');
    const home = `颐养测试院${pick()}${pick()}${pick()}${Date.now() % 1000}`;
    const first17 = `52361102${String(Date.now()).slice(-9)}`;
    await page.goto(`${portal}/organisations`);
    await page.fill('#name', home);
    await page.fill('#uscc', first17 + usccCheckChar(first17));
    await page.selectOption('#regionCode', '361102');
    await page.fill('#beds', '60');
    await page.click('form[action="?/register"] button[type=submit]');
    await page.locator('.notice').waitFor();
    await page.fill('#q', home);
    await page.press('#q', 'Enter');
    await page.locator('[data-testid=organisation-row] a', { hasText: home }).first().click();
    await page.waitForURL(/\/organisations\/[^/?]+$/);

    await page.click('[data-testid=to-blacklist]');
    await page.waitForURL(/\/blacklist\?organisation=/);
    expect(await page.locator('[data-testid=blacklist-add]').textContent()).toContain(home);
    await page.fill('#bl-reason', '殴打入住老人经查属实');
    await page.fill('#bl-evidence', '信州区民政局行政处罚决定书 2026-007');
    await page.fill('#bl-startsOn', '2026-03-01');
    await page.click('form[action^="?/add"] button');
    expect(await page.locator('[role=status]').textContent()).toContain('已列入失信黑名单');
    expect(await page.locator('[data-testid=blacklist-entries] tr', { hasText: home }).textContent()).toContain('行政处罚决定书 2026-007');
    expect(await overflows(page)).toBe(false);
  });

  it('the HR approver revokes a certificate with a reason', async () => {
    const page = await open(PHONE);
    await login(page, 'hr.approver');
    await page.goto(`${portal}/caregivers`);
    const people = await page
      .locator('main a[href^="/caregivers/"]')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname).filter((p) => p !== '/caregivers/new'));
    // From the end of the register, away from the people other browser tests follow.
    let revoked = false;
    for (const path of people.reverse()) {
      await page.goto(`${portal}${path}`);
      const revoke = page.locator('[data-testid=revoke]').first();
      if (!(await revoke.count())) continue;
      await revoke.locator('summary').click();
      await revoke.locator('button[type=submit]').click();
      // The browser holds the form until a reason is given.
      expect(await revoke.locator('input[name=reason]').evaluate((i) => (i as HTMLInputElement).validity.valid)).toBe(false);
      await revoke.locator('input[name=reason]').fill('以虚假材料取得证书');
      await revoke.locator('button[type=submit]').click();
      expect(await page.locator('[role=status]').textContent()).toContain('证书已撤销');
      expect(await page.locator('[data-testid=certificates]').textContent()).toContain('已撤销：以虚假材料取得证书');
      expect(await overflows(page)).toBe(false);
      revoked = true;
      break;
    }
    expect(revoked).toBe(true);
  });

  it('the audit log shows the correction with its reason, to the admin and to the bureau of the region, and the chain verifies', async () => {
    const admin = await open(PHONE);
    await login(admin, 'admin');
    await navigate(admin, { href: '/audit' });
    await admin.waitForURL(/\/audit$/);
    await admin.fill('input[name=action]', 'caregiver.correctResidentId');
    await admin.fill('input[name=actor]', 'institution');
    await admin.click('[data-testid=audit-search] button[type=submit]');
    await admin.waitForURL(/action=caregiver.correctResidentId/);
    const row = admin.locator('[data-testid=audit-row]').first();
    await row.locator('[data-testid=audit-change] summary').click();
    expect(await row.textContent()).toContain('登记时录错出生日期');
    expect(await overflows(admin)).toBe(false);
    await admin.click('form[action="?/verify"] button');
    expect(await admin.locator('[data-testid=chain-result]').textContent()).toContain('哈希链完整');

    // The bureau of the region sees what the institution did, and none of the admin's own actions.
    const bureau = await open(PHONE);
    await login(bureau, 'hr.reviewer');
    await bureau.goto(`${portal}/audit?action=caregiver.correctResidentId&actor=institution`);
    expect(await bureau.locator('[data-testid=audit-row]').count()).toBeGreaterThan(0);
    await bureau.goto(`${portal}/audit?actor=admin`);
    expect(await bureau.locator('[data-testid=audit-row]').count()).toBe(0);
    const blocked = await open(PHONE);
    await login(blocked, 'institution');
    expect((await blocked.goto(`${portal}/audit`))!.status()).toBe(403);
  });
});

describe('operator console: background jobs', () => {
  it('lists a failed job with its worded error and retries it to completion', async () => {
    const url = inject('portalDatabaseUrl');
    if (!url) throw new Error('set CARECERT_PORTAL_DATABASE_URL to the database behind CARECERT_PORTAL_URL');
    // No portal flow fails a job on purpose: stage one as the runner leaves a refused job, with its code.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const id = randomUUID();
    try {
      await db.query(
        `INSERT INTO "BackgroundJob" (id, name, key, payload, status, error, "errorCode", "errorParams", attempts, "enqueuedAt", "finishedAt") VALUES ($1, 'sessions.purgeExpired', $2, '{}', 'FAILED', 'unknown region code 999999', 'REGION_UNKNOWN', '{"code":"999999"}', 5, now(), now())`,
        [id, `test:operator-records:${id}`],
      );
    } finally {
      await db.end();
    }

    const page = await open(PHONE);
    await login(page, 'admin');
    await navigate(page, { href: '/jobs' });
    await page.waitForURL(/\/jobs$/);
    await page.selectOption('#status', 'FAILED');
    await page.click('form.filter button');
    await page.waitForURL(/status=FAILED/);
    const row = page.locator(`[data-testid=job-row][data-id="${encodeGlobalID('BackgroundJob', id)}"]`);
    expect(await row.getAttribute('data-status')).toBe('FAILED');
    expect(await row.locator('[data-testid=job-error]').textContent()).toBe('地区代码 999999 不存在');
    expect(await overflows(page)).toBe(false);
    await row.locator('form[action="?/retry"] button').click();
    expect(await page.locator('[role=status]').textContent()).toContain('任务已重新排队');
    await expect
      .poll(
        async () => {
          await page.goto(`${portal}/jobs`);
          return row.getAttribute('data-status');
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('COMPLETED');
  });

  it('shows the audit log and the jobs in English', async () => {
    const page = await open();
    await login(page, 'admin');
    await page.click('form[action="/lang"] button');
    await page.goto(`${portal}/jobs`);
    expect(await page.locator('h1').textContent()).toBe('Background jobs');
    await page.goto(`${portal}/audit`);
    expect(await page.locator('h1').textContent()).toBe('Audit log');
    expect(await page.locator('form[action="?/verify"] button').textContent()).toBe('Verify the hash chain');
  });
});
