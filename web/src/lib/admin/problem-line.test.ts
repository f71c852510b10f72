import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../messages.ts';
import { problemLine, type Say } from './problem-line.ts';

/** The Chinese messages, as the console says them by default. */
const zh: Say = (key, params) => {
  const entry = (MESSAGES as Record<string, readonly [string, string]>)[key];
  if (entry === undefined) return undefined;
  return entry[0].replace(/\{(\w+)\}/g, (all, name: string) =>
    params?.[name] === undefined ? all : String(params[name]),
  );
};

describe('problemLine', () => {
  it('names the row and the column as the organizer wrote it, never the path', () => {
    expect(
      problemLine(
        { path: 'rows.3.工作单位', code: 'required', message: 'the unit is required' },
        zh,
      ),
    ).toBe('第 3 行 › 工作单位 › 不能为空');
  });

  it('calls row 1 the header', () => {
    expect(
      problemLine(
        { path: 'rows.1.备注', code: 'unmapped_column', message: 'x', params: { column: 'F' } },
        zh,
      ),
    ).toBe('表头 › 备注 › 这一列没有对应的字段：请选择对应字段或“不导入”');
  });

  it('names a request field by its label and words the code with its parameters', () => {
    expect(problemLine({ path: 'body.pin', code: 'invalid_format', message: 'x' }, zh)).toBe(
      'PIN › 格式不正确',
    );
    expect(
      problemLine(
        {
          path: 'body.remove[0]',
          code: 'marks_entered',
          message: 'x',
          params: { judge: 'J1', criterion: '密封性' },
        },
        zh,
      ),
    ).toBe('J1 已对“密封性”录入分数，不能取消该分工');
  });

  it('keeps the server sentence for a code it does not know', () => {
    expect(
      problemLine(
        { path: 'body.definition.events[0].modules', code: 'weird', message: 'bad modules' },
        zh,
      ),
    ).toBe('modules › bad modules');
  });

  it('places a bad cell of a marking-scheme workbook at its sheet, row and column', () => {
    expect(
      problemLine(
        {
          path: 'file',
          code: 'not_a_number',
          message: 'x',
          params: { sheet: '实际操作', event: '实际操作', row: 5, column: '满分' },
        },
        zh,
      ),
    ).toBe('赛项「实际操作」 › 第 5 行 › 满分 › 必须是数字，如 7.5');
    expect(
      problemLine(
        {
          path: 'file',
          code: 'invalid_rule',
          message: 'x',
          params: { sheet: '奖项 Awards', row: 3, column: '其余设置', rule: 'unknown event "x"' },
        },
        zh,
      ),
    ).toBe('工作表「奖项 Awards」 › 第 3 行 › 其余设置 › 不符合评分规则（unknown event "x"）');
  });
});
