/**
 * Gzips the API's JSON answers above 1 KiB for clients that accept it: a venue's Wi-Fi is the
 * bottleneck, and a board's answers shrink several times. Smaller answers go as they are (the
 * gzip header would cost more than it saves); answers that are already encoded (the live
 * snapshot, built files) or are files keep their bytes.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const gzipAsync = promisify(gzip);

/** Smallest answer worth compressing, in bytes. */
export const COMPRESS_ABOVE = 1024;

/** Whether the request's Accept-Encoding takes gzip (not refused with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Adds accept-encoding to a response's Vary header. */
export function varyOnEncoding(headers: Headers): void {
  const vary = headers.get('vary');
  if (vary === null) headers.set('vary', 'accept-encoding');
  else if (!/\baccept-encoding\b/i.test(vary)) headers.set('vary', `${vary}, accept-encoding`);
}

/**
 * A JSON answer that carries its length, so that compressJson() tells a small one (a judge's
 * acknowledgement) from a large one without reading its body back, which turned every answer,
 * however small, into a stream read and a new Response.
 */
export function jsonAnswer(c: Context, value: unknown, status: ContentfulStatusCode): Response {
  const text = value === undefined ? 'null' : JSON.stringify(value);
  return c.body(text, status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
}

export function compressJson(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (
      c.req.method === 'HEAD' ||
      res.headers.has('content-encoding') ||
      !/^application\/json\b/i.test(res.headers.get('content-type') ?? '')
    ) {
      return;
    }
    varyOnEncoding(res.headers);
    const length = res.headers.get('content-length');
    if (length !== null && Number(length) <= COMPRESS_ABOVE) return;
    if (res.body === null || !acceptsGzip(c.req.header('accept-encoding'))) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    let out: Uint8Array = body;
    if (body.length > COMPRESS_ABOVE) {
      out = new Uint8Array(await gzipAsync(body));
      headers.set('content-encoding', 'gzip');
    }
    headers.set('content-length', String(out.length));
    // Hono copies the old answer's headers onto the new one: its length must not outlive it.
    res.headers.delete('content-length');
    c.res = new Response(out as Uint8Array<ArrayBuffer>, { status: res.status, headers });
  };
}
