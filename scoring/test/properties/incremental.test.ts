/**
 * Incremental = full (DESIGN.md §8): marks and statuses applied, changed and removed one at a
 * time give the standings of a fresh computation with the final marks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MarkInput, Standings } from '../../src/index.ts';
import {
  createScoring,
  CUP_EVENTS,
  cupDefinition,
  json,
  markPickArb,
  ok,
  statusEntryArb,
  toMark,
  type MarkPick,
  type MarkSlot,
  type StatusEntry,
  SLOW,
  defined,
  cupScenarioArb,
} from './arbitraries.ts';

type Op =
  | { readonly kind: 'mark'; readonly pick: MarkPick }
  | { readonly kind: 'status'; readonly status: StatusEntry }
  /** Removes the marks[index % length] of the marks so far, or the mark `pick` names. */
  | { readonly kind: 'removeMark'; readonly index: number; readonly pick: MarkPick }
  /** Withdraws the statuses[index % length] so far, or `status` (maybe never recorded). */
  | { readonly kind: 'removeStatus'; readonly index: number; readonly status: StatusEntry };

function markKey(m: MarkInput): string {
  return `${m.event}/${m.criterion}/${m.competitor}/${m.judge ?? '-'}`;
}

function statusKey(s: StatusEntry): string {
  return `${s.event}/${s.competitor}/${s.status}`;
}

function opArb(slots: readonly MarkSlot[], competitors: readonly string[]): fc.Arbitrary<Op> {
  const pick = markPickArb(slots, competitors.length);
  const status = statusEntryArb(CUP_EVENTS, competitors);
  return fc.oneof(
    { weight: 12, arbitrary: pick.map((p): Op => ({ kind: 'mark', pick: p })) },
    { weight: 2, arbitrary: status.map((st): Op => ({ kind: 'status', status: st })) },
    {
      weight: 3,
      arbitrary: fc
        .record({ index: fc.nat(), pick, existing: fc.nat(9) })
        .map(({ index, pick: p, existing }): Op => ({
          kind: 'removeMark',
          index: existing === 0 ? -1 : index,
          pick: p,
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ index: fc.nat(), status, existing: fc.nat(3) })
        .map(({ index, status: st, existing }): Op => ({
          kind: 'removeStatus',
          index: existing === 0 ? -1 : index,
          status: st,
        })),
    },
  );
}

describe(
  'incremental = full (DESIGN.md §8; Scoring.applyMark, applyStatus, removeMark, removeStatus)',
  { timeout: SLOW },
  () => {
    // The cup covers score-ranked events with weights and tie-breaks, proportional and rank time
    // conversions (points that depend on the whole field), a time-ranked event with penalties,
    // team standings (best 2 of M, sum, slowest) and overall tables of every kind.
    it('new, changed and removed marks and statuses, one at a time after a bulk load, give the standings of a fresh Scoring.create with the final marks; a refused change changes nothing; standings handed out earlier never change', () => {
      fc.assert(
        fc.property(
          cupScenarioArb.chain((sc) =>
            fc.record({
              sc: fc.constant(sc),
              ops: fc.array(opArb(sc.slots, sc.roster.ids), {
                minLength: 1,
                maxLength: 25,
                size: 'max',
              }),
            }),
          ),
          ({ sc, ops }) => {
            const def = cupDefinition(sc.params);
            const ids = sc.roster.ids;
            // The model: the marks and statuses a fresh bulk load would be given.
            const marks = sc.picks.map((p) => toMark(sc.slots, ids, p));
            let statuses = [...sc.statuses];
            const inc = createScoring(def, { ...sc.roster.input, marks: [...marks], statuses });
            const freshAt = (m: readonly MarkInput[], st: readonly StatusEntry[]): Standings =>
              createScoring(def, {
                ...sc.roster.input,
                marks: [...m],
                statuses: [...st],
              }).standings();

            // Standings handed out along the way: half serialised at once (their JSON must not
            // change), half left unread (their lazy explanations must still describe their time).
            const serialised: { standings: Standings; text: string }[] = [];
            const unread: { standings: Standings; marks: MarkInput[]; statuses: StatusEntry[] }[] =
              [];
            let last = inc.standings();
            serialised.push({ standings: last, text: json(last) });

            ops.forEach((op, i) => {
              let r: ReturnType<typeof inc.applyMark>;
              let refused = false;
              switch (op.kind) {
                case 'mark': {
                  const m = toMark(sc.slots, ids, op.pick);
                  const at = marks.findIndex((x) => markKey(x) === markKey(m));
                  // A changed mark replaces that judge's earlier mark in place; a new one is
                  // appended at the end.
                  if (at >= 0) marks[at] = m;
                  else marks.push(m);
                  r = inc.applyMark(m);
                  break;
                }
                case 'status':
                  statuses.push(op.status);
                  r = inc.applyStatus(op.status);
                  break;
                case 'removeMark': {
                  const m =
                    op.index >= 0 && marks.length > 0
                      ? defined(marks[op.index % marks.length])
                      : toMark(sc.slots, ids, op.pick);
                  const at = marks.findIndex((x) => markKey(x) === markKey(m));
                  if (at >= 0) marks.splice(at, 1);
                  else refused = true;
                  r = inc.removeMark({
                    event: m.event,
                    criterion: m.criterion,
                    competitor: m.competitor,
                    judge: defined(m.judge),
                  });
                  break;
                }
                case 'removeStatus': {
                  const st =
                    op.index >= 0 && statuses.length > 0
                      ? defined(statuses[op.index % statuses.length])
                      : op.status;
                  // A competitor's statuses in an event are a set: withdrawing one removes it.
                  const kept = statuses.filter((x) => statusKey(x) !== statusKey(st));
                  refused = kept.length === statuses.length;
                  statuses = kept;
                  r = inc.removeStatus(st);
                  break;
                }
              }
              if (refused) {
                expect(r.success).toBe(false);
                expect(json(inc.standings())).toBe(json(last));
                return;
              }
              const s = ok(r);
              last = s;
              if (i % 2 === 0) serialised.push({ standings: s, text: json(s) });
              else unread.push({ standings: s, marks: [...marks], statuses: [...statuses] });
            });

            const expected = json(freshAt(marks, statuses));
            expect(json(inc.standings())).toBe(expected);
            for (const { standings, text } of serialised) expect(json(standings)).toBe(text);
            for (const u of unread)
              expect(json(u.standings)).toBe(json(freshAt(u.marks, u.statuses)));
            expect(json(inc.recomputeAll())).toBe(expected);
          },
        ),
        { numRuns: 100 },
      );
    });
  },
);
