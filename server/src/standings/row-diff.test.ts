/**
 * The change between two tables, applied the one way every holder applies it
 * (contract/patch.ts), gives the second table: rows, order, positions and hash. One contestant
 * lifted past many others costs one move, one rank range and one row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical } from '../contract/canonical.ts';
import type { LiveRow } from '../contract/rows.ts';
import { applySide, type SideChange } from '../contract/patch.ts';
import { diffRows, sideChangeText, type DiffRow } from './row-diff.ts';

// A fixed seed keeps CI reproducible; FC_SEED=<n> replays one, FC_SEED=random explores.
const seed = process.env['FC_SEED'];
if (seed !== 'random') fc.configureGlobal({ seed: seed === undefined ? 20261122 : Number(seed) });

interface Spec {
  readonly key: string;
  readonly score: number;
  readonly computed: object;
}

/** A ranked table from specs: sorted by score, ties sharing a rank, tie naming the row above. */
function table(specs: readonly Spec[]): { diff: DiffRow[]; rows: LiveRow[] } {
  const sorted = [...specs].sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  const diff: DiffRow[] = [];
  const rows: LiveRow[] = [];
  sorted.forEach((s, i) => {
    const firstEqual = sorted.findIndex((o) => o.score === s.score);
    const rank = firstEqual + 1;
    const tie = i === 0 ? { kind: 'first' } : { kind: 'score', above: sorted[i - 1]?.key };
    const row = { competitor: s.key, score: String(s.score), rank, tie };
    diff.push({ key: s.key, text: canonical(row), computed: s.computed, rank, tie });
    rows.push({ ...row, position: i });
  });
  return { diff, rows };
}

const specs = fc
  .uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 30 })
  .map((ids) => ids.map((n) => ({ key: `C${n}`, score: (n * 7) % 13, computed: {} })));

describe('row changes', () => {
  it('turn any table into any other when applied', () => {
    fc.assert(
      fc.property(
        specs,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -5, max: 5 }))),
        fc.array(fc.integer({ min: 41, max: 60 }), { maxLength: 3 }),
        fc.nat(),
        (before, edits, added, drop) => {
          const after: Spec[] = before.map((s) => ({ ...s }));
          for (const [i, d] of edits) {
            const s = after[i % Math.max(1, after.length)];
            if (s) after[after.indexOf(s)] = { ...s, score: s.score + d, computed: {} };
          }
          if (after.length > 0 && drop % 3 === 0) after.splice(drop % after.length, 1);
          for (const n of added)
            if (!after.some((s) => s.key === `C${n}`))
              after.push({ key: `C${n}`, score: n % 13, computed: {} });
          // Unchanged specs keep their computation object: their rows can only move.
          const a = table(before);
          const b = table(after);
          const change = JSON.parse(sideChangeText(diffRows(a.diff, b.diff))) as SideChange;
          const applied = applySide(a.rows, change);
          expect(applied).toEqual(b.rows);
        },
      ),
    );
  });

  it('send one move, one rank range and one row when a contestant passes many', () => {
    const before = Array.from({ length: 200 }, (_, i) => ({
      key: `C${i}`,
      score: 1000 - i * 2,
      computed: {},
    }));
    const after = before.map((s) => (s.key === 'C150' ? { ...s, score: 901, computed: {} } : s));
    const a = table(before);
    const b = table(after);
    const change = diffRows(a.diff, b.diff);
    expect(change.moved).toEqual([['C150', 50]]);
    // C50, now below the mover, changes its tie (a placement row); the rest only shift.
    expect(change.ranks).toEqual([[52, 150, 1]]);
    // The mover's row, and the two rows whose neighbour above changed.
    expect(change.set).toHaveLength(3);
    expect(Buffer.byteLength(sideChangeText(change))).toBeLessThan(600);
    expect(applySide(a.rows, JSON.parse(sideChangeText(change)) as SideChange)).toEqual(b.rows);
  });
});
