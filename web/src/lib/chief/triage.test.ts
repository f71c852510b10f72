import { describe, expect, it } from 'vitest';
import type { LiveRow, Sheet } from '@skills/server/contract';
import { buildGrid } from '../chief-grid.ts';
import {
  cleanSheets,
  filterRows,
  isClean,
  judgesBehind,
  mergeSheets,
  missingMarks,
  triage,
} from './triage.ts';

const CRITERIA: Sheet['criteria'] = ['exam', 'seal', 'process'].map((id) => ({
  id,
  name: id,
  kind: 'points',
  module: 'm',
  moduleName: 'M',
  min: '0',
  max: '40',
  step: '0.5',
}));

let ids = 0;
function sheet(
  entrant: string,
  judge: string,
  status: Sheet['status'],
  values: Record<string, string | null>,
  options: { assigned?: string[]; by?: string } = {},
): Sheet {
  ids++;
  return {
    id: `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`,
    competitionId: 'c',
    event: 'e',
    judge,
    code: null,
    entrant: { id: entrant, bib: entrant, name: `Name ${entrant}` },
    status,
    revision: 3,
    note: null,
    criteria: CRITERIA,
    assigned: options.assigned ?? ['seal', 'process'],
    marks: Object.entries(values).map(([criterion, value]) => ({
      criterion,
      version: 1,
      value,
      by: options.by ?? `Judge (${judge})`,
      at: '2026-05-01T08:00:00.000Z',
      reason: null,
    })),
  };
}

/** An official row whose criterion `spreadOn` carries a spread flag. */
function standing(entrant: string, spreadOn: string | null): LiveRow {
  return {
    competitor: entrant,
    position: 0,
    rank: 1,
    status: 'ok',
    score: '50',
    modules: [
      {
        module: 'm',
        criteria: ['seal', 'process'].map((criterion) => ({
          criterion,
          marks: [],
          counted: [],
          aggregate: '20',
          spread: criterion === spreadOn ? { min: '10', max: '30', tolerance: '5' } : null,
          missing: 0,
        })),
      },
    ],
  };
}

const full = { seal: '20', process: '8' };

describe('clean sheets', () => {
  it('are submitted, complete for the assignment, in no spread, with only the judge’s marks', () => {
    const sheets = [
      sheet('E1', 'J1', 'submitted', full), // clean
      sheet('E1', 'J2', 'submitted', { seal: '20' }), // missing process
      sheet('E2', 'J1', 'submitted', full), // E2 has a spread on seal
      sheet('E3', 'J1', 'draft', full), // not signed
      sheet('E3', 'J2', 'verified', full), // already verified
      sheet('E4', 'J1', 'submitted', full, { by: 'Chief (chief)' }), // corrected by the chief
      sheet('E4', 'J2', 'submitted', { ...full, seal: null }), // a cleared mark
      sheet('E5', 'J9', 'submitted', { exam: '80' }, { assigned: ['exam'] }), // theory only: clean
      sheet('E5', 'J2', 'submitted', full), // clean
    ];
    const grid = buildGrid(sheets, [standing('E1', null), standing('E2', 'seal')]);
    const clean = cleanSheets(grid).map((s) => `${s.entrant?.id}|${s.judge}`);
    expect(clean.sort()).toEqual(['E1|J1', 'E5|J2', 'E5|J9']);
    expect(cleanSheets(grid, 'J2').map((s) => s.entrant?.id)).toEqual(['E5']);
    expect(cleanSheets(grid, 'J7')).toEqual([]);
    expect(missingMarks(sheets[6] as Sheet)).toEqual(['seal']);
  });

  it('a spread only taints the sheets that marked the flagged criterion', () => {
    const a = sheet('E1', 'J1', 'submitted', full);
    const b = sheet('E1', 'J9', 'submitted', { exam: '80' }, { assigned: ['exam'] });
    const grid = buildGrid([a, b], [standing('E1', 'seal')]);
    const row = grid.rows[0];
    if (!row) throw new Error('no row');
    expect(isClean(row, a)).toBe(false);
    expect(isClean(row, b)).toBe(true);
  });

  it('without an assignment list a sheet is complete with every criterion', () => {
    const s = sheet('E1', 'J1', 'submitted', full);
    delete s.assigned;
    expect(missingMarks(s)).toEqual(['exam']);
  });
});

describe('needs action', () => {
  it('sorts entrants by what needs action and counts each category', () => {
    const sheets = [
      sheet('E1', 'J1', 'submitted', full),
      sheet('E1', 'J2', 'verified', full),
      sheet('E2', 'J1', 'submitted', full), // spread
      sheet('E2', 'J2', 'submitted', full),
      sheet('E3', 'J1', 'returned', full),
      sheet('E3', 'J2', 'submitted', full, { by: 'Chief (chief)' }), // conflict
      sheet('E4', 'J1', 'submitted', { seal: '20' }), // missing
      sheet('E4', 'J2', 'draft', {}), // a draft is progress, not missing
    ];
    const grid = buildGrid(sheets, [standing('E2', 'seal')]);
    const t = triage(grid);
    expect(Object.fromEntries([...t.rows].map(([e, c]) => [e, [...c].sort()]))).toEqual({
      E2: ['spread'],
      E3: ['conflict', 'returned'],
      E4: ['missing'],
    });
    expect(t.counts).toEqual({ spread: 1, conflict: 1, returned: 1, missing: 1, behind: 0 });
    expect(t.total).toBe(3);
    expect(filterRows(grid, t, 'all').map((r) => r.entrant)).toHaveLength(4);
    expect(
      filterRows(grid, t, 'action')
        .map((r) => r.entrant)
        .sort(),
    ).toEqual(['E2', 'E3', 'E4']);
    expect(filterRows(grid, t, 'returned').map((r) => r.entrant)).toEqual(['E3']);
  });

  it('finds judges behind the judge furthest ahead, and their unsigned sheets', () => {
    const sheets: Sheet[] = [];
    for (let i = 1; i <= 10; i++) {
      const e = `E${String(i).padStart(2, '0')}`;
      sheets.push(sheet(e, 'J1', 'submitted', full));
      sheets.push(sheet(e, 'J2', i <= 8 ? 'submitted' : 'draft', full)); // 2 behind: in pace
      sheets.push(sheet(e, 'J3', i <= 3 ? 'submitted' : 'draft', full)); // 7 behind
    }
    const grid = buildGrid(sheets, []);
    expect(judgesBehind(grid)).toEqual([{ judge: 'J3', done: 3, total: 10, lead: 10 }]);
    const t = triage(grid);
    expect(t.counts.behind).toBe(1);
    expect(filterRows(grid, t, 'behind')).toHaveLength(7);
    // Nobody is behind once everyone is done.
    const done = buildGrid(
      sheets.map((s) => ({ ...s, status: 'submitted' as const })),
      [],
    );
    expect(judgesBehind(done)).toEqual([]);
  });
});

describe('following changes', () => {
  it('replaces changed sheets by id, keeps the others, adds new ones', () => {
    const a = sheet('E1', 'J1', 'draft', {});
    const b = sheet('E2', 'J1', 'draft', {});
    const a2 = { ...a, status: 'submitted' as const, revision: 4 };
    const c = sheet('E3', 'J1', 'draft', {});
    const merged = mergeSheets([a, b], [a2, c]);
    expect(merged.map((s) => [s.id, s.status])).toEqual([
      [a.id, 'submitted'],
      [b.id, 'draft'],
      [c.id, 'draft'],
    ]);
    expect(merged[1]).toBe(b);
    expect(mergeSheets([a, b], [])).toEqual([a, b]);
  });
});
