import { describe, expect, it, vi } from 'vitest';
import { canonical } from '../contract/canonical.ts';
import type { ErrorBody } from '../contract/errors.ts';
import type {
  LiveCompetition,
  LiveMeta,
  LivePatch,
  LiveRow,
  LiveRowChange,
  LiveSnapshot,
  SubscribeReply,
  SubscribeRequest,
  WatchReply,
} from '../contract/live.ts';
import { MAX_CATCH_UP } from '../contract/live.ts';
import { rowDigest, tableHash } from '../contract/table-hash.ts';
import {
  LiveClient,
  RowDigests,
  applyPatch,
  hashTable,
  tableFromSnapshot,
  type LiveClientOptions,
  type LiveSocket,
} from './index.ts';

// ── the server, played by the test ──────────────────────────────────────────────────────────

const COMPETITION = 'c1';
const SCOPE = 'e1';
const KEY = { competitionId: COMPETITION, scope: SCOPE, view: 'public' } as const;

/** A row as the standings publisher would send it; `position` is set by the table. */
function entry(competitor: string, total: number, extra: Record<string, unknown> = {}): LiveRow {
  return { competitor, position: 0, rank: 0, tie: false, name: `N ${competitor}`, total, ...extra };
}

function placed(rows: readonly LiveRow[]): LiveRow[] {
  return rows.map((row, position) => ({ ...row, position, rank: position + 1 }));
}

const PLACEMENT = new Set(['position', 'rank', 'tie']);
const body = (row: LiveRow): string =>
  canonical(Object.fromEntries(Object.entries(row).filter(([k]) => !PLACEMENT.has(k))));

/** A table's stream of revisions, hashed independently of the client (rowDigest, tableHash). */
class ServerTable {
  rev = 1;
  rows: LiveRow[];
  teams: LiveRow[] | null;
  meta: LiveMeta | null;
  readonly history: LivePatch[] = [];

  constructor(rows: LiveRow[], teams: LiveRow[] | null = null, meta: LiveMeta | null = null) {
    this.rows = placed(rows);
    this.teams = teams && placed(teams);
    this.meta = meta;
  }

  hash(): string {
    return tableHash(this.rows.map(rowDigest), this.teams?.map(rowDigest) ?? null, this.meta);
  }

  snapshot(): LiveSnapshot {
    return {
      ...KEY,
      rev: this.rev,
      hash: this.hash(),
      name: this.meta?.name ?? 'Event 1',
      meta: this.meta,
      rows: this.rows,
      teams: this.teams,
      at: `2025-06-01T10:00:${String(this.rev).padStart(2, '0')}Z`,
    };
  }

  /** Commits the next standings (in order) and returns the patch it publishes. */
  commit(next: readonly LiveRow[], nextTeams?: readonly LiveRow[]): LivePatch {
    const rows = placed(next);
    const teams = nextTeams ? placed(nextTeams) : this.teams;
    const patch: LivePatch = {
      ...KEY,
      rev: this.rev + 1,
      baseRev: this.rev,
      hash: '',
      meta: this.meta,
      rows: diff(this.rows, rows),
      teams: diff(this.teams ?? [], teams ?? []),
      removed: { rows: gone(this.rows, rows), teams: gone(this.teams ?? [], teams ?? []) },
      at: `2025-06-01T10:01:${String(this.rev + 1).padStart(2, '0')}Z`,
    };
    this.rev++;
    this.rows = rows;
    this.teams = teams;
    const published = { ...patch, hash: this.hash() };
    this.history.push(published);
    return published;
  }

  reply(request: SubscribeRequest): SubscribeReply {
    if (request.rev === undefined) return { ok: true, sync: 'snapshot', snapshot: this.snapshot() };
    if (request.rev === this.rev && request.hash === this.hash()) {
      return { ok: true, sync: 'current', rev: this.rev, hash: this.hash() };
    }
    const from = request.rev;
    if (from < this.rev && this.rev - from <= MAX_CATCH_UP) {
      return { ok: true, sync: 'patches', patches: this.history.filter((p) => p.rev > from) };
    }
    return { ok: true, sync: 'snapshot', snapshot: this.snapshot() };
  }
}

