/** Competitions, definitions, roster, judges and event settings. */
import { z } from 'zod';
import {
  AssignmentsAnswer,
  AssignmentsBody,
  ChiefBody,
  CompetitionParams,
  CompetitionSummary,
  ContestantRow,
  CreateCompetitionBody,
  DefinitionBody,
  DrawAnswer,
  DrawBody,
  EventParams,
  EventSettingsBody,
  EventStatusBody,
  JudgeBody,
  JudgeParams,
  JudgeRow,
  LoginLink,
  RosterAnswer,
  RosterBody,
  UnlockAnswer,
  UserRow,
} from '../contract/api.ts';
import { RevealBody, RevealState } from '../contract/live.ts';
import type { Ctx } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { requireOfficial } from '../domain/access.ts';
import { setAssignments } from '../services/assignments.ts';
import {
  competitionSummary,
  createCompetition,
  getDefinition,
  listCompetitions,
  saveDefinition,
  setEventSettings,
} from '../services/competitions.ts';
import { getDraw, runDraw } from '../services/draws.ts';
import { contestantRow, loadRoster } from '../domain/entrants.ts';
import { setEventStatus } from '../services/events.ts';
import {
  createChief,
  createJudge,
  createLoginLink,
  listJudges,
  unlockJudge,
} from '../services/judges.ts';
import { reveal } from '../services/reveal.ts';
import { importRoster } from '../services/roster.ts';

const ORGANIZER = ['organizer'] as const;
const OFFICIALS = ['organizer', 'chief'] as const;

