/**
 * Every official's account from the console (issue 16): a chief judge's name, unit, password
 * and whether they may sign in; a judge's name, unit and sign-in; a judge's new PIN. Creating
 * them stays in judges.ts. A disabled account cannot sign in and its sessions end; a new
 * password or PIN ends the old sessions too. Each change is recorded (never the secret).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { sessions, users } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import { hashSecret } from '../auth/secrets.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/service-error.ts';
import { requireOrganizer } from '../domain/access.ts';
import type { UserRow } from './judges.ts';

export interface AccountPatch {
  readonly name?: string | undefined;
  readonly unit?: string | null | undefined;
  readonly disabled?: boolean | undefined;
  /** A chief judge's new password, or a judge's new PIN. */
  readonly secret?: string | undefined;
}

/** Changes one account of the competition; `role` is what the path says it is. */
export async function updateAccount(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  userId: string,
  role: 'chief' | 'judge',
  patch: AccountPatch,
): Promise<UserRow> {
  const by = requireOrganizer(actor);
  const hash = patch.secret === undefined ? undefined : await hashSecret(patch.secret);
  const now = ctx.now();
  const path = role === 'chief' ? 'params.chiefId' : 'params.judgeId';
  const answer = await ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(
        and(eq(users.id, userId), eq(users.competitionId, competitionId), eq(users.role, role)),
      );
    if (!user) throw notFound(role === 'chief' ? 'chief judge' : 'judge', path);
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.unit !== undefined ? { unit: patch.unit } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(hash !== undefined ? { secretHash: hash } : {}),
    };
    const [row] = await tx.update(users).set(set).where(eq(users.id, userId)).returning();
    if (hash !== undefined || patch.disabled === true) {
      await tx
        .update(sessions)
        .set({ revokedAt: now })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
    }
    const changed = Object.keys(set).map((k) => (k === 'secretHash' ? 'secret' : k));
    await record(tx, now, by, `${role}.update`, competitionId, {
      user: userId,
      login: user.login,
      changed,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.unit !== undefined ? { unit: patch.unit } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
    });
    const out = row ?? user;
    return {
      id: out.id,
      role,
      login: out.login,
      name: out.name,
      unit: out.unit,
      disabled: out.disabled,
    };
  });
  if (hash !== undefined || patch.disabled === true) ctx.sessions.forgetUser(userId);
  return answer;
}
