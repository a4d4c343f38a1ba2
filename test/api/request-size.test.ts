import { describe, expect, it } from 'vitest';
import { REQUEST_BODY_MAX_BYTES } from '../../api/src/graphql/body-limit.ts';
import { createCareCertYoga } from '../../api/src/app/yoga.ts';

/**
 * A body over the limit is refused with 413 before it is parsed, whether it states its length or
 * streams without one; the largest legitimate upload (a 5 MB bank return as base64) still fits.
 */
const yoga = createCareCertYoga({ production: true, rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } });
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  yoga.fetch('http://carecert.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.40', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

/** A request carrying `size` characters of base64-like text (as an upload does), as big as asked for. */
const documentOf = (size: number) => JSON.stringify({ query: '{ __typename }', extensions: { upload: 'A'.repeat(size) } });

describe('request body limit', () => {
  it('takes the largest legitimate upload: a 5 MB bank return file as base64', async () => {
    const res = await post(documentOf(Math.ceil((5 * 1024 * 1024 * 4) / 3)));
    const body = await res.json();
    expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.data, JSON.stringify(body).slice(0, 300)).toEqual({ __typename: 'Query' });
  });

  it('refuses a 20 MB body by its Content-Length with 413, without reading it', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode('x'.repeat(64 * 1024)));
      },
    });
    const res = await post(stream, { 'content-length': String(20 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // A stream pulls a chunk or so ahead by itself; a parser would have pulled all 320.
    expect(pulled).toBeLessThan(5);
  });

  it('refuses a streamed body with no Content-Length once it passes the limit, and stops reading', async () => {
    const chunk = new TextEncoder().encode('{"query":"{ __typename }","variables":{"s":"' + 'A'.repeat(256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 40 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await post(stream);
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // The source runs to 40 MiB; a stream pulls a couple of chunks ahead of its reader by itself.
    expect(sent).toBeLessThan(REQUEST_BODY_MAX_BYTES + 3 * chunk.byteLength);
  });

  it('refuses a 2 MB document over a smaller configured limit with 413', async () => {
    const small = createCareCertYoga({
      production: true,
      bodyLimit: 1024 * 1024,
      rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 },
    });
    const res = await small.fetch('http://carecert.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: documentOf(2 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });
});
