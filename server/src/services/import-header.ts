/**
 * The header row of an import file and the organizer's column mapping: which column holds which
 * field or award attribute, which are skipped, and which still map to nothing; also how the
 * preview shows a cell and orders problems. It lives apart from the rows' checks, which only
 * read the Header it builds.
 */
import { type ImportPreview } from '../contract/api.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import { type SheetCell, type SheetRecord } from '../files/xlsx.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import {
  FIELDS,
  ID_NUMBER,
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
import { cellText, letters } from './import-file.ts';
/** How the header row maps columns (by index from column A). */
export interface Header {
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

/** The attribute names the definition's awards ask for (a column so named is one of them). */
export function awardAttributes(definition: { awards?: readonly unknown[] }): Set<string> {
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
export const REQUIRED: Record<ImportKind, readonly string[]> = {
  contestants: ['bib', 'name'],
  teams: ['id', 'name'],
  judges: ['code', 'name', 'pin'],
};

/**
 * Reads the header row into a Header, listing its problems: each column in one pass (mapping,
 * synonyms, attributes, duplicates), then 序号's place and the checks of the whole row.
 */
export function readHeader(
  kind: ImportKind,
  record: SheetRecord,
  mapping: ColumnMapping,
  attributesWanted: ReadonlySet<string>,
  problems: ErrorDetail[],
): Header {
  const draft: HeaderDraft = {
    known: new Map(),
    attributes: new Map(),
    skipped: new Set(),
    names: new Map(),
    columns: [],
    attributeNames: new Set(),
  };
  const read: HeaderRead = {
    kind,
    mapping,
    attributesWanted,
    problems,
    at: (name) => `rows.${record.row}.${name}`,
  };
  record.cells.forEach((cell, i) => {
    readColumn(draft, read, cellText(cell), i);
  });
  placeSequence(draft, kind);
  const { known, attributes, skipped, names, columns } = draft;
  for (const key of REQUIRED[kind]) {
    if (!names.has(key)) {
      const spec = fieldSpec(kind, key);
      problems.push(
        detail(
          read.at(key),
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

/** The Header as the columns are read, with the attribute names seen so far. */
interface HeaderDraft {
  readonly known: Map<number, FieldSpec>;
  readonly attributes: Map<number, string>;
  readonly skipped: Set<number>;
  readonly names: Map<string, string>;
  readonly columns: ImportPreview['columns'][number][];
  readonly attributeNames: Set<string>;
}

/** What reading a column needs: the file's kind, the organizer's mapping, where problems go. */
interface HeaderRead {
  readonly kind: ImportKind;
  readonly mapping: ColumnMapping;
  readonly attributesWanted: ReadonlySet<string>;
  readonly problems: ErrorDetail[];
  /** A problem's path: the header row and the column's name (or letter). */
  readonly at: (name: string) => string;
}

/** One header cell: dropped, unmapped, an attribute or a field (or a problem). */
function readColumn(draft: HeaderDraft, read: HeaderRead, raw: string, i: number): void {
  if (raw === '') return;
  const { kind, mapping, problems, at } = read;
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
  const use = columnUse(kind, letter, raw, mapping, read.attributesWanted);
  if (use.as === 'drop') {
    draft.skipped.add(i);
    draft.columns.push({ column: letter, header: raw, use: 'drop' });
  } else if (
    use.as === 'unmapped' ||
    (use.as === 'field' && chosen === undefined && fieldSpec(kind, use.key)?.personal)
  ) {
    // Personal data is kept only when the organizer says so, even under a header we know.
    unmappedColumn(draft, read, {
      raw,
      letter,
      i,
      suggested: use.as === 'field' ? use.key : undefined,
    });
  } else if (use.as === 'attribute') {
    attributeColumn(draft, read, { raw, letter, i });
  } else {
    fieldColumn(draft, read, { raw, letter, i, spec: fieldSpec(kind, use.key) as FieldSpec });
  }
}

interface Column {
  readonly raw: string;
  readonly letter: string;
  readonly i: number;
}

function unmappedColumn(
  draft: HeaderDraft,
  read: HeaderRead,
  { raw, letter, i, suggested }: Column & { readonly suggested: string | undefined },
): void {
  draft.skipped.add(i);
  draft.columns.push({
    column: letter,
    header: raw,
    use: 'unmapped',
    ...(suggested !== undefined ? { field: suggested } : {}),
  });
  read.problems.push(
    detail(
      read.at(raw),
      'unmapped_column',
      suggested !== undefined
        ? `"${raw}" is personal data: keep it or drop it`
        : `"${raw}" is not a column of this file: map it to a field or drop it`,
      { column: letter, header: raw },
    ),
  );
}

/** An award-eligibility attribute named as written. */
function attributeColumn(draft: HeaderDraft, read: HeaderRead, { raw, letter, i }: Column): void {
  if (raw.length > 64 || raw === '__proto__') {
    read.problems.push(
      detail(read.at(raw), 'invalid_column', 'an attribute name has at most 64 characters'),
    );
  } else if (draft.attributeNames.has(raw)) {
    read.problems.push(detail(read.at(raw), 'duplicate_column', `"${raw}" appears twice`));
  } else {
    draft.attributeNames.add(raw);
    draft.attributes.set(i, raw);
    draft.columns.push({ column: letter, header: raw, use: 'attribute' });
  }
}

/** A field's column, unless an earlier column already gives that field. */
function fieldColumn(
  draft: HeaderDraft,
  read: HeaderRead,
  { raw, letter, i, spec }: Column & { readonly spec: FieldSpec },
): void {
  const earlier = draft.names.get(spec.key);
  if (earlier !== undefined) {
    read.problems.push(
      detail(
        read.at(raw),
        'duplicate_column',
        `"${raw}" and "${earlier}" both give the ${spec.key}`,
        {
          other: earlier,
        },
      ),
    );
    return;
  }
  draft.known.set(i, spec);
  draft.names.set(spec.key, raw);
  draft.columns.push({ column: letter, header: raw, use: 'field', field: spec.key });
}

/** 序号: the bib when there is no 参赛号 column (contestants), else only the row's number. */
function placeSequence(draft: HeaderDraft, kind: ImportKind): void {
  const { known, names, columns, skipped } = draft;
  const seqAt = [...known].find(([, spec]) => spec.key === SEQUENCE)?.[0];
  if (seqAt === undefined) return;
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
export function sampleText(cell: SheetCell | undefined, spec: FieldSpec | undefined): string {
  const text = cellText(cell);
  if (text === '') return '';
  if (spec?.personal) return maskPersonal(spec.key, text);
  if (ID_NUMBER.test(text)) return maskIdNumber(text);
  if (/^1\d{10}$/.test(text)) return maskPhone(text);
  return text;
}

/** Problems in the order a person reads the file: by row, then by column. */
export function byRow(details: readonly ErrorDetail[], header: Header): ErrorDetail[] {
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
