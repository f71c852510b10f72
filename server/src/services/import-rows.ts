/**
 * One import row per kind: a contestant, team or judge read from its cells and checked against
 * the JSON API's own schema, with every bad field named by its spreadsheet row and column, and
 * a bad row's good fields kept (stood in for) so the roster's checks still see them. It lives
 * apart from the header and the commit: it only turns rows into entries and problems.
 */
import type { z } from 'zod';
import type { ContestantInput, JudgeBody, TeamInput } from '../contract/api.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import { type SheetCell, type SheetRecord } from '../files/xlsx.ts';
import { detail } from '../errors/service-error.ts';
import { ID_NUMBER, PHONE } from './import-columns.ts';
import { type PersonalInput } from './personal-data.ts';
import { type RosterLocator } from './roster.ts';
import { cellText, isBlank, letters } from './import-file.ts';
import type { Header } from './import-header.ts';

/** Ids in one cell: "battery; theory", "a，b", "a,b". */
function idList(text: string): string[] {
  return text
    .split(/[;；,，、]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const GENDERS: Readonly<Record<string, 'M' | 'F'>> = { m: 'M', f: 'F', 男: 'M', 女: 'F' };

/** An attribute's value: booleans for true/false/是/否, numbers when numeric, else text. */
function attributeValue(cell: SheetCell): string | number | boolean | undefined {
  if (cell === null || typeof cell === 'object') return undefined;
  if (typeof cell !== 'string') return cell;
  const text = cell.trim();
  if (text === '') return undefined;
  const lower = text.toLowerCase();
  if (lower === 'true' || text === '是') return true;
  if (lower === 'false' || text === '否') return false;
  // Numbers as numbers, except text a number would change ("007", "1.50" stays as written).
  if (/^-?(0|[1-9]\d{0,14})(\.\d*[1-9])?$/.test(text)) return Number(text);
  return text;
}

export interface Parsed<T> {
  /**
   * Every non-blank row as an entry, for the roster's own checks (duplicates, unknown teams,
   * events and members, taken bibs and codes). A row with problems has its bad fields stood in
   * for (see `standIn`): it is never written, since any problem stops the import, but its good
   * fields are still checked, so every bad field of the file is listed.
   */
  readonly entries: T[];
  /** Each entry's spreadsheet row. */
  readonly rows: number[];
  readonly problems: ErrorDetail[];
}

/** A bad row's entry for the roster's checks: good fields kept, the rest stood in for. */
type StandIn<T> = (
  value: Record<string, unknown>,
  good: (key: string) => boolean,
  row: number,
) => T;

/** An id no entry of a file has (a control character and the row), unique per row. */
const placeholder = (row: number): string => `\u0001row${row}`;

/**
 * Each data row as the JSON body's entry, checked by its schema. A problem is reported once per
 * field; a schema issue on a field already reported is left out. Blank rows are skipped (and
 * keep their numbers).
 */
export function parseRows<S extends z.ZodType>(
  data: readonly SheetRecord[],
  header: Header,
  schema: S,
  build: (cells: readonly SheetCell[], report: Report, row: number) => Record<string, unknown>,
  standIn: StandIn<z.output<S>>,
): Parsed<z.output<S>> {
  const out: Parsed<z.output<S>> = { entries: [], rows: [], problems: [] };
  for (const record of data) {
    if (record.cells.every(isBlank)) continue;
    const badColumns = new Set<string>();
    const badKeys = new Set<string>();
    const report = (column: string, code: string, message: string): void => {
      if (badColumns.has(column)) return;
      badColumns.add(column);
      out.problems.push(detail(`rows.${record.row}.${column}`, code, message));
    };
    record.cells.forEach((cell, i) => {
      if (header.skipped.has(i)) return;
      const spec = header.known.get(i);
      const column = spec ? header.names.get(spec.key) : header.attributes.get(i);
      if (column === undefined) {
        if (!isBlank(cell)) {
          report(letters(i + 1), 'unnamed_column', `column ${letters(i + 1)} has no header`);
        }
        return;
      }
      const bad = (code: string, message: string): void => {
        if (spec) badKeys.add(spec.key);
        report(column, code, message);
      };
      if (cell !== null && typeof cell === 'object') {
        bad('cell_error', `the cell holds ${cell.error}`);
      } else if (typeof cell === 'string' && cell.includes('\u0000')) {
        bad('nul_character', 'remove the NUL character from the text');
      }
    });
    const column = (key: string): string => header.names.get(key) ?? key;
    const value = build(
      record.cells,
      (key, code, message) => {
        badKeys.add(key);
        report(column(key), code, message);
      },
      record.row,
    );
    const r = schema.safeParse(value);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const [field, sub] = issue.path;
        // An attribute's column is its own name; a list's problem is its column's.
        if (field === 'attributes' && typeof sub === 'string') {
          report(sub, issue.code, issue.message);
        } else {
          badKeys.add(String(field ?? ''));
          report(column(String(field ?? '')), issue.code, issue.message);
        }
      }
    }
    out.entries.push(
      r.success && badColumns.size === 0
        ? r.data
        : standIn(value, (key) => !badKeys.has(key) && value[key] !== undefined, record.row),
    );
    out.rows.push(record.row);
  }
  if (out.entries.length === 0) {
    out.problems.push(detail('rows', 'empty', 'the file has no rows below the header'));
  }
  return out;
}

