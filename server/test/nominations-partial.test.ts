/**
 * Nominations per award (issue 16): an award whose events are all final is computed and exported
 * while another event still runs; the award on the running event is listed as pending, its event
 * named by name; an award that excludes the holders of a pending award waits for it; and the
 * reasons for being passed over are worded ("不是职工"), with a code and parameters.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@skills/db/testing';
import type { Nominations } from '../src/contract/api.ts';
import {
  EV_DEFINITION,
  buildFixture,
  startHarness,
  type Fixture,
  type Harness,
} from './harness.ts';
import { completeSheets } from './helpers.ts';

const C = 'partial';

/** The fixture's definition with a second event, still in setup, and awards on it. */
function twoEvents(): Record<string, unknown> {
  const def = structuredClone(EV_DEFINITION) as {
    events: { id: string; name: string }[];
    awards: { id: string; name: string; standings: unknown; exclusiveWith?: string[] }[];
  };
  def.events.push({
    ...structuredClone(def.events[0] as object),
    id: 'second',
    name: '第二赛项',
  });
  const wuyi = def.awards[0] as { id: string };
  def.awards.push(
    {
      ...structuredClone(wuyi),
      id: 'second-top',
      name: '第二赛项第一名',
      standings: { of: 'event', event: 'second' },
    },
    {
      ...structuredClone(wuyi),
      id: 'after-second',
      name: '排除第二赛项获奖者',
      exclusiveWith: ['second-top'],
    } as never,
  );
  return def;
}

describe.each(DATABASE_KINDS)('nominations per award on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let n: Nominations;
  let status: number;

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    const saved = await h.call('PUT', `/api/competitions/${C}/definition`, {
      token: f.organizer,
      body: { definition: twoEvents(), expectedVersion: 1 },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const roster = await h.call('POST', `/api/competitions/${C}/roster`, {
      token: f.organizer,
      body: {
        contestants: ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'].map((id, i) => ({
          id,
          bib: String(i + 1).padStart(3, '0'),
          name: `选手${i + 1}`,
          delegation: i % 2 === 0 ? '国网厦门' : '厦门金龙',
          attributes: { employee: i !== 0 && i !== 5 },
        })),
      },
    });
    expect(roster.status, JSON.stringify(roster.body)).toBe(200);
    await completeSheets(h, f);
    const fin = await h.call('POST', `/api/competitions/${C}/events/battery/status`, {
      token: f.organizer,
      body: { status: 'final', from: 'live' },
    });
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    const r = await h.call('GET', `/api/competitions/${C}/nominations`, { token: f.organizer });
    status = r.status;
    n = r.body as Nominations;
  });
  afterAll(async () => {
    await h.close();
  });

  it('computes the awards whose events are final while another event is still in setup', () => {
    expect(status, JSON.stringify(n)).toBe(200);
    expect(n.awards.map((a) => a.award)).toEqual(['wuyi', 'jineng', 'nvzhigong']);
    expect(n.snapshots.map((s) => s.scope)).toEqual(['battery']);
  });

  it('lists the others as pending, naming the event they wait for and the award', () => {
    expect(n.pending).toEqual([
      {
        award: 'second-top',
        name: '第二赛项第一名',
        waiting: [{ code: 'not_final', id: 'second', name: '第二赛项', status: 'setup' }],
      },
      {
        award: 'after-second',
        name: '排除第二赛项获奖者',
        waiting: [
          { code: 'waits_for_award', id: 'second-top', name: '第二赛项第一名', status: null },
        ],
      },
    ]);
  });

  it('words why someone was passed over, in both languages, with a code and parameters', () => {
    const passed = n.awards.flatMap((a) => a.passedOver);
    expect(passed.length).toBeGreaterThan(0);
    for (const p of passed) {
      expect(p.reason).not.toMatch(/is (false|true|not recorded)/);
      expect(['not_attribute', 'not_allowed', 'not_recorded', 'below_min_score']).toContain(p.code);
    }
    const employee = passed.find((p) => p.code === 'not_attribute');
    expect(employee).toMatchObject({
      reason: '不是职工 (not an employee)',
      params: { attribute: '职工' },
    });
  });

  it('exports the computed awards, and a sheet saying what is still pending', async () => {
    const res = await h.server.app.request(`/api/competitions/${C}/nominations?format=xlsx`, {
      headers: { authorization: `Bearer ${f.organizer}` },
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const names = book.worksheets.map((w) => w.name);
    expect(names).toContain('五一劳动奖章推荐');
    expect(names).toContain('待定 (Pending)');
    const pending: string[] = [];
    book.getWorksheet('待定 (Pending)')?.eachRow((row) => {
      pending.push((row.values as unknown[]).filter((v) => typeof v === 'string').join(' | '));
    });
    expect(pending.join('\n')).toContain('赛项“第二赛项”未定稿');
  });
});
