/**
 * Roster and judge import from a spreadsheet (DESIGN.md §1 "import contestants, teams and judges
 * from Excel", §7): a CSV (UTF-8, with or without BOM) or an XLSX file, the first row naming the
 * columns in English or Chinese, by any of the headers of import-columns.ts, or as the organizer
 * mapped them (by column letter). A preview reads the file and stores nothing; a column that
 * maps to nothing is refused at commit, so nothing is kept or left out silently. All or nothing: every row is checked against the same schemas
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
  type ImportAnswer,
  type ImportPreview,
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
import {
  FIELDS,
  ID_NUMBER,
  PHONE,
  SEQUENCE,
  columnUse,
  fieldSpec,
  mappingProblem,
  maskIdNumber,
  maskPersonal,
  maskPhone,
  type ColumnMapping,
  type FieldSpec,
  type ImportKind,
} from './import-columns.ts';
import { createJudges } from './judges.ts';
import { writePersonalData, type PersonalInput } from './personal-data.ts';
import { importRoster, type RosterLocator } from './roster.ts';

export type { ImportKind } from './import-columns.ts';
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

/** Rows of a file the preview shows. */
const SAMPLE_ROWS = 10;

/** How the header row maps columns (by index from column A). */
interface Header {
  /** Column index → the field it holds. */
  readonly known: ReadonlyMap<number, FieldSpec>;
  /** Column index → the attribute it holds (contestants), named as written. */
  readonly attributes: ReadonlyMap<number, string>;
  /** Columns not read: dropped by the organizer, 序号 beside a 参赛号, or not yet mapped. */
  readonly skipped: ReadonlySet<number>;
  /** Key → the name as written in the file (or the key when the column is absent). */
  readonly names: ReadonlyMap<string, string>;
  /** Every named column as the preview shows it. */
  readonly columns: ImportPreview['columns'];
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

/** The attribute names the definition's awards ask for (a column so named is one of them). */
function awardAttributes(definition: { awards?: readonly unknown[] }): Set<string> {
  const out = new Set<string>();
  for (const award of definition.awards ?? []) {
    const rules = (award as { eligibility?: readonly { attribute?: unknown }[] }).eligibility;
    for (const rule of rules ?? []) {
      if (typeof rule.attribute === 'string') out.add(rule.attribute);
    }
  }
  return out;
}

/** The fields a file of this kind must have a column for (序号 stands in for a missing 参赛号). */
const REQUIRED: Record<ImportKind, readonly string[]> = {
  contestants: ['bib', 'name'],
  teams: ['id', 'name'],
  judges: ['code', 'name', 'pin'],
};

function readHeader(
  kind: ImportKind,
  record: SheetRecord,
  mapping: ColumnMapping,
  attributesWanted: ReadonlySet<string>,
  problems: ErrorDetail[],
): Header {
  const known = new Map<number, FieldSpec>();
  const attributes = new Map<number, string>();
  const skipped = new Set<number>();
  const names = new Map<string, string>();
  const columns: ImportPreview['columns'][number][] = [];
  const attributeNames = new Set<string>();
  const at = (name: string): string => `rows.${record.row}.${name}`;
  record.cells.forEach((cell, i) => {
    const raw = cellText(cell);
    if (raw === '') return;
    const letter = letters(i + 1);
    if (raw.includes('\u0000')) {
      problems.push(detail(at(letter), 'nul_character', 'the header holds a NUL character'));
      return;
    }
    const chosen = mapping[letter];
    const wrong = chosen === undefined ? null : mappingProblem(kind, chosen);
    if (wrong !== null) {
      problems.push(detail(at(raw), 'invalid_mapping', wrong, { column: letter }));
      return;
    }
    const use = columnUse(kind, letter, raw, mapping, attributesWanted);
    if (use.as === 'drop') {
      skipped.add(i);
      columns.push({ column: letter, header: raw, use: 'drop' });
      return;
    }
    if (
      use.as === 'unmapped' ||
      (use.as === 'field' && chosen === undefined && fieldSpec(kind, use.key)?.personal)
    ) {
      // Personal data is kept only when the organizer says so, even under a header we know.
      skipped.add(i);
      const suggested = use.as === 'field' ? use.key : undefined;
      columns.push({
        column: letter,
        header: raw,
        use: 'unmapped',
        ...(suggested !== undefined ? { field: suggested } : {}),
      });
      problems.push(
        detail(
          at(raw),
          'unmapped_column',
          suggested !== undefined
            ? `"${raw}" is personal data: keep it or drop it`
            : `"${raw}" is not a column of this file: map it to a field or drop it`,
          { column: letter, header: raw },
        ),
      );
      return;
    }
    if (use.as === 'attribute') {
      // An award-eligibility attribute named as written.
      if (raw.length > 64 || raw === '__proto__') {
        problems.push(
          detail(at(raw), 'invalid_column', 'an attribute name has at most 64 characters'),
        );
      } else if (attributeNames.has(raw)) {
        problems.push(detail(at(raw), 'duplicate_column', `"${raw}" appears twice`));
      } else {
        attributeNames.add(raw);
        attributes.set(i, raw);
        columns.push({ column: letter, header: raw, use: 'attribute' });
      }
      return;
    }
    const spec = fieldSpec(kind, use.key) as FieldSpec;
    const earlier = names.get(spec.key);
    if (earlier !== undefined) {
      problems.push(
        detail(at(raw), 'duplicate_column', `"${raw}" and "${earlier}" both give the ${spec.key}`, {
          other: earlier,
        }),
      );
      return;
    }
    known.set(i, spec);
    names.set(spec.key, raw);
    columns.push({ column: letter, header: raw, use: 'field', field: spec.key });
  });
  // 序号: the bib when there is no 参赛号 column (contestants), else only the row's number.
  const seqAt = [...known].find(([, spec]) => spec.key === SEQUENCE)?.[0];
  if (seqAt !== undefined) {
    const seqName = names.get(SEQUENCE) ?? SEQUENCE;
    known.delete(seqAt);
    names.delete(SEQUENCE);
    const column = columns.find((c) => c.column === letters(seqAt + 1));
    const bib = fieldSpec(kind, 'bib');
    if (bib && !names.has('bib')) {
      known.set(seqAt, bib);
      names.set('bib', seqName);
      if (column) column.field = 'bib';
    } else {
      skipped.add(seqAt);
      if (column) {
        column.use = 'ignored';
        delete column.field;
      }
    }
  }
  for (const key of REQUIRED[kind]) {
    if (!names.has(key)) {
      const spec = fieldSpec(kind, key);
      problems.push(
        detail(
          at(key),
          'missing_column',
          `the header has no ${spec?.label.join(' / ') ?? key} column`,
          {
            field: key,
          },
        ),
      );
    }
  }
  // A contestant without an id column is known by their bib: its problems are the bib's.
  const bibName = names.get('bib');
  if (kind === 'contestants' && !names.has('id') && bibName !== undefined) names.set('id', bibName);
  for (const spec of FIELDS[kind]) if (!names.has(spec.key)) names.set(spec.key, spec.key);
  return { known, attributes, skipped, names, columns };
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

function contestantOf(
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
    // 身份证号 and 联系电话, when kept: checked here, stored apart (personal-data.ts).
    const idNumber = f.text('idNumber');
    const phone = f.text('phone');
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

/** The organizer's column mapping from the query (JSON: letter → field, "attribute", "drop"). */
export function parseMapping(columns: string | undefined): ColumnMapping {
  if (columns === undefined || columns.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(columns);
  } catch {
    parsed = null;
  }
  const ok =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.entries(parsed).every(
      ([k, v]) => /^[A-Z]{1,3}$/.test(k) && typeof v === 'string' && v.length <= 64,
    );
  if (!ok) {
    throw new ServiceError('invalid_input', 'the column mapping is not readable', {
      details: [
        detail(
          'query.columns',
          'invalid_mapping',
          'a JSON object: column letter → field, "attribute" or "drop"',
        ),
      ],
    });
  }
  return parsed as ColumnMapping;
}

/** A cell as the preview shows it: personal data (or what looks like it) masked. */
function sampleText(cell: SheetCell | undefined, spec: FieldSpec | undefined): string {
  const text = cellText(cell);
  if (text === '') return '';
  if (spec?.personal) return maskPersonal(spec.key, text);
  if (ID_NUMBER.test(text)) return maskIdNumber(text);
  if (/^1\d{10}$/.test(text)) return maskPhone(text);
  return text;
}

interface ImportRun {
  readonly kind: ImportKind;
  readonly header: Header;
  readonly data: readonly SheetRecord[];
  /** Problems of the header (unmapped columns among them). */
  readonly headerProblems: readonly ErrorDetail[];
  readonly audit: Record<string, unknown>;
}

/** Reads the uploaded file and its header row (shared by the preview and the commit). */
async function readImport(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  kind: ImportKind,
  { bytes, contentType }: Upload,
  mapping: ColumnMapping,
): Promise<ImportRun> {
  requireOrganizer(actor);
  const { definition } = await ctx.catalog.current(competitionId); // 404 for an unknown one
  const declared = acceptedType(contentType, ACCEPTED_TYPES);
  const zip = ZIP_SIGNATURE.every((b, i) => bytes[i] === b);
  const type = zip || declared === XLSX_TYPE ? XLSX_TYPE : CSV_TYPE;
  const records = await readFile(type, mediaTypeOf(contentType).charset, bytes);
  const [first, ...data] = records;
  if (first === undefined || first.cells.every(isBlank)) {
    throw invalidFile([detail('rows.1', 'missing_header', 'the first row must name the columns')]);
  }
  const headerProblems: ErrorDetail[] = [];
  const header = readHeader(kind, first, mapping, awardAttributes(definition), headerProblems);
  if (data.length > MAX_ROWS[kind]) {
    throw invalidFile([
      detail('rows', 'too_many_rows', `at most ${MAX_ROWS[kind]} rows can be imported at once`, {
        max: MAX_ROWS[kind],
      }),
    ]);
  }
  // Where the roster came from, in the audit log: the file's format, size and digest.
  const audit = {
    source: type === XLSX_TYPE ? 'xlsx' : 'csv',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.byteLength,
    ...(Object.keys(mapping).length > 0 ? { columns: mapping } : {}),
  };
  return { kind, header, data, headerProblems, audit };
}

/**
 * Checks every row and writes them (commit), or checks them and writes nothing (preview, with
 * `dryRun`). Either way a file with any problem throws `invalid_roster` listing them all.
 */
async function checkAndWrite(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  run: ImportRun,
  dryRun: boolean,
): Promise<number> {
  const { kind, header, data, audit } = run;
  const column = (key: string): string => header.names.get(key) ?? key;
  try {
    if (kind === 'judges') {
      const parsed = parseRows(data, header, JudgeBody, judgeOf(header), judgeStandIn);
      parsed.problems.unshift(...run.headerProblems);
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
              { other: earlier },
            ),
          );
        }
      });
      const created = await createJudges(ctx, actor, competitionId, parsed.entries, {
        at: (i, field) => `rows.${parsed.rows[i] ?? 0}.${column(field)}`,
        problems: parsed.problems,
        audit,
        dryRun,
      });
      return created.length;
    }
    let parsed: Parsed<unknown>;
    let body: Parameters<typeof importRoster>[3];
    const personal = new Map<number, PersonalInput>();
    if (kind === 'teams') {
      const teams = parseRows(data, header, TeamInput, teamOf(header), teamStandIn);
      parsed = teams;
      body = { contestants: [], teams: teams.entries };
    } else {
      const contestants = parseRows(
        data,
        header,
        ContestantInput,
        contestantOf(header, personal),
        contestantStandIn,
      );
      parsed = contestants;
      body = { contestants: contestants.entries, teams: [] };
    }
    parsed.problems.unshift(...run.headerProblems);
    const kept = body.contestants.flatMap((c, i) => {
      const p = personal.get(parsed.rows[i] ?? 0);
      return p ? [{ contestant: c.id, ...p }] : [];
    });
    await importRoster(ctx, actor, competitionId, body, {
      at: rowLocator(header, parsed.rows),
      problems: parsed.problems,
      audit: kept.length > 0 ? { ...audit, personalData: kept.length } : audit,
      dryRun,
      alsoWrite: kept.length > 0 ? (tx) => writePersonalData(tx, competitionId, kept) : undefined,
    });
    return parsed.entries.length;
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'invalid_roster') {
      throw invalidFile(byRow(e.details, header));
    }
    throw e;
  }
}

