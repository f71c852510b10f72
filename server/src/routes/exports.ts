/**
 * Files out: results exports, award nominations from finalized results, and the ledger export
 * that the scoring CLI recomputes. (Files in: routes/imports.ts.)
 */
import type { Ctx } from '../context.ts';
import { XLSX_TYPE } from '../files/xlsx.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { fileResponse } from '../http/file-response.ts';
import { exportStandings } from '../services/exports.ts';
import { exportLedger } from '../services/ledger-export.ts';
import { nominationsFile } from '../services/nominations-file.ts';
import { readNominations } from '../services/nominations.ts';

const OFFICIALS = ['organizer', 'chief'] as const;
const CSV_OUT = 'text/csv; charset=utf-8';
/** A file answer (see `produces`): no JSON schema. */

export function exportRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/events/:eventId/export',
      summary: 'Export the official standings of an event (CSV or XLSX)',
      tag: 'exports',
      access: OFFICIALS,
      produces: [CSV_OUT, XLSX_TYPE],
      handler: async ({ actor, params, query }) =>
        fileResponse(
          await exportStandings(ctx, actor, params.competitionId, { event: params.eventId }, query),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/overall/:overallId/export',
      summary: 'Export the official overall standings (CSV or XLSX)',
      tag: 'exports',
      access: OFFICIALS,
      produces: [CSV_OUT, XLSX_TYPE],
      handler: async ({ actor, params, query }) =>
        fileResponse(
          await exportStandings(
            ctx,
            actor,
            params.competitionId,
            { overall: params.overallId },
            query,
          ),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/nominations',
      summary: 'Award nominations from the finalized standings (JSON or XLSX)',
      tag: 'exports',
      access: OFFICIALS,
      produces: ['application/json', XLSX_TYPE],
      handler: async ({ actor, params, query, c }) => {
        const n = await readNominations(ctx, actor, params.competitionId);
        if (query.format === 'xlsx') {
          const { definition } = await ctx.catalog.current(params.competitionId);
          return fileResponse(await nominationsFile(n, definition));
        }
        c.header('x-snapshot-hash', n.snapshotHash);
        return n;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/export/ledger',
      summary: 'Export the definition, roster, current marks and statuses (for the scoring CLI)',
      tag: 'exports',
      access: OFFICIALS,
      handler: async ({ actor, params, c }) => {
        const ledger = await exportLedger(ctx, actor, params.competitionId);
        c.header(
          'content-disposition',
          `attachment; filename="${params.competitionId}-ledger-${ledger.audit.seq}.json"`,
        );
        return ledger;
      },
    }),
  ];
}
