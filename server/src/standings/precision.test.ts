import { describe, expect, it } from 'vitest';
import { Rational } from '@skills/scoring';
import { canonical } from '../contract/canonical.ts';
import { decimalJson, tieJson, type Precision } from './precision.ts';

const P: Precision = { places: 2, mode: 'halfUp', timePlaces: 1 };

describe('decimalJson', () => {
  it('writes exact values as decimals at the places, half up, keys sorted', () => {
    expect(
      decimalJson(
        { score: Rational.of(179624, 1987), module: 'attack', max: Rational.int(100) },
        P,
      ),
    ).toBe('{"max":"100.00","module":"attack","score":"90.40"}');
    expect(decimalJson({ score: Rational.of(22, 3) }, { ...P, mode: 'truncate' })).toBe(
      '{"score":"7.33"}',
    );
  });

  it('writes plain values as canonical JSON does, whatever the shape and key order', () => {
    const values: Record<string, unknown>[] = [
      { b: 1, a: [true, null, 'x'], c: { z: 1, y: undefined, x: 'q' } },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { 'a\u0000b': 1, c: 2 },
      { a: 1, 'b\u0000c': 2 },
      { a: 1, b: undefined },
    ];
    for (const v of [...values, ...values]) expect(decimalJson(v, P)).toBe(canonical(v));
  });

  it('writes times at the time places: a time, and the aggregate of a time criterion', () => {
    const criterion = {
      kind: 'time',
      aggregate: Rational.from('198.7'),
      points: Rational.of(56430, 1987),
      time: {
        raw: Rational.from('198.7'),
        penalty: Rational.int(2),
        final: Rational.from('200.7'),
      },
    };
    expect(JSON.parse(decimalJson(criterion, P))).toEqual({
      kind: 'time',
      aggregate: '198.7',
      points: '28.40',
      time: { raw: '198.7', penalty: '2.0', final: '200.7' },
    });
  });

  it('leaves what is not an exact value as it is', () => {
    expect(decimalJson({ value: '23.5', n: 3, ok: true, none: null, gone: undefined }, P)).toBe(
      '{"n":3,"none":null,"ok":true,"value":"23.5"}',
    );
  });
});

describe('tieJson', () => {
  const valuesOf = (text: string): unknown => (JSON.parse(text) as { values: unknown }).values;
  const tie = (by: string, values: [string, string]) => ({
    kind: 'tieBreak',
    index: 0,
    rule: { by, module: 'practical' },
    values,
    above: 'E1',
  });

  it('writes compared values at the places, with more digits only where they would look equal', () => {
    expect(valuesOf(tieJson(tie('module', ['523/6', '87']), P))).toEqual(['87.17', '87.00']);
    expect(valuesOf(tieJson(tie('module', ['241/3', '80.329']), P))).toEqual(['80.333', '80.329']);
  });

  it('keeps place counts as counts', () => {
    expect(valuesOf(tieJson(tie('placeCounts', ['2/0/0', '1/1/1']), P))).toEqual([
      '2/0/0',
      '1/1/1',
    ]);
  });
});
