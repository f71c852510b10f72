import { describe, expect, it } from 'vitest';
import type { CurrentMark, LiveRow, Sheet } from '@skills/server/contract';
import { buildGrid, decimal } from './chief-grid.ts';

const CRITERIA: Sheet['criteria'] = [
  {
    id: 'exam',
    name: 'Theory exam',
    kind: 'points',
    module: 'theory',
    moduleName: 'Theory',
    min: '0.0',
    max: '100.0',
    step: '0.5',
  },
  {
    id: 'seal',
    name: 'Seal test',
    kind: 'points',
    module: 'practical',
    moduleName: 'Practical',
    min: '0.0',
    max: '40.0',
    step: '0.5',
  },
  {
    id: 'process',
    name: 'Process',
    kind: 'judgement',
    module: 'practical',
    moduleName: 'Practical',
    min: '0.0',
    max: '10.0',
    step: '0.5',
  },
];

const ENTRANTS = {
  E01: { id: 'E01', bib: '01', name: 'Zhang San' },
  E02: { id: 'E02', bib: '02', name: 'Li Si' },
} as const;
type EntrantId = keyof typeof ENTRANTS;

let ids = 0;
function sheet(
  entrant: EntrantId,
  judge: string,
  status: Sheet['status'],
  values: Record<string, string | null>,
): Sheet {
  ids++;
  const marks: CurrentMark[] = Object.entries(values).map(([criterion, value]) => ({
    criterion,
    version: 1,
    value,
    by: `Judge (${judge})`,
    at: '2026-05-01T08:00:00.000Z',
    reason: null,
  }));
  return {
    id: `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`,
    competitionId: 'ev-battery-2025',
    event: 'battery',
    judge,
    code: `${entrant}-${judge}`,
    entrant: ENTRANTS[entrant],
    status,
    revision: 1,
    note: null,
    criteria: CRITERIA,
    marks,
  };
}

/** An engine criterion result as it arrives in the official table's JSON. */
function result(
  criterion: string,
  marks: readonly (readonly [judge: string, value: string])[],
  counted: readonly boolean[],
  aggregate: string,
  spread: { min: string; max: string; tolerance: string } | null = null,
  missing = 0,
): Record<string, unknown> {
  return {
    criterion,
    kind: 'points',
    marks: marks.map(([judge, value]) => ({ judge, value })),
    counted,
    aggregate,
    points: aggregate,
    time: null,
    spread,
    missing,
    violated: false,
    dropped: false,
    status: null,
  };
}

function row(
  competitor: EntrantId,
  rank: number | null,
  score: string | null,
  status: string,
  theory: Record<string, unknown>[],
  practical: Record<string, unknown>[],
): LiveRow {
  return {
    competitor,
    position: 0,
    name: ENTRANTS[competitor].name,
    delegation: null,
    rank,
    tie: null,
    status,
    team: null,
    score,
    time: null,
    deductions: '0',
    modules: [
      {
        module: 'theory',
        score: '0',
        max: '100',
        weighted: null,
        zeroedBy: null,
        criteria: theory,
      },
      {
        module: 'practical',
        score: '0',
        max: '100',
        weighted: null,
        zeroedBy: null,
        criteria: practical,
      },
    ],
    flags: [],
  };
}

// Three judges (listed out of order: the grid sorts them numerically), two entrants.
const SHEETS: Sheet[] = [
  sheet('E01', 'J10', 'submitted', { exam: '87.5', seal: '35' }),
  sheet('E01', 'J1', 'verified', { exam: '87', seal: '30', process: '8' }),
  sheet('E01', 'J2', 'locked', { exam: '87.5', seal: '31', process: '8.5' }),
  sheet('E02', 'J1', 'submitted', { exam: '90', seal: '32', process: '8.5' }),
  sheet('E02', 'J2', 'draft', { exam: null, seal: '32.5', process: '9' }),
  sheet('E02', 'J10', 'returned', { exam: '91', seal: '33' }),
];

const STANDINGS: LiveRow[] = [
  row(
    'E01',
    2,
    '262/3',
    'ok',
    [
      result(
        'exam',
        [
          ['J1', '87'],
          ['J2', '87.5'],
          ['J10', '87.5'],
        ],
        [true, true, true],
        '262/3',
      ),
    ],
    [
      result(
        'seal',
        [
          ['J1', '30'],
          ['J2', '31'],
          ['J10', '35'],
        ],
        [false, true, false],
        '31',
        { min: '30', max: '35', tolerance: '2' },
      ),
      result(
        'process',
        [
          ['J1', '8'],
          ['J2', '8.5'],
        ],
        [true, true],
        '8.25',
        null,
        1,
      ),
    ],
  ),
  row(
    'E02',
    1,
    '91.25',
    'ok',
    [
      result(
        'exam',
        [
          ['J1', '90'],
          ['J10', '91'],
        ],
        [true, true],
        '90.5',
        null,
        1,
      ),
    ],
    [
      result(
        'seal',
        [
          ['J1', '32'],
          ['J2', '32.5'],
          ['J10', '33'],
        ],
        [false, true, false],
        '32.5',
      ),
      result(
        'process',
        [
          ['J1', '8.5'],
          ['J2', '9'],
        ],
        [true, true],
        '8.75',
        null,
        1,
      ),
    ],
  ),
];

describe('decimal', () => {
  it('writes fractions as decimals and leaves decimals as they are', () => {
    expect(decimal(null)).toBeNull();
    expect(decimal('8.5')).toBe('8.5');
    expect(decimal('31')).toBe('31');
    expect(decimal('262/3')).toBe('87.333');
    expect(decimal('262/3', 2)).toBe('87.33');
    expect(decimal('2/3')).toBe('0.667');
    expect(decimal('-1/3')).toBe('-0.333');
    expect(decimal('1/0')).toBe('1/0');
  });
});

