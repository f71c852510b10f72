/**
 * The route map: every route of the API, keyed "<method> <path>", with the schemas of its path
 * params, query, body and answer. The server's route records take their schemas from here
 * (http/route.ts looks each record up by its method and path), and the web's typed client infers
 * what a call sends and what it answers from the same entry — so changing an answer here is a
 * type error at every caller in the web app, and a route cannot drift from its entry.
 */
import type { z } from 'zod';
import {
  AssignmentChanges,
  AssignmentGrid,
  AssignmentsAnswer,
  AssignmentsBody,
  AuditPage,
  AuditQuery,
  AuditReport,
  BatchSubmitAnswer,
  BatchSubmitBody,
  BulkVerifyAnswer,
  BulkVerifyBody,
  ChiefBody,
  ChiefParams,
  ChiefPatch,
  CompetitionList,
  CompetitionParams,
  CompetitionSummary,
  ContestantList,
  CreateCompetitionBody,
  DefinitionAnswer,
  DefinitionBody,
  DefinitionPreview,
  DrawAnswer,
  DrawBody,
  EventExportQuery,
  EventParams,
  EventSettingsBody,
  EventStatusBody,
  FileBody,
  ImportAnswer,
  ImportParams,
  ImportPreview,
  ImportQuery,
  JudgeBody,
  JudgeList,
  JudgeLoginBody,
  JudgeParams,
  JudgePatch,
  LedgerExport,
  LinkLoginBody,
  LoginAnswer,
  LoginBody,
  LoginLink,
  MarkAnswer,
  MarkBatchAnswer,
  MarkBatchBody,
  MarkBody,
  MarkHistory,
  Me,
  Nominations,
  NominationsQuery,
  Ok,
  OverallExportQuery,
  OverallParams,
  PersonalData,
  PinBody,
  PublicConfig,
  ReopenBody,
  ReturnBody,
  RosterAnswer,
  RosterBody,
  Sheet,
  SheetChanges,
  SheetChangesQuery,
  SheetList,
  SheetParams,
  SheetQuery,
  Standings,
  StandingsQuery,
  SubmitBody,
  TemplateQuery,
  UnlockAnswer,
  UserRow,
  VerifyBody,
} from './api.ts';
import { SchemeUploadQuery } from './scheme-workbook.ts';
import { RevealBody, RevealState } from './live.ts';

export type Method = 'get' | 'post' | 'put' | 'delete';

/** What a route takes and answers. */
export interface RouteContract {
  /** The path's `:name` segments. */
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A JSON body. */
  readonly body?: z.ZodType;
  /** The body is a file, sent as it is with its own content type (no JSON body). */
  readonly file?: true;
  /** The JSON answer (a route answering with a file: FileBody). */
  readonly response: z.ZodType;
}