function diff(old: readonly LiveRow[], next: readonly LiveRow[]): LiveRowChange[] {
  const before = new Map(old.map((row) => [row.competitor, row]));
  const changes: LiveRowChange[] = [];
  for (const row of next) {
    const was = before.get(row.competitor);
    if (was === undefined || body(was) !== body(row)) changes.push(row);
    else if (
      was.position !== row.position ||
      was['rank'] !== row['rank'] ||
      was['tie'] !== row['tie']
    ) {
      changes.push({
        competitor: row.competitor,
        position: row.position,
        rank: row['rank'],
        tie: row['tie'],
        partial: true,
      });
    }
  }
  return changes;
}

function gone(old: readonly LiveRow[], next: readonly LiveRow[]): string[] {
  const kept = new Set(next.map((row) => row.competitor));
  return old.filter((row) => !kept.has(row.competitor)).map((row) => row.competitor);
}

// ── a fake socket: on/off, server events, timeout(ms).emit with acks ─────────────────────────

type Handler = (...args: unknown[]) => void;
type Ack = (err: Error | null, reply?: unknown) => void;
interface Sent {
  readonly event: string;
  readonly request: Record<string, unknown>;
  readonly ack: Ack;
  answered: boolean;
}

class FakeSocket {
  connected = true;
  disconnected = false;
  readonly sent: Sent[] = [];
  readonly ackTimeouts: number[] = [];
  readonly #handlers = new Map<string, Set<Handler>>();
  /** Answers a request now (a reply) or leaves it pending (undefined). */
  server: (event: string, request: Record<string, unknown>) => unknown = () => undefined;

  on(event: string, handler: Handler): this {
    let set = this.#handlers.get(event);
    if (!set) this.#handlers.set(event, (set = new Set()));
    set.add(handler);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.#handlers.get(event)?.delete(handler);
    return this;
  }

  timeout(ms: number): { emit: (event: string, request: unknown, ack: Ack) => void } {
    this.ackTimeouts.push(ms);
    return {
      emit: (event, request, ack) => {
        const sent: Sent = {
          event,
          request: request as Record<string, unknown>,
          ack,
          answered: false,
        };
        this.sent.push(sent);
        const reply = this.server(event, sent.request);
        if (reply !== undefined) this.answer(sent, reply);
      },
    };
  }

  disconnect(): this {
    this.disconnected = true;
    this.drop();
    return this;
  }

  answer(sent: Sent, reply: unknown): void {
    sent.answered = true;
    sent.ack(null, reply);
  }

  /** A server event. */
  push(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.#handlers.get(event) ?? [])]) handler(...args);
  }

  /** The connection drops: "disconnect", then pending acks fail (as socket.io-client does). */
  drop(): void {
    this.connected = false;
    this.push('disconnect', 'transport close');
    this.#fail(new Error('socket has been disconnected'));
  }

  reconnect(): void {
    this.connected = true;
    this.push('connect');
  }

  /** Pending acks time out. */
  expire(): void {
    this.#fail(new Error('operation has timed out'));
  }

  listeners(): number {
    let n = 0;
    for (const set of this.#handlers.values()) n += set.size;
    return n;
  }

  subscribes(): Record<string, unknown>[] {
    return this.sent.filter((s) => s.event === 'subscribe').map((s) => s.request);
  }

  #fail(error: Error): void {
    for (const sent of this.sent) {
      if (!sent.answered) {
        sent.answered = true;
        sent.ack(error);
      }
    }
  }
}

function setup(
  table: ServerTable = new ServerTable([entry('a', 30), entry('b', 20), entry('c', 10)]),
  options?: LiveClientOptions,
) {
  const socket = new FakeSocket();
  socket.server = (event, request) =>
    event === 'subscribe'
      ? table.reply(request as SubscribeRequest)
      : event === 'unsubscribe'
        ? { ok: true }
        : undefined;
  const client = new LiveClient(socket as unknown as LiveSocket, options);
  return { socket, table, client };
}

/** The client's table equals the server's, in order, with the server's rev and hash. */
function expectInStep(
  state: { rows: readonly LiveRow[]; rev: number | null; hash: string | null },
  table: ServerTable,
) {
  expect(state.rows).toEqual(table.rows);
  expect(state.rev).toBe(table.rev);
  expect(state.hash).toBe(table.hash());
}

// ── tests ────────────────────────────────────────────────────────────────────────────────────

