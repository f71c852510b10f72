/**
 * The live endpoint with real Socket.IO clients: a snapshot then patches; clients that missed
 * patches (dropped socket, server restart) end with the server's state and hash; nothing entered
 * after a freeze reaches a public client; reveal steps arrive in order from the bottom up; bad
 * subscriptions are refused naming the field; and, on Postgres, a mark written to one instance
 * reaches a viewer of another (through the Postgres adapter, and through Redis).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@skills/db';
import { DATABASE_KINDS } from '@skills/db/testing';
import type { Standings } from '../src/contract/api.ts';
import type { LivePatch, SubscribeReply } from '../src/contract/live.ts';
import { createServer } from '../src/server.ts';
import {
  buildFixture,
  replyOf,
  requestInit,
  startHarness,
  type Fixture,
  type Harness,
  type Reply,
} from './harness.ts';
import { completeSheets, mark, sheetId } from './helpers.ts';
import { startLive, until, waitFor, type LiveRig } from './live-rig.ts';

const BATTERY = { scope: 'battery', view: 'public' } as const;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe.each(DATABASE_KINDS)('live standings on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let rig: LiveRig;
  const C = 'live';
  const httpTable = async (
    view: 'public' | 'official' = 'public',
    scope = 'events/battery',
  ): Promise<Standings> =>
    (
      await h.call('GET', `/api/competitions/${C}/${scope}/standings?view=${view}`, {
        token: view === 'official' ? f.chief : undefined,
      })
    ).body as Standings;
  const status = (from: string, to: string, extra: Record<string, unknown> = {}) =>
    h.call('POST', `/api/competitions/${C}/events/battery/status`, {
      token: f.organizer,
      body: { from, status: to, ...extra },
    });

  beforeEach(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    rig = await startLive(h.server);
  });
  afterEach(async () => {
    await rig.close();
    await h.close();
  });

  it('sends a snapshot, then a small patch per committed change; the client hashes as the server does', async () => {
    const { client, socket } = rig.connect();
    const table = client.subscribe({ competitionId: C, ...BATTERY });
    await until(table, (t) => t.status === 'live', 'the snapshot');
    const raw: LivePatch[] = [];
    socket.on('patch', (p) => raw.push(p));
    const before = table.rev ?? 0;
    await mark(h, f, f.judges['J1'], await sheetId(h, f, 'J1', 'E3'), 'seal', 31);
    await until(table, (t) => (t.rev ?? 0) > before, 'the patch of one mark');
    await h.server.publisher.settle();
    const server = await httpTable();
    await until(table, (t) => t.rev === server.rev, 'the last revision');
    expect(table.hash).toBe(server.hash);
    expect(table.rows).toEqual(server.rows);
    expect(client.stats.hashMismatches).toBe(0);
    expect(client.stats.snapshots).toBe(1);
    // One mark: only what changed travels, well under 1 KiB on the wire.
    const patch = raw.find((p) => (p.rows?.set?.length ?? 0) > 0);
    expect(patch).toBeDefined();
    expect(Buffer.byteLength(`42["patch",${JSON.stringify(patch)}]`)).toBeLessThanOrEqual(1024);
    expect(patch?.rows?.set?.some((r) => r.competitor === 'E3')).toBe(true);
    expect(JSON.stringify(patch)).not.toContain('"judge"');
    client.close();
  });

  it('shows officials everything, live, and refuses the official view to anyone else', async () => {
    const anon = rig.client().subscribe({ competitionId: C, scope: 'battery', view: 'official' });
    await until(anon, (t) => t.status === 'error', 'a refusal');
    expect(anon.error?.code).toBe('unauthenticated');
    const judge = rig
      .client(f.judges['J1'])
      .subscribe({ competitionId: C, scope: 'battery', view: 'official' });
    await until(judge, (t) => t.status === 'error', 'a refusal');
    expect(judge.error?.code).toBe('forbidden');
    const chief = rig
      .client(f.chief)
      .subscribe({ competitionId: C, scope: 'battery', view: 'official' });
    await until(chief, (t) => t.status === 'live', 'the official snapshot');
    await mark(h, f, f.judges['J2'], await sheetId(h, f, 'J2', 'E1'), 'seal', 29);
    await h.server.publisher.settle();
    const server = await httpTable('official');
    await until(chief, (t) => t.rev === server.rev, 'the official revision');
    expect(chief.hash).toBe(server.hash);
    const row = chief.rows.find((r) => r.competitor === 'E1');
    expect(JSON.stringify(row)).toContain('"judge":"J2"');
  });

  it('brings a client that missed patches on a dropped socket back to the same state, from stored revisions', async () => {
    const { client, socket } = rig.connect();
    const table = client.subscribe({ competitionId: C, ...BATTERY });
    await until(table, (t) => t.status === 'live', 'the snapshot');
    socket.disconnect();
    for (const [judge, entrant, value] of [
      ['J1', 'E1', 33],
      ['J1', 'E2', 35],
      ['J2', 'E2', 34],
      ['J9', 'E4', 90],
    ] as const) {
      await mark(
        h,
        f,
        f.judges[judge],
        await sheetId(h, f, judge, entrant),
        judge === 'J9' ? 'exam' : 'seal',
        value,
      );
      await h.server.publisher.settle();
    }
    const server = await httpTable();
    expect(table.rev).toBeLessThan(server.rev);
    socket.connect();
    await until(table, (t) => t.rev === server.rev && t.status === 'live', 'the catch-up');
    expect(table.hash).toBe(server.hash);
    expect(table.rows).toEqual(server.rows);
    // Caught up with the patches it missed, not a fresh table.
    expect(client.stats.snapshots).toBe(1);
    expect(client.stats.hashMismatches).toBe(0);
  });

  it('catches up a table this instance holds when a client arrives ahead of it', async () => {
    const { client, socket } = rig.connect();
    const table = client.subscribe({ competitionId: C, ...BATTERY });
    await until(table, (t) => t.status === 'live', 'the snapshot');
    // This instance stops hearing of revisions (as if another instance's were late to arrive).
    const listeners = [...h.server.listeners.revision];
    h.server.listeners.revision.clear();
    await mark(h, f, f.judges['J1'], await sheetId(h, f, 'J1', 'E6'), 'seal', 34);
    await h.server.publisher.settle();
    const server = await httpTable();
    expect(table.rev).toBeLessThan(server.rev);
    for (const l of listeners) h.server.listeners.revision.add(l);
    // A client that saw the new revision elsewhere: answered "current", not sent back in time.
    const reply = await new Promise<SubscribeReply>((resolve) => {
      socket.emit(
        'subscribe',
        { competitionId: C, ...BATTERY, rev: server.rev, hash: server.hash },
        resolve,
      );
    });
    expect(reply).toMatchObject({ ok: true, sync: 'current', rev: server.rev });
    // And the viewer that was behind got the revisions read back for it.
    await until(table, (t) => t.rev === server.rev, 'the revisions read back');
    expect(table.hash).toBe(server.hash);
    expect(client.stats.snapshots).toBe(1);
  });

  it('brings a client through a server restart: the new process serves the revisions it never held', async () => {
    const client = rig.client();
    const table = client.subscribe({ competitionId: C, ...BATTERY });
    await until(table, (t) => t.status === 'live', 'the snapshot');
    const port = rig.port;
    await rig.close({ clients: false });
    await h.server.close();
    // A new process on the same database: nothing in memory.
    const second = createServer({ database: h.database, config: { recomputeWindowMs: 5 } });
    const h2: Harness = { ...h, server: second, call: (m, p, o) => callOn(second, m, p, o) };
    await mark(h2, f, f.judges['J3'], await sheetId(h2, f, 'J3', 'E5'), 'seal', 28);
    await mark(h2, f, f.judges['J3'], await sheetId(h2, f, 'J3', 'E6'), 'seal', 36);
    await second.publisher.settle();
    rig = await startLive(second, { port });
    const server = (await callOn(second, 'GET', `/api/competitions/${C}/events/battery/standings`))
      .body;
    await until(
      table,
      (t) => t.rev === server.rev && t.status === 'live',
      'the catch-up after restart',
    );
    expect(table.hash).toBe(server.hash);
    expect(client.stats.snapshots).toBe(1);
    await second.close();
  });

  it('never sends a public client a mark entered after the freeze; officials see it live', async () => {
    const { client: pub, socket: pubSocket } = rig.connect();
    const table = pub.subscribe({ competitionId: C, ...BATTERY });
    const official = rig
      .client(f.chief)
      .subscribe({ competitionId: C, scope: 'battery', view: 'official' });
    await until(table, (t) => t.status === 'live', 'the public snapshot');
    await until(official, (t) => t.status === 'live', 'the official snapshot');
    expect((await status('live', 'frozen')).status).toBe(200);
    const frozen = await httpTable();
    expect(frozen.phase).toBe('frozen');
    await until(table, (t) => t.meta?.phase === 'frozen', 'the freeze');
    const afterFreeze: LivePatch[] = [];
    pubSocket.on('patch', (p) => afterFreeze.push(p));
    const officialRev = official.rev ?? 0;
    await mark(h, f, f.judges['J9'], await sheetId(h, f, 'J9', 'E2'), 'exam', 99);
    await until(official, (t) => (t.rev ?? 0) > officialRev, 'the official patch');
    await h.server.publisher.settle();
    await new Promise((r) => setTimeout(r, 100));
    expect(afterFreeze).toEqual([]);
    expect(table.hash).toBe(frozen.hash);
    expect(table.rows).toEqual(frozen.rows);
    const publicNow = await httpTable();
    expect(publicNow.hash).toBe(frozen.hash);
    expect(JSON.stringify(publicNow.rows)).toEqual(JSON.stringify(frozen.rows));
    // Thawed: the public catches up at once.
    expect((await status('frozen', 'live')).status).toBe(200);
    await until(table, (t) => t.meta?.phase === 'provisional', 'the thaw');
    expect(table.hash).toBe((await httpTable()).hash);
  });

  it('reveals the final standings from the bottom row up, each step pushed in order', async () => {
    const table = rig.client().subscribe({ competitionId: C, ...BATTERY });
    await until(table, (t) => t.status === 'live', 'the snapshot');
    expect((await status('live', 'frozen')).status).toBe(200);
    const frozen = await httpTable();
    await completeSheets(h, f);
    const fin = await status('frozen', 'final', { reveal: true });
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    // Held: the public still sees the frozen table.
    await h.server.publisher.settle();
    const held = await httpTable();
    expect(held.phase).toBe('frozen');
    expect(held.rows).toEqual(frozen.rows);
    const final = await httpTable('official');
    const total = final.rows.length;
    const steps: LivePatch[] = [];
    const raw = rig.socket();
    raw.on('patch', (p) => {
      if (p.view === 'public' && p.scope === 'battery') steps.push(p);
    });
    await new Promise<SubscribeReply>((resolve) => {
      raw.emit('subscribe', { competitionId: C, ...BATTERY }, resolve);
    });
    const refused = await h.call('POST', `/api/competitions/${C}/events/battery/reveal`, {
      token: f.chief,
      body: { action: 'next', step: 0 },
    });
    expect(refused.status).toBe(403);
    for (let step = 0; step < total; step++) {
      const r = await h.call('POST', `/api/competitions/${C}/events/battery/reveal`, {
        token: f.organizer,
        body: { action: 'next', step },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ step: step + 1, total, done: step + 1 === total });
      await until(
        table,
        (t) => (t.meta?.reveal?.step ?? (t.meta?.phase === 'official' ? total : -1)) === step + 1,
        `step ${step + 1}`,
      );
      // The row just revealed is the final table's row at that place, final values and all.
      const place = total - step - 1;
      const shown = table.rows[place];
      const official = final.rows[place] as { competitor: string; rank: unknown; score: unknown };
      expect(shown?.competitor).toBe(official.competitor);
      expect(shown?.['score']).toEqual(official.score);
    }
    // A repeated press is refused, naming the step.
    const again = await h.call('POST', `/api/competitions/${C}/events/battery/reveal`, {
      token: f.organizer,
      body: { action: 'next', step: total - 1 },
    });
    expect(again.status).toBe(409);
    expect(table.meta?.phase).toBe('official');
    expect(table.hash).toBe((await httpTable()).hash);
    await waitFor(() => steps.length >= total, 'every step on the second socket');
    expect(steps.map((p) => p.baseRev)).toEqual(steps.map((p) => p.rev - 1));
    expect(steps.map((p) => p.meta?.reveal?.step ?? total)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    raw.disconnect();
  });

  it('tells watchers of a competition what each table shows, as it changes', async () => {
    const watch = rig.client().watch(C);
    await waitFor(() => watch.status === 'live', 'the competition');
    expect(watch.competition?.events.map((e) => [e.id, e.phase])).toEqual([
      ['battery', 'provisional'],
    ]);
    expect((await status('live', 'frozen')).status).toBe(200);
    await waitFor(
      () => watch.competition?.events[0]?.phase === 'frozen',
      'the frozen phase on the watch',
    );
    const bad = await new Promise<unknown>((resolve) => {
      rig.socket().emit('watch', { competitionId: 'x' }, resolve);
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('lets one connection follow a bounded number of tables; refused requests hold none', async () => {
    await rig.close();
    rig = await startLive(h.server, { maxFollowed: 2 });
    const raw = rig.socket();
    const ask = (event: 'subscribe' | 'watch', body: unknown) =>
      new Promise<{ ok: boolean; error?: { code: string; details: { code: string }[] } }>(
        (resolve) => {
          raw.emit(event, body as never, resolve);
        },
      );
    expect((await ask('subscribe', { competitionId: C, scope: 'nowhere' })).ok).toBe(false);
    expect((await ask('watch', { competitionId: 'no-such-thing' })).ok).toBe(false);
    expect((await ask('subscribe', { competitionId: C, scope: 'battery' })).ok).toBe(true);
    // The same table again is not another one.
    expect((await ask('subscribe', { competitionId: C, scope: 'battery' })).ok).toBe(true);
    expect((await ask('watch', { competitionId: C })).ok).toBe(true);
    const third = await ask('watch', { competitionId: 'another-one' });
    expect(third.ok).toBe(false);
    expect(third.error?.details.map((d) => d.code)).toContain('too_many');
    // Leaving one makes room for another.
    await new Promise((resolve) => {
      raw.emit('unsubscribe', { competitionId: C, scope: 'battery' }, resolve);
    });
    expect((await ask('subscribe', { competitionId: C, scope: 'battery' })).ok).toBe(true);
    expect((await ask('watch', { competitionId: 'another-one' })).ok).toBe(false);
  });

  it('answers a bad subscription with the field and reason, and a hidden event with an empty table', async () => {
    const raw = rig.socket();
    const ask = (body: unknown) =>
      new Promise<SubscribeReply>((resolve) => {
        raw.emit('subscribe', body as never, resolve);
      });
    const cases: [unknown, string, string][] = [
      [
        { competitionId: 'NOT VALID', scope: 'battery' },
        'invalid_input',
        'subscribe.competitionId',
      ],
      [{ competitionId: C }, 'invalid_input', 'subscribe.scope'],
      [{ competitionId: C, scope: 'battery', extra: 1 }, 'invalid_input', 'subscribe.extra'],
      [{ competitionId: C, scope: 'battery', rev: -1 }, 'invalid_input', 'subscribe.rev'],
      [{ competitionId: C, scope: 'battery', view: 'secret' }, 'invalid_input', 'subscribe.view'],
      [{ competitionId: C, scope: 'bat\u0000tery' }, 'invalid_input', 'subscribe.scope'],
      [{ competitionId: C, scope: 'nowhere' }, 'not_found', ''],
      [{ competitionId: 'no-such-thing', scope: 'battery' }, 'not_found', ''],
      ['text', 'invalid_input', 'subscribe'],
    ];
    for (const [body, code, path] of cases) {
      const reply = await ask(body);
      expect(reply.ok, JSON.stringify(body)).toBe(false);
      if (reply.ok) continue;
      expect(reply.error.code, JSON.stringify(body)).toBe(code);
      if (path !== '') expect(reply.error.details.map((d) => d.path)).toContain(path);
    }
    const hide = await h.call('PUT', `/api/competitions/${C}/events/battery/settings`, {
      token: f.chief,
      body: { publicVisible: false },
    });
    expect(hide.status).toBe(200);
    const reply = await ask({ competitionId: C, scope: 'battery' });
    expect(reply).toMatchObject({ ok: true, sync: 'snapshot' });
    if (reply.ok && reply.sync === 'snapshot') {
      expect(reply.snapshot.rows).toEqual([]);
      expect(reply.snapshot.meta?.phase).toBe('hidden');
    }
    raw.disconnect();
  });

  // Several instances share a Postgres server (PGlite lives inside one process).
  if (kind === 'postgres') {
    it('carries a mark written to instance A to a viewer of instance B (Postgres adapter, then Redis)', async () => {
      for (const redisUrl of [undefined, REDIS_URL]) {
        const url = h.database.url;
        if (url === null) throw new Error('a Postgres database has a URL');
        const otherDb = await openDatabase({ url, poolSize: 4 });
        const b = createServer({ database: otherDb, config: { recomputeWindowMs: 5 } });
        const rigA = redisUrl === undefined ? rig : await startLive(h.server, { redisUrl });
        const rigB = await startLive(b, { redisUrl });
        expect(rigB.hub.adapter).toBe(redisUrl === undefined ? 'postgres' : 'redis');
        const table = rigB.client().subscribe({ competitionId: C, ...BATTERY });
        await until(table, (t) => t.status === 'live', 'the snapshot on B');
        const before = table.rev ?? 0;
        const entrant = redisUrl === undefined ? 'E4' : 'E5';
        await mark(
          h,
          f,
          f.judges['J2'],
          await sheetId(h, f, 'J2', entrant),
          'seal',
          redisUrl === undefined ? 27 : 26,
        );
        await until(table, (t) => (t.rev ?? 0) > before, 'the patch through the adapter');
        await h.server.publisher.settle();
        const server = await httpTable();
        await until(table, (t) => t.rev === server.rev, 'the last revision on B');
        expect(table.hash).toBe(server.hash);
        await rigB.close();
        if (rigA !== rig) await rigA.close();
        await b.close();
        await otherDb.close();
      }
    });
  }
});

function callOn(
  server: ReturnType<typeof createServer>,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | undefined } = {},
): Promise<Reply> {
  return Promise.resolve(server.app.request(path, requestInit(method, options))).then(replyOf);
}
