/** Score sheets, marks and the sheet workflow. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Ctx } from '../context.ts';
import { address } from '../http/client-address.ts';
import { jsonAnswer } from '../http/compress.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import type { MarkWriter } from '../ledger/mark-writer.ts';
import { requireUser } from '../domain/access.ts';
import { transitionSheet, verifySheets } from '../services/sheet-workflow.ts';
import { getSheet, listSheets, sheetChanges, sheetHistory } from '../services/sheets.ts';

const OFFICIALS = ['organizer', 'chief'] as const;
const SIGNED_IN = 'signedIn' as const;

/** Long on purpose: a list of route records, one per endpoint, with nothing but wiring in each. */
export function sheetRoutes(ctx: Ctx, writer: MarkWriter): AnyRoute[] {
  const transition = (
    action: 'submit' | 'verify' | 'return' | 'reopen',
    summary: string,
    access: typeof SIGNED_IN | typeof OFFICIALS,
  ): AnyRoute =>
    defineRoute({
      method: 'post',
      path: `/api/sheets/:sheetId/${action}`,
      summary,
      tag: 'sheets',
      access,
      handler: ({ actor, params, body: b, c }) =>
        transitionSheet(
          ctx,
          actor,
          params.sheetId,
          action,
          b,
          address(c, ctx.config.trustedProxies),
        ),
    });
  return [
    defineRoute({
      method: 'get',
      path: '/api/judge/sheets',
      summary: "List the signed-in judge's sheets (codes only)",
      tag: 'sheets',
      access: ['judge'],
      handler: async ({ actor, query }) => ({ sheets: await listSheets(ctx, actor, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/sheets',
      summary: 'List the sheets of a competition (officials)',
      tag: 'sheets',
      access: OFFICIALS,
      handler: async ({ actor, params, query }) => ({
        sheets: await listSheets(ctx, actor, { ...query, competitionId: params.competitionId }),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/sheets/changes',
      summary: 'The sheets of an event changed since an audit cursor (officials, live consoles)',
      tag: 'sheets',
      access: OFFICIALS,
      handler: ({ actor, params, query }) => sheetChanges(ctx, actor, params.competitionId, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/sheets/verify',
      summary:
        'Verify many sheets in one action (each named with its revision); one result per sheet',
      tag: 'sheets',
      access: OFFICIALS,
      bodyLimit: 256 * 1024,
      handler: ({ actor, params, body }) =>
        verifySheets(ctx, actor, params.competitionId, body.sheets),
    }),
    defineRoute({
      method: 'get',
      path: '/api/sheets/:sheetId',
      summary: 'Read one sheet with its current marks',
      tag: 'sheets',
      access: SIGNED_IN,
      handler: ({ actor, params }) => getSheet(ctx, actor, params.sheetId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/sheets/:sheetId/history',
      summary: 'Every version of every mark on a sheet',
      tag: 'sheets',
      access: SIGNED_IN,
      handler: async ({ actor, params }) => ({
        marks: await sheetHistory(ctx, actor, params.sheetId),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/sheets/:sheetId/marks',
      summary: 'Enter or correct one mark (idempotent by opId, checked against expectedVersion)',
      tag: 'marks',
      access: SIGNED_IN,
      status: 201,
      handler: async ({ actor, params, body, c }) => {
        const user = requireUser(actor);
        const r = await writer.write(user, { ...body, sheetId: params.sheetId });
        if (r.replayed) c.header('idempotent-replayed', 'true');
        return jsonAnswer(c, r.body, r.status as ContentfulStatusCode);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/marks/batch',
      summary: 'Send queued marks from a tablet; each gets its own answer',
      tag: 'marks',
      access: SIGNED_IN,
      bodyLimit: 1024 * 1024,
      handler: async ({ actor, body }) => {
        const user = requireUser(actor);
        const results = await Promise.all(body.ops.map((op) => writer.write(user, op)));
        return {
          results: results.map((r, i) => ({
            opId: body.ops[i]?.opId ?? '',
            status: r.status,
            body: r.body,
          })),
        };
      },
    }),
    transition('submit', 'Submit a sheet: the judge signs with their PIN', SIGNED_IN),
    transition('verify', 'Verify a submitted sheet', OFFICIALS),
    transition('return', 'Return a sheet to its judge for correction', OFFICIALS),
    transition('reopen', 'Reopen a locked sheet (recorded)', OFFICIALS),
  ];
}
