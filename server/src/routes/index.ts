/** Every route of the API, in one list: mounted, documented and tested from here. */
import type { Ctx } from '../context.ts';
import type { AnyRoute } from '../http/route.ts';
import type { MarkWriter } from '../ledger/mark-writer.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { competitionRoutes } from './competitions.ts';
import { exportRoutes } from './exports.ts';
import { schemeWorkbookRoutes } from './scheme-workbook.ts';
import { sheetBatchRoutes } from './sheet-batch.ts';
import { setupRoutes } from './setup.ts';
import { sheetRoutes } from './sheets.ts';
import { standingsRoutes } from './standings.ts';

export function allRoutes(ctx: Ctx, writer: MarkWriter): AnyRoute[] {
  return [
    ...authRoutes(ctx),
    ...competitionRoutes(ctx),
    ...setupRoutes(ctx),
    ...schemeWorkbookRoutes(ctx),
    ...sheetRoutes(ctx, writer),
    ...sheetBatchRoutes(ctx),
    ...standingsRoutes(ctx),
    ...exportRoutes(ctx),
    ...auditRoutes(ctx),
  ];
}
