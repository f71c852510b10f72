/** Every route of the API, in one list: mounted, documented and tested from here. */
import type { Ctx } from '../context.ts';
import type { AnyRoute } from '../http/route.ts';
import type { MarkWriter } from '../ledger/mark-writer.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { competitionRoutes } from './competitions.ts';
import { eventRoutes } from './events.ts';
import { exportRoutes } from './exports.ts';
import { importRoutes } from './imports.ts';
import { judgeRoutes } from './judges.ts';
import { rosterRoutes } from './roster.ts';
import { schemeWorkbookRoutes } from './scheme-workbook.ts';
import { setupRoutes } from './setup.ts';
import { sheetBatchRoutes } from './sheet-batch.ts';
import { sheetRoutes } from './sheets.ts';
import { standingsRoutes } from './standings.ts';

export function allRoutes(ctx: Ctx, writer: MarkWriter): AnyRoute[] {
  return [
    ...authRoutes(ctx),
    ...competitionRoutes(ctx),
    ...rosterRoutes(ctx),
    ...judgeRoutes(ctx),
    ...eventRoutes(ctx),
    ...setupRoutes(ctx),
    ...schemeWorkbookRoutes(ctx),
    ...sheetRoutes(ctx, writer),
    ...sheetBatchRoutes(ctx),
    ...standingsRoutes(ctx),
    ...importRoutes(ctx),
    ...exportRoutes(ctx),
    ...auditRoutes(ctx),
  ];
}
