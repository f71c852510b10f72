/**
 * Each number of a preview row, explained from what the engine returns with it (EventRow:
 * modules with their weighted share, criteria with every judge's mark, which counted, the
 * aggregate and the points; the tie-break that placed it): "实际操作：72 / 100，加权计 50.4",
 * "刀工：8, 9, 7 → 8，计 8 分". The tie is worded by the public pages' own tieText.
 */
import type { EventRow, TieInfo } from '@skills/scoring';
import type { MessageKey } from '../../messages.ts';
import { decimal } from '../../public/format.ts';
import type { Labels } from '../../public/labels.ts';
import { criterionName, moduleName } from '../../public/labels.ts';
import type { PublicRow, Tie } from '../../public/rows.ts';
import { tieText } from '../../public/tie.ts';

export type Tr = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

const num = (r: { toString(): string } | null): string =>
  r === null ? '–' : (decimal(r.toString()) ?? '–');

function tieOf(t: TieInfo): Tie {
  if (t.kind !== 'tieBreak') return { kind: t.kind };
  // The compared values as the tables print them (a mean of three is 83.67, not 251/3).
  const [above, mine] = t.values.map((v) => (v === null ? null : (decimal(v) ?? v)));
  return {
    kind: 'tieBreak',
    index: t.index,
    rule: { ...t.rule },
    values: [above ?? null, mine ?? null],
  };
}

/** An engine row as the public pages' row (only what tieText reads). */
export function publicRow(r: EventRow, position: number): PublicRow {
  return {
    key: r.competitor,
    position,
    rank: r.rank,
    name: r.name,
    bib: null,
    delegation: r.delegation,
    team: r.team,
    status: r.status,
    score: r.score?.toString() ?? null,
    time: r.time?.toString() ?? null,
    total: null,
    deductions: null,
    tie: tieOf(r.tie),
    modules: [],
    parts: [],
    members: [],
    flags: [],
  };
}

/** The module and criterion lines behind one row's score. */
export function scoreLines(row: EventRow, labels: Labels, event: string, tr: Tr): string[] {
  const out: string[] = [];
  for (const m of row.modules) {
    const weighted =
      m.weighted !== null && !m.weighted.equals(m.score)
        ? tr('preview.weighted', { value: num(m.weighted) })
        : '';
    out.push(
      tr('preview.module', {
        module: moduleName(labels, event, m.module),
        score: num(m.score),
        max: num(m.max),
        weighted,
      }),
    );
    for (const c of m.criteria) {
      const marks = c.marks
        .map((mk, i) => (c.counted[i] === false ? `${mk.value}${tr('preview.dropped')}` : mk.value))
        .join(', ');
      out.push(
        `· ${tr('preview.criterion', {
          criterion: criterionName(labels, event, c.criterion),
          marks: marks === '' ? tr('preview.pending') : marks,
          aggregate: num(c.aggregate),
          points: num(c.points),
        })}`,
      );
    }
  }
  return out;
}

/** Why each row stands where it does (shared rank, the tie-break that decided), by row. */
export function placeLines(
  rows: readonly EventRow[],
  labels: Labels,
  event: string,
  tr: Tr,
): string[][] {
  const pub = rows.map(publicRow);
  return rows.map((_, i) => tieText(pub, i, labels, event, tr));
}
