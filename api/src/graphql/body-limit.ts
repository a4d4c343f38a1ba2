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

/**
 * Refuses a request body over `limit` bytes with 413 before any of it is parsed: by its Content-Length
 * when it states one, else by counting the bytes as they stream in (chunked bodies state none, and a
 * stated length could be a lie). The counted body is then handed to Yoga's own parser unchanged.
 */
export function useBodyLimit(limit = REQUEST_BODY_MAX_BYTES): Plugin<Context> {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser || request.method === 'GET' || request.method === 'HEAD') return;
      const declared = Number(request.headers.get('content-length') ?? NaN);
      if (declared > limit) throw tooLarge(limit);
      setRequestParser(async (req) => {
        const bytes = await readAtMost(req.body, limit);
        return requestParser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body: bytes }));
      });
    },
  };
}
