import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCompetition, type CompetitionInput } from '../definition/index.ts';
import type { ScoringInputFile } from '../input/schema.ts';
import { score } from './scoring.ts';

const fixture = JSON.parse(
  readFileSync(
    new URL('../../test/golden/science-olympiad-count-back.json', import.meta.url),
    'utf8',
  ),
) as { definition: CompetitionInput; input: ScoringInputFile };

describe('overall count-back (placeCounts)', () => {
  it('shows the counts of 1st/2nd/3rd places that separated two equal totals', () => {
    const def = parseCompetition(fixture.definition);
    if (!def.success) throw new Error(JSON.stringify(def.problems));
    const r = score(def.data, fixture.input);
    if (!r.success) throw new Error(JSON.stringify(r.problems));
    const second = r.data.overall[0]?.rows[1];
    expect(second?.competitor).toBe('T2');
    expect(second?.tie).toMatchObject({ kind: 'tieBreak', index: 0, values: ['2/0/0', '1/1/1'] });
  });

  it('is refused as an event tie-break, with its path', () => {
    const input = structuredClone(fixture.definition);
    const first = input.events[0];
    if (!first) throw new Error('fixture');
    first.tieBreaks = [{ by: 'placeCounts', places: 3 }];
    const r = parseCompetition(input);
    expect(r.success ? [] : r.problems.map((p) => [p.path.join('.'), p.code])).toEqual([
      ['events.0.tieBreaks.0.by', 'tie_break_not_here'],
    ]);
  });
});

describe('a best-N module (best of 3 runs)', () => {
  const skate = JSON.parse(
    readFileSync(new URL('../../test/golden/skateboard-best-run.json', import.meta.url), 'utf8'),
  ) as { definition: CompetitionInput; input: ScoringInputFile };

  it('explains which runs were dropped, and its max is one run', () => {
    const def = parseCompetition(skate.definition);
    if (!def.success) throw new Error(JSON.stringify(def.problems));
    const r = score(def.data, skate.input);
    if (!r.success) throw new Error(JSON.stringify(r.problems));
    const s1 = r.data.events[0]?.rows.find((row) => row.competitor === 'S1');
    const module = s1?.modules[0];
    expect(module?.max.toString()).toBe('100');
    expect(module?.criteria.map((c) => [c.criterion, c.points?.toString(), c.dropped])).toEqual([
      ['run1', '81', true],
      ['run2', '88.16', false],
      ['run3', '71', true],
    ]);
  });

  it('refuses best N larger than the scoring criteria, with its path', () => {
    const input = structuredClone(skate.definition);
    const module = input.events[0]?.modules[0];
    if (!module) throw new Error('fixture');
    module.best = 4;
    const r = parseCompetition(input);
    expect(r.success ? [] : r.problems.map((p) => [p.path.join('.'), p.code])).toEqual([
      ['events.0.modules.0.best', 'best_more_than_criteria'],
    ]);
  });
});
