/** The audit log: read it in pages, and verify its hash chain and the stored standings. */
import { asc, gt } from 'drizzle-orm';
import { auditLog } from '@skills/db';
import { verifyChain } from '../audit/chain.ts';
import type { Ctx } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { verifyStandings } from '../standings/verify.ts';

/** How long a verify waits for this instance's queued recomputes before it compares. */
const SETTLE_MS = 5000;

export function auditRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit',
      summary: 'Read the audit log after a sequence number',
      tag: 'audit',
      access: ['organizer'],
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
      summary: 'Verify the audit hash chain and the stored standings, and say what differs',
      tag: 'audit',
      access: ['organizer', 'chief'],
      handler: async ({ actor }) => {
        // The chain is global; a chief judge's standings are their own competition's.
        const own = actor.kind === 'user' ? actor.user.competitionId : null;
        // Marks this instance has just taken are published first, so they do not show as stale.
        await ctx.publisher.settle(SETTLE_MS);
        const chain = await verifyChain(ctx.db);
        const standings = await verifyStandings(
          ctx.db,
          own === null ? {} : { competitionIds: [own] },
        );
        return { ...chain, standings };
      },
    }),
  ];
}
