/**
 * Media types of uploaded files: the Content-Type a file was sent with, read into its type and
 * charset, and checked against the types a reader accepts (415 naming the header otherwise).
 * Shared by whoever reads a file, apart from how its bytes arrived.
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
