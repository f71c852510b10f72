/** Every refusal the server can answer with has a message in the judge's language. */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@skills/server/contract';
import { ERROR_MESSAGES, refusalKey } from './error-codes.ts';
import { MESSAGES } from './messages.ts';

describe('error codes', () => {
  it("maps every code of the server's contract to a message, in Chinese and English", () => {
    for (const code of Object.keys(ERROR_CODES)) {
      const key = refusalKey(code);
      const [zh, en] = MESSAGES[key];
      expect({ code, zh: zh.trim() !== '', en: en.trim() !== '' }).toEqual({
        code,
        zh: true,
        en: true,
      });
      expect(zh).toMatch(/\p{Script=Han}/u);
    }
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('tells a judge whose change was refused on a signed sheet to go through the chief judge', () => {
    expect(MESSAGES[refusalKey('wrong_state')][0]).toContain('裁判长');
  });

  it('has a message for a code it does not know, naming the code', () => {
    expect(refusalKey('something_new')).toBe('error.refusedCode');
    expect(MESSAGES['error.refusedCode'][0]).toContain('{code}');
  });
});
