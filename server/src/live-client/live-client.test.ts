import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
import type { SideChange } from '../contract/patch.ts';
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

/** Rows placed by their order, keeping the ranks and ties they were given (ties share a rank). */
function asRanked(rows: readonly LiveRow[]): LiveRow[] {
  return rows.map((row, position) => ({ ...row, position }));
}

const PLACEMENT = new Set(['position', 'rank', 'tie']);
const body = (row: LiveRow): string =>
  canonical(Object.fromEntries(Object.entries(row).filter(([k]) => !PLACEMENT.has(k))));

/** A whole row as a patch carries it: every field but its position (the order carries it). */
const whole = (row: LiveRow): LiveRowChange =>
  Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'position')) as LiveRowChange;

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

  /**
   * Commits the next standings (in order; ranked by order unless `place` says otherwise; teams
   * always by order) and returns the patch it publishes.
   */
  commit(
    next: readonly LiveRow[],
    nextTeams?: readonly LiveRow[],
    place: (rows: readonly LiveRow[]) => LiveRow[] = placed,
  ): LivePatch {
    const rows = place(next);
    const teams = nextTeams ? placed(nextTeams) : this.teams;
    const rowsChange = diffSide(this.rows, rows);
    const teamsChange = diffSide(this.teams ?? [], teams ?? []);
    const patch: LivePatch = {
      ...KEY,
      rev: this.rev + 1,
      baseRev: this.rev,
      hash: '',
      meta: this.meta,
      ...(rowsChange === undefined ? {} : { rows: rowsChange }),
      ...(teamsChange === undefined ? {} : { teams: teamsChange }),
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

/**
 * Indices of a longest strictly increasing subsequence of `seq`, the earliest such on ties
 * (quadratic: the test's own, independent of the server's encoder).
 */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const length = seq.map(() => 1);
  const prev = seq.map(() => -1);
  let end = -1;
  seq.forEach((v, i) => {
    for (let j = 0; j < i; j++) {
      if ((seq[j] as number) < v && (length[j] as number) + 1 > (length[i] as number)) {
        length[i] = (length[j] as number) + 1;
        prev[i] = j;
      }
    }
    if (end < 0 || (length[i] as number) > (length[end] as number)) end = i;
  });
  const out = new Set<number>();
  for (let i = end; i >= 0; i = prev[i] as number) out.add(i);
  return out;
}

/**
 * The change from one ordering of a side to the next, as contract/patch.ts describes it:
 * removed keys; moved = rows outside a longest run that kept its order (and new rows), at their
 * new index, ascending; rank ranges for rows whose rank alone shifted; whole rows where content
 * changed (or the row is new), placements where the rank or tie changed another way.
 */
function diffSide(old: readonly LiveRow[], next: readonly LiveRow[]): SideChange | undefined {
  const nextIndex = new Map(next.map((row, i) => [row.competitor, i]));
  const before = new Map(old.map((row) => [row.competitor, row]));
  const removed = old.filter((row) => !nextIndex.has(row.competitor)).map((r) => r.competitor);
  const kept = old.filter((row) => nextIndex.has(row.competitor));
  const inOrder = longestIncreasing(kept.map((row) => nextIndex.get(row.competitor) as number));
  const stable = new Set(kept.filter((_, i) => inOrder.has(i)).map((row) => row.competitor));
  const moved: [string, number][] = [];
  const ranks: [number, number, number][] = [];
  const set: LiveRowChange[] = [];
  next.forEach((row, i) => {
    if (!stable.has(row.competitor)) moved.push([row.competitor, i]);
    const was = before.get(row.competitor);
    if (was === undefined || body(was) !== body(row)) {
      set.push(whole(row));
      return;
    }
    const [rank, wasRank] = [row['rank'], was['rank']];
    const sameTie = canonical(was['tie']) === canonical(row['tie']);
    if (sameTie && rank === wasRank) return;
    if (sameTie && typeof rank === 'number' && typeof wasRank === 'number') {
      const delta = rank - wasRank;
      const last = ranks[ranks.length - 1];
      if (last?.[1] === i - 1 && last[2] === delta) last[1] = i;
      else ranks.push([i, i, delta]);
      return;
    }
    set.push({ competitor: row.competitor, rank, tie: row['tie'], partial: true });
  });
  const change: SideChange = {
    ...(set.length > 0 ? { set } : {}),
    ...(moved.length > 0 ? { moved } : {}),
    ...(ranks.length > 0 ? { ranks } : {}),
    ...(removed.length > 0 ? { removed } : {}),
  };
  return Object.keys(change).length > 0 ? change : undefined;
}

/** The patch with its first whole row's total changed after the server hashed it. */
function tampered(patch: LivePatch): LivePatch {
  const [first, ...rest] = patch.rows?.set ?? [];
  if (first === undefined) throw new Error('the patch sets no row');
  return { ...patch, rows: { ...patch.rows, set: [{ ...first, total: 999 }, ...rest] } };
}

// ── a fake socket: on/off, server events, emit with acks (and timeout(ms).emit) ─────────────

type Handler = (...args: unknown[]) => void;
interface Sent {
  readonly event: string;
  readonly request: Record<string, unknown>;
  /** Answered, or dropped with the connection. */
  answered: boolean;
  reply(reply: unknown): void;
  fail(error: Error): void;
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

  /** An ack without a timeout: answered, or dropped unseen when the connection goes. */
  emit(event: string, request: unknown, ack: (reply: unknown) => void): this {
    this.#send(event, request, ack, () => undefined);
    return this;
  }

  timeout(ms: number): {
    emit: (
      event: string,
      request: unknown,
      ack: (err: Error | null, reply?: unknown) => void,
    ) => void;
  } {
    this.ackTimeouts.push(ms);
    return {
      emit: (event, request, ack) => {
        this.#send(
          event,
          request,
          (reply) => {
            ack(null, reply);
          },
          (error) => {
            ack(error);
          },
        );
      },
    };
  }

  #send(
    event: string,
    request: unknown,
    reply: (reply: unknown) => void,
    fail: (error: Error) => void,
  ): void {
    const sent: Sent = {
      event,
      request: request as Record<string, unknown>,
      answered: false,
      reply,
      fail,
    };
    this.sent.push(sent);
    const answer = this.server(event, sent.request);
    if (answer !== undefined) this.answer(sent, answer);
  }

  disconnect(): this {
    this.disconnected = true;
    this.drop();
    return this;
  }

  connect(): this {
    this.disconnected = false;
    this.reconnect();
    return this;
  }

  answer(sent: Sent, reply: unknown): void {
    if (sent.answered) throw new Error('answered twice, or after its connection went');
    sent.answered = true;
    sent.reply(reply);
  }

  /** A server event. */
  push(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.#handlers.get(event) ?? [])]) handler(...args);
  }

  /** The connection drops: "disconnect", then pending acks fail or go (as socket.io-client does). */
  drop(): void {
    this.connected = false;
    this.push('disconnect', 'transport close');
    for (const sent of this.sent) {
      if (!sent.answered) {
        sent.answered = true;
        sent.fail(new Error('socket has been disconnected'));
      }
    }
  }

  reconnect(): void {
    this.connected = true;
    this.push('connect');
  }

  listeners(): number {
    let n = 0;
    for (const set of this.#handlers.values()) n += set.size;
    return n;
  }

  subscribes(): Record<string, unknown>[] {
    return this.sent.filter((s) => s.event === 'subscribe').map((s) => s.request);
  }

  /** Requests of `event` not answered yet. */
  pending(event = 'subscribe'): Sent[] {
    return this.sent.filter((s) => s.event === event && !s.answered);
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

  it('takes a seed snapshot fetched over HTTP and subscribes from it; refuses a seed that does not hash', () => {
    const { socket, table, client } = setup();
    socket.connected = false;
    const live = client.subscribe(KEY);
    const [a, b, c] = table.rows as [LiveRow, LiveRow, LiveRow];
    // A seed whose rows are not the ones its hash covers is not taken.
    expect(live.seed({ ...table.snapshot(), rows: [{ ...a, total: 99 }, b, c] })).toBe(false);
    expect(live.seed({ ...table.snapshot(), scope: 'other' })).toBe(false);
    expect(live.rev).toBeNull();
    const seed = table.snapshot();
    expect(live.seed(seed)).toBe(true);
    expectInStep(live, table);
    expect(live.status).toBe('connecting');
    // Older than what it holds now: left alone.
    expect(live.seed(seed)).toBe(false);
    socket.push('patch', table.commit([a, { ...b, total: 35 }, c]));
    socket.reconnect();
    // Subscribed with the seed's revision and hash: answered with the one patch since.
    expect(socket.subscribes()).toEqual([{ ...KEY, rev: seed.rev, hash: seed.hash }]);
    expect(live.status).toBe('live');
    expectInStep(live, table);
    expect(client.stats).toMatchObject({ snapshots: 1, patches: 1, hashMismatches: 0 });
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
    socket.push('patch', tampered(p2));

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

  it('applies a jump over several rows as one move, one rank range and one row', () => {
    const { socket, table, client } = setup(
      new ServerTable([
        entry('a', 60, { marks: [10, 20] }),
        entry('b', 50, { marks: [5] }),
        entry('c', 40),
        entry('d', 30),
        entry('e', 20),
        entry('f', 10),
      ]),
    );
    const live = client.subscribe(KEY);
    const before = live.rows;
    const [a, b, c, d, e, f] = table.rows as [LiveRow, LiveRow, LiveRow, LiveRow, LiveRow, LiveRow];
    const patch = table.commit([a, { ...f, total: 55 }, b, c, d, e]);
    // b to e only shift: no row of theirs travels, only the rank range.
    expect(patch.rows).toEqual({
      set: [{ competitor: 'f', rank: 2, tie: false, name: 'N f', total: 55 }],
      moved: [['f', 1]],
      ranks: [[2, 5, 1]],
    });
    expect(patch.teams).toBeUndefined();
    socket.push('patch', patch);
    expectInStep(live, table);
    // A row whose place did not change keeps its object (its digest stays cached).
    expect(live.rows[0]).toBe(before[0]);
    expect(live.rows[2]).toEqual({ ...b, position: 2, rank: 3 });

    // The top row falls to the bottom past five others, and a new row comes in on top: the
    // rows in between keep their places, ranks and objects.
    const held = live.rows;
    const top = table.commit([entry('g', 99), ...table.rows.slice(1), { ...a, total: 1 }]);
    expect(top.rows).toEqual({
      set: [
        { competitor: 'g', rank: 1, tie: false, name: 'N g', total: 99 },
        { competitor: 'a', rank: 7, tie: false, name: 'N a', total: 1, marks: [10, 20] },
      ],
      moved: [
        ['g', 0],
        ['a', 6],
      ],
    });
    socket.push('patch', top);
    expectInStep(live, table);
    expect(live.rows.slice(1, 6)).toEqual(held.slice(1, 6));
    live.rows.slice(1, 6).forEach((row, i) => {
      expect(row).toBe(held[i + 1]);
    });
    expect(client.stats).toMatchObject({ patches: 2, hashMismatches: 0 });
  });

  it('merges a placement into the row held, removes and adds rows, and applies team rows', () => {
    const { socket, table, client } = setup(
      new ServerTable(
        [entry('a', 30, { marks: [10, 20] }), entry('b', 20), entry('c', 10), entry('d', 5)],
        [entry('T1', 50), entry('T2', 40)],
      ),
    );
    const live = client.subscribe(KEY);
    const [a, b, , d] = table.rows as [LiveRow, LiveRow, LiveRow, LiveRow];
    // b draws level with a (a's tie changes, nothing else of it); c goes; e comes in third.
    const patch = table.commit(
      [
        { ...a, rank: 1, tie: true },
        { ...b, total: 30, rank: 1, tie: true },
        entry('e', 8, { rank: 3 }),
        { ...d, rank: 4 },
      ],
      [entry('T2', 60), entry('T1', 50), entry('T3', 1)],
      asRanked,
    );
    expect(patch.rows).toEqual({
      set: [
        { competitor: 'a', rank: 1, tie: true, partial: true },
        { competitor: 'b', rank: 1, tie: true, name: 'N b', total: 30 },
        { competitor: 'e', rank: 3, tie: false, name: 'N e', total: 8 },
      ],
      moved: [['e', 2]],
      removed: ['c'],
    });
    expect(patch.teams).toEqual({
      set: [
        { competitor: 'T2', rank: 1, tie: false, name: 'N T2', total: 60 },
        { competitor: 'T3', rank: 3, tie: false, name: 'N T3', total: 1 },
      ],
      moved: [
        ['T2', 0],
        ['T3', 2],
      ],
      ranks: [[1, 1, 1]],
    });
    socket.push('patch', patch);

    expectInStep(live, table);
    expect(live.rows[0]).toEqual({ ...a, position: 0, rank: 1, tie: true });
    expect(live.rows.some((r) => 'partial' in r)).toBe(false);
    expect(live.teams).toEqual(table.teams);
    expect(client.stats).toMatchObject({ patches: 1, hashMismatches: 0 });
  });

  it('takes a patch that does not fit the table held as a mismatch and resyncs', () => {
    const { socket, table, client } = setup();
    const live = client.subscribe(KEY);
    const p2 = table.commit([entry('c', 50), entry('a', 30), entry('b', 20)]);
    socket.push('patch', { ...p2, rows: { ...p2.rows, moved: [['c', 7]] } });

    expect(socket.subscribes()[1]).toEqual(KEY); // no rev: a snapshot
    expectInStep(live, table);
    expect(client.stats).toMatchObject({ hashMismatches: 1, snapshots: 2, patches: 0 });
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
    socket.push('patch', tampered(p2));

    expect(live.rev).toBe(2);
    expect(live.rows[0]?.['total']).toBe(999);
    expect(client.stats).toMatchObject({ patches: 1, hashMismatches: 0, resyncs: 0 });
  });

  it('keeps a table without teams at null, and applies team rows when there are some', () => {
    const meta: LiveMeta = { name: 'Final', phase: 'provisional', names: true, reveal: null };
    const plain = setup(new ServerTable([entry('a', 30), entry('b', 20)], null, meta));
    const live = plain.client.subscribe(KEY);
    plain.socket.push('patch', plain.table.commit([entry('b', 40), entry('a', 30)]));
    expect(plain.table.history[0]?.teams).toBeUndefined();
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

    // A table without teams gets some: the change applies to an empty side.
    const later = setup(new ServerTable([entry('a', 30)]));
    const grown = later.client.subscribe(KEY);
    expect(grown.teams).toBeNull();
    later.socket.push('patch', later.table.commit([entry('a', 30)], [entry('T1', 5)]));
    expect(grown.teams).toEqual(later.table.teams);
    expect(grown.teams).toHaveLength(1);
    expectInStep(grown, later.table);
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

describe('LiveClient when answers do not come', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const UNAVAILABLE_REPLY = {
    ok: false,
    error: { code: 'unavailable', message: 'not now', details: [] },
  } as const;

  it('asks again after 5 s without an answer, then after 10 s, 20 s, and takes a late answer to an earlier attempt', () => {
    const { socket, table, client } = setup(undefined, { reconnectAfter: 0 });
    socket.server = () => undefined;
    const live = client.subscribe(KEY);
    expect(socket.subscribes()).toHaveLength(1);
    vi.advanceTimersByTime(4_999);
    expect(socket.subscribes()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(socket.subscribes()).toHaveLength(2);
    vi.advanceTimersByTime(9_999);
    expect(socket.subscribes()).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(socket.subscribes()).toHaveLength(3);
    vi.advanceTimersByTime(20_000);
    expect(socket.subscribes()).toHaveLength(4);
    // Capped at 30 s.
    vi.advanceTimersByTime(30_000);
    expect(socket.subscribes()).toHaveLength(5);
    expect(socket.subscribes().every((r) => canonical(r) === canonical(KEY))).toBe(true);
    expect(client.stats.timeouts).toBe(4);
    expect(live.status).toBe('connecting');

    // The first attempt's answer arrives at last: it counts, and the asking stops.
    const [first] = socket.pending();
    if (!first) throw new Error('no pending subscribe');
    socket.answer(first, table.reply(first.request as SubscribeRequest));
    expect(live.status).toBe('live');
    expectInStep(live, table);
    vi.advanceTimersByTime(120_000);
    expect(socket.subscribes()).toHaveLength(5);
    // Answers to the other attempts change nothing.
    const p2 = table.commit([entry('a', 31), entry('b', 20), entry('c', 10)]);
    socket.push('patch', p2);
    for (const sent of socket.pending()) socket.answer(sent, table.reply({ ...KEY }));
    expectInStep(live, table);
    expect(client.stats.snapshots).toBe(1);
  });

  it('waits as configured: ackTimeoutMs doubling up to maxAckTimeoutMs', () => {
    const { socket, client } = setup(undefined, {
      ackTimeoutMs: 1_000,
      maxAckTimeoutMs: 3_000,
      reconnectAfter: 0,
    });
    socket.server = () => undefined;
    client.subscribe(KEY);
    const at: number[] = [];
    for (let ms = 1; ms <= 12_000; ms++) {
      const before = socket.subscribes().length;
      vi.advanceTimersByTime(1);
      if (socket.subscribes().length > before) at.push(ms);
    }
    expect(at).toEqual([1_000, 3_000, 6_000, 9_000, 12_000]);
  });

  it('asks again later when the server answers "unavailable", without showing an error', () => {
    const { socket, table, client } = setup();
    const answers: unknown[] = [UNAVAILABLE_REPLY, UNAVAILABLE_REPLY];
    socket.server = (_event, request) =>
      answers.shift() ?? table.reply(request as SubscribeRequest);
    const live = client.subscribe(KEY);
    expect(live.status).toBe('connecting');
    expect(live.error).toBeNull();
    expect(client.stats.unavailable).toBe(1);
    vi.advanceTimersByTime(5_000);
    expect(socket.subscribes()).toHaveLength(2);
    expect(client.stats.unavailable).toBe(2);
    vi.advanceTimersByTime(10_000);
    expect(socket.subscribes()).toHaveLength(3);
    expect(live.status).toBe('live');
    expectInStep(live, table);
    expect(client.stats.errors).toBe(0);
    expect(client.stats.timeouts).toBe(0);
    expect(client.stats.reconnects).toBe(0);
  });

  it('reopens a connection that answers nothing for three attempts, and subscribes again on the new one', () => {
    const { socket, table, client } = setup();
    socket.server = () => undefined;
    const live = client.subscribe(KEY);
    const watch = client.watch(COMPETITION);
    vi.advanceTimersByTime(5_000 + 10_000 + 20_000 - 1);
    expect(client.stats.reconnects).toBe(0);
    socket.server = (event, request) =>
      event === 'subscribe'
        ? table.reply(request as SubscribeRequest)
        : {
            ok: true,
            competition: {
              competitionId: COMPETITION,
              name: 'Cup',
              events: [],
              overall: [],
              at: '2025-06-01T10:00:00Z',
            },
          };
    vi.advanceTimersByTime(1);
    expect(client.stats.reconnects).toBe(1);
    expect(socket.disconnected).toBe(false);
    expect(socket.connected).toBe(true);
    expect(live.status).toBe('live');
    expectInStep(live, table);
    expect(watch.status).toBe('live');
    // Nothing left asking on the old connection.
    vi.advanceTimersByTime(120_000);
    expect(client.stats.reconnects).toBe(1);
  });

  it('keeps a connection the server talks on (other answers, patches), and keeps asking', () => {
    const { socket, table, client } = setup();
    socket.server = () => undefined;
    const live = client.subscribe(KEY);
    for (let i = 0; i < 6; i++) {
      vi.advanceTimersByTime(4_000);
      socket.push('patch', { ...table.commit([entry('a', 40 + i)]), scope: 'another' });
    }
    vi.advanceTimersByTime(120_000);
    expect(client.stats.reconnects).toBe(0);
    expect(socket.subscribes().length).toBeGreaterThan(4);
    expect(live.status).toBe('connecting');
  });

  it('stops asking when the connection drops, and asks again on the next connect', () => {
    const { socket, table, client } = setup();
    socket.server = () => undefined;
    const live = client.subscribe(KEY);
    socket.drop();
    expect(live.status).toBe('offline');
    vi.advanceTimersByTime(120_000);
    expect(socket.subscribes()).toHaveLength(1);
    expect(client.stats.reconnects).toBe(0);
    socket.server = (_event, request) => table.reply(request as SubscribeRequest);
    socket.reconnect();
    expect(socket.subscribes()).toHaveLength(2);
    expectInStep(live, table);
    expect(live.status).toBe('live');
  });

  it('asks again for a watch that is not answered, and after "unavailable"', () => {
    const socket = new FakeSocket();
    const answers: unknown[] = [undefined, UNAVAILABLE_REPLY];
    socket.server = (event) =>
      event === 'watch'
        ? answers.length > 0
          ? answers.shift()
          : {
              ok: true,
              competition: {
                competitionId: COMPETITION,
                name: 'Cup',
                events: [],
                overall: [],
                at: '2025-06-01T10:00:00Z',
              },
            }
        : undefined;
    const client = new LiveClient(socket as unknown as LiveSocket);
    const watch = client.watch(COMPETITION);
    expect(watch.status).toBe('connecting');
    vi.advanceTimersByTime(5_000);
    expect(watch.status).toBe('connecting');
    expect(watch.error).toBeNull();
    vi.advanceTimersByTime(10_000);
    expect(watch.status).toBe('live');
    expect(socket.sent.filter((s) => s.event === 'watch')).toHaveLength(3);
    expect(client.stats).toMatchObject({ timeouts: 1, unavailable: 1, errors: 0 });
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
    // Unchanged rows are the same objects as before.
    expect(outcome.table.rows.filter((row, i) => row === held.rows[i])).toHaveLength(49);
  });

  it('rehashes a jump: the mover and the rows it passed, no others', () => {
    const table = new ServerTable(Array.from({ length: 50 }, (_, i) => entry(`r${i}`, 100 - i)));
    const held = snapshotOf(table);
    const digests = new RowDigests();
    hashTable(held, digests);

    const next = table.rows.filter((row) => row.competitor !== 'r30');
    next.splice(10, 0, { ...(table.rows[30] as LiveRow), total: 91 });
    const patch = table.commit(next);
    expect(patch.rows).toEqual({
      set: [{ competitor: 'r30', rank: 11, tie: false, name: 'N r30', total: 91 }],
      moved: [['r30', 10]],
      ranks: [[11, 30, 1]],
    });
    const outcome = applyPatch(held, patch);
    if (outcome.kind !== 'applied') throw new Error(outcome.kind);
    expect(outcome.table.rows).toEqual(table.rows);
    expect(hashTable(outcome.table, digests)).toBe(table.hash());
    expect(digests.computed).toBe(50 + 21);
    const kept = outcome.table.rows.filter((row, i) => row === held.rows[i]);
    expect(kept.map((row) => row.position)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => i),
      ...Array.from({ length: 19 }, (_, i) => 31 + i),
    ]);
  });

  it('tells duplicates, gaps and changes that do not fit apart', () => {
    const table = new ServerTable([entry('a', 2), entry('b', 1)]);
    const held = snapshotOf(table);
    const p2 = table.commit([entry('a', 3), entry('b', 1)]);
    const p3 = table.commit([entry('a', 3), entry('b', 4)]);
    expect(applyPatch(held, p3).kind).toBe('gap');
    const applied = applyPatch(held, p2);
    if (applied.kind !== 'applied') throw new Error(applied.kind);
    expect(applyPatch(applied.table, p2).kind).toBe('duplicate');
    expect(applied.table.rows).toEqual(placed([entry('a', 3), entry('b', 1)]));

    const misfits: [SideChange, string][] = [
      // A placement for a row not held.
      [{ set: [{ competitor: 'zz', rank: 1, tie: false, partial: true }] }, 'zz'],
      // A new row without its content.
      [{ moved: [['zz', 0]] }, 'zz'],
      // A move past the end of the table.
      [{ moved: [['a', 5]] }, 'a'],
      // A rank shift past the end of the table.
      [{ ranks: [[1, 2, 1]] }, '2'],
    ];
    for (const [rows, competitor] of misfits) {
      expect(applyPatch(held, { ...p2, rows })).toEqual({ kind: 'inconsistent', competitor });
    }
    // In the team side too, also for a table without teams.
    const teams: SideChange = { set: [{ competitor: 'T9', rank: 1, tie: false, partial: true }] };
    expect(applyPatch(held, { ...p2, teams })).toEqual({ kind: 'inconsistent', competitor: 'T9' });
    // The table held is not touched.
    expect(held.rows).toEqual(placed([entry('a', 2), entry('b', 1)]));
  });

  it('removes rows and places the others by their index', () => {
    const table = new ServerTable([entry('a', 3), entry('b', 2), entry('c', 1)]);
    const held = snapshotOf(table);
    const outcome = applyPatch(held, table.commit([entry('c', 9), entry('a', 3)]));
    if (outcome.kind !== 'applied') throw new Error(outcome.kind);
    expect(outcome.table.rows.map((r) => r.competitor)).toEqual(['c', 'a']);
    expect(outcome.table.rows.map((r) => r.position)).toEqual([0, 1]);
    expect(hashTable(outcome.table)).toBe(table.hash());
  });
});