/** An uploaded file: its bytes (at most IMPORT_LIMIT) and the Content-Type it was sent with. */
export interface Upload {
  readonly bytes: Uint8Array;
  readonly contentType: string | null;
}

/** POST …/import/:kind: the file read by the route; `columns` maps what the header does not. */
export async function importFile(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  kind: ImportKind,
  upload: Upload,
  columns?: string,
): Promise<ImportAnswer> {
  const run = await readImport(ctx, actor, competitionId, kind, upload, parseMapping(columns));
  // Rows cannot be read against a header that is wrong: report the header alone.
  if (run.headerProblems.length > 0) throw invalidFile([...run.headerProblems]);
  const imported = await checkAndWrite(ctx, actor, competitionId, run, false);
  return { kind, imported };
}

/**
 * POST …/import/:kind/preview: the same file and mapping as the commit, nothing stored. The
 * columns as read, the first rows (personal data masked) and every problem the commit would
 * refuse; a header that cannot be read (a missing or doubled column) is reported alone.
 */
export async function previewFile(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  kind: ImportKind,
  upload: Upload,
  columns?: string,
): Promise<ImportPreview> {
  const run = await readImport(ctx, actor, competitionId, kind, upload, parseMapping(columns));
  const { header, data } = run;
  const filled = data.filter((r) => !r.cells.every(isBlank));
  const shown = header.columns.map((c) => c.column);
  const indexOf = new Map(Array.from({ length: MAX_COLUMNS }, (_, i) => [letters(i + 1), i]));
  const sample = filled.slice(0, SAMPLE_ROWS).map((r) => ({
    row: r.row,
    cells: shown.map((letter) => {
      const i = indexOf.get(letter) ?? -1;
      return sampleText(r.cells[i], header.known.get(i));
    }),
  }));
  let problems: ErrorDetail[] = [...run.headerProblems];
  const readable = run.headerProblems.every((p) => p.code === 'unmapped_column');
  if (readable) {
    try {
      await checkAndWrite(ctx, actor, competitionId, run, true);
    } catch (e) {
      if (!(e instanceof ServiceError && e.code === 'invalid_roster')) throw e;
      problems = [...e.details];
    }
  }
  return {
    kind,
    rows: filled.length,
    columns: header.columns,
    fields: FIELDS[kind].map((f) => ({
      key: f.key,
      label: [f.label[0], f.label[1]],
      required: REQUIRED[kind].includes(f.key),
      personal: f.personal === true,
    })),
    sample,
    problems,
  };
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
