/**
 * What the chief judge must act on, from the grid (chief-grid.ts): which submitted sheets are
 * clean enough to verify in one action, and which entrants and judges need attention. Pure, so
 * it is unit-tested.
 */
import type { Sheet } from '@skills/server/contract';
import type { Grid, GridRow } from '../chief-grid.ts';

/** The criteria a sheet is complete with: its judge's assignment (officials get it). */
export function assignedCriteria(sheet: Sheet): readonly string[] {
  return sheet.assigned ?? sheet.criteria.map((c) => c.id);
}

/** Assigned criteria of a sheet without a value yet. */
export function missingMarks(sheet: Sheet): string[] {
  const marked = new Set(sheet.marks.filter((m) => m.value !== null).map((m) => m.criterion));
  return assignedCriteria(sheet).filter((c) => !marked.has(c));
}

/** Whether any criterion this sheet marked has a spread flag on its entrant's row. */
export function inSpread(row: GridRow, sheet: Sheet): boolean {
  for (const cell of row.cells.values()) {
    if (cell.spread !== null && cell.marks.some((m) => m.sheet.id === sheet.id)) return true;
  }
  return false;
}

/**
 * Marks whose current version someone other than the sheet's judge entered (a chief judge's
 * correction, or a change that overrode the judge's own): the judge's tablet may hold a
 * conflicting value, and whoever entered it may not verify the sheet.
 */
export function foreignMarks(sheet: Sheet): string[] {
  return sheet.marks.filter((m) => !m.by.endsWith(`(${sheet.judge})`)).map((m) => m.criterion);
}

/** A submitted sheet with every assigned mark and no spread flag: safe to verify in bulk. */
export function isClean(row: GridRow, sheet: Sheet): boolean {
  return (
    sheet.status === 'submitted' &&
    missingMarks(sheet).length === 0 &&
    foreignMarks(sheet).length === 0 &&
    !inSpread(row, sheet)
  );
}

/** The clean submitted sheets of the event, or of one judge, in grid order. */
export function cleanSheets(grid: Grid, judge?: string): Sheet[] {
  const out: Sheet[] = [];
  for (const row of grid.rows) {
    for (const s of row.sheets) {
      if ((judge === undefined || s.judge === judge) && isClean(row, s)) out.push(s);
    }
  }
  return out;
}

export const CATEGORIES = ['spread', 'conflict', 'returned', 'missing', 'behind'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface JudgePace {
  readonly judge: string;
  readonly done: number;
  readonly total: number;
  /** How many sheets the judge furthest ahead has signed. */
  readonly lead: number;
}

export interface Triage {
  /** The categories each entrant needs action for (entrants needing none are absent). */
  readonly rows: ReadonlyMap<string, ReadonlySet<Category>>;
  /** Judges behind schedule. */
  readonly behind: readonly JudgePace[];
  /** How many entrants (judges, for "behind") fall in each category. */
  readonly counts: Readonly<Record<Category, number>>;
  /** Entrants needing any action. */
  readonly total: number;
}

const SIGNED: ReadonlySet<Sheet['status']> = new Set(['submitted', 'verified', 'locked']);

/**
 * A judge is behind when they have signed fewer sheets than the judge furthest ahead by more
 * than `slack` sheets (at least 2, or a tenth of their sheets) and still have sheets to sign.
 */
export function judgesBehind(grid: Grid): JudgePace[] {
  const pace = grid.judges.map((judge) => {
    let done = 0;
    let total = 0;
    for (const row of grid.rows) {
      for (const s of row.sheets) {
        if (s.judge !== judge) continue;
        total++;
        if (SIGNED.has(s.status)) done++;
      }
    }
    return { judge, done, total };
  });
  const lead = Math.max(0, ...pace.map((p) => p.done));
  return pace
    .filter((p) => p.done < p.total && lead - p.done > Math.max(2, Math.ceil(p.total / 10)))
    .map((p) => ({ ...p, lead }));
}

/**
 * Sorts each entrant into what needs action: a spread flag; a conflict (a mark someone other
 * than the judge entered, on a sheet not yet verified); a returned sheet; a signed sheet
 * missing marks; a sheet of a judge behind schedule still to sign.
 */
export function triage(grid: Grid): Triage {
  const behind = judgesBehind(grid);
  const slow = new Set(behind.map((b) => b.judge));
  const rows = new Map<string, Set<Category>>();
  const counts: Record<Category, number> = {
    spread: 0,
    conflict: 0,
    returned: 0,
    missing: 0,
    behind: behind.length,
  };
  for (const row of grid.rows) {
    const cats = new Set<Category>();
    if (row.spreads > 0) cats.add('spread');
    for (const s of row.sheets) {
      if (s.status === 'returned') cats.add('returned');
      if ((s.status === 'submitted' || s.status === 'returned') && foreignMarks(s).length > 0) {
        cats.add('conflict');
      }
      if (SIGNED.has(s.status) && s.status !== 'locked' && missingMarks(s).length > 0) {
        cats.add('missing');
      }
      if (slow.has(s.judge) && !SIGNED.has(s.status)) cats.add('behind');
    }
    if (cats.size === 0) continue;
    rows.set(row.entrant, cats);
    for (const c of cats) if (c !== 'behind') counts[c]++;
  }
  return { rows, behind, counts, total: rows.size };
}

/** The rows a filter shows: every row, rows needing any action, or one category. */
export function filterRows(
  grid: Grid,
  t: Triage,
  filter: 'all' | 'action' | Category,
): readonly GridRow[] {
  if (filter === 'all') return grid.rows;
  return grid.rows.filter((r) => {
    const cats = t.rows.get(r.entrant);
    return cats !== undefined && (filter === 'action' || cats.has(filter));
  });
}

/**
 * The sheet list after a changes answer: each changed sheet replaces the one with its id, new
 * ones are added at the end (the grid orders them), the others stay as they are.
 */
export function mergeSheets(current: readonly Sheet[], changed: readonly Sheet[]): Sheet[] {
  if (changed.length === 0) return [...current];
  const byId = new Map(changed.map((s) => [s.id, s]));
  const out = current.map((s) => {
    const next = byId.get(s.id);
    if (next === undefined) return s;
    byId.delete(s.id);
    return next;
  });
  return [...out, ...byId.values()];
}
