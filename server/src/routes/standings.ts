/**
 * Standings of events and overall tables, in the public or the official view; and what the public
 * pages need to know to link to themselves (the address phones reach the app at).
 */
import type { Ctx } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { readStandings } from '../services/standings.ts';

export function standingsRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/public-config',
      summary: 'What the public pages link to: the public address (PUBLIC_URL)',
      tag: 'standings',
      access: 'public',
      // A big screen's QR code points here, never at the screen's own (often localhost) address.
      handler: () => ({ publicUrl: ctx.config.publicUrl.replace(/\/+$/, '') }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/events/:eventId/standings',
      summary: 'Standings of an event (view=public or official)',
      tag: 'standings',
      access: 'public',
      handler: ({ actor, params, query }) =>
        readStandings(ctx, actor, params.competitionId, { event: params.eventId }, query.view),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/overall/:overallId/standings',
      summary: 'Overall standings (view=public or official)',
      tag: 'standings',
      access: 'public',
      handler: ({ actor, params, query }) =>
        readStandings(ctx, actor, params.competitionId, { overall: params.overallId }, query.view),
    }),
  ];
}
