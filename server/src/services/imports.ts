/**
 * Roster and judge import from a spreadsheet (DESIGN.md §1 "import contestants, teams and judges
 * from Excel", §7): a CSV (UTF-8, with or without BOM) or an XLSX file, the first row naming the
 * columns in English or Chinese. All or nothing: every row is checked against the same schemas
 * as the JSON API (ContestantInput, TeamInput, JudgeBody), then against the roster (duplicates
 * in the file, unknown teams, events and members, bibs and judge codes already taken); if any
 * row is bad nothing is imported and every bad field is listed as
 * `rows.<spreadsheet row>.<column as written in the header>`. Good files are written through
 * the roster service (importRoster) or the judge batch (createJudges), each one transaction.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import {
  ContestantInput,
  JudgeBody,
  TeamInput,
  type IMPORT_KIND_NAMES,
  type ImportAnswer,
} from '../contract/api.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import type { Ctx } from '../context.ts';
import { decodeUtf8, parseCsv } from '../files/csv.ts';
import {
  MAX_COLUMNS,
  XLSX_TYPE,
  readWorkbook,
  type SheetCell,
  type SheetRecord,
} from '../files/xlsx.ts';
import { acceptedType, mediaTypeOf } from '../files/media-type.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import { requireOrganizer } from '../domain/access.ts';
import { createJudges } from './judges.ts';
import { importRoster, type RosterLocator } from './roster.ts';

export type ImportKind = (typeof IMPORT_KIND_NAMES)[number];
export const CSV_TYPE = 'text/csv';
export const IMPORT_TYPES = [CSV_TYPE, XLSX_TYPE] as const;
/**
 * What browsers and office suites also call a CSV file: Windows labels .csv as an Excel type.
 * Whatever the label, a ZIP archive (an XLSX workbook) is read as a workbook.
 */
const CSV_ALIASES = ['application/vnd.ms-excel', 'application/csv', 'text/x-csv'] as const;
const ACCEPTED_TYPES = [...IMPORT_TYPES, ...CSV_ALIASES] as const;
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** Largest file accepted. */
export const IMPORT_LIMIT = 5 * 1024 * 1024;
/** How far an XLSX file may expand when unzipped (20,000 rows need a few MiB). */
const MAX_EXPANDED = 40 * 1024 * 1024;
/** Rows a file may have in all, blank ones included (the header and the largest roster). */
const MAX_FILE_ROWS = 25_001;
/** Rows below the header, per kind (the JSON API's own limits; argon2 bounds the judges). */
const MAX_ROWS: Record<ImportKind, number> = { contestants: 20_000, teams: 5_000, judges: 500 };

interface ColumnSpec {
  readonly key: string;
  /** Header names that mean this column (compared without case). */
  readonly names: readonly string[];
  readonly required?: boolean;
}

const COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  contestants: [
    { key: 'id', names: ['id', '编号'], required: true },
    { key: 'bib', names: ['bib', '参赛号'], required: true },
    { key: 'name', names: ['name', '姓名'], required: true },
    { key: 'gender', names: ['gender', '性别'] },
    { key: 'unit', names: ['unit', '单位'] },
    { key: 'delegation', names: ['delegation', '代表队'] },
    { key: 'station', names: ['station', '工位号'] },
    { key: 'team', names: ['team', '团队'] },
    { key: 'events', names: ['events', '赛项'] },
  ],
  teams: [
    { key: 'id', names: ['id', '编号'], required: true },
    { key: 'name', names: ['name', '名称'], required: true },
    { key: 'delegation', names: ['delegation', '代表队'] },
    { key: 'members', names: ['members', '成员'] },
    { key: 'events', names: ['events', '赛项'] },
  ],
  judges: [
    { key: 'code', names: ['code', '裁判编号'], required: true },
    { key: 'name', names: ['name', '姓名'], required: true },
    { key: 'pin', names: ['pin'], required: true },
  ],
};

