/**
 * Contestants' and judges' 身份证号 and 联系电话 (issue 16), kept only when the organizer keeps
 * those columns of an import. They live in their own tables, which only this module reads, and
 * leave them masked (1101********1234, 138****5678): no view, export or public answer carries
 * the full values.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { judgePersonalData, personalData, users, type Tx } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { requireOrganizer } from '../domain/access.ts';
import { maskIdNumber, maskPhone } from './import-columns.ts';

/** A column the organizer kept: its value, or null for an empty cell. Absent: not in the file. */
export interface PersonalInput {
  readonly idNumber?: string | null;
  readonly phone?: string | null;
}

/** The stored values of a chunk, and which columns it updates on a second import. */
function stored(chunk: readonly PersonalInput[]) {
  const withId = chunk.some((r) => r.idNumber !== undefined);
  const withPhone = chunk.some((r) => r.phone !== undefined);
  return {
    values: (r: PersonalInput) => ({
      idNumber: r.idNumber?.toUpperCase() ?? null,
      phone: r.phone ?? null,
    }),
    set: {
      ...(withId ? { idNumber: sql.raw('excluded.id_number') } : {}),
      ...(withPhone ? { phone: sql.raw('excluded.phone') } : {}),
    },
  };
}

/** Writes the kept columns of imported contestants (a column left out keeps what is stored). */
export async function writePersonalData(
  tx: Tx,
  competitionId: string,
  rows: readonly (PersonalInput & { readonly contestant: string })[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const { values, set } = stored(chunk);
    await tx
      .insert(personalData)
      .values(chunk.map((r) => ({ competitionId, contestantId: r.contestant, ...values(r) })))
      .onConflictDoUpdate({ target: [personalData.competitionId, personalData.contestantId], set });
  }
}

/** Writes the kept columns of imported judges, by their user ids. */
export async function writeJudgePersonalData(
  tx: Tx,
  competitionId: string,
  rows: readonly (PersonalInput & { readonly user: string })[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const { values, set } = stored(chunk);
    await tx
      .insert(judgePersonalData)
      .values(chunk.map((r) => ({ competitionId, userId: r.user, ...values(r) })))
      .onConflictDoUpdate({
        target: [judgePersonalData.competitionId, judgePersonalData.userId],
        set,
      });
  }
}

const masked = (r: { idNumber: string | null; phone: string | null }) => ({
  idNumber: r.idNumber === null ? null : maskIdNumber(r.idNumber),
  phone: r.phone === null ? null : maskPhone(r.phone),
});

/** The organizer's view of the judges' kept data, masked, by judge code. */
export async function listJudgePersonalData(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
): Promise<{ judge: string; idNumber: string | null; phone: string | null }[]> {
  requireOrganizer(actor);
  const rows = await ctx.db
    .select({
      judge: users.login,
      idNumber: judgePersonalData.idNumber,
      phone: judgePersonalData.phone,
    })
    .from(judgePersonalData)
    .innerJoin(users, eq(users.id, judgePersonalData.userId))
    .where(eq(judgePersonalData.competitionId, competitionId))
    .orderBy(asc(users.login));
  return rows.map((r) => ({ judge: r.judge, ...masked(r) }));
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
  return rows.map((r) => ({ contestant: r.contestantId, ...masked(r) }));
}
