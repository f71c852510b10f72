/** The roster: contestants and teams, as JSON (files come in through routes/imports.ts). */
import type { Ctx } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { requireOfficial } from '../domain/access.ts';
import { contestantRow, loadRoster } from '../domain/entrants.ts';
import { importRoster } from '../services/roster.ts';

const ORGANIZER = ['organizer'] as const;
const OFFICIALS = ['organizer', 'chief'] as const;

export function rosterRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/roster',
      summary: 'Import contestants and teams (all or nothing)',
      tag: 'roster',
      access: ORGANIZER,
      bodyLimit: 16 * 1024 * 1024,
      handler: ({ actor, params, body }) => importRoster(ctx, actor, params.competitionId, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/contestants',
      summary: 'List contestants with names (officials)',
      tag: 'roster',
      access: OFFICIALS,
      handler: async ({ actor, params }) => {
        requireOfficial(actor, params.competitionId);
        await ctx.catalog.current(params.competitionId); // 404 for an unknown competition
        const roster = await loadRoster(ctx.db, params.competitionId);
        return { contestants: roster.contestants.map(contestantRow) };
      },
    }),
  ];
}
