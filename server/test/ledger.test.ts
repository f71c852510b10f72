import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@skills/db';
import { DATABASE_KINDS } from '@skills/db/testing';
import { canonical } from '../src/contract/canonical.ts';
import { CompetitionState } from '../src/standings/state.ts';
import { positionedRows } from '../src/standings/tables.ts';
import { buildFixture, startHarness, type Fixture, type Harness } from './harness.ts';

describe.each(DATABASE_KINDS)('marks ledger on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let sheetOf: (judge: string, entrant: string) => Promise<string>;

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h);
    sheetOf = async (judge, entrant) => {
      const r = await h.call('GET', `/api/competitions/${f.competitionId}/sheets?event=battery`, {
        token: f.chief,
      });
      const s = (r.body.sheets as { id: string; judge: string; entrant: { id: string } }[]).find(
        (x) => x.judge === judge && x.entrant.id === entrant,
      );
      if (!s) throw new Error(`no sheet ${judge} ${entrant}`);
      return s.id;
    };
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows a judge codes only, never names', async () => {
    const r = await h.call('GET', '/api/judge/sheets', { token: f.judges['J1'] });
    expect(r.status).toBe(200);
    expect(r.body.sheets).toHaveLength(6);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('选手');
    expect(text).not.toContain('"E1"');
    expect(r.body.sheets[0].code).toMatch(/^\d{3}$/);
    expect(r.body.sheets[0]).not.toHaveProperty('entrant');
  });

  it('stores a mark, replays a resend, and refuses a stale version with the current value', async () => {
    const sheet = await sheetOf('J1', 'E1');
    const op = { opId: randomUUID(), criterion: 'seal', value: 35.5, expectedVersion: 0 };
    const first = await h.call('POST', `/api/sheets/${sheet}/marks`, {
      token: f.judges['J1'],
      body: op,
    });
    expect(first.status).toBe(201);
    expect(first.body.mark).toMatchObject({ version: 1, value: '35.5' });
    const again = await h.call('POST', `/api/sheets/${sheet}/marks`, {
      token: f.judges['J1'],
      body: op,
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const stale = await h.call('POST', `/api/sheets/${sheet}/marks`, {
      token: f.judges['J1'],
      body: { opId: randomUUID(), criterion: 'seal', value: 36, expectedVersion: 0 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    expect(stale.body.current).toMatchObject({ version: 1, value: '35.5', by: '裁判J1 (J1)' });
    const count = rowsOf<{ n: number }>(
      await h.database.db.execute(sql`select count(*)::int as n from marks`),
    );
    expect(count[0]?.n).toBe(1);
  });

  it('refuses an out-of-range mark naming the field, and stores nothing', async () => {
    const sheet = await sheetOf('J1', 'E2');
    const r = await h.call('POST', `/api/sheets/${sheet}/marks`, {
      token: f.judges['J1'],
      body: { opId: randomUUID(), criterion: 'seal', value: 41, expectedVersion: 0 },
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      code: 'invalid_mark',
      details: [{ path: 'body.value', code: 'out_of_range' }],
    });
  });

  it('stores standings (snapshot + patches) equal to a full recompute from the ledger', async () => {
    const values = [31, 35.5, 28, 39, 33, 36.5];
    for (const [i, e] of ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'].entries()) {
      for (const j of ['J2', 'J3']) {
        const sheet = await sheetOf(j, e);
        const r = await h.call('POST', `/api/sheets/${sheet}/marks`, {
          token: f.judges[j],
          body: { opId: randomUUID(), criterion: 'balance', value: values[i], expectedVersion: 0 },
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
    }
    await h.server.publisher.settle();
    const stored = await h.call(
      'GET',
      `/api/competitions/${f.competitionId}/events/battery/standings?view=official`,
      { token: f.organizer },
    );
    expect(stored.body.rev).toBeGreaterThan(1);
    const full = await h.database.db.transaction(async (tx) => {
      const versions = await CompetitionState.versions(tx, f.competitionId);
      if (!versions) throw new Error('no competition');
      const state = await CompetitionState.build(
        tx,
        h.server.ctx.catalog,
        f.competitionId,
        versions,
      );
      return state.tables().find((t) => t.scope === 'battery');
    });
    expect(stored.body.hash).toBe(full?.hash);
    // Rows that only moved were stored as placements, and the reconstruction still matches.
    const partials = rowsOf<{ n: number }>(
      await h.database.db.execute(
        sql`select count(*)::int as n from standings where changed::text like '%"partial": true%'`,
      ),
    );
    expect(partials[0]?.n).toBeGreaterThan(0);
    expect(stored.body.rows.map(canonical)).toEqual(
      (full ? positionedRows(full.rows) : []).map((text) => canonical(JSON.parse(text))),
    );
  });

  it('walks a sheet through submit, verify, finalize lock and reopen', async () => {
    const marksFor = async (judge: string, entrant: string, values: Record<string, number>) => {
      const sheet = await sheetOf(judge, entrant);
      const current = await h.call('GET', `/api/sheets/${sheet}`, { token: f.judges[judge] });
      for (const [criterion, value] of Object.entries(values)) {
        const have = (current.body.marks as { criterion: string; version: number }[]).find(
          (m) => m.criterion === criterion,
        );
        const r = await h.call('POST', `/api/sheets/${sheet}/marks`, {
          token: f.judges[judge],
          body: { opId: randomUUID(), criterion, value, expectedVersion: have?.version ?? 0 },
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
      const s = await h.call('GET', `/api/sheets/${sheet}`, { token: f.judges[judge] });
      const submitted = await h.call('POST', `/api/sheets/${sheet}/submit`, {
        token: f.judges[judge],
        body: { revision: s.body.revision, pin: f.pins[judge] },
      });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      const verified = await h.call('POST', `/api/sheets/${sheet}/verify`, {
        token: f.chief,
        body: { revision: submitted.body.revision },
      });
      expect(verified.status, JSON.stringify(verified.body)).toBe(200);
      return sheet;
    };
    for (const e of ['E1', 'E2', 'E3', 'E4', 'E5', 'E6']) {
      await marksFor('J9', e, { exam: 80, safety: 0 });
      for (const j of ['J1', 'J2', 'J3'])
        await marksFor(j, e, { seal: 35, balance: 30, process: 8 });
    }
    const fin = await h.call('POST', `/api/competitions/${f.competitionId}/events/battery/status`, {
      token: f.chief,
      body: { status: 'final', from: 'live' },
    });
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    const sheet = await sheetOf('J1', 'E3');
    const locked = await h.call('POST', `/api/sheets/${sheet}/marks`, {
      token: f.chief,
      body: { opId: randomUUID(), criterion: 'seal', value: 30, expectedVersion: 1, reason: 'x' },
    });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('sheet_locked');
    const standings = await h.call(
      'GET',
      `/api/competitions/${f.competitionId}/events/battery/standings`,
    );
    expect(standings.status).toBe(200);
    expect(standings.body.official).toBe(true);
    expect(standings.body.rows).toHaveLength(6);
    const audit = await h.call('GET', '/api/audit/verify', { token: f.organizer });
    expect(audit.body).toMatchObject({ ok: true, break: null });
  });
});