/** How the header row maps columns (by index from column A). */
interface Header {
  /** Column index → the known column it holds. */
  readonly known: ReadonlyMap<number, ColumnSpec>;
  /** Column index → the attribute it holds (contestants), named as written. */
  readonly attributes: ReadonlyMap<number, string>;
  /** Key → the name as written in the file (or the English name when the column is absent). */
  readonly names: ReadonlyMap<string, string>;
}

function invalidFile(problems: readonly ErrorDetail[]): ServiceError {
  const n = problems.length;
  return new ServiceError(
    'invalid_roster',
    `${n} problem${n === 1 ? '' : 's'} in the file: nothing was imported`,
    { details: problems },
  );
}

/** Spreadsheet column letters: 1 → A, 27 → AA. */
function letters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  }
  return s;
}

function isBlank(cell: SheetCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A cell as text: numbers as written, booleans as true/false, nothing as "". */
function cellText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object') return '';
  return String(cell).trim();
}

/** "姓名", "Name", "姓名 (Name)" and "姓名（name）" all name the same column. */
function headerNames(raw: string): string[] {
  const text = raw.trim().toLowerCase();
  const m = /^(.*?)\s*[(（]\s*(.*?)\s*[)）]$/.exec(text);
  return m ? [text, m[1] ?? '', m[2] ?? ''] : [text];
}

function readHeader(kind: ImportKind, record: SheetRecord, problems: ErrorDetail[]): Header {
  const known = new Map<number, ColumnSpec>();
  const attributes = new Map<number, string>();
  const names = new Map<string, string>();
  const specs = COLUMNS[kind];
  const attributeNames = new Set<string>();
  const at = (name: string): string => `rows.${record.row}.${name}`;
  record.cells.forEach((cell, i) => {
    const raw = cellText(cell);
    if (raw === '') return;
    if (raw.includes('\u0000')) {
      problems.push(
        detail(at(letters(i + 1)), 'nul_character', 'the header holds a NUL character'),
      );
      return;
    }
    const candidates = headerNames(raw);
    const spec = specs.find((s) => s.names.some((n) => candidates.includes(n)));
    if (spec) {
      if (names.has(spec.key)) {
        problems.push(
          detail(
            at(raw),
            'duplicate_column',
            `"${raw}" and "${names.get(spec.key) ?? ''}" both give the ${spec.key}`,
          ),
        );
        return;
      }
      known.set(i, spec);
      names.set(spec.key, raw);
    } else if (kind === 'contestants') {
      // Any other column is an award-eligibility attribute named as written.
      if (raw.length > 64 || raw === '__proto__') {
        problems.push(
          detail(at(raw), 'invalid_column', 'an attribute name has at most 64 characters'),
        );
      } else if (attributeNames.has(raw)) {
        problems.push(detail(at(raw), 'duplicate_column', `"${raw}" appears twice`));
      } else {
        attributeNames.add(raw);
        attributes.set(i, raw);
      }
    } else {
      const expected = specs.map((s) => s.names.join('/')).join(', ');
      problems.push(
        detail(at(raw), 'unknown_column', `"${raw}" is not a column (expected ${expected})`),
      );
    }
  });
  for (const spec of specs) {
    if (spec.required && !names.has(spec.key)) {
      problems.push(
        detail(
          at(spec.key),
          'missing_column',
          `the header has no ${spec.names.join(' / ')} column`,
        ),
      );
    }
    if (!names.has(spec.key)) names.set(spec.key, spec.key);
  }
  return { known, attributes, names };
}

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

