import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../api/src/modules/organisations/uscc.ts';
import { useBrowser } from '../support/browser.ts';
import { freePort, productionKeys, root, start, stop, waitUntilUp } from '../support/production-system.ts';
import { createDatabase, dropDatabase, REDIS_URL, redisReachable } from '../support/services.ts';

/**
 * Issue 19's first day, in the browser: a second production system on a fresh database with the reference
 * data and the first admin only (no demo). Through the portal alone the admin adds the city and county,
 * the city's bureau users, an assessment body, the home's staff user and an API token; the city's civil
 * affairs register the care home (the admin's region choice stops at cities);
 * finance adds a fund, the approver publishes an onboarding-award policy paid from it, civil affairs set a
 * target. Then the new users do the work: the home registers an employee, confirms last month's roster
 * (which records her social insurance), records the account she is paid into and claims her award; the
 * reviewer passes it, the approver approves it, and finance pays it through a bank batch and the bank's
 * return file.
 */
const ADMIN_PASSWORD = 'Qz8#first-admin-2026';
const NEW_PASSWORD = 'Fresh-start-2026';

let db: { name: string; url: string };
let origin = '';
const children: ChildProcess[] = [];
const { open, submitLogin } = useBrowser({ portal: () => origin });

beforeAll(async () => {
  // The global setup has built the production portal and API; this starts a second copy on an empty database.
  db = await createDatabase('carecert_empty');
  const [apiPort, webPort] = [await freePort(), await freePort()];
  origin = `http://127.0.0.1:${webPort}`;
  const redis = (await redisReachable()) ? REDIS_URL : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...productionKeys(),
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    API_PORT: String(apiPort),
    API_HOST: '127.0.0.1',
    WEB_PORT: String(webPort),
    HOST: '127.0.0.1',
    ORIGIN: origin,
    WEB_ORIGIN: origin,
    PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
    API_URL: `http://127.0.0.1:${apiPort}/graphql`,
    EVIDENCE_DIR: `${root}test/.artifacts/evidence-${db.name}`,
    BULLMQ_PREFIX: db.name,
  };
  delete env.SEED_DEMO;
  if (redis) env.REDIS_URL = redis;
  else delete env.REDIS_URL;
  const app = start('pnpm', ['-s', 'start'], env);
  children.push(app);
  await waitUntilUp(`http://127.0.0.1:${apiPort}/health`, 'API', app, 180);
  if (redis) children.push(start('pnpm', ['-s', 'worker'], env));
  await waitUntilUp(`${origin}/login`, 'portal', app);
}, 240_000);

