import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from './csv.ts';

describe('parseCsv (RFC 4180)', () => {
  it('reads a header and rows with their 1-based line numbers', () => {
    const t = parseCsv('a,b,c\n1,2,3\n4,5,6\n');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.headerLine).toBe(1);
    expect(t.rows).toEqual([
      { line: 2, cells: ['1', '2', '3'] },
      { line: 3, cells: ['4', '5', '6'] },
    ]);
    expect(t.errors).toEqual([]);
  });

  it('accepts CRLF, LF and a missing final line break alike', () => {
    const expected = [{ line: 2, cells: ['1', '2'] }];
    expect(parseCsv('a,b\r\n1,2\r\n').rows).toEqual(expected);
    expect(parseCsv('a,b\n1,2').rows).toEqual(expected);
    expect(parseCsv('a,b\r\n1,2').rows).toEqual(expected);
    expect(parseCsv('a,b\r1,2\r').rows).toEqual(expected);
  });

  it('strips a UTF-8 byte order mark (Excel "CSV UTF-8")', () => {
    const t = parseCsv('\uFEFFid,name\r\nE01,王芳\r\n');
    expect(t.header).toEqual(['id', 'name']);
    expect(t.rows[0]?.cells).toEqual(['E01', '王芳']);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    const t = parseCsv('id,note\n1,"a, b"\n2,"say ""hi"""\n3,"two\r\nlines"\n4,""\n');
    expect(t.rows.map((r) => r.cells[1])).toEqual(['a, b', 'say "hi"', 'two\r\nlines', '']);
    // The record after a quoted line break starts on the physical line it is on.
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 4, 6]);
    expect(t.errors).toEqual([]);
  });

  it('keeps empty fields, including trailing ones', () => {
    expect(parseCsv('a,b,c\n,,x\nx,,\n').rows.map((r) => r.cells)).toEqual([
      ['', '', 'x'],
      ['x', '', ''],
    ]);
  });

  it('does not trim: spaces are part of a field', () => {
    expect(parseCsv('a,b\n 1 , "2" \n').rows[0]?.cells[0]).toBe(' 1 ');
  });

  it('skips blank lines and rows of empty cells but keeps counting lines', () => {
    const t = parseCsv('\n\na,b\n\n1,2\n,\n  ,\n3,4\n\n');
    expect(t.headerLine).toBe(3);
    expect(t.rows).toEqual([
      { line: 5, cells: ['1', '2'] },
      { line: 8, cells: ['3', '4'] },
    ]);
  });

  it('returns no header for empty text or a lone byte order mark', () => {
    expect(parseCsv('')).toEqual({ header: [], headerLine: 0, rows: [], errors: [] });
    expect(parseCsv('\uFEFF').headerLine).toBe(0);
    expect(parseCsv('\n\r\n').headerLine).toBe(0);
  });

  it('reports an unclosed quote at the line it opens and drops the swallowed record', () => {
    const t = parseCsv('a,b\n1,2\n3,"x\n5,6\n7,8\n');
    expect(t.rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
    expect(t.errors).toEqual([
      {
        line: 3,
        message: 'a quoted field is never closed, so lines 3-5 were read as one field and skipped',
      },
    ]);
  });

  it('reports a stray quote in an unquoted field and text after a closing quote, and reads on', () => {
    const { records, errors } = parseCsvRecords('a,b"c\n"x"y,z\nok,1\n');
    expect(records.map((r) => r.cells)).toEqual([
      ['a', 'b"c'],
      ['xy', 'z'],
      ['ok', '1'],
    ]);
    expect(errors.map((e) => e.line)).toEqual([1, 2]);
    expect(errors[0]?.message).toMatch(/quote inside an unquoted field/);
    expect(errors[1]?.message).toMatch(/text after a closing quote/);
  });

  it('counts a lone CR inside quotes as a line break, CRLF as one', () => {
    const t = parseCsv('h\n"a\rb"\n"c\r\nd"\nlast\n');
    expect(t.rows.map((r) => r.line)).toEqual([2, 4, 6]);
  });
});
