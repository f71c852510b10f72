import { describe, expect, it } from 'vitest';
import { MESSAGES } from './messages.ts';

const entries = Object.entries(MESSAGES) as [string, readonly [string, string]][];

const placeholders = (text: string): string[] =>
  [...new Set(Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1] ?? ''))].sort();

/** Keys whose texts fail the check, so a failure names them all. */
const failing = (ok: (zh: string, en: string) => boolean): string[] =>
  entries.filter(([, [zh, en]]) => !ok(zh, en)).map(([key]) => key);

describe('MESSAGES', () => {
  it('has entries', () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it('has a non-empty Chinese and English text for every key', () => {
    expect(failing((zh, en) => zh.trim() !== '' && en.trim() !== '')).toEqual([]);
  });

  it('has the same {placeholders} in both languages', () => {
    expect(failing((zh, en) => placeholders(zh).join() === placeholders(en).join())).toEqual([]);
  });

  it('has no stray braces outside {placeholders}', () => {
    const stray = (text: string): boolean => /[{}]/.test(text.replace(/\{\w+\}/g, ''));
    expect(failing((zh, en) => !stray(zh) && !stray(en))).toEqual([]);
  });

  it('keeps Chinese out of the English texts (languages not swapped)', () => {
    expect(failing((_zh, en) => !/\p{Script=Han}/u.test(en))).toEqual([]);
  });
});
