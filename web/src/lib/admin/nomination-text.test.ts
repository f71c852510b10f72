/** The nominations' codes worded for people: "不是职工", events by name. */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../messages.ts';
import * as text from './nomination-text.ts';

/** Chinese, as the console shows it by default. */
const say: text.Say = (key, params = {}) =>
  MESSAGES[key][0].replace(/\{(\w+)\}/g, (all, name: string) =>
    params[name] === undefined ? all : String(params[name]),
  );
const passedOverText = (p: Parameters<typeof text.passedOverText>[0]) =>
  text.passedOverText(p, say);
const waitingText = (w: Parameters<typeof text.waitingText>[0]) => text.waitingText(w, say);
const notReadyText = (d: Parameters<typeof text.notReadyText>[0]) => text.notReadyText(d, say);

const passed = (code: string, params: Record<string, string>) => ({
  competitor: 'E6',
  bib: '006',
  name: '选手6',
  rank: 1,
  reason: 'server text',
  code,
  params,
});

describe('nomination texts', () => {
  it('words a passed-over reason from its code, not the engine’s English', () => {
    expect(
      passedOverText(passed('not_attribute', { attribute: '职工', attributeEn: 'an employee' })),
    ).toBe('不是职工');
    expect(
      passedOverText(
        passed('not_allowed', {
          attribute: '性别',
          attributeEn: 'gender',
          value: '男',
          valueEn: 'male',
          allowed: '女',
          allowedEn: 'female',
        }),
      ),
    ).toBe('性别为男，须为女');
    expect(passedOverText(passed('below_min_score', { score: '59.50', min: '60' }))).toBe(
      '成绩 59.50 低于最低分 60',
    );
    expect(passedOverText(passed('something_new', {}))).toBe('server text');
    const english: text.Say = (key, params = {}) =>
      MESSAGES[key][1].replace(/\{(\w+)\}/g, (all, name: string) =>
        params[name] === undefined ? all : String(params[name]),
      );
    expect(
      text.passedOverText(
        passed('not_attribute', { attribute: '职工', attributeEn: 'an employee' }),
        english,
        true,
      ),
    ).toBe('not an employee');
  });

  it('names the events an award or the list waits for', () => {
    expect(waitingText({ code: 'not_final', id: 'theory', name: '理论考试', status: 'live' })).toBe(
      '赛项“理论考试”未定稿（进行中）',
    );
    expect(
      notReadyText({
        path: 'events.theory',
        code: 'not_final',
        message: 'event "theory" is live',
        params: { event: '理论考试', status: 'live' },
      }),
    ).toBe('赛项“理论考试”未定稿（进行中）');
  });
});