type Report = (key: string, code: string, message: string) => void;

function fields(
  header: Header,
  cells: readonly SheetCell[],
): { text: (key: string) => string | undefined } {
  const byKey = new Map<string, SheetCell>();
  header.known.forEach((spec, i) => byKey.set(spec.key, cells[i] ?? null));
  return {
    text: (key: string): string | undefined => {
      const t = cellText(byKey.get(key));
      return t === '' ? undefined : t;
    },
  };
}

function required(
  get: (key: string) => string | undefined,
  report: Report,
  keys: readonly string[],
): void {
  for (const key of keys) {
    if (get(key) === undefined) report(key, 'required', `the ${key} is required`);
  }
}

function hasColumn(header: Header, key: string): boolean {
  return [...header.known.values()].some((spec) => spec.key === key);
}

/**
 * 身份证号 and 联系电话 of a row (a contestant's or a judge's), when the file has those columns:
 * checked here, kept in `personal` by row, stored apart (personal-data.ts).
 */
function readPersonal(
  header: Header,
  text: (key: string) => string | undefined,
  report: Report,
  row: number,
  personal: Map<number, PersonalInput>,
): void {
  const idNumber = text('idNumber');
  const phone = text('phone');
  if (idNumber !== undefined && !ID_NUMBER.test(idNumber)) {
    report('idNumber', 'invalid_id_number', 'an ID number has 18 characters (or 15 digits)');
  }
  if (phone !== undefined && !PHONE.test(phone)) {
    report('phone', 'invalid_phone', 'a phone number has 5 to 20 digits');
  }
  const keepId = hasColumn(header, 'idNumber');
  const keepPhone = hasColumn(header, 'phone');
  if (keepId || keepPhone) {
    personal.set(row, {
      ...(keepId ? { idNumber: idNumber ?? null } : {}),
      ...(keepPhone ? { phone: phone ?? null } : {}),
    });
  }
}

export function contestantOf(
  header: Header,
  personal: Map<number, PersonalInput>,
): (cells: readonly SheetCell[], report: Report, row: number) => Record<string, unknown> {
  return (cells, report, row) => {
    const f = fields(header, cells);
    required(f.text, report, ['bib', 'name']);
    // Without an id column a contestant is known by their bib (or 序号).
    const out: Record<string, unknown> = {
      id: f.text('id') ?? f.text('bib'),
      bib: f.text('bib'),
      name: f.text('name'),
    };
    const gender = f.text('gender');
    if (gender !== undefined) {
      const g = GENDERS[gender.toLowerCase()];
      if (g === undefined) report('gender', 'invalid_value', `M/F or 男/女, not "${gender}"`);
      out['gender'] = g ?? gender;
    }
    for (const key of ['unit', 'delegation', 'station', 'team'] as const) {
      const v = f.text(key);
      if (v !== undefined) out[key] = v;
    }
    const events = f.text('events');
    if (events !== undefined) out['events'] = idList(events);
    const attributes: Record<string, string | number | boolean> = {};
    header.attributes.forEach((name, i) => {
      const v = attributeValue(cells[i] ?? null);
      if (v !== undefined) attributes[name] = v;
    });
    header.known.forEach((spec, i) => {
      if (spec.attribute === undefined) return;
      const v = attributeValue(cells[i] ?? null);
      if (v !== undefined) attributes[spec.attribute] = v;
    });
    out['attributes'] = attributes;
    readPersonal(header, f.text, report, row, personal);
    return out;
  };
}

