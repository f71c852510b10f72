import { describe, expect, it } from 'vitest';
import type { PublicTie } from '@skills/server/contract';
import { PUBLIC_MESSAGES } from '../messages-public.ts';
import { labelsOf } from './labels.ts';
import { readRow } from './rows.ts';
import { ruleText, tieBadge, tieText, type Translate } from './tie.ts';

/** t() over the public messages, in either language (as i18n.svelte.ts fills placeholders). */
const translate =
  (lang: 0 | 1): Translate =>
  (key, params) =>
    PUBLIC_MESSAGES[key][lang].replace(/\{(\w+)\}/g, (all, name: string) =>
      params?.[name] === undefined ? all : String(params[name]),
    );
const zh = translate(0);
const en = translate(1);

const labels = labelsOf({
  events: [
    {
      id: 'battery',
      name: '电池包检测',
      modules: [
        { id: 'theory', name: '理论知识', criteria: [{ id: 'exam', name: '理论考试' }] },
        { id: 'practical', name: '实际操作', criteria: [{ id: 'seal', name: '密封性测试' }] },
      ],
    },
  ],
});

const row = (competitor: string, rank: number | null, tie: PublicTie) =>
  readRow({ competitor, position: 0, rank, tie, status: rank === null ? 'pending' : 'ok' });

const rows = [
  row('a', 1, { kind: 'first' }),
  row('b', 1, { kind: 'shared', with: 'a' }),
  row('c', 3, {
    kind: 'tieBreak',
    above: 'b',
    index: 0,
    rule: { by: 'module', module: 'practical', order: 'desc' },
    values: ['76', '75'],
  }),
  row('d', 4, { kind: 'score', above: 'c' }),
  row('e', 5, { kind: 'status', above: 'd' }),
  row('f', null, { kind: 'unranked' }),
];

describe('tieText', () => {
  it('says a shared rank, on both rows of the tie', () => {
    expect(tieText(rows, 1, labels, 'battery', zh)).toEqual([
      '与上一名成绩相同，并列第 1 名；并列者的先后不分高下。',
    ]);
    expect(tieText(rows, 0, labels, 'battery', zh)).toEqual([
      '与下一名成绩相同，并列第 1 名；并列者的先后不分高下。',
    ]);
    expect(tieText(rows, 1, labels, 'battery', en).join()).toContain('share rank 1');
  });

  it('says both when a row placed by a tie-break shares its rank with the row below', () => {
    const more = [
      ...rows.slice(0, 3),
      row('c2', 3, { kind: 'shared', with: 'c' }),
      ...rows.slice(3),
    ];
    expect(tieText(more, 2, labels, 'battery', zh)).toEqual([
      '与上一名成绩相同，按第 1 条决胜规则排在其后：“实际操作”得分高者在前（上一名 76，本行 75）。',
      '与下一名成绩相同，并列第 3 名；并列者的先后不分高下。',
    ]);
  });

  it('names the tie-break rule that decided, with the values compared', () => {
    expect(tieText(rows, 2, labels, 'battery', zh)).toEqual([
      '与上一名成绩相同，按第 1 条决胜规则排在其后：“实际操作”得分高者在前（上一名 76，本行 75）。',
    ]);
    expect(tieText(rows, 2, labels, 'battery', en)).toEqual([
      'Same result as the row above; placed after it by tie-break 1: higher 实际操作 score first (row above 76, this row 75).',
    ]);
  });

  it('says nothing of a row simply below a better result', () => {
    expect(tieText(rows, 3, labels, 'battery', zh)).toEqual([]);
  });

  it('explains a status row and an unranked row', () => {
    expect(tieText(rows, 4, labels, 'battery', en).join()).toContain('by status');
    expect(tieText(rows, 5, labels, 'battery', zh)).toEqual(['尚无评分，暂不排名。']);
  });
});

describe('tieBadge', () => {
  it('marks every row of a shared rank, and a tie-break', () => {
    expect(rows.map((_, i) => tieBadge(rows, i))).toEqual([
      'pub.tie.sharedShort',
      'pub.tie.sharedShort',
      'pub.tie.breakShort',
      null,
      null,
      null,
    ]);
  });
});

describe('ruleText', () => {
  it('words every kind of rule', () => {
    const say = (rule: { by: string; [k: string]: unknown }) =>
      ruleText(rule, labels, 'battery', zh);
    expect(say({ by: 'module', module: 'theory', order: 'asc' })).toBe('“理论知识”得分低者在前');
    expect(say({ by: 'criterion', criterion: 'seal' })).toBe('“密封性测试”得分高者在前');
    expect(say({ by: 'time', criterion: 'seal' })).toBe('“密封性测试”用时短者在前');
    expect(say({ by: 'deductions' })).toBe('扣分少者在前');
    expect(say({ by: 'bestMember' })).toBe('最佳队员成绩好者在前');
    expect(say({ by: 'event', event: 'battery' })).toBe('“电池包检测”成绩好者在前');
    expect(say({ by: 'placeCounts', places: 3 })).toContain('第 3 名');
    expect(say({ by: 'new-rule' })).toBe('其他决胜规则');
    // An unknown module is named by its id.
    expect(say({ by: 'module', module: 'x' })).toBe('“x”得分高者在前');
  });
});