export const ROUTES = {
  // ── auth
  'post /api/auth/login': { body: LoginBody, response: LoginAnswer },
  'post /api/auth/judge-login': { body: JudgeLoginBody, response: LoginAnswer },
  'post /api/auth/link-login': { body: LinkLoginBody, response: LoginAnswer },
  'post /api/auth/logout': { response: Ok },
  'get /api/auth/me': { response: Me },

  // ── competitions, roster, judges, events
  'get /api/competitions': { response: CompetitionList },
  'post /api/competitions': { body: CreateCompetitionBody, response: CompetitionSummary },
  'get /api/competitions/:competitionId': {
    params: CompetitionParams,
    response: CompetitionSummary,
  },
  'get /api/competitions/:competitionId/definition': {
    params: CompetitionParams,
    response: DefinitionAnswer,
  },
  'put /api/competitions/:competitionId/definition': {
    params: CompetitionParams,
    body: DefinitionBody,
    response: CompetitionSummary,
  },
  'post /api/competitions/:competitionId/definition/preview': {
    params: CompetitionParams,
    body: DefinitionBody,
    response: DefinitionPreview,
  },
  'get /api/competitions/:competitionId/definition/xlsx': {
    params: CompetitionParams,
    response: FileBody,
  },
  'post /api/competitions/:competitionId/definition/xlsx': {
    params: CompetitionParams,
    query: SchemeUploadQuery,
    file: true,
    response: CompetitionSummary,
  },
  'get /api/scheme-template': { response: FileBody },
  'post /api/competitions/:competitionId/roster': {
    params: CompetitionParams,
    body: RosterBody,
    response: RosterAnswer,
  },
  'get /api/competitions/:competitionId/contestants': {
    params: CompetitionParams,
    response: ContestantList,
  },
  'get /api/competitions/:competitionId/judges': {
    params: CompetitionParams,
    response: JudgeList,
  },
  'post /api/competitions/:competitionId/judges': {
    params: CompetitionParams,
    body: JudgeBody,
    response: UserRow,
  },
  'post /api/competitions/:competitionId/chiefs': {
    params: CompetitionParams,
    body: ChiefBody,
    response: UserRow,
  },
  'post /api/competitions/:competitionId/judges/:judgeId/login-link': {
    params: JudgeParams,
    response: LoginLink,
  },
  'post /api/competitions/:competitionId/judges/:judgeId/unlock': {
    params: JudgeParams,
    response: UnlockAnswer,
  },
  'put /api/competitions/:competitionId/events/:eventId/assignments': {
    params: EventParams,
    body: AssignmentsBody,
    response: AssignmentsAnswer,
  },
  'post /api/competitions/:competitionId/events/:eventId/draw': {
    params: EventParams,
    body: DrawBody,
    response: DrawAnswer,
  },
  'get /api/competitions/:competitionId/events/:eventId/draw': {
    params: EventParams,
    response: DrawAnswer,
  },
  'post /api/competitions/:competitionId/events/:eventId/status': {
    params: EventParams,
    body: EventStatusBody,
    response: CompetitionSummary,
  },
  'post /api/competitions/:competitionId/events/:eventId/reveal': {
    params: EventParams,
    body: RevealBody,
    response: RevealState,
  },
  'put /api/competitions/:competitionId/events/:eventId/settings': {
    params: EventParams,
    body: EventSettingsBody,
    response: CompetitionSummary,
  },

  // ── sheets and marks
  'get /api/judge/sheets': { query: SheetQuery, response: SheetList },
  'get /api/competitions/:competitionId/sheets': {
    params: CompetitionParams,
    query: SheetQuery,
    response: SheetList,
  },
  'get /api/competitions/:competitionId/sheets/changes': {
    params: CompetitionParams,
    query: SheetChangesQuery,
    response: SheetChanges,
  },
  'post /api/competitions/:competitionId/sheets/verify': {
    params: CompetitionParams,
    body: BulkVerifyBody,
    response: BulkVerifyAnswer,
  },
  'post /api/competitions/:competitionId/sheets/submit': {
    params: CompetitionParams,
    body: BatchSubmitBody,
    response: BatchSubmitAnswer,
  },
  'get /api/sheets/:sheetId': { params: SheetParams, response: Sheet },
  'get /api/sheets/:sheetId/history': { params: SheetParams, response: MarkHistory },
  'post /api/sheets/:sheetId/marks': { params: SheetParams, body: MarkBody, response: MarkAnswer },
  'post /api/marks/batch': { body: MarkBatchBody, response: MarkBatchAnswer },
  'post /api/sheets/:sheetId/submit': { params: SheetParams, body: SubmitBody, response: Sheet },
  'post /api/sheets/:sheetId/verify': { params: SheetParams, body: VerifyBody, response: Sheet },
  'post /api/sheets/:sheetId/return': { params: SheetParams, body: ReturnBody, response: Sheet },
  'post /api/sheets/:sheetId/reopen': { params: SheetParams, body: ReopenBody, response: Sheet },

  // ── standings
  'get /api/public-config': { response: PublicConfig },
  'get /api/competitions/:competitionId/events/:eventId/standings': {
    params: EventParams,
    query: StandingsQuery,
    response: Standings,
  },
  'get /api/competitions/:competitionId/overall/:overallId/standings': {
    params: OverallParams,
    query: StandingsQuery,
    response: Standings,
  },

  // ── files in and out
  'post /api/competitions/:competitionId/import/:kind': {
    params: ImportParams,
    query: ImportQuery,
    file: true,
    response: ImportAnswer,
  },
  'post /api/competitions/:competitionId/import/:kind/preview': {
    params: ImportParams,
    query: ImportQuery,
    file: true,
    response: ImportPreview,
  },
  'get /api/competitions/:competitionId/import/:kind/template': {
    params: ImportParams,
    query: TemplateQuery,
    response: FileBody,
  },
  'get /api/competitions/:competitionId/personal-data': {
    params: CompetitionParams,
    response: PersonalData,
  },
  'put /api/competitions/:competitionId/chiefs/:chiefId': {
    params: ChiefParams,
    body: ChiefPatch,
    response: UserRow,
  },
  'put /api/competitions/:competitionId/judges/:judgeId': {
    params: JudgeParams,
    body: JudgePatch,
    response: UserRow,
  },
  'post /api/competitions/:competitionId/judges/:judgeId/pin': {
    params: JudgeParams,
    body: PinBody,
    response: UserRow,
  },
  'get /api/competitions/:competitionId/events/:eventId/assignments': {
    params: EventParams,
    response: AssignmentGrid,
  },
  'post /api/competitions/:competitionId/events/:eventId/assignments/changes': {
    params: EventParams,
    body: AssignmentChanges,
    response: AssignmentsAnswer,
  },
  'get /api/competitions/:competitionId/events/:eventId/export': {
    params: EventParams,
    query: EventExportQuery,
    response: FileBody,
  },
  'get /api/competitions/:competitionId/overall/:overallId/export': {
    params: OverallParams,
    query: OverallExportQuery,
    response: FileBody,
  },
  'get /api/competitions/:competitionId/nominations': {
    params: CompetitionParams,
    query: NominationsQuery,
    response: Nominations,
  },
  'get /api/competitions/:competitionId/export/ledger': {
    params: CompetitionParams,
    response: LedgerExport,
  },

  // ── audit
  'get /api/audit': { query: AuditQuery, response: AuditPage },
  'get /api/audit/verify': { response: AuditReport },
} as const satisfies Record<`${Method} /api/${string}`, RouteContract>;

