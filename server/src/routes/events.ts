/** An event's running: judge assignments, the draw, its status, the reveal, public settings. */
import type { Ctx } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { setAssignments } from '../services/assignments.ts';
import { setEventSettings } from '../services/competitions.ts';
import { getDraw, runDraw } from '../services/draws.ts';
import { setEventStatus } from '../services/events.ts';
import { reveal } from '../services/reveal.ts';

const ORGANIZER = ['organizer'] as const;
const OFFICIALS = ['organizer', 'chief'] as const;

export function eventRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'put',
      path: '/api/competitions/:competitionId/events/:eventId/assignments',
      summary: "Set the judges' assignments of an event (creates their sheets)",
      tag: 'events',
      access: ORGANIZER,
      bodyLimit: 4 * 1024 * 1024,
      handler: ({ actor, params, body }) =>
        setAssignments(ctx, actor, params.competitionId, params.eventId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/events/:eventId/draw',
      summary: 'Draw the anonymised codes of an event (seeded, recorded)',
      tag: 'events',
      access: ORGANIZER,
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
      handler: ({ actor, params }) => getDraw(ctx, actor, params.competitionId, params.eventId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/events/:eventId/status',
      summary: 'Move an event along its lifecycle (live, frozen, final)',
      tag: 'events',
      access: OFFICIALS,
      handler: ({ actor, params, body }) =>
        setEventStatus(ctx, actor, params.competitionId, params.eventId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/events/:eventId/reveal',
      summary: 'Reveal the final standings of a held event, from the bottom row up',
      tag: 'events',
      access: ['organizer'],
      handler: ({ actor, params, body }) =>
        reveal(ctx, actor, params.competitionId, params.eventId, body),
    }),
    defineRoute({
      method: 'put',
      path: '/api/competitions/:competitionId/events/:eventId/settings',
      summary: 'Change what the public sees of an event',
      tag: 'events',
      access: OFFICIALS,
      handler: ({ actor, params, body }) =>
        setEventSettings(ctx, actor, params.competitionId, params.eventId, body),
    }),
  ];
}