export function teamOf(
  header: Header,
): (cells: readonly SheetCell[], report: Report) => Record<string, unknown> {
  return (cells, report) => {
    const f = fields(header, cells);
    required(f.text, report, ['id', 'name']);
    const out: Record<string, unknown> = { id: f.text('id'), name: f.text('name') };
    const delegation = f.text('delegation');
    if (delegation !== undefined) out['delegation'] = delegation;
    const members = f.text('members');
    if (members !== undefined) out['members'] = idList(members);
    const events = f.text('events');
    if (events !== undefined) out['events'] = idList(events);
    return out;
  };
}

export function judgeOf(
  header: Header,
  personal: Map<number, PersonalInput>,
): (cells: readonly SheetCell[], report: Report, row: number) => Record<string, unknown> {
  return (cells, report, row) => {
    const f = fields(header, cells);
    readPersonal(header, f.text, report, row, personal);
    required(f.text, report, ['code', 'name', 'pin']);
    const pin = f.text('pin');
    const unit = f.text('unit');
    if (pin !== undefined && !/^\d{6}$/.test(pin)) {
      const hint = /^\d{1,5}$/.test(pin)
        ? ' (a spreadsheet drops leading zeros: format the column as text)'
        : '';
      report('pin', 'invalid_pin', `a PIN is six digits${hint}`);
    }
    return {
      code: f.text('code'),
      name: f.text('name'),
      pin,
      ...(unit !== undefined ? { unit } : {}),
    };
  };
}

/** A field of a bad row's value, when it was good (its type is what the row builder set). */
const pick = (
  value: Record<string, unknown>,
  good: (key: string) => boolean,
  key: string,
): unknown => (good(key) ? value[key] : undefined);

export const contestantStandIn: StandIn<z.output<typeof ContestantInput>> = (value, good, row) => {
  const team = pick(value, good, 'team') as string | undefined;
  const events = pick(value, good, 'events') as string[] | undefined;
  return {
    id: (pick(value, good, 'id') as string | undefined) ?? placeholder(row),
    bib: (pick(value, good, 'bib') as string | undefined) ?? placeholder(row),
    name: '-',
    attributes: {},
    ...(team !== undefined ? { team } : {}),
    ...(events !== undefined ? { events } : {}),
  };
};

export const teamStandIn: StandIn<z.output<typeof TeamInput>> = (value, good, row) => {
  const events = pick(value, good, 'events') as string[] | undefined;
  return {
    id: (pick(value, good, 'id') as string | undefined) ?? placeholder(row),
    name: '-',
    members: (pick(value, good, 'members') as string[] | undefined) ?? [],
    ...(events !== undefined ? { events } : {}),
  };
};

export const judgeStandIn: StandIn<z.output<typeof JudgeBody>> = (value, good, row) => ({
  code: (pick(value, good, 'code') as string | undefined) ?? placeholder(row),
  name: '-',
  pin: '000000',
});

/** Where a roster problem of entry i is reported: its row, and the column as written. */
export function rowLocator(header: Header, rows: readonly number[]): RosterLocator {
  return {
    path: (_section, index, field) =>
      `rows.${rows[index] ?? 0}.${header.names.get(field) ?? field}`,
    label: (_section, index) => `row ${rows[index] ?? 0}`,
  };
}