export type Routes = typeof ROUTES;
export type RouteKey = keyof Routes;

/** The path of every route called with this method. */
export type PathOf<M extends Method> = RouteKey extends infer K
  ? K extends `${M} ${infer P}`
    ? P
    : never
  : never;

/** The schema a route gives for one part of a request, or never when it has none. */
type Part<K extends RouteKey, F extends 'params' | 'query' | 'body'> =
  Routes[K] extends Record<F, infer S extends z.ZodType> ? S : never;

/** What a caller sends: a field whose input is `unknown` (a coerced query number) as parsed. */
type Sent<S extends z.ZodType> = {
  [N in keyof z.input<S>]: unknown extends z.input<S>[N]
    ? N extends keyof z.output<S>
      ? z.output<S>[N]
      : z.input<S>[N]
    : z.input<S>[N];
};

/** The path params a caller fills in (never when the route has none). */
export type RouteParams<K extends RouteKey> = Sent<Part<K, 'params'>>;
/** The query a caller may add (never when the route takes none). */
export type RouteQuery<K extends RouteKey> = Sent<Part<K, 'query'>>;
/** The JSON body a caller sends (never when the route takes none). */
export type RouteBody<K extends RouteKey> = z.input<Part<K, 'body'>>;
/** The route's answer, as the caller reads it. */
export type RouteAnswer<K extends RouteKey> = z.output<Routes[K]['response']>;

/** A part of a request as the server's handler gets it, parsed: undefined when the route has none. */
export type ParsedPart<K extends RouteKey, F extends 'params' | 'query' | 'body'> = [
  Part<K, F>,
] extends [never]
  ? undefined
  : z.output<Part<K, F>>;
