import { describe, expect, it } from 'vitest';
import { clock, decimal, nonzero, resultText } from './format.ts';

describe('decimal', () => {
  it('prints a decimal as the engine sent it', () => {
    expect(decimal('76.8')).toBe('76.8');
    expect(decimal('66.50')).toBe('66.50');
    expect(decimal('0')).toBe('0');
    expect(decimal('-2.5')).toBe('-2.5');
  });

  it('prints a fraction to two places, half away from zero', () => {
    expect(decimal('22/3')).toBe('7.33');
    expect(decimal('2/3')).toBe('0.67');
    expect(decimal('-2/3')).toBe('-0.67');
    expect(decimal('1/8')).toBe('0.13');
    expect(decimal('1/3', 0)).toBe('0');
    expect(decimal('4503599627370500/3')).toBe('1501199875790166.67');
  });

  it('keeps the trailing zeros of the precision the server sent', () => {
    expect(decimal('83.00')).toBe('83.00');
    expect(decimal('80.0')).toBe('80.0');
    expect(decimal(' 9.50 ')).toBe('9.50');
    expect(clock('286.60')).toBe('4:46.60');
    expect(clock('278.34')).toBe('4:38.34');
    expect(clock('60.00')).toBe('1:00.00');
    expect(clock('3600')).toBe('1:00:00');
  });

  it('gives null for what is not a number', () => {
    expect(decimal(undefined)).toBeNull();
    expect(decimal(null)).toBeNull();
    expect(decimal('DNF')).toBeNull();
    expect(decimal('1/0')).toBeNull();
    expect(decimal(Number.NaN)).toBeNull();
    expect(decimal(12)).toBe('12');
  });
});

describe('clock', () => {
  it('prints seconds as m:ss with the decimals sent', () => {
    expect(clock('62.35')).toBe('1:02.35');
    expect(clock('9.5')).toBe('9.5');
    expect(clock('60')).toBe('1:00');
    expect(clock('3725')).toBe('1:02:05');
    expect(clock('125/2')).toBe('1:02.50');
    expect(clock(null)).toBeNull();
  });
});

describe('nonzero', () => {
  it('tells a deduction worth showing', () => {
    expect(nonzero('0')).toBe(false);
    expect(nonzero('0.00')).toBe(false);
    expect(nonzero('1.5')).toBe(true);
    expect(nonzero(undefined)).toBe(false);
  });
});

describe('resultText', () => {
  it('prints a time as a clock and a score as sent, with its trailing zeros', () => {
    expect(resultText('286.60', true)).toBe('4:46.60');
    expect(resultText('83.00', false)).toBe('83.00');
    expect(resultText(null, true)).toBeNull();
  });
});
