import { describe, expect, it } from 'vitest';
import { clientIpOf } from '../../api/src/app/request-context.ts';

const request = (forwardedFor?: string) =>
  new Request('http://carecert.test/graphql', { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } });

/**
 * X-Forwarded-For: each proxy appends the address it saw, so the client writes whatever it likes on the
 * left and only the rightmost TRUST_PROXY entries are ours. 6.6.6.6 is the address a client forges.
 */
describe('the client address behind proxies', () => {
  it.each([
    ['one trusted proxy: the entry it appended, not the forged one', 1, '10.0.0.5', '6.6.6.6, 198.51.100.9', '198.51.100.9'],
    ['two trusted proxies: the entry two from the right', 2, '10.0.0.5', '6.6.6.6, 198.51.100.9, 10.0.0.4', '198.51.100.9'],
    ['two trusted proxies, the client forging several entries', 2, '10.0.0.5', '6.6.6.6, 7.7.7.7, 198.51.100.9, 10.0.0.4', '198.51.100.9'],
    ['no trusted proxy: the connecting address, whatever the header says', 0, '203.0.113.5', '6.6.6.6', '203.0.113.5'],
    ['the portal on loopback counts as one hop', 0, '127.0.0.1', '6.6.6.6, 198.51.100.9', '198.51.100.9'],
    ['fewer entries than trusted proxies: the request did not come through them', 2, '10.0.0.5', '198.51.100.9', '10.0.0.5'],
    ['no header: the connecting address', 1, '10.0.0.5', undefined, '10.0.0.5'],
    ['blank entries are not addresses', 1, '10.0.0.5', '6.6.6.6, ,198.51.100.9, ', '198.51.100.9'],
  ] as const)('%s', (_label, hops, socket, header, expected) => {
    expect(clientIpOf(request(header), socket, hops)).toBe(expected);
  });
});
