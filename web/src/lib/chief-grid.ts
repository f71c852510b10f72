/**
 * The chief judge's grid for one event, from the officials' sheets (every judge's marks, with
 * versions and sheet statuses) and the official standings row of each entrant (the engine's
 * aggregate, which marks counted, and spread flags). Pure, so it is unit-tested.
 */
import type { CurrentMark, LiveRow, Sheet } from '@skills/server/contract';

export type CriterionInfo = Sheet['criteria'][number];

export interface JudgeMarkCell {
  readonly judge: string;
  readonly sheet: Sheet;
  readonly mark: CurrentMark | undefined;
  /** false when a trimmed aggregate dropped this judge's mark. */
  readonly counted: boolean;
}

export interface Cell {
  readonly marks: readonly JudgeMarkCell[];
  /** The engine's aggregate as a decimal, or null while unmarked. */
  readonly aggregate: string | null;
  readonly spread: {
    readonly min: string;
    readonly max: string;
    readonly tolerance: string;
  } | null;
  readonly missing: number;
}

export interface GridRow {
  readonly entrant: string;
  readonly bib: string | null;
  readonly name: string;
  readonly code: string | null;
  readonly rank: number | null;
  readonly score: string | null;
  readonly status: string | null;
  readonly sheets: readonly Sheet[];
  readonly cells: ReadonlyMap<string, Cell>;
  readonly spreads: number;
}

export interface Progress {
  readonly key: string;
  readonly label: string;
  readonly total: number;
  readonly submitted: number;
  readonly verified: number;
}

export interface Grid {
  readonly criteria: readonly CriterionInfo[];
  readonly judges: readonly string[];
  readonly rows: readonly GridRow[];
  readonly byJudge: readonly Progress[];
  readonly byCriterion: readonly Progress[];
}

interface EngineCriterion {
  readonly criterion: string;
  readonly marks?: readonly { judge: string; value: string }[];
  readonly counted?: readonly boolean[];
  readonly aggregate?: unknown;
  readonly spread?: { min: unknown; max: unknown; tolerance: unknown } | null;
  readonly missing?: number;
}

const SUBMITTED: ReadonlySet<Sheet['status']> = new Set(['submitted', 'verified', 'locked']);
const VERIFIED: ReadonlySet<Sheet['status']> = new Set(['verified', 'locked']);

const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);

/** A decimal for display: "262/3" → "87.333"; decimals stay as they are. */
export function decimal(v: string | null, places = 3): string | null {
  if (v === null) return null;
  const slash = v.indexOf('/');
  if (slash < 0) return v;
  const n = Number(v.slice(0, slash)) / Number(v.slice(slash + 1));
  return Number.isFinite(n) ? String(Number(n.toFixed(places))) : v;
}

function engineCriteria(row: Record<string, unknown> | undefined): Map<string, EngineCriterion> {
  const out = new Map<string, EngineCriterion>();
  const modules = row?.['modules'];
  if (!Array.isArray(modules)) return out;
  for (const m of modules as { criteria?: EngineCriterion[] }[]) {
    for (const c of m.criteria ?? []) out.set(c.criterion, c);
  }
  return out;
}

export function buildGrid(sheets: readonly Sheet[], standings: readonly LiveRow[]): Grid {
  const criteria = sheets[0]?.criteria ?? [];
  const judges = [...new Set(sheets.map((s) => s.judge))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const official = new Map(standings.map((r) => [r.competitor, r]));
  const byEntrant = new Map<string, Sheet[]>();
  for (const s of sheets) {
    const id = s.entrant?.id ?? s.id;
    byEntrant.set(id, [...(byEntrant.get(id) ?? []), s]);
  }
  const rows: GridRow[] = [];
  for (const [entrant, list] of byEntrant) {
    const row = official.get(entrant);
    const engine = engineCriteria(row);
    list.sort((a, b) => a.judge.localeCompare(b.judge, 'en', { numeric: true }));
    const cells = new Map<string, Cell>();
    let spreads = 0;
    for (const c of criteria) {
      const e = engine.get(c.id);
      const marks = list
        .map((sheet) => {
          const mark = sheet.marks.find((m) => m.criterion === c.id);
          const i = e?.marks?.findIndex((m) => m.judge === sheet.judge) ?? -1;
          return { judge: sheet.judge, sheet, mark, counted: i < 0 || e?.counted?.[i] !== false };
        })
        .filter((m) => m.mark !== undefined && m.mark.value !== null);
      const spread =
        e?.spread === null || e?.spread === undefined
          ? null
          : {
              min: decimal(text(e.spread.min)) ?? '',
              max: decimal(text(e.spread.max)) ?? '',
              tolerance: decimal(text(e.spread.tolerance)) ?? '',
            };
      if (spread) spreads++;
      cells.set(c.id, {
        marks,
        aggregate: decimal(text(e?.aggregate)),
        spread,
        missing: e?.missing ?? 0,
      });
    }
    const first = list[0];
    rows.push({
      entrant,
      bib: first?.entrant?.bib ?? null,
      name: first?.entrant?.name ?? entrant,
      code: first?.code ?? null,
      rank: typeof row?.['rank'] === 'number' ? row['rank'] : null,
      score: decimal(text(row?.['score']), 2),
      status:
        typeof row?.['status'] === 'string' && !['ok', 'pending'].includes(row['status'])
          ? row['status']
          : null,
      sheets: list,
      cells,
      spreads,
    });
  }
  rows.sort(
    (a, b) =>
      (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
      (a.bib ?? a.name).localeCompare(b.bib ?? b.name, 'zh-CN', { numeric: true }),
  );
  const byJudge = judges.map((judge) => {
    const own = sheets.filter((s) => s.judge === judge);
    return {
      key: judge,
      label: judge,
      total: own.length,
      submitted: own.filter((s) => SUBMITTED.has(s.status)).length,
      verified: own.filter((s) => VERIFIED.has(s.status)).length,
    };
  });
  const byCriterion = criteria.map((c) => {
    let total = 0;
    let submitted = 0;
    let verified = 0;
    for (const row of rows) {
      const cell = row.cells.get(c.id);
      total += (cell?.marks.length ?? 0) + (cell?.missing ?? 0);
      for (const m of cell?.marks ?? []) {
        if (SUBMITTED.has(m.sheet.status)) submitted++;
        if (VERIFIED.has(m.sheet.status)) verified++;
      }
    }
    return { key: c.id, label: c.name, total, submitted, verified };
  });
  return { criteria, judges, rows, byJudge, byCriterion };
}
