/**
 * The public snapshot over HTTP (GET /api/live/:competitionId/:scope/snapshot): the same content
 * the socket's first answer carries, nothing the public may not see (a hidden event is empty,
 * names only when shown, no per-judge marks), an ETag of its revision that answers 304, gzip for
 * clients that take it, and clear 404/400 answers for tables that do not exist. Also: the API's
 * JSON answers above 1 KiB go gzipped.
 */
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@skills/db/testing';
import type { LiveSnapshot, SubscribeReply } from '../src/contract/live.ts';
import { publicSnapshotPath } from '../src/contract/live-names.ts';
import { buildFixture, startHarness, type Fixture, type Harness } from './harness.ts';
import { mark, sheetId } from './helpers.ts';
import { startLive, type LiveRig } from './live-rig.ts';

const C = 'snap';

describe.each(DATABASE_KINDS)('the public snapshot over HTTP on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let rig: LiveRig;

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    Promise.resolve(h.server.app.request(path, { headers }));
  const snapshotOverHttp = async (scope = 'battery'): Promise<LiveSnapshot> => {
    const res = await get(publicSnapshotPath(C, scope));
    expect(res.status).toBe(200);
    return (await res.json()) as LiveSnapshot;
  };
  const snapshotOverSocket = async (scope = 'battery'): Promise<LiveSnapshot> => {
    const socket = rig.socket();
    const reply = await new Promise<SubscribeReply>((resolve) => {
      socket.emit('subscribe', { competitionId: C, scope }, resolve);
    });
    socket.disconnect();
    if (!reply.ok || reply.sync !== 'snapshot') throw new Error(JSON.stringify(reply));
    return reply.snapshot;
  };
  const settings = (body: Record<string, unknown>) =>
    h.call('PUT', `/api/competitions/${C}/events/battery/settings`, { token: f.chief, body });

  beforeEach(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    rig = await startLive(h.server);
    await mark(h, f, f.judges['J1'], await sheetId(h, f, 'J1', 'E3'), 'seal', 31);
    await h.server.publisher.settle();
  });
  afterEach(async () => {
    await rig.close();
    await h.close();
  });

  it('carries what the socket first sends, and moves on with the table', async () => {
    const http = await snapshotOverHttp();
    expect(http.rev).toBeGreaterThan(0);
    expect(http.rows.length).toBe(6);
    expect(http).toEqual(await snapshotOverSocket());
    await mark(h, f, f.judges['J2'], await sheetId(h, f, 'J2', 'E1'), 'seal', 29);
    await h.server.publisher.settle();
    const stored = (
      await h.call('GET', `/api/competitions/${C}/events/battery/standings?view=public`)
    ).body as { rev: number };
    expect(stored.rev).toBeGreaterThan(http.rev);
    // The held table takes the revision as it is delivered (after the commit, on its own).
    let later = await snapshotOverHttp();
    for (let i = 0; i < 100 && later.rev < stored.rev; i++) {
      await new Promise((r) => setTimeout(r, 20));
      later = await snapshotOverHttp();
    }
    expect(later.rev).toBe(stored.rev);
    expect(later).toEqual(await snapshotOverSocket());
  });

  it('shows nothing the public may not see: no names unless shown, no judges, nothing of a hidden event', async () => {
    expect((await settings({ publicNames: true })).status).toBe(200);
    await h.server.publisher.settle();
    expect(JSON.stringify(await snapshotOverHttp())).toContain('选手');
    expect((await settings({ publicNames: false })).status).toBe(200);
    await h.server.publisher.settle();
    const text = JSON.stringify(await snapshotOverHttp());
    expect(text).not.toContain('选手');
    expect(text).not.toContain('"judge"');
    expect((await settings({ publicVisible: false })).status).toBe(200);
    await h.server.publisher.settle();
    const hidden = await snapshotOverHttp();
    expect(hidden.meta?.phase).toBe('hidden');
    expect(hidden.rows).toEqual([]);
    expect(JSON.stringify(hidden)).not.toContain('E3');
    // The official view is not served here at all.
    const official = await get(`/api/live/${C}/battery/snapshot?view=official`);
    expect((await official.json()) as LiveSnapshot).toMatchObject({ view: 'public' });
  });

  it('answers 304 to a client holding the revision, gzip to one that takes it', async () => {
    const path = publicSnapshotPath(C, 'battery');
    const first = await get(path);
    const etag = first.headers.get('etag') ?? '';
    const body = (await first.json()) as LiveSnapshot;
    expect(etag).toBe(`"${body.rev}-${body.hash.slice(0, 32)}"`);
    expect(first.headers.get('content-encoding')).toBeNull();
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const again = await get(path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const zipped = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toContain('accept-encoding');
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(body);
    expect(Number(zipped.headers.get('content-length'))).toBe(bytes.length);
  });

  it('answers a table that does not exist with 404 naming the part of the path, bad ids with 400', async () => {
    const cases: [string, number, string, string][] = [
      [publicSnapshotPath('no-such-thing', 'battery'), 404, 'not_found', 'params.competitionId'],
      [publicSnapshotPath(C, 'nowhere'), 404, 'not_found', 'params.scope'],
      [publicSnapshotPath(C, 'overall:nowhere'), 404, 'not_found', 'params.scope'],
      [publicSnapshotPath('NOT VALID', 'battery'), 400, 'invalid_input', 'params.competitionId'],
    ];
    for (const [path, status, code, field] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      const body = (await res.json()) as { code: string; details: { path: string }[] };
      expect(body.code, path).toBe(code);
      expect(body.details.map((d) => d.path)).toContain(field);
    }
  });

  it('gzips JSON answers above 1 KiB for clients that take it, and only those', async () => {
    const path = `/api/competitions/${C}/events/battery/standings?view=public`;
    const plain = await get(path);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(1024);
    const zipped = await get(path, { 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(text.length);
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    // The length it declares is the length it has (a wrong one ends the connection over HTTP).
    expect(zipped.headers.get('content-length')).toBe(String(bytes.length));
    // A small answer goes as it is, its length declared, so it is never read back to be measured.
    const small = await get('/api/public-config', { 'accept-encoding': 'gzip' });
    expect(small.headers.get('content-encoding')).toBeNull();
    const smallText = await small.text();
    expect(small.headers.get('content-length')).toBe(String(Buffer.byteLength(smallText)));
  });
});
