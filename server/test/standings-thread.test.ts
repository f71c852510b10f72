/**
 * Standings recomputed in a thread of their own (src/standings-thread/), as `npm start` does on
 * Postgres: a mark's revision reaches the server's listeners from the thread, and the stored
 * tables equal a recompute; a freeze (a recompute asked for and waited on) answers with its
 * revisions; a thread that dies is started again and what was asked of it is answered, or
 * refused if the server closes first; the thread's errors cross with their codes; closing the
 * server ends the thread.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Standings } from '../src/contract/api.ts';
import type { PublishedPatch } from '../src/standings/publisher.ts';
import { crossing, uncrossed } from '../src/standings-thread/messages.ts';
import { ThreadPublisher } from '../src/standings-thread/parent.ts';
import { buildFixture, startHarness, type Fixture, type Harness } from './harness.ts';
import { mark, sheetId } from './helpers.ts';
import { waitFor } from './live-rig.ts';

const C = 'thread';

describe('standings in a thread of their own (Postgres)', () => {
  let h: Harness;
  let f: Fixture;
  let heard: PublishedPatch[];
  const thread = (): ThreadPublisher => {
    const p = h.server.publisher;
    if (!(p instanceof ThreadPublisher)) throw new Error('the server has no standings thread');
    return p;
  };
  const standings = async (): Promise<Standings> =>
    (await h.call('GET', `/api/competitions/${C}/events/battery/standings`)).body as Standings;

  beforeEach(async () => {
    h = await startHarness('postgres', { standingsThread: true });
    heard = [];
    h.server.listeners.revision.add((p) => heard.push(p));
    f = await buildFixture(h, C);
    await h.server.publisher.settle();
  });
  afterEach(async () => {
    await h.close();
  });

  it("stores a mark's revision from the thread and hands it to the server's listeners", async () => {
    const before = await standings();
    heard.length = 0;
    await mark(h, f, f.judges['J1'], await sheetId(h, f, 'J1', 'E2'), 'seal', 33.5);
    await h.server.publisher.settle();
    const after = await standings();
    expect(after.rev).toBeGreaterThan(before.rev);
    const mine = heard.filter((p) => p.scope === 'battery' && p.view === 'public');
    expect(mine.at(-1)).toMatchObject({ competitionId: C, rev: after.rev, hash: after.hash });
    // What the thread stored is what a recompute gives.
    const verify = await h.call('GET', '/api/audit/verify', { token: f.organizer });
    expect(verify.body).toMatchObject({ ok: true, standings: { ok: true } });
  });

  it('answers a recompute asked for, with the revisions it stored', async () => {
    // Only the recompute asked for publishes here: the mark's own touch would race it.
    thread().touch = () => undefined;
    const changed = await h.server.publisher.recompute(C);
    expect(changed).toEqual([]);
    await mark(h, f, f.judges['J2'], await sheetId(h, f, 'J2', 'E3'), 'balance', 21);
    const asked = await h.server.publisher.recompute(C, { snapshot: true });
    const head = await standings();
    expect(asked.some((p) => p.scope === 'battery' && p.rev === head.rev)).toBe(true);
  });

  it('starts the thread again when it dies, and answers what was asked of the one that died', async () => {
    const first = thread().threadId;
    await thread().crash();
    // Asked while no thread runs: answered by the next one.
    await mark(h, f, f.judges['J3'], await sheetId(h, f, 'J3', 'E4'), 'seal', 12);
    const asked = h.server.publisher.recompute(C);
    await waitFor(() => thread().threadId !== first, 'another standings thread');
    await asked;
    await h.server.publisher.settle();
    const verify = await h.call('GET', '/api/audit/verify', { token: f.organizer });
    expect(verify.body).toMatchObject({ ok: true, standings: { ok: true } });
    // And it takes touches: the next mark is published without being asked.
    heard.length = 0;
    await mark(h, f, f.judges['J1'], await sheetId(h, f, 'J1', 'E5'), 'seal', 7);
    await waitFor(() => heard.some((p) => p.scope === 'battery'), 'the next revision');
  });

  it('ends the thread when the server closes, and refuses what is asked after', async () => {
    const p = thread();
    expect(p.running).toBe(true);
    await h.server.close();
    expect(p.running).toBe(false);
    await expect(p.recompute(C)).rejects.toThrow(/closed/);
    // Closing again is the same close.
    await h.server.close();
  });

  it('refuses, on close, what was asked of a thread that died and was not started again', async () => {
    const p = thread();
    await p.crash();
    await waitFor(() => !p.running, 'the thread to end');
    // Asked while the next thread is not yet started, then the server closes before it is.
    const asked = p.recompute(C);
    await h.server.close();
    await expect(asked).rejects.toThrow(/ended/);
  });
});

describe("a standings thread's errors", () => {
  it('cross with their message and the code that says the database is down', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), {
      cause: Object.assign(new Error('inner'), { code: 'ECONNREFUSED' }),
    });
    const back = uncrossed(crossing(down)) as Error & { code?: string };
    expect(back.message).toBe('connect ECONNREFUSED');
    expect(back.code).toBe('ECONNREFUSED');
    expect(uncrossed(crossing('plain')).message).toBe('plain');
  });
});
