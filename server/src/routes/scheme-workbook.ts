/** The marking scheme (评分细则) as an Excel workbook: download, template, load (issue 16). */
import type { Ctx } from '../context.ts';
import { XLSX_TYPE } from '../files/xlsx.ts';
import { readRawBody } from '../http/raw-body.ts';
import { requireVisible } from '../services/visibility.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { fileResponse } from '../http/file-response.ts';
import {
  SCHEME_UPLOAD_LIMIT,
  downloadScheme,
  loadScheme,
  schemeTemplate,
} from '../services/scheme-workbook/service.ts';

export function schemeWorkbookRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/definition/xlsx',
      summary: 'Download the definition in force as a marking-scheme workbook (评分细则)',
      tag: 'competitions',
      access: 'public',
      produces: [XLSX_TYPE],
      handler: async ({ actor, params }) => {
        await requireVisible(ctx, actor, params.competitionId);
        return fileResponse(await downloadScheme(ctx, params.competitionId));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/definition/xlsx',
      summary:
        'Save a new definition version from an edited marking-scheme workbook (all or nothing)',
      tag: 'competitions',
      access: ['organizer'],
      consumes: [XLSX_TYPE],
      bodyLimit: SCHEME_UPLOAD_LIMIT,
      handler: async ({ actor, params, query, c }) =>
        loadScheme(
          ctx,
          actor,
          params.competitionId,
          {
            bytes: await readRawBody(c.req.raw, SCHEME_UPLOAD_LIMIT),
            contentType: c.req.header('content-type') ?? null,
          },
          query.expectedVersion,
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/api/scheme-template',
      summary: 'Download the marking-scheme workbook template (评分细则模板)',
      tag: 'competitions',
      access: 'public',
      produces: [XLSX_TYPE],
      handler: async () => fileResponse(await schemeTemplate()),
    }),
  ];
}
