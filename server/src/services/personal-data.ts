/**
 * Contestants' 身份证号 and 联系电话 (issue 16), kept only when the organizer keeps those columns
 * of an import. They live in their own table, which only this module reads, and leave it masked
 * (1101********1234, 138****5678): no view, export or public answer carries the full values.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { personalData, type Tx } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { requireOrganizer } from '../domain/access.ts';
import { maskIdNumber, maskPhone } from './import-columns.ts';

/** A column the organizer kept: its value, or null for an empty cell. Absent: not in the file. */
export interface PersonalInput {
  readonly idNumber?: string | null;
  readonly phone?: string | null;
}

/** Writes the kept columns of imported contestants (a column left out keeps what is stored). */
export async function writePersonalData(
  tx: Tx,
  competitionId: string,
  rows: readonly (PersonalInput & { readonly contestant: string })[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const withId = chunk.some((r) => r.idNumber !== undefined);
    const withPhone = chunk.some((r) => r.phone !== undefined);
    await tx
      .insert(personalData)
      .values(
        chunk.map((r) => ({
          competitionId,
          contestantId: r.contestant,
          idNumber: r.idNumber?.toUpperCase() ?? null,
          phone: r.phone ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: [personalData.competitionId, personalData.contestantId],
        set: {
          ...(withId ? { idNumber: sql.raw('excluded.id_number') } : {}),
          ...(withPhone ? { phone: sql.raw('excluded.phone') } : {}),
        },
      });
  }
}

/** The organizer's view: each contestant with kept data, masked. */
export async function listPersonalData(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
): Promise<{ contestant: string; idNumber: string | null; phone: string | null }[]> {
  requireOrganizer(actor);
  await ctx.catalog.current(competitionId); // 404 for an unknown competition
  const rows = await ctx.db
    .select()
    .from(personalData)
    .where(and(eq(personalData.competitionId, competitionId)))
    .orderBy(asc(personalData.contestantId));
  return rows.map((r) => ({
    contestant: r.contestantId,
    idNumber: r.idNumber === null ? null : maskIdNumber(r.idNumber),
    phone: r.phone === null ? null : maskPhone(r.phone),
  }));
}
