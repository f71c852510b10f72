/**
 * Request and answer schemas of the HTTP API, shared by the server (validation at the edge,
 * OpenAPI) and the web app (typed calls). Plain zod: nothing here touches the database.
 */
import { z } from 'zod';
import { Id } from '@skills/scoring';
import { ErrorBody, ErrorDetail } from './errors.ts';

/** Text a person typed: trimmed, not empty, bounded. */
export const Text = (max = 200): z.ZodString => z.string().trim().min(1).max(max);

export const CompetitionId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2–63 characters');
export const EventId = Id;
export const Uuid = z.uuid();
export const Pin = z.string().regex(/^\d{6}$/, 'a PIN is six digits');
export const Password = z.string().min(8, 'at least 8 characters').max(200);
export const JudgeCode = z.string().regex(/^[A-Za-z0-9-]{1,16}$/, 'letters, digits, dashes');
export const Revision = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
export const MarkValue = z.union([z.number(), z.string().trim().min(1).max(32), z.boolean()]);
export type MarkValue = z.infer<typeof MarkValue>;

/** How a mark value is stored and shown: pass/fail as 1/0, numbers as written, text trimmed. */
export function markText(value: MarkValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return typeof value === 'number' ? String(value) : value.trim();
}

export const ROLE_NAMES = ['organizer', 'chief', 'judge'] as const;
export const EVENT_STATUS_NAMES = ['setup', 'live', 'frozen', 'final'] as const;
export const SHEET_STATUS_NAMES = ['draft', 'returned', 'submitted', 'verified', 'locked'] as const;

// ── auth ────────────────────────────────────────────────────────────────────────────────────

export const LoginBody = z.strictObject({
  username: Text(64),
  password: z.string().min(1).max(200),
  /** Chief judges belong to a competition; organizers leave it out. */
  competitionId: CompetitionId.optional(),
  /** Answer with a bearer token for scripts instead of setting a cookie. */
  bearer: z.boolean().optional(),
});
export const JudgeLoginBody = z.strictObject({
  competitionId: CompetitionId,
  code: JudgeCode,
  pin: Pin,
  bearer: z.boolean().optional(),
});
export const LinkLoginBody = z.strictObject({
  token: z.string().min(20).max(100),
  bearer: z.boolean().optional(),
});
export const Me = z.object({
  id: Uuid,
  role: z.enum(ROLE_NAMES),
  competitionId: z.string().nullable(),
  login: z.string(),
  name: z.string(),
});
export type Me = z.infer<typeof Me>;
export const LoginAnswer = z.object({ user: Me, token: z.string().optional() });
export type LoginAnswer = z.infer<typeof LoginAnswer>;
export const LoginLink = z.object({
  url: z.string(),
  token: z.string(),
  qrSvg: z.string(),
  expiresAt: z.string(),
});
export type LoginLink = z.infer<typeof LoginLink>;

// ── competitions and events ─────────────────────────────────────────────────────────────────

