import { describe, expect, it } from 'vitest';
import { useBrowser } from '../support/browser.ts';

// The production system as CI starts it (compiled API, built portal, worker): every demo role signs
// in and its home page renders, not an error page.
const ROLES = ['admin', 'hr.reviewer', 'hr.approver', 'finance', 'civil', 'college', 'provider', 'assessor', 'institution', 'caregiver'];

describe('smoke: every role on the production build', () => {
  const { portal, open, login } = useBrowser();

  for (const username of ROLES) {
    it(`${username} signs in and sees the home page`, async () => {
      const page = await open();
      await login(page, username);
      const response = await page.goto(`${portal}/`, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      expect(await page.locator('main').innerText()).not.toMatch(/出错了|Something went wrong/);
      // Signed in: the page offers to sign out.
      expect(await page.locator('form[action^="/logout"]').count()).toBe(1);
    });
  }
});
