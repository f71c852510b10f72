import { describe, expect, it } from 'vitest';
import type { Competition } from '@skills/scoring';
import evBattery from '../../../scoring/examples/ev-battery.definition.json' with { type: 'json' };
import { readDefinition, sheetTotals } from './totals.ts';

function definition(): Competition {
  const d = readDefinition(evBattery);
  if (d === null) throw new Error('the EV battery example does not parse');
  return d;
}

const marks = (values: Record<string, string>): ReadonlyMap<string, string> =>
  new Map(Object.entries(values));

/*
 * The EV battery event (scoring/examples/ev-battery.definition.json): out of 100, two weighted
 * modules, event score rounded to 2 places.
 *   theory (weight 20):    exam, points 0–100                      → module max 100
 *   practical (weight 80): seal 0–40 + balance 0–40 + process, a judgement on a 0–10 scale
 *                          worth 20 points (points = 20 × mark ÷ 10) → module max 100;
 *                          safety is a gate: 1 (a violation) zeroes the module.
 *   event = 20 × theory ÷ 100 + 80 × practical ÷ 100
 */
describe('sheetTotals', () => {
  const d = definition();

  it('gives module scores and the weighted event score', () => {
    // theory 87.5; practical 35.5 + 30 + 20 × 7.5 ÷ 10 = 80.5;
    // event 0.2 × 87.5 + 0.8 × 80.5 = 17.5 + 64.4 = 81.9
    const totals = sheetTotals(
      d,
      'battery',
      marks({ exam: '87.5', seal: '35.5', balance: '30', process: '7.5', safety: '0' }),
    );
    expect(totals).toEqual({
      modules: [
        { id: 'theory', name: '理论知识', score: '87.50', max: '100.00' },
        { id: 'practical', name: '实际操作', score: '80.50', max: '100.00' },
      ],
      score: '81.90',
      max: '100',
      time: null,
      status: null,
    });
  });

  it('zeroes the practical module on a safety violation', () => {
    // practical 0; event 0.2 × 87.5 = 17.5
    const totals = sheetTotals(
      d,
      'battery',
      marks({ exam: '87.5', seal: '35.5', balance: '30', process: '7.5', safety: '1' }),
    );
    expect(totals?.modules.map((m) => [m.id, m.score])).toEqual([
      ['theory', '87.50'],
      ['practical', '0.00'],
    ]);
    expect(totals).toMatchObject({ score: '17.50', status: null });
  });

  it('scores what this sheet has so far', () => {
    // A practical judge's sheet without the exam: 0.8 × (33.5 + 29 + 20 × 6.5 ÷ 10) = 0.8 × 75.5
    const totals = sheetTotals(
      d,
      'battery',
      marks({ seal: '33.5', balance: '29', process: '6.5' }),
    );
    expect(totals?.modules.map((m) => m.score)).toEqual(['0.00', '75.50']);
    expect(totals?.score).toBe('60.40');
  });

  it('has no event score while nothing is entered', () => {
    const totals = sheetTotals(d, 'battery', new Map());
    expect(totals).toMatchObject({ score: null, max: '100', status: null });
    expect(totals?.modules.map((m) => m.score)).toEqual(['0.00', '0.00']);
  });

  it('gives nothing for an unknown event or a mark the engine refuses', () => {
    expect(sheetTotals(d, 'nope', marks({ exam: '87.5' }))).toBeNull();
    expect(sheetTotals(d, 'battery', marks({ exam: '87.5', seal: '41' }))).toBeNull();
  });
});

describe('readDefinition', () => {
  it('reads a valid definition and refuses anything else', () => {
    expect(definition().events.map((e) => e.id)).toEqual(['battery']);
    expect(readDefinition(null)).toBeNull();
    expect(readDefinition({})).toBeNull();
    expect(readDefinition({ ...evBattery, events: [] })).toBeNull();
  });
});
