/** Files in: contestants, teams and judges imported from a CSV or XLSX file (all or nothing). */
import type { Ctx } from '../context.ts';
import { readRawBody } from '../http/raw-body.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { IMPORT_LIMIT, IMPORT_TYPES } from '../services/import-file.ts';
import { importFile } from '../services/imports.ts';

const ORGANIZER = ['organizer'] as const;

export function importRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/import/:kind',
      summary: 'Import contestants, teams or judges from a CSV or XLSX file (all or nothing)',
      tag: 'roster',
      access: ORGANIZER,
      consumes: IMPORT_TYPES,
      bodyLimit: IMPORT_LIMIT,
      handler: async ({ actor, params, query, c }) =>
        importFile(
          ctx,
          actor,
          params.competitionId,
          params.kind,
          {
            bytes: await readRawBody(c.req.raw, IMPORT_LIMIT),
            contentType: c.req.header('content-type') ?? null,
          },
          query.columns,
        ),
    }),
  ];
}
