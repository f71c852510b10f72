/**
 * A public table's current snapshot over HTTP (GET /api/live/:competitionId/:scope/snapshot):
 * the very LiveSnapshot object the socket's first answer carries (the table the live endpoint
 * holds, live/tables.ts, reached through the SnapshotSlot it fills), so there is one builder for
 * both. A board page fetches it while its scripts load, then subscribes with its rev and hash,
 * and the socket sends only what is newer. Not in the route map (routes/index.ts): its answer is
 * bytes encoded once per revision, and its source is the live endpoint, attached after the routes.
 *
 * Each revision is encoded once (JSON, and gzip for clients that take it) however many ask; its
 * ETag is the revision and hash, so a client holding it gets 304. Only the public view is served
 * here: the official view needs the live endpoint's sign-in checks.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { CompetitionId } from '../contract/api.ts';
import { PUBLIC_SNAPSHOT_ROUTE, Scope, type LiveSnapshot } from '../contract/live.ts';
import { ServiceError, detail, notFound } from '../errors/service-error.ts';
import { RETRY_AFTER_S } from '../errors/unavailable.ts';
import { parse, refuseNul } from '../errors/validate.ts';
import { acceptsGzip, varyOnEncoding } from '../http/compress.ts';

const gzipAsync = promisify(gzip);

const SnapshotParams = z.strictObject({ competitionId: CompetitionId, scope: Scope });

interface Encoded {
  readonly etag: string;
  readonly json: Uint8Array;
  readonly gzip: Uint8Array;
}

/** Per snapshot object (one per revision of a held table): its bytes, encoded once. */
const encodings = new WeakMap<LiveSnapshot, Promise<Encoded>>();

/** The ETag of a table's revision: its number and hash. */
export const snapshotEtag = (rev: number, hash: string): string => `"${rev}-${hash.slice(0, 32)}"`;

function encode(snapshot: LiveSnapshot): Promise<Encoded> {
  let encoded = encodings.get(snapshot);
  if (!encoded) {
    encoded = (async () => {
      const json = new TextEncoder().encode(JSON.stringify(snapshot));
      return {
        etag: snapshotEtag(snapshot.rev, snapshot.hash),
        json,
        gzip: new Uint8Array(await gzipAsync(json)),
      };
    })();
    encodings.set(snapshot, encoded);
  }
  return encoded;
}

/** Where the snapshots come from: the live endpoint's tables, while one is attached. */
export interface SnapshotSource {
  /** The public table's current snapshot; a ServiceError not_found for a table it lacks. */
  publicSnapshot(competitionId: string, scope: string): Promise<LiveSnapshot>;
}

/** Filled by the live endpoint when it attaches (live/hub.ts), emptied when it closes. */
export interface SnapshotSlot {
  source: SnapshotSource | null;
}

/** The held table for the request's key; an unknown table is 404 naming params.scope. */
async function snapshotOf(source: SnapshotSource, c: Context): Promise<LiveSnapshot> {
  const raw = c.req.param();
  refuseNul(raw, 'params');
  const { competitionId, scope } = parse(SnapshotParams, raw, 'params');
  try {
    return await source.publicSnapshot(competitionId, scope);
  } catch (error) {
    // The live endpoint names the subscribe's field; here it is the path's.
    if (error instanceof ServiceError && error.details.some((d) => d.path === 'subscribe.scope')) {
      throw notFound(`table "${scope}"`, 'params.scope');
    }
    throw error;
  }
}

/** Mounts the route; it answers from whatever source `slot` holds at the time. */
export function mountSnapshotRoute(app: Hono, slot: SnapshotSlot): void {
  app.get(PUBLIC_SNAPSHOT_ROUTE, (c) => answer(c, slot.source));
}

async function answer(c: Context, source: SnapshotSource | null): Promise<Response> {
  if (source === null) {
    throw new ServiceError('unavailable', 'the live endpoint is not running: ask again shortly', {
      details: [detail('live', 'unavailable', 'the live endpoint is starting or stopping')],
      headers: { 'retry-after': String(RETRY_AFTER_S) },
    });
  }
  const { etag, json, gzip: zipped } = await encode(await snapshotOf(source, c));
  const headers = new Headers({
    'content-type': 'application/json; charset=utf-8',
    etag,
    // Revalidated on every use: the table moves on, and its ETag says when.
    'cache-control': 'public, no-cache',
  });
  varyOnEncoding(headers);
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const gz = acceptsGzip(c.req.header('accept-encoding'));
  const body = gz ? zipped : json;
  if (gz) headers.set('content-encoding', 'gzip');
  headers.set('content-length', String(body.length));
  return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers });
}
