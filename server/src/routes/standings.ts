/** Standings of events and overall tables, in the public or the official view. */
import { EventParams, OverallParams, Standings, StandingsQuery } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { readStandings } from '../standings/read.ts';

export function standingsRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/events/:eventId/standings',
      summary: 'Standings of an event (view=public or official)',
      tag: 'standings',
      access: 'public',
      params: EventParams,
      query: StandingsQuery,
      response: Standings,
      handler: ({ actor, params, query }) =>
        readStandings(ctx, actor, params.competitionId, { event: params.eventId }, query.view),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/overall/:overallId/standings',
      summary: 'Overall standings (view=public or official)',
      tag: 'standings',
      access: 'public',
      params: OverallParams,
      query: StandingsQuery,
      response: Standings,
      handler: ({ actor, params, query }) =>
        readStandings(ctx, actor, params.competitionId, { overall: params.overallId }, query.view),
    }),
  ];
}
