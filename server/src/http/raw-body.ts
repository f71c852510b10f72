/**
 * Raw request bodies (uploaded files) for routes that take no JSON: the bytes read with a limit
 * that holds while reading, so a body that declares no length (or lies about it) is cut off at
 * the limit rather than buffered whole. What the bytes are (their media type) is
 * `files/media-type.ts`.
 */
import { ServiceError, detail } from '../errors/service-error.ts';

function tooLarge(limit: number): ServiceError {
  return new ServiceError('payload_too_large', `the body is larger than ${limit} bytes`, {
    details: [detail('body', 'too_large', `at most ${limit} bytes`)],
  });
}

/** The request body's bytes, at most `limit` of them (413 past it). */
export async function readRawBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