export function competitionRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/competitions',
      summary: 'List competitions',
      tag: 'competitions',
      access: 'public',
      response: z.object({ competitions: z.array(CompetitionSummary) }),
      handler: async () => ({ competitions: await listCompetitions(ctx) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions',
      summary: 'Create a competition with its definition',
      tag: 'competitions',
      access: ORGANIZER,
      body: CreateCompetitionBody,
      bodyLimit: 2 * 1024 * 1024,
      response: CompetitionSummary,
      status: 201,
      handler: ({ actor, body }) => createCompetition(ctx, actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId',
      summary: 'Read a competition and the state of its events',
      tag: 'competitions',
      access: 'public',
      params: CompetitionParams,
      response: CompetitionSummary,
      handler: ({ params }) => competitionSummary(ctx, params.competitionId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/definition',
      summary: 'Read the definition in force',
      tag: 'competitions',
      access: 'public',
      params: CompetitionParams,
      response: z.object({ version: z.number(), definition: z.unknown() }),
      handler: ({ params }) => getDefinition(ctx, params.competitionId),
    }),
    defineRoute({
      method: 'put',
      path: '/api/competitions/:competitionId/definition',
      summary: 'Save a new definition version',
      tag: 'competitions',
      access: ORGANIZER,
      params: CompetitionParams,
      body: DefinitionBody,
      bodyLimit: 2 * 1024 * 1024,
      response: CompetitionSummary,
      handler: ({ actor, params, body }) => saveDefinition(ctx, actor, params.competitionId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/roster',
      summary: 'Import contestants and teams (all or nothing)',
      tag: 'roster',
      access: ORGANIZER,
      params: CompetitionParams,
      body: RosterBody,
      bodyLimit: 16 * 1024 * 1024,
      response: RosterAnswer,
      handler: ({ actor, params, body }) => importRoster(ctx, actor, params.competitionId, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/contestants',
      summary: 'List contestants with names (officials)',
      tag: 'roster',
      access: OFFICIALS,
      params: CompetitionParams,
      response: z.object({ contestants: z.array(ContestantRow) }),
      handler: async ({ actor, params }) => {
        requireOfficial(actor, params.competitionId);
        await ctx.catalog.current(params.competitionId); // 404 for an unknown competition
        const roster = await loadRoster(ctx.db, params.competitionId);
        return { contestants: roster.contestants.map(contestantRow) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/judges',
      summary: 'List judges and chief judges, with any sign-in lockout',
      tag: 'judges',
      access: OFFICIALS,
      params: CompetitionParams,
      response: z.object({ users: z.array(JudgeRow) }),
      handler: async ({ actor, params }) => ({
        users: await listJudges(ctx, actor, params.competitionId),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/judges',
      summary: 'Add a judge (code and PIN)',
      tag: 'judges',
      access: ORGANIZER,
      params: CompetitionParams,
      body: JudgeBody,
      response: UserRow,
      status: 201,
      handler: ({ actor, params, body }) => createJudge(ctx, actor, params.competitionId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/chiefs',
      summary: 'Add a chief judge (username and password)',
      tag: 'judges',
      access: ORGANIZER,
      params: CompetitionParams,
      body: ChiefBody,
      response: UserRow,
      status: 201,
      handler: ({ actor, params, body }) => createChief(ctx, actor, params.competitionId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/judges/:judgeId/login-link',
      summary: 'Create a one-time login link (and QR code) for a judge',
      tag: 'judges',
      access: OFFICIALS,
      params: JudgeParams,
      response: LoginLink,
      status: 201,
      handler: ({ actor, params }) =>
        createLoginLink(ctx, actor, params.competitionId, params.judgeId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/judges/:judgeId/unlock',
      summary: 'Unlock the sign-in of a judge locked out by failed attempts (recorded)',
      tag: 'judges',
      access: OFFICIALS,
      params: JudgeParams,
      response: UnlockAnswer,
      handler: ({ actor, params }) => unlockJudge(ctx, actor, params.competitionId, params.judgeId),
    }),
    defineRoute({
      method: 'put',
      path: '/api/competitions/:competitionId/events/:eventId/assignments',
      summary: "Set the judges' assignments of an event (creates their sheets)",
      tag: 'events',
      access: ORGANIZER,
      params: EventParams,
      body: AssignmentsBody,
      bodyLimit: 4 * 1024 * 1024,
      response: AssignmentsAnswer,
      handler: ({ actor, params, body }) =>
        setAssignments(ctx, actor, params.competitionId, params.eventId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/events/:eventId/draw',
      summary: 'Draw the anonymised codes of an event (seeded, recorded)',
      tag: 'events',
      access: ORGANIZER,
      params: EventParams,
      body: DrawBody,
      response: DrawAnswer,
      status: 201,
      handler: ({ actor, params, body }) =>
        runDraw(ctx, actor, params.competitionId, params.eventId, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/events/:eventId/draw',
      summary: 'Read the draw of an event and check that it reproduces',
      tag: 'events',
      access: OFFICIALS,
      params: EventParams,
      response: DrawAnswer,
      handler: ({ actor, params }) => getDraw(ctx, actor, params.competitionId, params.eventId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/events/:eventId/status',
      summary: 'Move an event along its lifecycle (live, frozen, final)',
      tag: 'events',
      access: OFFICIALS,
      params: EventParams,
      body: EventStatusBody,
      response: CompetitionSummary,
      handler: ({ actor, params, body }) =>
        setEventStatus(ctx, actor, params.competitionId, params.eventId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/events/:eventId/reveal',
      summary: 'Reveal the final standings of a held event, from the bottom row up',
      tag: 'events',
      access: ['organizer'],
      params: EventParams,
      body: RevealBody,
      response: RevealState,
      handler: ({ actor, params, body }) =>
        reveal(ctx, actor, params.competitionId, params.eventId, body),
    }),
    defineRoute({
      method: 'put',
      path: '/api/competitions/:competitionId/events/:eventId/settings',
      summary: 'Change what the public sees of an event',
      tag: 'events',
      access: OFFICIALS,
      params: EventParams,
      body: EventSettingsBody,
      response: CompetitionSummary,
      handler: ({ actor, params, body }) =>
        setEventSettings(ctx, actor, params.competitionId, params.eventId, body),
    }),
  ];
}
