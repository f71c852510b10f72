import { describe, expect, it } from 'vitest';
import type { Competition } from '@skills/scoring';
import evBattery from '../../../../scoring/examples/ev-battery.definition.json' with { type: 'json' };
import { readDefinition, sheetTotals } from '../totals.ts';
import { ownTotals } from './own-totals.ts';

function definition(): Competition {
  const d = readDefinition(evBattery);
  if (d === null) throw new Error('the EV battery example does not parse');
  return d;
}

// EV battery: theory (exam) 20 %, practical (seal, balance, process, safety gate) 80 %.
describe('ownTotals', () => {
  const d = definition();
  const totalsOf = (values: Record<string, string>) => {
    const t = sheetTotals(d, 'battery', new Map(Object.entries(values)));
    if (t === null) throw new Error('not scored');
    return t;
  };

  it('shows a practical judge no theory subtotal of 0.00 and no partial event score', () => {
    const mine = ['seal', 'balance', 'process'];
    const shown = ownTotals(
      d,
      'battery',
      totalsOf({ seal: '33.5', balance: '29', process: '6.5' }),
      mine,
    );
    expect(shown.modules.map((m) => [m.id, m.score])).toEqual([['practical', '75.50']]);
    expect(shown.score).toBeNull();
    expect(shown.partial).toBe(true);
  });

  it('shows a theory judge only the theory subtotal', () => {
    const shown = ownTotals(d, 'battery', totalsOf({ exam: '87.5', safety: '0' }), [
      'exam',
      'safety',
    ]);
    // safety sits in the practical module: the judge marks part of it, so it shows too.
    expect(shown.modules.map((m) => m.id)).toEqual(['theory', 'practical']);
    expect(shown.score).toBeNull();
  });

  it('shows everything to a judge who marks every criterion of the event', () => {
    const all = ['exam', 'seal', 'balance', 'process', 'safety'];
    const shown = ownTotals(
      d,
      'battery',
      totalsOf({ exam: '87.5', seal: '35.5', balance: '30', process: '7.5', safety: '0' }),
      all,
    );
    expect(shown.modules).toHaveLength(2);
    expect(shown.score).toBe('81.90');
    expect(shown.partial).toBe(false);
  });
});