describe('LiveClient tables', () => {
  it('takes a snapshot, then applies patches in order and verifies each', () => {
    const { socket, table, client } = setup();
    const live = client.subscribe(KEY);
    const seen: (number | null)[] = [];
    live.onChange((state) => seen.push(state.rev));

    expect(socket.subscribes()).toEqual([KEY]);
    expect(socket.ackTimeouts).toEqual([10_000]);
    expect(live.status).toBe('live');
    expectInStep(live, table);
    expect(live.name).toBe('Event 1');

    const [a, b, c] = table.rows as [LiveRow, LiveRow, LiveRow];
    socket.push('patch', table.commit([a, { ...b, total: 35 }, c]));
    socket.push('patch', table.commit([entry('d', 50), a, { ...b, total: 35 }]));

    expectInStep(live, table);
    expect(live.rows.map((r) => r.competitor)).toEqual(['d', 'a', 'b']);
    expect(live.at).toBe(table.history[1]?.at);
    expect(seen).toEqual([2, 3]);
    expect(client.stats).toMatchObject({
      snapshots: 1,
      patches: 2,
      gaps: 0,
      hashMismatches: 0,
      resyncs: 0,
      duplicates: 0,
    });
  });

  it('ignores a duplicate or older patch', () => {
    const { socket, table, client } = setup();
    const live = client.subscribe(KEY);
    const p2 = table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]);
    socket.push('patch', p2);
    socket.push('patch', p2);
    socket.push('patch', table.commit([entry('a', 32), entry('b', 20), entry('c', 10)]));
    socket.push('patch', p2);

    expectInStep(live, table);
    expect(client.stats).toMatchObject({ patches: 2, duplicates: 2, gaps: 0, resyncs: 0 });
    expect(socket.subscribes()).toHaveLength(1);
  });

  it('on a gap subscribes again with the rev and hash held, then catches up', () => {
    const { socket, table, client } = setup();
    const live = client.subscribe(KEY);
    const heldHash = table.hash();
    table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]); // rev 2, lost
    const p3 = table.commit([entry('b', 40), entry('a', 31), entry('c', 10)]);
    socket.push('patch', p3);

    expect(socket.subscribes()[1]).toEqual({ ...KEY, rev: 1, hash: heldHash });
    expectInStep(live, table);
    expect(live.status).toBe('live');
    // p3 came again in the catch-up, so the held copy is a duplicate.
    expect(client.stats).toMatchObject({ gaps: 1, resyncs: 1, patches: 2, duplicates: 1 });
  });

  it('on a hash mismatch keeps what it held and asks for a fresh snapshot', () => {
    const { socket, table, client } = setup();
    const live = client.subscribe(KEY);
    const p2 = table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]);
    const held = new Map<string, unknown>();
    socket.server = (_event, request) => {
      held.set('rows', live.rows);
      held.set('rev', live.rev);
      return table.reply(request as SubscribeRequest);
    };
    // The row as sent differs from the row the server hashed.
    socket.push('patch', { ...p2, rows: [{ ...p2.rows[0], total: 999 }] });

    expect(held.get('rev')).toBe(1);
    expect(socket.subscribes()[1]).toEqual(KEY); // no rev: a snapshot
    expectInStep(live, table);
    expect(live.rows[0]?.['total']).toBe(31);
    expect(client.stats).toMatchObject({ hashMismatches: 1, snapshots: 2, patches: 0, resyncs: 1 });
  });

  it('holds patches that arrive before the subscribe answer, then applies the newer ones', () => {
    const { socket, table, client } = setup();
    socket.server = () => undefined; // the answer is late
    const live = client.subscribe(KEY);
    expect(live.status).toBe('connecting');

    const p2 = table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]);
    const snapshotAt2 = table.snapshot();
    const p3 = table.commit([entry('a', 31), entry('b', 25), entry('c', 10)]);
    socket.push('patch', p3);
    socket.push('patch', p2);
    expect(live.rows).toEqual([]);
    expect(live.rev).toBeNull();

    socket.answer(socket.sent[0] as Sent, { ok: true, sync: 'snapshot', snapshot: snapshotAt2 });

    expectInStep(live, table);
    expect(live.status).toBe('live');
    expect(client.stats).toMatchObject({ snapshots: 1, patches: 1, duplicates: 1, gaps: 0 });
  });

  it('merges placement-only rows into the rows held', () => {
    const { socket, table, client } = setup(
      new ServerTable([entry('a', 30, { marks: [10, 20] }), entry('b', 20), entry('c', 10)]),
    );
    const live = client.subscribe(KEY);
    const [a, b, c] = table.rows as [LiveRow, LiveRow, LiveRow];
    const patch = table.commit([{ ...c, total: 40 }, a, b]);
    // a and b only moved: the patch carries their placement alone.
    expect(patch.rows.filter((r) => r.partial === true).map((r) => r.competitor)).toEqual([
      'a',
      'b',
    ]);
    expect(Object.keys(patch.rows[1] ?? {})).not.toContain('marks');
    socket.push('patch', patch);

    expectInStep(live, table);
    expect(live.rows[1]).toEqual({ ...a, position: 1, rank: 2 });
    expect(live.rows.some((r) => 'partial' in r)).toBe(false);
    expect(client.stats).toMatchObject({ patches: 1, hashMismatches: 0 });
  });

  it('on reconnect subscribes again with the rev and hash held and catches up', () => {
    const { socket, table, client } = setup();
    const live = client.subscribe(KEY);
    const statuses: string[] = [];
    live.onChange((state) => statuses.push(state.status));

    socket.drop();
    expect(live.status).toBe('offline');
    const heldHash = table.hash();
    table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]);
    table.commit([entry('c', 50), entry('a', 31), entry('b', 20)]);

    socket.server = () => undefined; // answer by hand, to see the table catching up
    socket.reconnect();
    const [, resubscribe] = socket.sent as [Sent, Sent];
    expect(resubscribe.request).toEqual({ ...KEY, rev: 1, hash: heldHash });
    expect(live.status).toBe('syncing');
    expect(live.rev).toBe(1);
    socket.answer(resubscribe, table.reply(resubscribe.request as SubscribeRequest));
    expectInStep(live, table);
    expect(statuses).toEqual(['offline', 'syncing', 'live']);
    expect(client.stats).toMatchObject({ resyncs: 1, patches: 2, snapshots: 1, timeouts: 0 });

    // Nothing new: the server answers "current".
    socket.server = (_event, request) => table.reply(request as SubscribeRequest);
    socket.drop();
    socket.reconnect();
    expect(socket.subscribes()[2]).toEqual({ ...KEY, rev: 3, hash: table.hash() });
    expect(live.status).toBe('live');
    expect(client.stats).toMatchObject({ resyncs: 2, patches: 2, snapshots: 1 });
  });

  it('asks for a snapshot when "current" names another revision than the one held', () => {
    const { socket, table, client } = setup();
    const live = client.subscribe(KEY);
    socket.drop();
    const heldHash = table.hash();
    table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]);
    socket.server = (_event, request) =>
      'rev' in request
        ? { ok: true, sync: 'current', rev: table.rev, hash: table.hash() }
        : table.reply(request as SubscribeRequest);
    socket.reconnect();

    expect(socket.subscribes().slice(1)).toEqual([{ ...KEY, rev: 1, hash: heldHash }, KEY]);
    expectInStep(live, table);
    expect(client.stats).toMatchObject({ snapshots: 2, resyncs: 2 });
  });

  it('records a refusal on the handle and does not retry', () => {
    const { socket, client } = setup();
    const error: ErrorBody = { code: 'not_found', message: 'no such event', details: [] };
    socket.server = () => ({ ok: false, error }) satisfies SubscribeReply;
    const live = client.subscribe(KEY);

    expect(live.status).toBe('error');
    expect(live.error).toEqual(error);
    socket.push('patch', new ServerTable([entry('a', 1)]).commit([entry('a', 2)]));
    expect(live.rev).toBeNull();
    expect(socket.subscribes()).toHaveLength(1);
    expect(client.stats).toMatchObject({ errors: 1, patches: 0, resyncs: 0 });
  });

  it('stops asking for snapshots that keep hashing differently', () => {
    const { socket, table, client } = setup();
    socket.server = () => ({
      ok: true,
      sync: 'snapshot',
      snapshot: { ...table.snapshot(), hash: '0'.repeat(64) },
    });
    const live = client.subscribe(KEY);

    expect(live.status).toBe('error');
    expect(live.error?.code).toBe('hash_mismatch');
    expect(socket.subscribes()).toHaveLength(3);
    expect(client.stats).toMatchObject({ hashMismatches: 3, snapshots: 0 });

    // A reconnect tries once more (with a snapshot), and a good one puts it back live.
    socket.server = (_event, request) => table.reply(request as SubscribeRequest);
    socket.drop();
    socket.reconnect();
    expect(socket.subscribes()[3]).toEqual(KEY);
    expect(live.status).toBe('live');
    expect(live.error).toBeNull();
    expectInStep(live, table);
  });

  it('with verify off applies patches without hashing', () => {
    const { socket, table, client } = setup(undefined, { verify: false });
    const live = client.subscribe(KEY);
    const p2 = table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]);
    socket.push('patch', { ...p2, rows: [{ ...p2.rows[0], total: 999 }] });

    expect(live.rev).toBe(2);
    expect(live.rows[0]?.['total']).toBe(999);
    expect(client.stats).toMatchObject({ patches: 1, hashMismatches: 0, resyncs: 0 });
  });

  it('keeps a table without teams at null, and applies team rows when there are some', () => {
    const meta: LiveMeta = { name: 'Final', phase: 'provisional', names: true, reveal: null };
    const plain = setup(new ServerTable([entry('a', 30), entry('b', 20)], null, meta));
    const live = plain.client.subscribe(KEY);
    plain.socket.push('patch', plain.table.commit([entry('b', 40), entry('a', 30)]));
    expect(plain.table.history[0]?.teams).toEqual([]);
    expect(live.teams).toBeNull();
    expect(live.meta).toEqual(meta);
    expect(live.name).toBe('Final');
    expectInStep(live, plain.table);

    const withTeams = setup(
      new ServerTable([entry('a', 30), entry('b', 20)], [entry('T1', 50), entry('T2', 40)]),
    );
    const teamed = withTeams.client.subscribe(KEY);
    withTeams.socket.push(
      'patch',
      withTeams.table.commit([entry('a', 30), entry('b', 20)], [entry('T2', 60), entry('T3', 1)]),
    );
    expect(teamed.teams).toEqual(withTeams.table.teams);
    expect(teamed.teams?.map((t) => t.competitor)).toEqual(['T2', 'T3']);
    expectInStep(teamed, withTeams.table);
    expect(withTeams.client.stats).toMatchObject({ patches: 1, hashMismatches: 0 });
  });

  it('after a lost answer subscribes again on the next connect (or the next patch)', () => {
    const { socket, table, client } = setup();
    socket.server = () => undefined;
    const live = client.subscribe(KEY);
    socket.expire();
    expect(client.stats.timeouts).toBe(1);
    expect(live.status).toBe('connecting');
    expect(socket.subscribes()).toHaveLength(1);

    socket.server = (_event, request) => table.reply(request as SubscribeRequest);
    socket.drop();
    socket.reconnect();
    expect(socket.subscribes()).toHaveLength(2);
    expectInStep(live, table);

    // A lost answer while the socket stays up: the next patch for the table asks again.
    socket.server = () => undefined;
    socket.drop();
    socket.reconnect();
    socket.expire();
    socket.server = (_event, request) => table.reply(request as SubscribeRequest);
    socket.push('patch', table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]));
    expect(socket.subscribes()).toHaveLength(4);
    expectInStep(live, table);
    expect(live.status).toBe('live');
  });

  it('shares one handle per key, unsubscribes with the last one, and close removes listeners', () => {
    const { socket, table, client } = setup();
    const base = socket.listeners();
    expect(base).toBe(4);
    const one = client.subscribe(KEY);
    const two = client.subscribe({ competitionId: COMPETITION, scope: SCOPE });
    expect(two).toBe(one);
    expect(socket.subscribes()).toHaveLength(1);
    const other = client.subscribe({ ...KEY, view: 'official' });
    expect(other).not.toBe(one);

    one.unsubscribe();
    expect(socket.sent.filter((s) => s.event === 'unsubscribe')).toHaveLength(0);
    two.unsubscribe();
    expect(socket.sent.filter((s) => s.event === 'unsubscribe').map((s) => s.request)).toEqual([
      KEY,
    ]);
    socket.push('patch', table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]));
    expect(one.rev).toBe(1);
    expect(client.subscribe(KEY)).not.toBe(one);

    const disconnect = vi.spyOn(socket, 'disconnect');
    client.close();
    expect(socket.listeners()).toBe(0);
    expect(disconnect).not.toHaveBeenCalled();
    expect(socket.sent.filter((s) => s.event === 'unsubscribe')).toHaveLength(3);
    expect(() => client.subscribe(KEY)).toThrow(/closed/);

    const second = setup();
    second.client.close({ disconnect: true });
    expect(second.socket.disconnected).toBe(true);
  });
});

