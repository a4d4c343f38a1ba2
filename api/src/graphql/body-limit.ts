import type { IncomingMessage, RequestListener } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.ts';

/**
 * The largest legitimate request is a bank return file (at most 5 MB, about 6.7 MB as base64 in a JSON
 * string) with its query and variables around it; 8 MiB leaves room for that and nothing much larger.
 * Yoga's own default is far higher, and anything that fits is parsed whole and executed.
 */
export const REQUEST_BODY_MAX_BYTES = 8 * 1024 * 1024;

const tooLarge = (limit: number) =>
  new GraphQLError('Request body too large.', {
    extensions: { code: 'PAYLOAD_TOO_LARGE', params: { maxBytes: limit }, http: { status: 413 } },
  });

/** The body's bytes, reading no further than `limit`: a longer body is refused as soon as it passes it. */
async function readAtMost(body: ReadableStream<Uint8Array<ArrayBuffer>> | null, limit: number): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  if (!body) return new Blob();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new Blob(chunks);
}

/** Bodies up to this size that state their length are read by the HTTP server itself (`readSmallBodies`). */
export const SMALL_BODY_MAX_BYTES = 16 * 1024;

type ReadBody = IncomingMessage & { body?: Buffer };

/**
 * Wraps the API's node:http listener: a POST body that states a length of at most
 * `SMALL_BODY_MAX_BYTES` (nearly every GraphQL request) is read into one Buffer before Yoga sees the
 * request, and Yoga's fetch layer takes such a body as it is, instead of through web streams and a Blob
 * (about a twentieth of the API's CPU for a one-caregiver read). Node's HTTP parser delivers exactly the
 * stated number of bytes, so a body read here is within every limit; any other body streams as before.
 */
export function readSmallBodies(listener: RequestListener): RequestListener {
  return (req: ReadBody, res) => {
    const length = Number(req.headers['content-length']);
    if (req.method !== 'POST' || !(length > 0 && length <= SMALL_BODY_MAX_BYTES)) return listener(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('error', () => res.destroy());
    req.once('end', () => {
      req.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      listener(req, res);
    });
  };
}

/**
 * Refuses a request body over `limit` bytes with 413 before any of it is parsed: by its Content-Length
 * when it states one, else by counting the bytes as they stream in (chunked bodies state none, and a
 * stated length could be a lie). The counted body is then handed to Yoga's own parser unchanged.
 */
export function useBodyLimit(limit = REQUEST_BODY_MAX_BYTES): Plugin<Context> {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      if (!requestParser || request.method === 'GET' || request.method === 'HEAD') return;
      // Read whole by the HTTP server, and small (readSmallBodies).
      if ((serverContext as { req?: ReadBody }).req?.body instanceof Buffer) return;
      const declared = Number(request.headers.get('content-length') ?? NaN);
      if (declared > limit) throw tooLarge(limit);
      setRequestParser(async (req) => {
        const bytes = await readAtMost(req.body, limit);
        return requestParser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body: bytes }));
      });
    },
  };
}
