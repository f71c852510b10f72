import { describe, expect, it } from 'vitest';
import { formatProblem } from './problems.ts';

describe('formatProblem', () => {
  it('keeps a problem on one line when the offending value holds a newline', () => {
    const line = formatProblem({
      file: 'm.csv',
      line: 2,
      field: 'value',
      code: 'not_a_number',
      message: 'seal: expected a number, got ",ev\na,b"\t',
    });
    expect(line).toBe('m.csv:2 value: seal: expected a number, got ",ev\\na,b"\\t');
    expect(line.split('\n')).toHaveLength(1);
  });
});
