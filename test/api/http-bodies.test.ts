import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCareCertYoga } from '../../api/src/app/yoga.ts';
import { readSmallBodies, SMALL_BODY_MAX_BYTES } from '../../api/src/graphql/body-limit.ts';

/** The API's node:http listener as server.ts builds it, recording whether each body arrived read. */
const yoga = createCareCertYoga({ production: true, rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } });
const bodyWasRead: boolean[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer(
    readSmallBodies((req, res) => {
      bodyWasRead.push((req as IncomingMessage & { body?: unknown }).body instanceof Buffer);
      return yoga(req, res);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A POST whose body goes out in `parts`; with `chunked`, no Content-Length is stated. */
function post(parts: string[], chunked = false): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const total = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(total) }) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    for (const p of parts) req.write(p);
    req.end();
  });
}

const document = JSON.stringify({ query: 'query Q($s: Boolean!) { __typename s: __typename @include(if: $s) }', variables: { s: true } });

describe('request bodies through the HTTP server', () => {
  it('reads a small body with a stated length whole, even when it arrives in pieces', async () => {
    bodyWasRead.length = 0;
    const res = await post([document.slice(0, 10), document.slice(10)]);
    expect(res.body.data, JSON.stringify(res.body)).toEqual({ __typename: 'Query', s: 'Query' });
    expect(bodyWasRead).toEqual([true]);
  });

  it('streams a chunked body and one over the small size to Yoga, which answers them the same', async () => {
    bodyWasRead.length = 0;
    const padded = JSON.stringify({ query: '{ __typename }', extensions: { pad: 'A'.repeat(SMALL_BODY_MAX_BYTES) } });
    const [chunked, large] = await Promise.all([post([document.slice(0, 5), document.slice(5)], true), post([padded])]);
    expect(chunked.body.data).toEqual({ __typename: 'Query', s: 'Query' });
    expect(large.body.data).toEqual({ __typename: 'Query' });
    expect(bodyWasRead).toEqual([false, false]);
  });

  it('refuses a body over the limit with the API code, stated or streamed', async () => {
    const big = JSON.stringify({ query: '{ __typename }', extensions: { pad: 'A'.repeat(9 * 1024 * 1024) } });
    for (const chunked of [false, true]) {
      const res = await post([big], chunked);
      expect(res.status).toBe(413);
      expect(res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    }
  });
});
