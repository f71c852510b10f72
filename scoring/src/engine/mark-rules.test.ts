import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCompetition } from '../definition/index.ts';
import { MarkRules } from './mark-rules.ts';

const raw: unknown = JSON.parse(
  readFileSync(new URL('../../examples/ev-battery.definition.json', import.meta.url), 'utf8'),
);
const parsed = parseCompetition(raw);
if (!parsed.success) throw new Error('example definition does not parse');
const rules = MarkRules.of(parsed.data);

describe('MarkRules', () => {
  it('accepts a mark the engine accepts', () => {
    expect(rules.check('battery', 'seal', '38.5')).toBeNull();
    expect(rules.check('battery', 'safety', 1)).toBeNull();
  });

  it('names the reason a value is refused', () => {
    expect(rules.check('battery', 'seal', '41')).toMatchObject({
      path: ['value'],
      code: 'out_of_range',
    });
    expect(rules.check('battery', 'seal', '38.3')).toMatchObject({ code: 'off_step' });
    expect(rules.check('battery', 'seal', 'abc')?.path).toEqual(['value']);
  });

  it('refuses unknown events and criteria with their own codes', () => {
    expect(rules.check('nope', 'seal', 1)?.code).toBe('unknown_event');
    expect(rules.check('battery', 'nope', 1)?.code).toBe('unknown_criterion');
  });

  it('lists criteria in sheet order with their ranges', () => {
    const list = rules.criteria('battery');
    expect(list.map((c) => c.id)).toEqual(['exam', 'seal', 'balance', 'process', 'safety']);
    expect(list[1]).toMatchObject({ module: 'practical', min: '0.0', max: '40.0', step: '0.5' });
    expect(rules.criteria('nope')).toEqual([]);
  });
});