interface Parsed<T> {
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
function parseRows<S extends z.ZodType>(
  data: readonly SheetRecord[],
  header: Header,
  schema: S,
  build: (cells: readonly SheetCell[], report: Report) => Record<string, unknown>,
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
    const value = build(record.cells, (key, code, message) => {
      badKeys.add(key);
      report(column(key), code, message);
    });
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

function contestantOf(
  header: Header,
): (cells: readonly SheetCell[], report: Report) => Record<string, unknown> {
  return (cells, report) => {
    const f = fields(header, cells);
    required(f.text, report, ['id', 'bib', 'name']);
    const out: Record<string, unknown> = {
      id: f.text('id'),
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
    out['attributes'] = attributes;
    return out;
  };
}

function teamOf(
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

function judgeOf(
  header: Header,
): (cells: readonly SheetCell[], report: Report) => Record<string, unknown> {
  return (cells, report) => {
    const f = fields(header, cells);
    required(f.text, report, ['code', 'name', 'pin']);
    const pin = f.text('pin');
    if (pin !== undefined && !/^\d{6}$/.test(pin)) {
      const hint = /^\d{1,5}$/.test(pin)
        ? ' (a spreadsheet drops leading zeros: format the column as text)'
        : '';
      report('pin', 'invalid_pin', `a PIN is six digits${hint}`);
    }
    return { code: f.text('code'), name: f.text('name'), pin };
  };
}

/** A field of a bad row's value, when it was good (its type is what the row builder set). */
const pick = (
  value: Record<string, unknown>,
  good: (key: string) => boolean,
  key: string,
): unknown => (good(key) ? value[key] : undefined);

const contestantStandIn: StandIn<z.output<typeof ContestantInput>> = (value, good, row) => {
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

const teamStandIn: StandIn<z.output<typeof TeamInput>> = (value, good, row) => {
  const events = pick(value, good, 'events') as string[] | undefined;
  return {
    id: (pick(value, good, 'id') as string | undefined) ?? placeholder(row),
    name: '-',
    members: (pick(value, good, 'members') as string[] | undefined) ?? [],
    ...(events !== undefined ? { events } : {}),
  };
};

const judgeStandIn: StandIn<z.output<typeof JudgeBody>> = (value, good, row) => ({
  code: (pick(value, good, 'code') as string | undefined) ?? placeholder(row),
  name: '-',
  pin: '000000',
});

/** Where a roster problem of entry i is reported: its row, and the column as written. */
function rowLocator(header: Header, rows: readonly number[]): RosterLocator {
  return {
    path: (_section, index, field) =>
      `rows.${rows[index] ?? 0}.${header.names.get(field) ?? field}`,
    label: (_section, index) => `row ${rows[index] ?? 0}`,
  };
}

/** A file's rows: CSV text or the first worksheet of an XLSX workbook. */
async function readFile(
  type: (typeof IMPORT_TYPES)[number],
  charset: string | null,
  bytes: Uint8Array,
): Promise<readonly SheetRecord[]> {
  if (type === XLSX_TYPE) {
    const read = await readWorkbook(bytes, { maxExpanded: MAX_EXPANDED, maxRows: MAX_FILE_ROWS });
    if (!read.ok) throw invalidFile([detail('body', 'unreadable', read.message)]);
    return read.records;
  }
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ServiceError('unsupported_media_type', 'send the CSV file as UTF-8', {
      details: [
        detail('headers.content-type', 'unsupported', `charset ${charset}: only UTF-8 is read`),
      ],
    });
  }
  const text = decodeUtf8(bytes);
  if (text === null) {
    throw invalidFile([
      detail(
        'body',
        'not_utf8',
        'the file is not UTF-8 (in Excel, save as "CSV UTF-8"; GBK files must be converted)',
      ),
    ]);
  }
  const csv = parseCsv(text, { maxRecords: MAX_FILE_ROWS, maxCells: MAX_COLUMNS });
  if (!csv.ok) throw invalidFile([detail(`rows.${csv.row}`, 'invalid_csv', csv.message)]);
  const first = csv.records[0]?.cells;
  if (first?.length === 1 && /[;\t]/.test(first[0] ?? '')) {
    throw invalidFile([
      detail('rows.1', 'invalid_csv', 'the columns must be separated by commas (,)'),
    ]);
  }
  return csv.records;
}

/** An uploaded file: its bytes (at most IMPORT_LIMIT) and the Content-Type it was sent with. */
export interface Upload {
  readonly bytes: Uint8Array;
  readonly contentType: string | null;
}

/** POST …/import/:kind: the file is the request body, read by the route. */
export async function importFile(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  kind: ImportKind,
  { bytes, contentType }: Upload,
): Promise<ImportAnswer> {
  requireOrganizer(actor);
  await ctx.catalog.current(competitionId); // 404 for an unknown competition
  const declared = acceptedType(contentType, ACCEPTED_TYPES);
  const zip = ZIP_SIGNATURE.every((b, i) => bytes[i] === b);
  const type = zip || declared === XLSX_TYPE ? XLSX_TYPE : CSV_TYPE;
  const records = await readFile(type, mediaTypeOf(contentType).charset, bytes);
  const [first, ...data] = records;
  if (first === undefined || first.cells.every(isBlank)) {
    throw invalidFile([detail('rows.1', 'missing_header', 'the first row must name the columns')]);
  }
  const headerProblems: ErrorDetail[] = [];
  const header = readHeader(kind, first, headerProblems);
  // Rows cannot be read against a header that is wrong: report the header alone.
  if (headerProblems.length > 0) throw invalidFile(headerProblems);
  if (data.length > MAX_ROWS[kind]) {
    throw invalidFile([
      detail('rows', 'too_many_rows', `at most ${MAX_ROWS[kind]} rows can be imported at once`),
    ]);
  }
  // Where the roster came from, in the audit log: the file's format, size and digest.
  const audit = {
    source: type === XLSX_TYPE ? 'xlsx' : 'csv',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.byteLength,
  };
  const column = (key: string): string => header.names.get(key) ?? key;
  try {
    if (kind === 'judges') {
      const parsed = parseRows(data, header, JudgeBody, judgeOf(header), judgeStandIn);
      const seen = new Map<string, number>();
      parsed.entries.forEach((j, i) => {
        const row = parsed.rows[i] ?? 0;
        const earlier = seen.get(j.code);
        if (earlier === undefined) seen.set(j.code, row);
        else {
          parsed.problems.push(
            detail(
              `rows.${row}.${column('code')}`,
              'duplicate',
              `"${j.code}" is also row ${earlier}`,
            ),
          );
        }
      });
      const created = await createJudges(ctx, actor, competitionId, parsed.entries, {
        at: (i, field) => `rows.${parsed.rows[i] ?? 0}.${column(field)}`,
        problems: parsed.problems,
        audit,
      });
      return { kind, imported: created.length };
    }
    let parsed: Parsed<unknown>;
    let body: Parameters<typeof importRoster>[3];
    if (kind === 'teams') {
      const teams = parseRows(data, header, TeamInput, teamOf(header), teamStandIn);
      parsed = teams;
      body = { contestants: [], teams: teams.entries };
    } else {
      const contestants = parseRows(
        data,
        header,
        ContestantInput,
        contestantOf(header),
        contestantStandIn,
      );
      parsed = contestants;
      body = { contestants: contestants.entries, teams: [] };
    }
    await importRoster(ctx, actor, competitionId, body, {
      at: rowLocator(header, parsed.rows),
      problems: parsed.problems,
      audit,
    });
    return { kind, imported: parsed.entries.length };
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'invalid_roster') {
      throw invalidFile(byRow(e.details, header));
    }
    throw e;
  }
}

/** Problems in the order a person reads the file: by row, then by column. */
function byRow(details: readonly ErrorDetail[], header: Header): ErrorDetail[] {
  const order = new Map<string, number>();
  header.known.forEach((spec, i) => order.set(header.names.get(spec.key) ?? spec.key, i));
  header.attributes.forEach((name, i) => order.set(name, i));
  const key = (d: ErrorDetail): [number, number] => {
    const m = /^rows\.(\d+)(?:\.(.*))?$/.exec(d.path);
    if (!m) return [Number.MAX_SAFE_INTEGER, 0];
    return [Number(m[1]), order.get(m[2] ?? '') ?? -1];
  };
  // One problem per field: the first found (a row's own checks come before the roster's).
  const seen = new Set<string>();
  return details
    .filter((d) => !seen.has(d.path) && seen.add(d.path))
    .map((d, i) => ({ d, i, k: key(d) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((x) => x.d);
}