export const CreateCompetitionBody = z.strictObject({
  id: CompetitionId,
  name: Text(200),
  /** A scoring definition (see scoring/schema/competition.schema.json). */
  definition: z.unknown(),
});
export const DefinitionBody = z.strictObject({
  definition: z.unknown(),
  /** The version being replaced, so two organizers cannot overwrite each other. */
  expectedVersion: Revision,
  /**
   * Record a new version that reinterprets stored marks (a criterion removed, its kind, range or
   * judges changed): refused without it, listing each change. Preview it first (…/preview).
   */
  reinterpret: z.boolean().optional(),
});
/** A rank that a new definition version would change: who moves from which rank to which. */
export const RankMove = z.object({
  competitor: z.string(),
  name: z.string().nullable(),
  from: z.number().nullable(),
  to: z.number().nullable(),
});
/** POST …/definition/preview: what saving the definition would reinterpret, and the rank changes. */
export const DefinitionPreview = z.object({
  /** Each change that reinterprets stored marks (empty: it can be saved as it is). */
  changes: z.array(ErrorDetail),
  tables: z.array(z.object({ scope: z.string(), name: z.string(), moves: z.array(RankMove) })),
});
export type DefinitionPreview = z.infer<typeof DefinitionPreview>;
export const EventSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(EVENT_STATUS_NAMES),
  entrants: z.enum(['individual', 'team']),
  day: z.number().nullable(),
  publicNames: z.boolean(),
  publicVisible: z.boolean(),
  /** Published by the organizer; until then nothing of the event is public. */
  published: z.boolean(),
});
/** What the public pages need to know of the installation: the address phones reach it at. */
export const PublicConfig = z.object({ publicUrl: z.string() });
export type PublicConfig = z.infer<typeof PublicConfig>;
export const CompetitionSummary = z.object({
  id: z.string(),
  name: z.string(),
  definitionVersion: z.number(),
  events: z.array(EventSummary),
  overall: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type CompetitionSummary = z.infer<typeof CompetitionSummary>;
export const CompetitionList = z.object({ competitions: z.array(CompetitionSummary) });
export type CompetitionList = z.infer<typeof CompetitionList>;
/** The definition in force and its stored version (pass it back as `expectedVersion`). */
export const DefinitionAnswer = z.object({ version: z.number(), definition: z.unknown() });
export type DefinitionAnswer = z.infer<typeof DefinitionAnswer>;
export const EventStatusBody = z.strictObject({
  status: z.enum(EVENT_STATUS_NAMES),
  /** The status the caller saw, so a double click does not skip a step. */
  from: z.enum(EVENT_STATUS_NAMES),
  reason: Text(500).optional(),
  /** Finalizing a frozen event: keep the public at the frozen standings for a reveal. */
  reveal: z.boolean().optional(),
});
export const EventSettingsBody = z
  .strictObject({
    publicNames: z.boolean().optional(),
    publicVisible: z.boolean().optional(),
    /** Publish the event (true) or take it back from the public (false). */
    published: z.boolean().optional(),
    day: z.number().int().min(1).max(60).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one setting');

// ── roster ──────────────────────────────────────────────────────────────────────────────────

export const ContestantInput = z.strictObject({
  id: Id,
  bib: Text(32),
  name: Text(100),
  gender: z.enum(['M', 'F']).optional(),
  unit: Text(200).optional(),
  delegation: Text(200).optional(),
  station: Text(32).optional(),
  team: Id.optional(),
  events: z.array(Id).max(100).optional(),
  attributes: z
    .record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean()]))
    .default({}),
});
export type ContestantInput = z.input<typeof ContestantInput>;
export const TeamInput = z.strictObject({
  id: Id,
  name: Text(200),
  delegation: Text(200).optional(),
  members: z.array(Id).max(100).default([]),
  events: z.array(Id).max(100).optional(),
});
export type TeamInput = z.input<typeof TeamInput>;
export const RosterBody = z.strictObject({
  contestants: z.array(ContestantInput).max(20_000).default([]),
  teams: z.array(TeamInput).max(5_000).default([]),
});
export const RosterAnswer = z.object({ contestants: z.number(), teams: z.number() });
export type RosterAnswer = z.infer<typeof RosterAnswer>;
export const ContestantRow = ContestantInput.extend({
  attributes: z.record(z.string(), z.unknown()),
});
export type ContestantRow = z.infer<typeof ContestantRow>;
export const ContestantList = z.object({ contestants: z.array(ContestantRow) });
export type ContestantList = z.infer<typeof ContestantList>;

// ── judges, assignments, draws ──────────────────────────────────────────────────────────────

export const JudgeBody = z.strictObject({
  code: JudgeCode,
  name: Text(100),
  pin: Pin,
  /** 工作单位: a judge of a contestant's unit is flagged in the assignments (conflict). */
  unit: Text(200).optional(),
});
export const ChiefBody = z.strictObject({
  username: Text(64),
  name: Text(100),
  password: Password,
  unit: Text(200).optional(),
});
export const UserRow = z.object({
  id: Uuid,
  role: z.enum(ROLE_NAMES),
  login: z.string(),
  name: z.string(),
  unit: z.string().nullable().optional(),
  /** A disabled user cannot sign in; their sessions end. */
  disabled: z.boolean().optional(),
});
export type UserRow = z.infer<typeof UserRow>;
/** PATCH …/chiefs/:judgeId: a chief judge's name, unit, password, or disabled (all optional). */
export const ChiefPatch = z
  .strictObject({
    name: Text(100).optional(),
    unit: Text(200).nullable().optional(),
    password: Password.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one change');
/** PATCH …/judges/:judgeId: a judge's name, unit, or disabled. */
export const JudgePatch = z
  .strictObject({
    name: Text(100).optional(),
    unit: Text(200).nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one change');
/** POST …/judges/:judgeId/pin: a new PIN for a judge (their sessions end). */
export const PinBody = z.strictObject({ pin: Pin });
/** A user in the judges list: with until when its sign-in is locked out (ISO time), or null. */
export const JudgeRow = UserRow.extend({ lockedUntil: z.string().nullable() });
export type JudgeRow = z.infer<typeof JudgeRow>;
export const JudgeList = z.object({ users: z.array(JudgeRow) });
export type JudgeList = z.infer<typeof JudgeList>;
/** POST …/judges/:judgeId/unlock: whom it unlocked, and whether they were locked out. */
export const UnlockAnswer = z.object({ id: Uuid, login: z.string(), wasLocked: z.boolean() });
export type UnlockAnswer = z.infer<typeof UnlockAnswer>;
export const AssignmentInput = z.strictObject({
  judge: JudgeCode,
  criteria: z.array(Id).min(1).max(200).optional(),
  entrants: z.array(Id).min(1).max(20_000).optional(),
});
export const AssignmentsBody = z.strictObject({
  assignments: z.array(AssignmentInput).max(200),
});
/** One cell of the assignment grid: a judge marks a criterion of the event. */
export const AssignmentCell = z.strictObject({ judge: JudgeCode, criterion: Id });
/**
 * POST …/events/:eventId/assignments/changes: a difference, never the whole list; cells already
 * so are left as they are. Removing a cell whose judge has entered marks on it is refused.
 */
export const AssignmentChanges = z
  .strictObject({
    add: z.array(AssignmentCell).max(5_000).default([]),
    remove: z.array(AssignmentCell).max(5_000).default([]),
  })
  .refine((b) => b.add.length + b.remove.length > 0, {
    message: 'give at least one change',
    path: ['add'],
  });
/** GET …/events/:eventId/assignments: who marks what, with marks entered and conflicts. */
export const AssignmentGrid = z.object({
  event: z.string(),
  criteria: z.array(z.object({ id: z.string(), name: z.string() })),
  judges: z.array(
    z.object({
      id: Uuid,
      login: z.string(),
      name: z.string(),
      unit: z.string().nullable(),
      disabled: z.boolean(),
      /** Criteria this judge marks in the event (every one when assigned without a list). */
      criteria: z.array(z.string()),
      /** Criteria this judge has entered marks on (they cannot be taken away). */
      marked: z.array(z.string()),
      /** Contestants of the event from the judge's own unit (conflict of interest). */
      conflicts: z.array(z.object({ id: z.string(), bib: z.string(), name: z.string() })),
    }),
  ),
});
export type AssignmentGrid = z.infer<typeof AssignmentGrid>;
export const AssignmentsAnswer = z.object({
  assignments: z.number(),
  sheets: z.number(),
  sheetsCreated: z.number(),
});
export type AssignmentsAnswer = z.infer<typeof AssignmentsAnswer>;
export const DrawBody = z.strictObject({
  /** Leave out for a random seed; give one to reproduce a draw. */
  seed: z.string().min(8).max(128).optional(),
});
export const DrawAnswer = z.object({
  id: Uuid,
  seed: z.string(),
  method: z.string(),
  createdAt: z.string(),
  codes: z.array(z.object({ entrant: z.string(), code: z.string() })),
  /** Whether re-running the method on the seed gives the recorded codes. */
  reproducible: z.boolean(),
});
export type DrawAnswer = z.infer<typeof DrawAnswer>;

// ── sheets and marks ────────────────────────────────────────────────────────────────────────

export const MarkBody = z.strictObject({
  opId: Uuid,
  criterion: Id,
  /** null clears the mark (a new version with no value). */
  value: MarkValue.nullable(),
  /** The version this write replaces: 0 for a first mark. */
  expectedVersion: Revision,
  reason: Text(500).optional(),
});
export const MarkOp = MarkBody.extend({ sheetId: Uuid });
export type MarkOp = z.infer<typeof MarkOp>;
export const MarkBatchBody = z.strictObject({ ops: z.array(MarkOp).min(1).max(500) });
export const CurrentMark = z.object({
  criterion: z.string(),
  version: z.number(),
  value: z.string().nullable(),
  by: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});
export type CurrentMark = z.infer<typeof CurrentMark>;
export const MarkAnswer = z.object({
  opId: Uuid,
  sheetId: Uuid,
  mark: CurrentMark,
  sheetStatus: z.enum(SHEET_STATUS_NAMES),
});
export type MarkAnswer = z.infer<typeof MarkAnswer>;
export const MarkBatchAnswer = z.object({
  results: z.array(
    z.object({
      opId: z.string(),
      status: z.number(),
      body: z.unknown(),
    }),
  ),
});
export type MarkBatchAnswer = z.infer<typeof MarkBatchAnswer>;
export const CriterionInfo = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  module: z.string(),
  moduleName: z.string(),
  min: z.string(),
  max: z.string().nullable(),
  step: z.string(),
});
export const Sheet = z.object({
  id: Uuid,
  competitionId: z.string(),
  event: z.string(),
  judge: z.string(),
  /** The anonymised code; null before the draw. */
  code: z.string().nullable(),
  /** Officials only: who the entrant is. */
  entrant: z.object({ id: z.string(), bib: z.string().nullable(), name: z.string() }).optional(),
  status: z.enum(SHEET_STATUS_NAMES),
  revision: z.number(),
  note: z.string().nullable(),
  criteria: z.array(CriterionInfo),
  /**
   * Officials only: the criteria of the judge's assignment (ids), which the sheet is complete
   * with; `criteria` lists every criterion of the event for officials.
   */
  assigned: z.array(z.string()).optional(),
  marks: z.array(CurrentMark),
});
export type Sheet = z.infer<typeof Sheet>;
export const SheetList = z.object({ sheets: z.array(Sheet) });
export type SheetList = z.infer<typeof SheetList>;
export const SheetQuery = z.strictObject({
  event: EventId.optional(),
  status: z.enum(SHEET_STATUS_NAMES).optional(),
});
/**
 * GET /api/competitions/:competitionId/sheets/changes?event=…&since=… — the sheets of an event (or
 * of the competition) that changed after audit entry `since` (every mark and every sheet transition writes one, in
 * commit order), with the cursor to ask from next. Without `since`: every sheet of the event.
 */
export const SheetChangesQuery = z.strictObject({
  /** One event's sheets; without it, every sheet of the competition. */
  event: EventId.optional(),
  since: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 53 - 1)
    .optional(),
});
export const SheetChanges = z.object({
  /** Pass as `since` next time. */
  cursor: z.number(),
  /** true: something beyond single sheets changed (assignments, a finalize): read them all. */
  reload: z.boolean(),
  sheets: z.array(Sheet),
});
export type SheetChanges = z.infer<typeof SheetChanges>;
export const SubmitBody = z.strictObject({
  revision: Revision,
  /** The judge signs by entering their PIN again. */
  pin: Pin,
});
export const VerifyBody = z.strictObject({ revision: Revision });
export const ReturnBody = z.strictObject({ revision: Revision, note: Text(500) });
export const ReopenBody = z.strictObject({ revision: Revision, reason: Text(500) });
/**
 * POST /api/competitions/:competitionId/sheets/verify — verify many sheets in one action, each
 * named with the revision the chief judge saw (so a sheet that changed since is refused, not
 * verified blind). Per-sheet results: every sheet is its own transition with its own audit entry.
 */
export const BulkVerifyBody = z.strictObject({
  sheets: z
    .array(z.strictObject({ id: Uuid, revision: Revision }))
    .min(1)
    .max(1000),
});
export const BulkVerifyAnswer = z.object({
  /** How many sheets this call verified. */
  verified: z.number(),
  /** One answer per sheet, in the order asked: 200 with the new state, or the refusal. */
  results: z.array(
    z.object({
      id: z.string(),
      status: z.number(),
      sheet: z.object({ status: z.enum(SHEET_STATUS_NAMES), revision: z.number() }).optional(),
      error: ErrorBody.optional(),
    }),
  ),
});
export type BulkVerifyAnswer = z.infer<typeof BulkVerifyAnswer>;
/**
 * POST /api/competitions/:competitionId/sheets/submit — a judge signs a chosen batch of their own
 * complete sheets with one PIN (a timing judge's 180 sheets need not be signed one by one). Each
 * sheet is named with the revision the judge saw; the PIN is checked once (a wrong one counts
 * towards the sign-in lockout); every sheet is then its own submit with its own audit entry, and
 * the answer is per sheet in the order asked, as bulk verify's.
 */
export const BatchSubmitBody = z.strictObject({
  sheets: z
    .array(z.strictObject({ id: Uuid, revision: Revision }))
    .min(1)
    .max(1000),
  pin: Pin,
});
export const BatchSubmitAnswer = z.object({
  /** How many sheets this call submitted. */
  submitted: z.number(),
  /** One answer per sheet, in the order asked: 200 with the new state, or the refusal. */
  results: z.array(
    z.object({
      id: z.string(),
      status: z.number(),
      sheet: z.object({ status: z.enum(SHEET_STATUS_NAMES), revision: z.number() }).optional(),
      error: ErrorBody.optional(),
    }),
  ),
});
export type BatchSubmitAnswer = z.infer<typeof BatchSubmitAnswer>;
export const MarkHistory = z.object({
  marks: z.array(CurrentMark.extend({ opId: z.string() })),
});
export type MarkHistory = z.infer<typeof MarkHistory>;

// ── standings and audit ─────────────────────────────────────────────────────────────────────

export const StandingsQuery = z.strictObject({
  view: z.enum(['public', 'official']).default('public'),
});
export const Standings = z.object({
  competitionId: z.string(),
  scope: z.string(),
  name: z.string(),
  view: z.enum(['public', 'official']),
  /** provisional until the event is final. */
  official: z.boolean(),
  status: z.enum(EVENT_STATUS_NAMES).nullable(),
  /** Public view: what the table is showing (frozen, reveal …); null in the official view. */
  phase: z.enum(['hidden', 'upcoming', 'provisional', 'frozen', 'reveal', 'official']).nullable(),
  rev: z.number(),
  hash: z.string(),
  computedAt: z.string().nullable(),
  rows: z.array(z.record(z.string(), z.unknown())),
  teams: z.array(z.record(z.string(), z.unknown())).nullable(),
});
export type Standings = z.infer<typeof Standings>;
export const AuditQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export const AuditPage = z.object({
  rows: z.array(
    z.object({
      seq: z.number(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      competitionId: z.string().nullable(),
      data: z.unknown(),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
});
export type AuditPage = z.infer<typeof AuditPage>;
/** A stored table whose head is not what a recompute from the ledger gives. */
export const StandingsDifference = z.object({
  competitionId: z.string(),
  scope: z.string(),
  view: z.enum(['official', 'public']),
  /** The head stored: rev 0 and hash null when the table was never stored. */
  storedRev: z.number(),
  storedHash: z.string().nullable(),
  recomputedHash: z.string(),
  /** When the competition's oldest unpublished change committed; null when none is pending. */
  staleSince: z.string().nullable(),
});
export type StandingsDifference = z.infer<typeof StandingsDifference>;
/** verify-standings: every table recomputed from the ledger and compared with its stored head. */
export const StandingsReport = z.object({
  ok: z.boolean(),
  /** Tables compared (each scope in each view). */
  checked: z.number(),
  differing: z.array(StandingsDifference),
});
export type StandingsReport = z.infer<typeof StandingsReport>;
/**
 * GET /api/audit/verify: `ok`, `checked`, `head` and `break` are the hash chain's; `standings`
 * compares every stored table (a chief judge's competition only, for a chief) with a recompute.
 */
export const AuditReport = z.object({
  ok: z.boolean(),
  checked: z.number(),
  head: z.object({ seq: z.number(), hash: z.string() }),
  break: z.object({ seq: z.number(), reason: z.string(), message: z.string() }).nullable(),
  standings: StandingsReport,
});
export type AuditReport = z.infer<typeof AuditReport>;
export const Ok = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof Ok>;

// ── path params ─────────────────────────────────────────────────────────────────────────────

export const CompetitionParams = z.strictObject({ competitionId: CompetitionId });
export const EventParams = CompetitionParams.extend({ eventId: EventId });
export const OverallParams = CompetitionParams.extend({ overallId: EventId });
export const SheetParams = z.strictObject({ sheetId: Uuid });
export const JudgeParams = CompetitionParams.extend({ judgeId: Uuid });
/** A chief judge in a competition's path. */
export const ChiefParams = CompetitionParams.extend({ chiefId: Uuid });

// ── imports, exports, nominations ──────────────────────────────────────────────────────────

/**
 * POST /api/competitions/:competitionId/import/:kind — the body is the file itself, sent as
 * text/csv (UTF-8, BOM optional) or as XLSX; at most 5 MiB. All or nothing: a bad file answers
 * 422 `invalid_roster` with one detail per bad field, path "rows.<row>.<column as written>".
 */
export const IMPORT_KIND_NAMES = ['contestants', 'teams', 'judges'] as const;
export const ImportParams = CompetitionParams.extend({ kind: z.enum(IMPORT_KIND_NAMES) });
export const ImportAnswer = z.object({
  kind: z.enum(IMPORT_KIND_NAMES),
  /** Rows imported (contestants or teams added or updated, judges created). */
  imported: z.number(),
});
export type ImportAnswer = z.infer<typeof ImportAnswer>;
/**
 * How the organizer maps the file's columns, by column letter: a field's key, "attribute"
 * (contestants: keep as an award attribute named as the header) or "drop". JSON in the query.
 */
export const ImportQuery = z.strictObject({ columns: z.string().max(8_000).optional() });
export const ImportColumn = z.object({
  /** The column's letter (A, B … AA). */
  column: z.string(),
  header: z.string(),
  /** field: a known field; attribute: kept as an award attribute; drop / ignored: not read. */
  use: z.enum(['field', 'attribute', 'drop', 'ignored', 'unmapped']),
  field: z.string().optional(),
});
export const ImportField = z.object({
  key: z.string(),
  label: z.tuple([z.string(), z.string()]),
  required: z.boolean(),
  personal: z.boolean(),
});
/**
 * POST …/import/:kind/preview: what the file would import, stored nothing: the columns as
 * read, the fields a column may be mapped to, the first rows (personal data masked), and every
 * problem the commit would refuse (unmapped columns included).
 */
export const ImportPreview = z.object({
  kind: z.enum(IMPORT_KIND_NAMES),
  rows: z.number(),
  columns: z.array(ImportColumn),
  fields: z.array(ImportField),
  sample: z.array(z.object({ row: z.number(), cells: z.array(z.string()) })),
  problems: z.array(ErrorDetail),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
export const TemplateQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
/** The organizer's view of a contestant's personal data: masked, only what was kept. */
export const PersonalRow = z.object({
  contestant: z.string(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
});
/** GET …/personal-data: the contestants' and judges' kept ID numbers and phones, masked. */
export const PersonalData = z.object({
  contestants: z.array(PersonalRow),
  /** By judge code. */
  judges: z.array(
    z.object({ judge: z.string(), idNumber: z.string().nullable(), phone: z.string().nullable() }),
  ),
});
export type PersonalData = z.infer<typeof PersonalData>;

export const ExportFormat = z.enum(['csv', 'xlsx']);
/** GET …/events/:eventId/export: the official standings as a file. */
export const EventExportQuery = z.strictObject({
  format: ExportFormat.default('csv'),
  /** rows: the event's table; teams: its team standings (events with team scoring). */
  section: z.enum(['rows', 'teams']).default('rows'),
});
/** GET …/overall/:overallId/export. */
export const OverallExportQuery = z.strictObject({ format: ExportFormat.default('csv') });
/** GET …/nominations: JSON, or the same as a workbook (one sheet per award). */
export const NominationsQuery = z.strictObject({
  format: z.enum(['json', 'xlsx']).default('json'),
});
/** The answer of a route that answers with a file (its `produces`): no JSON to describe. */
export const FileAnswer = z.string();

/** A finalized table the nominations were read from. */
export const SnapshotRef = z.object({
  /** An event id, or "overall:<id>". */
  scope: z.string(),
  /** The official revision: the one pinned when the event was finalized. */
  rev: z.number(),
  /** The official table's hash at that revision (contract/table-hash.ts). */
  hash: z.string(),
  /** When the event was finalized; null for an overall table. */
  finalizedAt: z.string().nullable(),
  /** The stored definition version the table was computed with. */
  definitionVersion: z.number().nullable(),
});
export type SnapshotRef = z.infer<typeof SnapshotRef>;
/** A score sheet behind a nominee's rank: who marked it and who verified it. */
export const NominationSheet = z.object({
  id: Uuid,
  event: z.string(),
  /** The contestant or team the sheet marks. */
  entrant: z.string(),
  /** The judge's code (login). */
  judge: z.string(),
  status: z.enum(SHEET_STATUS_NAMES),
  /** Who verified it (login), and when. */
  verifiedBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
});
export const NominationRow = z.object({
  /** Contestant id (or team id, or delegation, for awards on those standings). */
  competitor: z.string(),
  bib: z.string().nullable(),
  name: z.string().nullable(),
  unit: z.string().nullable(),
  delegation: z.string().nullable(),
  /** Rank in the finalized standings. */
  rank: z.number(),
  /** Place among the eligible: less than rank when someone above was passed over (递补). */
  place: z.number(),
  movedUp: z.boolean(),
  /** Who ranked above this nominee and was passed over (ids). */
  over: z.array(z.string()),
  /** Exact values as in the standings ("87.33", "262/3"): the score, and what it was ranked on. */
  score: z.string().nullable(),
  value: z.string().nullable(),
  sheets: z.array(NominationSheet),
});
export const AwardNominations = z.object({
  award: z.string(),
  name: z.string(),
  /** The standings the award reads: an event's, an event's teams', or an overall table. */
  standings: z.object({ of: z.enum(['event', 'eventTeams', 'overall']), id: z.string() }),
  /** The snapshot scope it was read from (see snapshots). */
  scope: z.string(),
  nominations: z.array(NominationRow),
  /** Ranked within reach but not eligible: who and why. */
  passedOver: z.array(
    z.object({
      competitor: z.string(),
      bib: z.string().nullable(),
      name: z.string().nullable(),
      rank: z.number(),
      /** "不是职工 (not an employee)": both languages, as the workbook prints it. */
      reason: z.string(),
      /** The reason as a code and parameters, for the web app to word (nomination-reasons.ts). */
      code: z.string(),
      params: z.record(z.string(), z.string()),
    }),
  ),
});
/** An award not computed yet: what it waits for (events by name). */
export const PendingAward = z.object({
  award: z.string(),
  name: z.string(),
  waiting: z.array(
    z.object({
      code: z.enum(['not_final', 'changed_since_final', 'waits_for_award']),
      id: z.string(),
      name: z.string(),
      status: z.string().nullable(),
    }),
  ),
});
export const Nominations = z.object({
  competitionId: z.string(),
  competitionName: z.string(),
  /** The stored definition version whose award rules were applied. */
  definitionVersion: z.number(),
  /** The rules' own version (the definition's `version`). */
  rulesVersion: z.number(),
  /** SHA-256 over the snapshot references: {competitionId, definitionVersion, snapshots}. */
  snapshotHash: z.string(),
  snapshots: z.array(SnapshotRef),
  awards: z.array(AwardNominations),
  /** Awards whose events are not all final yet (the others are computed meanwhile). */
  pending: z.array(PendingAward),
});
export type Nominations = z.infer<typeof Nominations>;

/** One current mark, in the scoring CLI's marks shape. */
export const LedgerMark = z.object({
  event: z.string(),
  criterion: z.string(),
  competitor: z.string(),
  /** The judge's code (login). */
  judge: z.string(),
  value: z.string(),
});
/**
 * GET /api/competitions/:competitionId/export/ledger: everything needed to recompute the
 * results away from the server. `definition` is the scoring CLI's definition file and `input`
 * its marks JSON file (ScoringInputFile: roster, marks, statuses):
 * `npx scoring definition.json input.json --json`.
 */
export const LedgerExport = z.object({
  format: z.literal('skills-ledger/1'),
  competitionId: z.string(),
  name: z.string(),
  exportedAt: z.string(),
  definitionVersion: z.number(),
  rosterVersion: z.number(),
  definition: z.unknown(),
  input: z.object({
    contestants: z.array(z.record(z.string(), z.unknown())),
    teams: z.array(z.record(z.string(), z.unknown())),
    marks: z.array(LedgerMark),
    statuses: z.array(z.record(z.string(), z.unknown())),
  }),
  /** The roster as the organizer keeps it (bibs, units, stations). */
  roster: z.object({
    contestants: z.array(ContestantRow),
    teams: z.array(TeamInput.extend({ members: z.array(z.string()) })),
  }),
  events: z.array(
    z.object({ id: z.string(), name: z.string(), status: z.enum(EVENT_STATUS_NAMES) }),
  ),
  sheets: z.array(
    z.object({
      id: Uuid,
      event: z.string(),
      judge: z.string(),
      entrant: z.string(),
      status: z.enum(SHEET_STATUS_NAMES),
      verifiedBy: z.string().nullable(),
    }),
  ),
  /** Each official table's latest revision and hash. */
  standings: z.array(z.object({ scope: z.string(), rev: z.number(), hash: z.string() })),
  /** The audit chain's head when the export was read (GET /api/audit/verify checks it). */
  audit: z.object({ seq: z.number(), hash: z.string() }),
});
export type LedgerExport = z.infer<typeof LedgerExport>;
