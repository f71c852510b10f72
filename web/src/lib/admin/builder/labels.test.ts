import { parseCompetition } from '@skills/scoring';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../messages.ts';
import type { Say } from '../problem-line.ts';
import { blankDraft, newModule, plain } from './draft.ts';
import { fromDetail, problemLine, segmentsOf } from './labels.ts';

/** The item, or the test fails here. */
function must<T>(x: T | undefined): T {
  if (x === undefined) throw new Error('missing');
  return x;
}

/** The Chinese texts, filled as t() fills them. */
const zh: Say = (key, params = {}) => {
  const entry = (MESSAGES as Record<string, readonly [string, string]>)[key];
  return entry?.[0].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
};

const NAMES = { event: '中式烹调', module: '理论知识', criterion: '理论考试' };

function cooking() {
  const draft = blankDraft('cook', '烹饪', NAMES);
  const event = draft.events[0];
  if (!event) throw new Error('no event');
  must(event.modules[0]).weight = 30;
  event.modules.push(newModule(event, '实际操作', '刀工'));
  return draft;
}

describe('definition problems in the organizer’s words', () => {
  it('names a problem by the labels of the fields the form shows, never a JSON path', () => {
    const draft = cooking();
    const parsed = parseCompetition(plain(draft));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const lines = parsed.problems.map((p) => problemLine(draft, p, zh));
    expect(lines).toContain(
      '赛项 1「中式烹调」 › 模块「实际操作」 › 权重（%） › 同一赛项的模块要么都填权重，要么都不填',
    );
    for (const line of lines) expect(line).not.toMatch(/events|\[\d\]/);
  });

  it('words a shape problem (an empty name) with the console’s existing wording', () => {
    const draft = cooking();
    must(must(draft.events[0]).modules[1]).weight = 70;
    must(must(must(draft.events[0]).modules[1]).criteria[0]).name = '';
    const parsed = parseCompetition(plain(draft));
    if (parsed.success) throw new Error('an empty name passed');
    expect(parsed.problems.map((p) => problemLine(draft, p, zh))).toEqual([
      '赛项 1「中式烹调」 › 模块「实际操作」 › 评分项「」 › 名称 › 不能为空',
    ]);
  });

  it('reads a server refusal’s path (body.definition.…) the same way', () => {
    const draft = cooking();
    expect(segmentsOf('events[0].modules[1].weight')).toEqual([
      'events',
      0,
      'modules',
      1,
      'weight',
    ]);
    const p = fromDetail({
      path: 'body.definition.events[0].tieBreaks[1].module',
      code: 'unknown_module',
      message: 'no module "x" in this event',
    });
    expect(problemLine(draft, p, zh)).toBe('赛项 1「中式烹调」 › 决胜规则 2 › 模块 › 没有这个模块');
  });

  it('names a whole list of the document by its heading (an event with sheets removed)', () => {
    const p = fromDetail({
      path: 'body.definition.events',
      code: 'event_in_use',
      message: 'event "e1" has score sheets',
    });
    expect(problemLine(cooking(), p, zh)).toBe('赛项 › 已有评分表的赛项不能删除，也不能改编号');
  });

  it('keeps the engine’s sentence for a code it has no words for', () => {
    expect(problemLine({}, { path: [], code: 'brand_new', message: 'something new' }, zh)).toBe(
      'something new',
    );
  });
});
