import { describe, expect, it } from 'vitest';
import type { Competition } from '@skills/scoring';
import {
  CRITERION_KINDS,
  blankDraft,
  changeKind,
  criterionOf,
  plain,
  type Draft,
} from './draft.ts';
import { markKey, runPreview, sampleMarks } from './preview.ts';

/** The item, or the test fails here. */
function must<T>(x: T | undefined): T {
  if (x === undefined) throw new Error('missing');
  return x;
}

const NAMES = { event: '全能', module: '模块', criterion: '项目' };

/** One event with a criterion of every kind the schema has (the time converted to points). */
function everyKind(): Draft {
  const draft = blankDraft('all', '全部类型', NAMES);
  const module = must(must(draft.events[0]).modules[0]);
  module.criteria = CRITERION_KINDS.map((kind) =>
    criterionOf(kind, `k-${kind}`, kind, draft.events[0]),
  );
  const time = module.criteria.find((c) => c.kind === 'time');
  if (time?.kind === 'time') time.conversion = { method: 'proportional', max: 10 };
  const penalty = module.criteria.find((c) => c.kind === 'penalty');
  if (penalty?.kind === 'penalty') penalty.time = 'k-time';
  must(draft.events[0]).judges = 3;
  for (const c of module.criteria) if (c.kind === 'time' || c.kind === 'penalty') c.judges = 1;
  return draft;
}

describe('the builder’s live preview', () => {
  it('starts with sample marks every kind of criterion accepts, ranked by the engine', () => {
    const r = runPreview(plain(everyKind()), 'e1', new Map());
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.standings.rows).toHaveLength(5);
    expect(r.standings.rows.every((row) => row.rank !== null)).toBe(true);
  });

  it('ranks by the organizer’s changed marks, and refuses one out of range with the reason', () => {
    const draft = blankDraft('one', '一项', NAMES);
    const def = plain(draft) as Competition;
    const first = sampleMarks(must(def.events[0]));
    expect(first.size).toBe(5);
    const top = runPreview(def, 'e1', new Map([[markKey('c1', 'p5', 1), '10']]));
    if (!top.ok) throw new Error('refused');
    expect(top.standings.rows[0]?.competitor).toBe('p5');
    const bad = runPreview(def, 'e1', new Map([[markKey('c1', 'p5', 1), '11']]));
    expect(bad.ok).toBe(false);
  });

  it('keeps a criterion’s common fields when its kind changes, and the kind’s own fresh', () => {
    const draft = blankDraft('k', 'k', NAMES);
    const c = must(must(must(draft.events[0]).modules[0]).criteria[0]);
    c.judges = 3;
    changeKind(c, 'judgement');
    expect(c).toEqual({
      id: 'c1',
      name: '项目',
      judges: 3,
      kind: 'judgement',
      max: 10,
      scale: { min: 0, max: 3, step: 1 },
    });
  });
});
