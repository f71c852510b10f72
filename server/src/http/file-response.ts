/**
 * A file answer as an HTTP response: the bytes with their media type, length and a
 * content-disposition naming the file in UTF-8 (and in ASCII for older clients).
 */
import { safeName, type FileAnswer } from '../files/file-answer.ts';

/** RFC 5987 / 6266: `filename*=UTF-8''…`, percent-encoded. */
function encodeFilename(name: string): string {
  return encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function fileResponse(file: FileAnswer): Response {
  const body = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': file.type,
      'content-length': String(body.byteLength),
      'content-disposition': `attachment; filename="${file.fallback}"; filename*=UTF-8''${encodeFilename(safeName(file.name))}`,
      ...file.headers,
    },
  });
}