describe('LiveClient.watch', () => {
  const competition = (at: string, rev: number, id = COMPETITION): LiveCompetition => ({
    competitionId: id,
    name: 'Cup',
    events: [{ id: SCOPE, name: 'Event 1', day: 1, phase: 'provisional', rev }],
    overall: [],
    at,
  });

  it('holds the latest competition from the answer and from matching events', () => {
    const socket = new FakeSocket();
    socket.server = (event) =>
      event === 'watch'
        ? ({ ok: true, competition: competition('2025-06-01T10:00:00Z', 1) } satisfies WatchReply)
        : undefined;
    const client = new LiveClient(socket as unknown as LiveSocket);
    const watch = client.watch(COMPETITION);
    expect(client.watch(COMPETITION)).toBe(watch);
    expect(watch.status).toBe('live');
    expect(watch.competition?.events[0]?.rev).toBe(1);

    socket.push('competition', competition('2025-06-01T10:00:05Z', 2));
    socket.push('competition', competition('2025-06-01T10:00:09Z', 9, 'other'));
    socket.push('competition', competition('2025-06-01T10:00:01Z', 1)); // older
    expect(watch.competition?.events[0]?.rev).toBe(2);

    socket.drop();
    expect(watch.status).toBe('offline');
    socket.reconnect();
    expect(socket.sent.filter((s) => s.event === 'watch')).toHaveLength(2);
    expect(watch.status).toBe('live');
  });

  it('records a refusal', () => {
    const socket = new FakeSocket();
    const error: ErrorBody = { code: 'forbidden', message: 'no', details: [] };
    socket.server = () => ({ ok: false, error });
    const watch = new LiveClient(socket as unknown as LiveSocket).watch(COMPETITION);
    expect(watch.status).toBe('error');
    expect(watch.error).toEqual(error);
  });
});

