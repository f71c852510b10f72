/** The audit log: read it in pages, and verify its hash chain. */
import { asc, gt } from 'drizzle-orm';
import { auditLog } from '@skills/db';
import { AuditPage, AuditQuery, AuditReport } from '../contract/api.ts';
import { verifyChain } from '../audit/chain.ts';
import type { Ctx } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';

export function auditRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit',
      summary: 'Read the audit log after a sequence number',
      tag: 'audit',
      access: ['organizer'],
      query: AuditQuery,
      response: AuditPage,
      handler: async ({ query }) => {
        const rows = await ctx.db
          .select()
          .from(auditLog)
          .where(gt(auditLog.seq, query.after))
          .orderBy(asc(auditLog.seq))
          .limit(query.limit);
        return {
          rows: rows.map((r) => ({
            seq: r.seq,
            at: r.at.toISOString(),
            actor: r.actor,
            action: r.action,
            competitionId: r.competitionId,
            data: r.data,
            prevHash: r.prevHash,
            hash: r.hash,
          })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/audit/verify',
      summary: 'Verify the audit hash chain and say where it breaks',
      tag: 'audit',
      access: ['organizer', 'chief'],
      response: AuditReport,
      handler: () => verifyChain(ctx.db),
    }),
  ];
}
