/**
 * The organizer's setup without a programmer (issue 16): chief judges and judges edited and
 * disabled, a judge's PIN reset, the assignment grid changed by difference, an import previewed
 * before it is committed, the import templates, and the masked personal data of contestants.
 */
import type { Ctx } from '../context.ts';
import { XLSX_TYPE } from '../files/xlsx.ts';
import { readRawBody } from '../http/raw-body.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { requireOrganizer } from '../domain/access.ts';
import { assignmentGrid, changeAssignments } from '../services/assignment-changes.ts';
import { updateAccount } from '../services/chiefs.ts';
import { fileResponse } from '../http/file-response.ts';
import { importTemplate } from '../services/import-templates.ts';
import { IMPORT_LIMIT, IMPORT_TYPES } from '../services/import-file.ts';
import { previewFile } from '../services/imports.ts';
import { listJudgePersonalData, listPersonalData } from '../services/personal-data.ts';

const ORGANIZER = ['organizer'] as const;

/** Long on purpose: a list of route records, one per endpoint, with nothing but wiring in each. */
export function setupRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'put',
      path: '/api/competitions/:competitionId/chiefs/:chiefId',
      summary: 'Change a chief judge: name, unit, password, or disable their login',
      tag: 'judges',
      access: ORGANIZER,
      handler: ({ actor, params, body }) =>
        updateAccount(ctx, actor, params.competitionId, params.chiefId, 'chief', {
          name: body.name,
          unit: body.unit,
          disabled: body.disabled,
          secret: body.password,
        }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/competitions/:competitionId/judges/:judgeId',
      summary: 'Change a judge: name, unit, or disable their login',
      tag: 'judges',
      access: ORGANIZER,
      handler: ({ actor, params, body }) =>
        updateAccount(ctx, actor, params.competitionId, params.judgeId, 'judge', body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/judges/:judgeId/pin',
      summary: "Reset a judge's PIN (their sessions end)",
      tag: 'judges',
      access: ORGANIZER,
      handler: ({ actor, params, body }) =>
        updateAccount(ctx, actor, params.competitionId, params.judgeId, 'judge', {
          secret: body.pin,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/events/:eventId/assignments',
      summary: 'The assignment grid: who marks what, marks entered, conflicts of interest',
      tag: 'events',
      access: ORGANIZER,
      handler: ({ actor, params }) =>
        assignmentGrid(ctx, actor, params.competitionId, params.eventId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/events/:eventId/assignments/changes',
      summary: 'Add and remove assignment cells (refused if marks would be orphaned)',
      tag: 'events',
      access: ORGANIZER,
      bodyLimit: 1024 * 1024,
      handler: ({ actor, params, body }) =>
        changeAssignments(ctx, actor, params.competitionId, params.eventId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/import/:kind/preview',
      summary: 'Preview an import: columns as read, first rows, every problem (stores nothing)',
      tag: 'roster',
      access: ORGANIZER,
      consumes: IMPORT_TYPES,
      bodyLimit: IMPORT_LIMIT,
      handler: async ({ actor, params, query, c }) =>
        previewFile(
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
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/import/:kind/template',
      summary: 'Download an import template with Chinese headers (XLSX or CSV)',
      tag: 'roster',
      access: ORGANIZER,
      produces: ['text/csv; charset=utf-8', XLSX_TYPE],
      handler: async ({ actor, params, query }) => {
        requireOrganizer(actor);
        await ctx.catalog.current(params.competitionId); // 404 for an unknown competition
        return fileResponse(await importTemplate(params.kind, query.format));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/personal-data',
      summary: "Contestants' and judges' kept ID numbers and phones, masked (organizer)",
      tag: 'roster',
      access: ORGANIZER,
      handler: async ({ actor, params }) => ({
        contestants: await listPersonalData(ctx, actor, params.competitionId),
        judges: await listJudgePersonalData(ctx, actor, params.competitionId),
      }),
    }),
  ];
}