describe('table state (pure)', () => {
  const snapshotOf = (table: ServerTable) => tableFromSnapshot(table.snapshot());

  it('hashes like the server and rehashes only the rows that changed', () => {
    const table = new ServerTable(Array.from({ length: 50 }, (_, i) => entry(`r${i}`, 100 - i)));
    const held = snapshotOf(table);
    const digests = new RowDigests();
    expect(hashTable(held, digests)).toBe(table.hash());
    expect(digests.computed).toBe(50);

    const next = table.rows.map((row) => (row.competitor === 'r7' ? { ...row, total: 94 } : row));
    const outcome = applyPatch(held, table.commit(next));
    if (outcome.kind !== 'applied') throw new Error(outcome.kind);
    expect(hashTable(outcome.table, digests)).toBe(table.hash());
    expect(digests.computed).toBe(51);
  });

  it('tells duplicates, gaps and placements of unknown rows apart', () => {
    const table = new ServerTable([entry('a', 2), entry('b', 1)]);
    const held = snapshotOf(table);
    const p2 = table.commit([entry('a', 3), entry('b', 1)]);
    const p3 = table.commit([entry('a', 3), entry('b', 4)]);
    expect(applyPatch(held, p3).kind).toBe('gap');
    const applied = applyPatch(held, p2);
    if (applied.kind !== 'applied') throw new Error(applied.kind);
    expect(applyPatch(applied.table, p2).kind).toBe('duplicate');
    expect(applied.table.rows).toEqual(placed([entry('a', 3), entry('b', 1)]));

    const stray: LivePatch = {
      ...p2,
      rows: [{ competitor: 'zz', position: 0, rank: 1, tie: false, partial: true }],
    };
    expect(applyPatch(held, stray)).toEqual({ kind: 'inconsistent', competitor: 'zz' });
    // The table held is not touched.
    expect(held.rows).toEqual(placed([entry('a', 2), entry('b', 1)]));
  });

  it('removes rows and orders by position', () => {
    const table = new ServerTable([entry('a', 3), entry('b', 2), entry('c', 1)]);
    const held = snapshotOf(table);
    const outcome = applyPatch(held, table.commit([entry('c', 9), entry('a', 3)]));
    if (outcome.kind !== 'applied') throw new Error(outcome.kind);
    expect(outcome.table.rows.map((r) => r.competitor)).toEqual(['c', 'a']);
    expect(hashTable(outcome.table)).toBe(table.hash());
  });
});
