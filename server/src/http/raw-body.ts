/**
 * Raw request bodies (uploaded files) for routes that take no JSON: the media type checked
 * against a list, and the bytes read with a limit that holds while reading, so a body that
 * declares no length (or lies about it) is cut off at the limit rather than buffered whole.
 */
import { ServiceError, detail } from '../errors/service-error.ts';

/** The media type of a Content-Type header, lower-cased, and its charset parameter if any. */
export function mediaTypeOf(header: string | null | undefined): {
  type: string;
  charset: string | null;
} {
  const [type = '', ...params] = (header ?? '').split(';');
  let charset: string | null = null;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]*)"?\s*$/i.exec(p);
    if (m?.[1] !== undefined) charset = m[1].toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

/** The one of `accepted` the request's Content-Type names; 415 naming the header otherwise. */
export function acceptedType<T extends string>(
  header: string | null | undefined,
  accepted: readonly T[],
): T {
  const { type } = mediaTypeOf(header);
  const found = accepted.find((a) => a === type);
  if (found !== undefined) return found;
  throw new ServiceError('unsupported_media_type', `send the file as ${accepted.join(' or ')}`, {
    details: [
      detail(
        'headers.content-type',
        'unsupported',
        `got "${header ?? 'nothing'}"; expected ${accepted.join(' or ')}`,
      ),
    ],
  });
}

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