describe('buildGrid', () => {
  const grid = buildGrid(SHEETS, STANDINGS);

  it('has the criteria of the sheets and the judges in numeric order', () => {
    expect(grid.criteria.map((c) => c.id)).toEqual(['exam', 'seal', 'process']);
    expect(grid.judges).toEqual(['J1', 'J2', 'J10']);
  });

  it('sorts rows by official rank', () => {
    expect(grid.rows.map((r) => r.entrant)).toEqual(['E02', 'E01']);
    expect(grid.rows.map((r) => r.rank)).toEqual([1, 2]);
    const [first, second] = grid.rows;
    expect(first).toMatchObject({ bib: '02', name: 'Li Si', score: '91.25', status: null });
    expect(second).toMatchObject({ bib: '01', name: 'Zhang San', score: '87.33', status: null });
    expect(second?.code).toBe('E01-J1');
    expect(second?.sheets.map((s) => s.judge)).toEqual(['J1', 'J2', 'J10']);
  });

  it("puts every judge's mark side by side, in judge order", () => {
    const e01 = grid.rows.find((r) => r.entrant === 'E01');
    const exam = e01?.cells.get('exam');
    expect(exam?.marks.map((m) => [m.judge, m.mark?.value, m.counted])).toEqual([
      ['J1', '87', true],
      ['J2', '87.5', true],
      ['J10', '87.5', true],
    ]);
    expect(exam?.marks.map((m) => m.sheet.status)).toEqual(['verified', 'locked', 'submitted']);
    // A judge without a mark (or with a cleared one) has no cell entry.
    const e02 = grid.rows.find((r) => r.entrant === 'E02');
    expect(e02?.cells.get('exam')?.marks.map((m) => m.judge)).toEqual(['J1', 'J10']);
    expect(e01?.cells.get('process')?.marks.map((m) => m.judge)).toEqual(['J1', 'J2']);
  });

  it('marks the marks a trimmed aggregate dropped', () => {
    const seal = grid.rows.find((r) => r.entrant === 'E01')?.cells.get('seal');
    expect(seal?.marks.map((m) => [m.judge, m.counted])).toEqual([
      ['J1', false],
      ['J2', true],
      ['J10', false],
    ]);
  });

  it('shows aggregates as decimals, and what is missing', () => {
    const e01 = grid.rows.find((r) => r.entrant === 'E01');
    const e02 = grid.rows.find((r) => r.entrant === 'E02');
    expect(e01?.cells.get('exam')).toMatchObject({ aggregate: '87.333', missing: 0 });
    expect(e01?.cells.get('seal')?.aggregate).toBe('31');
    expect(e01?.cells.get('process')).toMatchObject({ aggregate: '8.25', missing: 1 });
    expect(e02?.cells.get('exam')).toMatchObject({ aggregate: '90.5', missing: 1 });
    expect(e02?.cells.get('process')).toMatchObject({ aggregate: '8.75', missing: 1 });
  });

  it('flags spreads per cell and counts them per row', () => {
    const e01 = grid.rows.find((r) => r.entrant === 'E01');
    const e02 = grid.rows.find((r) => r.entrant === 'E02');
    expect(e01?.cells.get('seal')?.spread).toEqual({ min: '30', max: '35', tolerance: '2' });
    expect(e01?.cells.get('exam')?.spread).toBeNull();
    expect(e01?.spreads).toBe(1);
    expect(e02?.spreads).toBe(0);
  });

  it('counts progress per judge: submitted includes verified and locked', () => {
    expect(grid.byJudge).toEqual([
      { key: 'J1', label: 'J1', total: 2, submitted: 2, verified: 1 },
      { key: 'J2', label: 'J2', total: 2, submitted: 1, verified: 1 },
      { key: 'J10', label: 'J10', total: 2, submitted: 1, verified: 0 },
    ]);
  });

  it('counts progress per criterion: marks entered plus marks missing', () => {
    expect(grid.byCriterion).toEqual([
      { key: 'exam', label: 'Theory exam', total: 6, submitted: 4, verified: 2 },
      { key: 'seal', label: 'Seal test', total: 6, submitted: 4, verified: 2 },
      { key: 'process', label: 'Process', total: 6, submitted: 3, verified: 2 },
    ]);
  });

  it('works before the official table arrives: unranked rows by bib, every mark counted', () => {
    const bare = buildGrid([...SHEETS].reverse(), []);
    expect(bare.rows.map((r) => [r.entrant, r.rank, r.score])).toEqual([
      ['E01', null, null],
      ['E02', null, null],
    ]);
    const seal = bare.rows[0]?.cells.get('seal');
    expect(seal).toMatchObject({ aggregate: null, spread: null, missing: 0 });
    expect(seal?.marks.every((m) => m.counted)).toBe(true);
  });

  it('shows a row status other than ok or pending', () => {
    const withStatus = STANDINGS.map((r) =>
      r['competitor'] === 'E01' ? { ...r, status: 'DQ', rank: 2, score: null } : r,
    );
    const rows = buildGrid(SHEETS, withStatus).rows;
    expect(rows.map((r) => [r.entrant, r.status, r.score])).toEqual([
      ['E02', null, '91.25'],
      ['E01', 'DQ', null],
    ]);
  });

  it('is empty without sheets', () => {
    expect(buildGrid([], STANDINGS)).toEqual({
      criteria: [],
      judges: [],
      rows: [],
      byJudge: [],
      byCriterion: [],
    });
  });
});
