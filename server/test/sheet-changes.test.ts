/**
 * GET /api/competitions/:competitionId/sheets/changes on both databases: the sheets of an event
 * changed after an audit cursor (marks and transitions), nothing when nothing changed, a reload
 * when assignments change, and refusals that name the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@skills/db/testing';
import type { Sheet } from '../src/contract/api.ts';
import { buildFixture, startHarness, type Fixture, type Harness } from './harness.ts';
import { expectErrorBody, mark, sheetsOf, submit, type SheetInfo } from './helpers.ts';

const C = 'changes';
describe.each(DATABASE_KINDS)('sheet changes on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let sheets: Map<string, SheetInfo>;
  const id = (judge: string, entrant: string): string =>
    sheets.get(`${judge}|${entrant}`)?.id ?? '';
  const changes = async (since?: number, token = f.chief) => {
    const r = await h.call(
      'GET',
      `/api/competitions/${C}/sheets/changes?event=battery${since === undefined ? '' : `&since=${since}`}`,
      { token },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { cursor: number; reload: boolean; sheets: Sheet[] };
  };

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    sheets = await sheetsOf(h, f);
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers every sheet first, then only what changed after the cursor', async () => {
    const first = await changes();
    expect(first.sheets).toHaveLength(24);
    expect(first.reload).toBe(false);
    expect(first.sheets[0]?.assigned).toBeDefined();
    const quiet = await changes(first.cursor);
    expect(quiet).toEqual({ cursor: first.cursor, reload: false, sheets: [] });

    await mark(h, f, f.judges['J1'], id('J1', 'E1'), 'seal', 30);
    const marked = await changes(first.cursor);
    expect(marked.cursor).toBeGreaterThan(first.cursor);
    expect(marked.reload).toBe(false);
    expect(marked.sheets.map((s) => s.id)).toEqual([id('J1', 'E1')]);
    expect(marked.sheets[0]?.marks).toMatchObject([{ criterion: 'seal', value: '30' }]);

    await submit(h, f, 'J1', id('J1', 'E1'));
    await mark(h, f, f.judges['J2'], id('J2', 'E3'), 'seal', 29);
    // A sign-in is no change to any sheet.
    await h.login('/api/auth/login', {
      username: 'chief',
      password: 'chief-pass-1',
      competitionId: C,
    });
    const next = await changes(marked.cursor);
    expect(next.reload).toBe(false);
    expect(next.sheets.map((s) => `${s.judge}|${s.entrant?.id}|${s.status}`).sort()).toEqual([
      'J1|E1|submitted',
      'J2|E3|draft',
    ]);
    expect(await changes(next.cursor)).toMatchObject({ reload: false, sheets: [] });
  });

  it('asks for a reload when the assignments change', async () => {
    const { cursor } = await changes();
    const r = await h.call('PUT', `/api/competitions/${C}/events/battery/assignments`, {
      token: f.organizer,
      body: {
        assignments: [
          { judge: 'J9', criteria: ['exam', 'safety'] },
          { judge: 'J1', criteria: ['seal', 'balance', 'process'] },
          { judge: 'J2', criteria: ['seal', 'balance', 'process'] },
          { judge: 'J3', criteria: ['seal', 'balance'] },
        ],
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await changes(cursor);
    expect(after.reload).toBe(true);
    expect(after.sheets).toHaveLength(24);
    expect(after.sheets.find((s) => s.judge === 'J3')?.assigned).toEqual(['seal', 'balance']);
  });

  it('refuses bad queries by field, judges and other competitions', async () => {
    for (const [q, path] of [
      ['event=a%20b', 'query.event'],
      ['event=battery&since=-1', 'query.since'],
      ['event=battery&since=abc', 'query.since'],
      ['event=battery&since=1.5', 'query.since'],
      ['event=battery&extra=1', 'query.extra'],
    ] as const) {
      const r = await h.call('GET', `/api/competitions/${C}/sheets/changes?${q}`, {
        token: f.chief,
      });
      expect(r.status, q).toBe(400);
      expectErrorBody(r);
      expect(
        (r.body.details as { path: string }[]).map((d) => d.path),
        q,
      ).toContain(path);
    }
    const judge = await h.call('GET', `/api/competitions/${C}/sheets/changes?event=battery`, {
      token: f.judges['J1'],
    });
    expect(judge.status).toBe(403);
    expectErrorBody(judge);
  });
});
