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
import { MAX_COLUMNS, XLSX_TYPE, type SheetRecord } from '../files/xlsx.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import { requireOrganizer } from '../domain/access.ts';
import { FIELDS, type ColumnMapping, type ImportKind } from './import-columns.ts';
import { createJudges } from './judges.ts';
import { writeJudgePersonalData, writePersonalData, type PersonalInput } from './personal-data.ts';
import { importRoster } from './roster.ts';

import {
  MAX_ROWS,
  SAMPLE_ROWS,
  invalidFile,
  isBlank,
  letters,
  readUpload,
  type Upload,
} from './import-file.ts';
import {
  REQUIRED,
  awardAttributes,
  byRow,
  parseMapping,
  readHeader,
  sampleText,
  type Header,
} from './import-header.ts';
import {
  contestantOf,
  contestantStandIn,
  judgeOf,
  judgeStandIn,
  parseRows,
  rowLocator,
  teamOf,
  teamStandIn,
  type Parsed,
} from './import-rows.ts';

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
  upload: Upload,
  mapping: ColumnMapping,
): Promise<ImportRun> {
  requireOrganizer(actor);
  const { definition } = await ctx.catalog.current(competitionId); // 404 for an unknown one
  const { type, records } = await readUpload(upload);
  const { bytes } = upload;
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
      const personal = new Map<number, PersonalInput>();
      const parsed = parseRows(data, header, JudgeBody, judgeOf(header, personal), judgeStandIn);
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
      const keptOf = (i: number) => personal.get(parsed.rows[i] ?? 0);
      const kept = parsed.entries.filter((_, i) => keptOf(i) !== undefined).length;
      const created = await createJudges(ctx, actor, competitionId, parsed.entries, {
        at: (i, field) => `rows.${parsed.rows[i] ?? 0}.${column(field)}`,
        problems: parsed.problems,
        audit: kept > 0 ? { ...audit, personalData: kept } : audit,
        dryRun,
        alsoWrite: (tx, users) =>
          writeJudgePersonalData(
            tx,
            competitionId,
            users.flatMap((u, i) => {
              const p = keptOf(i);
              return p ? [{ user: u.id, ...p }] : [];
            }),
          ),
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
