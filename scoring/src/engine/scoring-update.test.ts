import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCompetition } from '../definition/index.ts';
import type { MarkInput, ScoringInputFile } from '../input/schema.ts';
import { Scoring, score } from './scoring.ts';

const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'));
const parsed = parseCompetition(read('ev-battery.definition.json'));
if (!parsed.success) throw new Error('example definition does not parse');
const def = parsed.data;
const input = read('ev-battery.marks.json') as ScoringInputFile & { marks: MarkInput[] };

function json(value: unknown): string {
  return JSON.stringify(value);
}

describe('Scoring.update', () => {
  it('applies many marks at once, the same as a full computation', () => {
    const full = score(def, input);
    if (!full.success) throw new Error('example does not score');
    const empty = Scoring.create(def, { ...input, marks: [] });
    if (!empty.success) throw new Error('roster does not load');
    const shuffled = [...input.marks].reverse();
    expect(empty.data.update(shuffled.map((m) => ({ set: m })))).toEqual([]);
    expect(json(empty.data.standings())).toBe(json(full.data));
  });

  it('removes marks, and refuses a bad change at its index while applying the rest', () => {
    const s = Scoring.create(def, input);
    if (!s.success) throw new Error('example does not score');
    const [first, second] = input.marks as [MarkInput, MarkInput];
    const key = {
      event: first.event,
      criterion: first.criterion,
      competitor: first.competitor,
      ...(first.judge !== undefined ? { judge: first.judge } : {}),
    };
    const problems = s.data.update([
      { remove: key },
      { set: { ...second, value: 'not a number' } },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path[0]).toBe(1);
    const without = score(def, { ...input, marks: input.marks.slice(1) });
    if (!without.success) throw new Error('example does not score');
    expect(json(s.data.standings())).toBe(json(without.data));
  });
});
