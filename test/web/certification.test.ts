import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../api/src/modules/caregivers/resident-id.ts';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

describe('certification', () => {
  it('a caregiver sees her certificates and applies for an exam she is eligible for; the assessor accepts it', async () => {
    const page = await open(PHONE);
    await login(page, 'caregiver');
    await page.goto(`${portal}/certificates`);
    expect(await page.locator('[data-testid=certificate]').count()).toBeGreaterThanOrEqual(2);
    const credential = await page.request.get(`${portal}${await page.locator('[data-testid=credential-link]').first().getAttribute('href')}`);
    expect(credential.headers()['content-type']).toBe('application/vc+jwt');
    expect((await credential.text()).split('.')).toHaveLength(3);
    const sessions = page.locator('[data-testid=exam-session]');
    expect(await sessions.count()).toBeGreaterThanOrEqual(1);
    // Every session says, rule by rule, whether she may sit it.
    expect(await sessions.first().locator('.rules li').count()).toBeGreaterThanOrEqual(1);
    const eligible = sessions.filter({ has: page.locator('form[action="?/apply"]') }).first();
    await eligible.locator('button').click();
    expect(await page.locator('[role=status]').textContent()).toContain('已提交报名');
    expect(await page.locator('[data-testid=application]').first().textContent()).toContain('待审核');

    const assessor = await open();
    await login(assessor, 'assessor');
    await assessor.click('nav.mainnav >> text=考试管理');
    await assessor.locator('table.responsive tbody tr a').first().click();
    await assessor.waitForURL(/\/exams\/[^/]+$/);
    const mine = assessor.locator('[data-testid=exam-application]', { hasText: '李秀英' });
    if ((await mine.count()) === 0) {
      await assessor.goBack();
      await assessor.locator('table.responsive tbody tr a').nth(1).click();
    }
    const application = assessor.locator('[data-testid=exam-application]', { hasText: '李秀英' }).first();
    await application.locator('button[value=yes]').click();
    expect(await assessor.locator('[data-testid=exam-application]', { hasText: '李秀英' }).first().textContent()).toContain('已安排考试');
  });

  it('anyone can verify a certificate by number and full name, and sees the name masked', async () => {
    const page = await open();
    await login(page, 'caregiver');
    await page.goto(`${portal}/certificates`);
    const number = (await page.locator('[data-testid=certificate] dd.mono').first().textContent())!.trim();

    const visitor = await open(PHONE);
    await visitor.goto(`${portal}/verify`);
    expect(new URL(visitor.url()).pathname).toBe('/verify');
    await visitor.fill('#number', number);
    await visitor.fill('#holderName', '李秀英');
    await visitor.click('main button[type=submit]');
    expect(await visitor.locator('[data-testid=verify-status]').textContent()).toBe('有效');
    expect(await visitor.locator('[data-testid=verify-result]').textContent()).toContain('李*英');
    expect(await visitor.locator('[data-testid=verify-result]').textContent()).not.toContain('李秀英');

    await visitor.fill('#holderName', '王秀英');
    await visitor.click('main button[type=submit]');
    expect(await visitor.locator('[data-testid=verify-none]').count()).toBe(1);
    await visitor.fill('#number', number.slice(0, 16));
    await visitor.click('main button[type=submit]');
    expect(await visitor.locator('#number-error').textContent()).toContain('certificate number');
  });

  it('an institution checks a candidate only with consent', async () => {
    const page = await open();
    await login(page, 'institution');
    await page.click('nav.mainnav >> text=入职核验');
    const body = '36110219900101123';
    await page.fill('#residentId', body + residentIdCheckChar(body));
    await page.fill('#name', '无此人');
    await page.click('main button[type=submit]');
    expect(await page.locator('#consent-error').textContent()).toContain('agreed');
    await page.check('#consent');
    await page.click('main button[type=submit]');
    expect(await page.locator('[data-testid=lookup-result]').textContent()).toContain('未找到');
  });

  it('the HR bureau sees the registered assessment bodies', async () => {
    const page = await open();
    await login(page, 'hr.approver');
    await page.click('nav.mainnav >> text=评价机构备案');
    const centre = page.locator('[data-testid=registration]', { hasText: '上饶市养老服务职业技能等级认定中心' });
    expect(await centre.textContent()).toContain('已批准');
  });
});
