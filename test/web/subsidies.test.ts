import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PHONE, useBrowser } from '../support/browser.ts';

const { portal, open, login } = useBrowser();

describe('subsidies', () => {
  it('goes from roster confirmation through review and approval to a paid, reconciled batch', async () => {
    // The welfare home confirms October: the batch job runs with a progress bar and creates the claims.
    const home = await open();
    await login(home, 'institution');
    await home.goto(`${portal}/roster?month=2026-10`);
    expect(await home.locator('[data-testid=roster-line]').count()).toBeGreaterThanOrEqual(10);
    // Lines without last month's recorded facts start blank: the home enters them.
    for (const days of await home.locator('[data-testid=roster-line] input[type=number]').all())
      if (!(await days.inputValue())) await days.fill('22');
    for (const insured of await home.locator('[data-testid=roster-line] select').all())
      if (!(await insured.inputValue())) await insured.selectOption('yes');
    // Confirming shows what it will produce first: people, amount, exclusions by reason.
    await home.click('button[formaction$="/review"]');
    await home.locator('[data-testid=roster-summary]').waitFor();
    expect(await home.locator('[data-testid=roster-summary]').textContent()).toMatch(/将生成岗位补贴：\d+ 人，合计 [\d,.]+ 元/);
    await home.click('[data-testid=roster-summary] button[formaction$="/confirm"]');
    await home.locator('[data-testid=batch-progress]').waitFor();
    await home.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid=roster-line] td:last-child').length > 0 &&
        [...document.querySelectorAll('[data-testid=roster-line] td:last-child')].some((td) => /BT-2026-/.test(td.textContent ?? '')),
      null,
      { timeout: 30_000 },
    );
    const firstClaim = (await home
      .locator('[data-testid=roster-line] td:last-child', { hasText: 'BT-2026-' })
      .first()
      .textContent())!.match(/BT-2026-\d+/)![0];

    // The home's claim list is its staff's claims, not "my subsidies", and says what its count counts.
    await home.goto(`${portal}/subsidies?month=2026-10`);
    expect(await home.locator('h1').textContent()).toBe('本机构的补贴申请');
    expect(await home.locator('[data-testid=list-count]').textContent()).toMatch(/^共 \d+ 件申请$/);

    // The reviewer passes it; the approver (another person) approves it.
    const reviewer = await open();
    await login(reviewer, 'hr.reviewer');
    await reviewer.goto(`${portal}/subsidies?status=SUBMITTED&month=2026-10`);
    await reviewer.click(`a:text("${firstClaim}")`);
    await reviewer.waitForURL(/\/subsidies\/[^/?]+$/);
    expect(await reviewer.locator('[data-testid=eligibility] li').count()).toBeGreaterThanOrEqual(5);
    // Each rule worded in Chinese from its code and parameters: the month, the limit and what she has.
    const rules = await reviewer.locator('[data-testid=eligibility]').textContent();
    expect(rules).toMatch(/2026-10出勤不少于\d+天：是，\d+天/);
    expect(rules).toContain('未列入失信黑名单：是');
    expect(rules).not.toMatch(/[A-Za-z]{3,}/);
    await reviewer.click('form[action="?/pass"] button');
    expect(await reviewer.locator('[data-testid=claim-status]').textContent()).toBe('待审批');
    // Not "已处理": the reviewer reads what was done to which claim.
    expect(await reviewer.locator('[data-testid=claim-done]').textContent()).toContain(`申请 ${firstClaim} 已审核通过`);

    const approver = await open(PHONE);
    await login(approver, 'hr.approver');
    await approver.goto(`${portal}/subsidies?status=REVIEWED&month=2026-10`);
    await approver.check(`input[aria-label="${firstClaim}"]`);
    await approver.click('button:text("批量审批所选")');
    expect(await approver.locator('[data-testid=bulk-result]').textContent()).toContain('批准 1 件');

    // Finance builds a batch (password again), and the bank's return file pays it and reconciles it.
    const finance = await open();
    await login(finance, 'finance');
    await finance.goto(`${portal}/payments`);
    await finance.click('[data-testid=build-step] summary');
    await finance.fill('form[action="?/build"] input[name=password]', 'CareCert#2026');
    await finance.click('form[action="?/build"] button');
    await finance.waitForURL(/\/payments\/[^/]+$/);
    const reference = (await finance.locator('h1').textContent())!.match(/PB-\d{4}-\d+/)![0];
    const lines = finance.locator('[data-testid=payment-line]');
    const count = await lines.count();
    expect(count).toBeGreaterThanOrEqual(1);
    const rows = [];
    for (let i = 0; i < count; i++) {
      const cells = await lines.nth(i).locator('td').allTextContents();
      rows.push(`${reference}-${cells[0]!.trim()},成功,${cells[4]!.trim().replace(/,/g, '')},`);
    }
    await finance.setInputFiles('form[action="?/import"] input[type=file]', {
      name: 'return.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['业务参考号,状态,金额(元),失败原因', ...rows].join('\n')),
    });
    await finance.fill('form[action="?/import"] input[name=password]', 'CareCert#2026');
    await finance.click('form[action="?/import"] button');
    expect(await finance.locator('[data-testid=return-result]').textContent()).toContain(`成功 ${count} 笔`);
    expect(await finance.locator('[data-testid=batch-status]').textContent()).toBe('已对账');

    // A mistyped password on the bank-file export shows the form again with the error, not a bare 403.
    await finance.fill('#export input[name=password]', 'not-my-password');
    await finance.click('#export button[value=xlsx]');
    await finance.locator('[data-testid=export-issue]').waitFor();
    expect(await finance.locator('[data-testid=export-issue]').textContent()).toContain('密码错误');
    expect(await finance.locator('#export input[name=password]').isVisible()).toBe(true);

    // Finance picks the 建设银行 layout: its columns in its order, the paying account, and the totals row below.
    const ccb = await finance.locator('[data-testid=export-layout] option', { hasText: '建设银行' }).getAttribute('value');
    await finance.selectOption('[data-testid=export-layout]', ccb!);
    await finance.fill('#export input[name=password]', 'CareCert#2026');
    const [download] = await Promise.all([finance.waitForEvent('download'), finance.click('[data-testid=export-layout-format]')]);
    expect(download.suggestedFilename()).toBe(`${reference}-CCB-DAIFA.csv`);
    const csv = (await readFile((await download.path())!, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('序号,收款账号,收款户名,金额(元),收款行名称,摘要,付款账号,付款户名,客户流水号');
    expect(csv).toHaveLength(count + 2);
    expect(csv.at(-1)).toMatch(new RegExp(`^合计,总笔数,${count},总金额\\(元\\),\\d+\\.\\d{2}$`));

    // The fund dashboard shows the envelopes with what was committed and paid.
    const funds = finance;
    await funds.goto(`${portal}/funds`);
    expect(await funds.locator('[data-testid=envelope]').count()).toBeGreaterThanOrEqual(2);
    // Finance sees the banks' layouts and sets a new fund's paying account and layout (a bad account is refused by field).
    expect(await funds.locator('[data-testid=bank-layout]').count()).toBeGreaterThanOrEqual(2);
    const code = `WEB-${Date.now().toString(36).toUpperCase()}`;
    await funds.fill('[data-testid=source-form] input[name=code]', code);
    await funds.fill('[data-testid=source-form] input[name=name]', '网页测试专项资金');
    await funds.click('[data-testid=source-form] button[type=submit]');
    await funds.locator(`[data-testid=fund-source][data-code="${code}"]`).first().waitFor();
    const pay = funds.locator('[data-testid=payment-form]');
    await pay.locator('select[name=fundCode]').selectOption(code);
    await pay.locator('input[name=payerAccount]').fill('1508-ABC');
    await pay.locator('input[name=payerName]').fill('上饶市财政局');
    await pay.locator('button[type=submit]').click();
    expect(await funds.locator('[data-testid=payment-form] .field-error').textContent()).toContain('须为 8 至 32 位数字的银行账号');
    await pay.locator('select[name=fundCode]').selectOption(code);
    await pay.locator('input[name=payerAccount]').fill('1508 2020 0930 0019 999');
    await pay.locator('input[name=payerName]').fill('上饶市财政局');
    await pay.locator('select[name=bankFileLayoutId]').selectOption({ label: '中国建设银行 · 建设银行企业网银批量代发' });
    await pay.locator('button[type=submit]').click();
    expect(await funds.locator('[role=status]').textContent()).toBe('付款账户与银行文件格式已保存');
    expect(await funds.locator(`[data-testid=fund-source][data-code="${code}"]`).first().textContent()).toContain('1508202009300019999');
    // Four people's steps and three downloads: longer than the default minute on a shared machine.
  }, 150_000);
});
