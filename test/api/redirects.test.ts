import { describe, expect, it } from 'vitest';
import { sameSitePath } from '../../web/src/lib/server/redirects.ts';

const ORIGIN = 'https://portal.example.gov.cn';
/** Where a browser lands when the portal answers `Location: <path>`. */
const landsOn = (path: string) => new URL(path, `${ORIGIN}/login`).origin;

describe('the path the portal redirects to after sign-in', () => {
  it.each([
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '/\t\\evil.example',
    '/..//evil.example',
    '/.//evil.example',
    '/%2e%2e//evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    ' /evil',
    '',
  ])('never leaves the portal for %j', (target) => {
    const path = sameSitePath(target);
    expect(landsOn(path)).toBe(ORIGIN);
    expect(path.startsWith('/')).toBe(true);
  });

  it('keeps same-site paths with their query and fragment', () => {
    expect(sameSitePath('/caregivers?search=王#list')).toBe('/caregivers?search=%E7%8E%8B#list');
    expect(sameSitePath('/subsidies/claims')).toBe('/subsidies/claims');
    expect(sameSitePath(null, '/home')).toBe('/home');
  });
});