afterAll(async () => {
  await Promise.all(children.map((child) => stop(child)));
  if (db) await dropDatabase(db.name);
});

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function residentId(region: string, birth: string, serial: string): string {
  const first17 = `${region}${birth}${serial}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

function uscc(prefix: string): string {
  const first17 = `${prefix}${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}

/** Today and last month as the portal counts them (China time). */
const chinaNow = new Date(Date.now() + 8 * 3_600_000);
const today = chinaNow.toISOString().slice(0, 10);
const lastMonth = new Date(Date.UTC(chinaNow.getUTCFullYear(), chinaNow.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
const twoMonthsBack = new Date(Date.UTC(chinaNow.getUTCFullYear(), chinaNow.getUTCMonth() - 2, 1)).toISOString().slice(0, 10);

/** Signs in; a first sign-in with a temporary password is sent to /password, where it is changed. */
async function signIn(page: Page, username: string, password: string): Promise<string> {
  await submitLogin(page, username, password);
  await page.waitForURL((url) => url.pathname !== '/login');
  if (new URL(page.url()).pathname !== '/password') return password;
  await page.locator('[data-testid=must-change]').waitFor();
  await page.fill('#currentPassword', password);
  await page.fill('#newPassword', NEW_PASSWORD);
  await page.click('main form button[type=submit]');
  await page.locator('.notice').waitFor();
  return NEW_PASSWORD;
}

/** Creates a user on /users/new with one membership; returns the temporary password shown once. */
async function createUser(admin: Page, username: string, role: string, scope: { region?: string; organisation?: string }): Promise<string> {
  await admin.goto(`${origin}/users/new`);
  await admin.fill('#username', username);
  await admin.fill('#displayName', `测试 ${username}`);
  await admin.selectOption('#role0', role);
  if (scope.region) await admin.selectOption('#region0', scope.region);
  if (scope.organisation) await admin.selectOption('#organisation0', { label: scope.organisation });
  await admin.click('main button[type=submit]');
  return (await admin.locator('[data-testid=temporary-password]').textContent())!.trim();
}

describe('an empty deployment set up through the portal', () => {
  it('the first admin sets up a city, and its new users take an employee from registration to a paid award', async () => {
    expect(await query('SELECT 1 FROM "Caregiver"')).toHaveLength(0);
    const admin = await open();
    await signIn(admin, 'admin', ADMIN_PASSWORD);

    // The city and its county under the reference province.
    await admin.goto(`${origin}/regions?code=360000`);
    await admin.fill('#code', '361100');
    await admin.fill('#name', '上饶市');
    await admin.fill('#nameEn', 'Shangrao');
    await admin.click('form[action$="/add"] button[type=submit]');
    await admin.locator('.notice').waitFor();
    await admin.goto(`${origin}/regions?code=361100`);
    await admin.fill('#code', '361102');
    await admin.fill('#name', '信州区');
    await admin.click('form[action$="/add"] button[type=submit]');
    await admin.locator('.notice').waitFor();
    expect(await admin.locator('[data-testid=region-children]').textContent()).toContain('信州区');

    // The city's bureau users, each with a password shown once, and the assessment body, a city one.
    const temporary: Record<string, string> = {
      reviewer: await createUser(admin, 'sr.reviewer', 'HR_REVIEWER', { region: '361100' }),
      approver: await createUser(admin, 'sr.approver', 'HR_APPROVER', { region: '361100' }),
      finance: await createUser(admin, 'sr.finance', 'FINANCE_OFFICER', { region: '361100' }),
      civil: await createUser(admin, 'sr.civil', 'CIVIL_AFFAIRS_ANALYST', { region: '361100' }),
    };
    await admin.goto(`${origin}/organisations`);
    await admin.selectOption('#kind', 'ASSESSOR');
    await admin.fill('#name', '上饶市养老护理职业技能评价中心');
    await admin.fill('#uscc', uscc('12361100MB'));
    await admin.selectOption('#regionCode', '361100');
    await admin.click('form[action="?/register"] button[type=submit]');
    await admin.locator('.notice').waitFor();

    // Civil affairs register the care home in the county (the admin's form offers provinces and cities)
    // and set the city's own target for an indicator.
    const civil = await open();
    await signIn(civil, 'sr.civil', temporary.civil!);
    const home = `信州区颐养院${Date.now() % 1000}`;
    await civil.goto(`${origin}/organisations`);
    await civil.fill('#name', home);
    await civil.fill('#uscc', uscc('52361102MJ'));
    await civil.selectOption('#regionCode', '361102');
    await civil.fill('#beds', '120');
    await civil.click('form[action="?/register"] button[type=submit]');
    await civil.locator('.notice').waitFor();
    expect(await query(`SELECT kind FROM "Organisation" ORDER BY kind`)).toEqual([{ kind: 'ASSESSOR' }, { kind: 'INSTITUTION' }]);
    await civil.goto(`${origin}/targets`);
    await civil.selectOption('#indicator', 'FIRST_AID_SHARE');
    await civil.fill('#value', '0.4');
    await civil.fill('#source', '上饶市养老服务体系建设规划');
    await civil.click('[data-testid=target-form] button[type=submit]');
    expect(await civil.locator('.notice').textContent()).toContain('目标已保存');

    // The home's staff user.
    temporary.staff = await createUser(admin, 'yy.staff', 'INSTITUTION_STAFF', { organisation: home });

    // An API token for the province's platform, shown once.
    await admin.goto(`${origin}/tokens`);
    await admin.fill('#name', '省平台');
    await admin.check('input[value="workforce:read"]');
    await admin.selectOption('#regionCode', '361100');
    await admin.click('form[action="?/create"] button[type=submit]');
    expect(await admin.locator('[data-testid=token-secret]').textContent()).toMatch(/^cct_[a-z2-7]+\.[a-z2-7]+$/);

    // Finance: a fund source and its budget.
    const finance = await open();
    const financePassword = await signIn(finance, 'sr.finance', temporary.finance!);
    await finance.goto(`${origin}/funds`);
    await finance.fill('[data-testid=source-form] #code', 'SR-ONBOARD');
    await finance.fill('[data-testid=source-form] #name', '上饶市养老人才专项资金');
    await finance.selectOption('[data-testid=source-form] #kind', 'SPECIAL_FUND');
    await finance.click('[data-testid=source-form] button[type=submit]');
    expect(await finance.locator('.notice').textContent()).toContain('资金来源已新建');
    await finance.selectOption('#fundCode', 'SR-ONBOARD');
    await finance.fill('#amountYuan', '500000');
    await finance.fill('#reason', '上饶市财政局预算批复');
    await finance.click('[data-testid=envelope-form] button[type=submit]');
    expect(await finance.locator('.notice').textContent()).toContain('预算已保存');

    // The approver publishes the city's onboarding award, paid from that fund.
    const approver = await open();
    await signIn(approver, 'sr.approver', temporary.approver!);
    await approver.goto(`${origin}/policies?kind=ONBOARDING_AWARD#edit`);
    await approver.fill('#code', 'SR-ONBOARD');
    await approver.fill('#nameZh', '上饶市养老护理员入职奖补');
    await approver.fill('#nameEn', 'Shangrao onboarding award');
    await approver.fill('#effectiveFrom', twoMonthsBack);
    await approver.fill('#edu_COLLEGE', '6000');
    await approver.fill('#graduatedWithinYears', '3');
    // The portal records no contract end date for an employment: this policy asks for none.
    await approver.fill('#minContractYears', '0');
    for (const box of await approver.locator('[data-testid=choice-requiredEvidence] input').all()) await box.uncheck();
    await approver.check('[data-testid=choice-requiredEvidence] input[value=CONTRACT]');
    await approver.check('input[name=fundCodes][value=SR-ONBOARD]');
    await approver.click('button:text("发布新版本")');
    expect(await approver.locator('[data-testid=published]').textContent()).toContain('SR-ONBOARD');

    // The home registers a college graduate who started two months ago.
    const staff = await open();
    await signIn(staff, 'yy.staff', temporary.staff!);
    await staff.goto(`${origin}/caregivers/new`);
    await staff.fill('#name', '周晓梅');
    await staff.fill('#residentId', residentId('361102', '20030515', '028'));
    await staff.selectOption('#education', 'COLLEGE');
    await staff.selectOption('#regionCode', '361102');
    await staff.selectOption('#post', 'CARE_WORKER');
    await staff.selectOption('#contractType', 'LABOUR');
    await staff.fill('#startDate', twoMonthsBack);
    await staff.click('main form button[type=submit]');
    await staff.waitForURL((url) => /^\/caregivers\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'), { timeout: 10_000 });
    expect(await query(`SELECT name FROM "Caregiver"`)).toEqual([{ name: '周晓梅' }]);
    // The account her subsidies are paid into, on her record.
    await staff.click('[data-testid=edit-record] summary');
    await staff.fill('#ed-bankAccount', '6217 0020 1234 5678 901');
    await staff.fill('#ed-bankName', '中国建设银行上饶分行');
    await staff.click('form[action="?/edit"] button[type=submit]');
    await staff.locator('.notice').waitFor();
    expect(await staff.getAttribute('#ed-bankAccount', 'placeholder')).toBe('6217 **** **** 8901');

    // Last month's roster: her days and social insurance, confirmed.
    await staff.goto(`${origin}/roster?month=${lastMonth}`);
    expect(await staff.locator('[data-testid=roster-line]').count()).toBe(1);
    for (const days of await staff.locator('[data-testid=roster-line] input[type=number]').all()) await days.fill('22');
    for (const insured of await staff.locator('[data-testid=roster-line] select').all()) await insured.selectOption('yes');
    await staff.click('button[formaction$="/review"]');
    await staff.locator('[data-testid=roster-summary]').waitFor();
    await staff.click('[data-testid=roster-summary] button[formaction$="/confirm"]');
    await expect.poll(async () => (await query(`SELECT 1 FROM "MonthlyRoster"`)).length, { timeout: 30_000 }).toBe(1);
    expect(await query(`SELECT "socialInsurancePaid" FROM "EmploymentMonth"`)).toEqual([{ socialInsurancePaid: true }]);

    // Her onboarding award: claimed, with the contract as evidence, and submitted.
    await staff.goto(`${origin}/subsidies/new`);
    await staff.selectOption('select[name=employmentId]', { index: 1 });
    await staff.fill('input[name=graduatedOn]', `${Number(today.slice(0, 4)) - 1}-06-30`);
    await staff.click('form:has(input[name=graduatedOn]) button[type=submit]');
    await staff.waitForURL(/\/subsidies\/[^/?]+$/);
    const claimUrl = staff.url().replace(/\?.*$/, '');
    await staff.selectOption('form[action="?/upload"] select[name=kind]', 'CONTRACT');
    await staff.setInputFiles('form[action="?/upload"] input[type=file]', {
      name: 'contract.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await staff.click('form[action="?/upload"] button');
    await staff.locator('form[action="?/submit"] button').click();
    expect(await staff.locator('[data-testid=claim-status]').textContent()).toBe('待审核');
    expect(await staff.locator('[data-testid=claim-amount]').textContent()).toContain('6,000');

    // The reviewer passes it and the approver, another person, approves it.
    const reviewer = await open();
    await signIn(reviewer, 'sr.reviewer', temporary.reviewer!);
    await reviewer.goto(claimUrl);
    await reviewer.click('form[action="?/pass"] button');
    expect(await reviewer.locator('[data-testid=claim-status]').textContent()).toBe('待审批');
    await approver.goto(claimUrl);
    await approver.click('form[action="?/approve"] button');
    expect(await approver.locator('[data-testid=claim-status]').textContent()).toBe('已批准');

    // Finance builds the bank batch and imports the bank's return file: paid and reconciled.
    await finance.goto(`${origin}/payments`);
    await finance.click('[data-testid=build-step] summary');
    await finance.fill('form[action="?/build"] input[name=password]', financePassword);
    await finance.click('form[action="?/build"] button');
    await finance.waitForURL(/\/payments\/[^/]+$/);
    const reference = (await finance.locator('h1').textContent())!.match(/PB-\d{4}-\d+/)![0];
    const lines = finance.locator('[data-testid=payment-line]');
    expect(await lines.count()).toBe(1);
    const cells = await lines.first().locator('td').allTextContents();
    const row = `${reference}-${cells[0]!.trim()},成功,${cells[4]!.trim().replace(/,/g, '')},`;
    await finance.setInputFiles('form[action="?/import"] input[type=file]', {
      name: 'return.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['业务参考号,状态,金额(元),失败原因', row].join('\n')),
    });
    await finance.fill('form[action="?/import"] input[name=password]', financePassword);
    await finance.click('form[action="?/import"] button');
    expect(await finance.locator('[data-testid=return-result]').textContent()).toContain('成功 1 笔');
    expect(await finance.locator('[data-testid=batch-status]').textContent()).toBe('已对账');
    expect(await query(`SELECT status, "amountFen" FROM "SubsidyClaim"`)).toEqual([{ status: 'PAID', amountFen: 600000 }]);
  }, 150_000);
});
