/**
 * New events start private (issue 16): a competition whose events the organizer has not
 * published is in no public answer (list, summary, definition, scheme workbook, standings, the
 * board's HTTP snapshot) and no
 * public live stream (watch, subscribe), while its officials see it; publishing an event makes
 * it public, and an event added to a published competition starts private again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@skills/db/testing';
import type { CompetitionList, CompetitionSummary } from '../src/contract/api.ts';
import type { SubscribeReply, WatchReply } from '../src/contract/live.ts';
import { EV_DEFINITION, ORGANIZER, startHarness, type Harness } from './harness.ts';
import { startLive, type LiveRig } from './live-rig.ts';

const C = 'fresh';

describe.each(DATABASE_KINDS)('publishing events on %s', (kind) => {
  let h: Harness;
  let rig: LiveRig;
  let organizer: string;

  beforeEach(async () => {
    h = await startHarness(kind);
    rig = await startLive(h.server);
    organizer = await h.login('/api/auth/login', ORGANIZER);
    const created = await h.call('POST', '/api/competitions', {
      token: organizer,
      body: { id: C, name: '新建竞赛', definition: EV_DEFINITION },
    });
    expect(created.status).toBe(201);
    await h.server.publisher.settle();
  });
  afterEach(async () => {
    await rig.close();
    await h.close();
  });

  const listed = async (token?: string): Promise<string[]> =>
    (
      (await h.call('GET', '/api/competitions', { token })).body as CompetitionList
    ).competitions.map((c) => c.id);
  const publicAnswers = async (): Promise<number[]> =>
    Promise.all(
      [
        `/api/competitions/${C}`,
        `/api/competitions/${C}/definition`,
        `/api/competitions/${C}/definition/xlsx`,
        `/api/competitions/${C}/events/battery/standings?view=public`,
        `/api/live/${C}/battery/snapshot`,
      ].map(async (path) => (await h.call('GET', path)).status),
    );
  const ask = (
    event: 'subscribe' | 'watch',
    body: unknown,
  ): Promise<SubscribeReply | WatchReply> => {
    const socket = rig.socket();
    return new Promise((resolve) => {
      socket.emit(event, body as never, (reply: SubscribeReply | WatchReply) => {
        socket.disconnect();
        resolve(reply);
      });
    });
  };
  const publish = async (event: string, published: boolean): Promise<CompetitionSummary> => {
    const r = await h.call('PUT', `/api/competitions/${C}/events/${event}/settings`, {
      token: organizer,
      body: { published },
    });
    expect(r.status).toBe(200);
    return r.body as CompetitionSummary;
  };

  it('keeps a new competition out of every public answer and live stream until published', async () => {
    expect(await listed()).not.toContain(C);
    expect(await publicAnswers()).toEqual([404, 404, 404, 404, 404]);
    const watch = await ask('watch', { competitionId: C });
    expect(watch).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const sub = await ask('subscribe', { competitionId: C, scope: 'battery' });
    expect(sub).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // The organizer sees it, marked as not published.
    expect(await listed(organizer)).toContain(C);
    const own = (await h.call('GET', `/api/competitions/${C}`, { token: organizer }))
      .body as CompetitionSummary;
    expect(own.events.map((e) => e.published)).toEqual([false]);
    const official = await h.call(
      'GET',
      `/api/competitions/${C}/events/battery/standings?view=official`,
      {
        token: organizer,
      },
    );
    expect(official.status).toBe(200);

    const summary = await publish('battery', true);
    expect(summary.events.map((e) => e.published)).toEqual([true]);
    expect(await listed()).toContain(C);
    expect(await publicAnswers()).toEqual([200, 200, 200, 200, 200]);
    const after = await ask('subscribe', { competitionId: C, scope: 'battery' });
    expect(after).toMatchObject({ ok: true, snapshot: { meta: { phase: 'upcoming' } } });
    const watched = await ask('watch', { competitionId: C });
    expect(watched).toMatchObject({
      ok: true,
      competition: { events: [{ id: 'battery', phase: 'upcoming' }] },
    });
  });

  it('starts an event added to a published competition private, even once live', async () => {
    await publish('battery', true);
    const def = structuredClone(EV_DEFINITION) as { events: { id: string; name: string }[] };
    const added = { ...structuredClone(def.events[0]), id: 'second', name: '第二赛项' };
    def.events.push(added);
    const saved = await h.call('PUT', `/api/competitions/${C}/definition`, {
      token: organizer,
      body: { definition: def, expectedVersion: 1 },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const summary = saved.body as CompetitionSummary;
    expect(summary.events.map((e) => [e.id, e.published])).toEqual([
      ['battery', true],
      ['second', false],
    ]);
    const standings = (view: string) =>
      h.call('GET', `/api/competitions/${C}/events/second/standings?view=${view}`);
    expect((await standings('public')).status).toBe(403);
    // Live does not make an unpublished event public (publicVisible alone would have).
    const live = await h.call('POST', `/api/competitions/${C}/events/second/status`, {
      token: organizer,
      body: { from: 'setup', status: 'live' },
    });
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    await h.server.publisher.settle();
    expect((await standings('public')).status).toBe(403);
    const sub = await ask('subscribe', { competitionId: C, scope: 'second' });
    expect(sub).toMatchObject({ ok: true, snapshot: { rows: [], meta: { phase: 'hidden' } } });

    await publish('second', true);
    await h.server.publisher.settle();
    expect((await standings('public')).status).toBe(200);
    // And back: taking an event back hides it again.
    await publish('second', false);
    expect((await standings('public')).status).toBe(403);
  });
});
