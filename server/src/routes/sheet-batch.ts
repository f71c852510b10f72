/** A judge signs a batch of their own complete sheets with one PIN (services/sheet-batch.ts). */
import type { Ctx } from '../context.ts';
import { address } from '../http/client-address.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { submitSheets } from '../services/sheet-batch.ts';

export function sheetBatchRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/sheets/submit',
      summary:
        'A judge signs many of their own complete sheets with one PIN (each named with its revision); one result per sheet',
      tag: 'sheets',
      access: ['judge'],
      bodyLimit: 256 * 1024,
      handler: ({ actor, params, body, c }) =>
        submitSheets(ctx, actor, params.competitionId, body, address(c, ctx.config.trustedProxies)),
    }),
  ];
}
