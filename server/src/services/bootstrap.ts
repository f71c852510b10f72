/** The first organizer account: created once, at start, when none exists. */
import { and, eq, isNull } from 'drizzle-orm';
import { users } from '@skills/db';
import { record } from '../audit/record.ts';
import { hashSecret } from '../auth/secrets.ts';
import type { Ctx } from '../context.ts';

export async function ensureOrganizer(
  ctx: Ctx,
  login: string,
  name: string,
  password: string,
): Promise<{ created: boolean }> {
  const [existing] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(isNull(users.competitionId), eq(users.login, login)));
  if (existing) return { created: false };
  const id = ctx.newId();
  const secretHash = await hashSecret(password);
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(users)
      .values({ id, role: 'organizer', competitionId: null, login, name, secretHash });
    await record(tx, ctx.now(), null, 'organizer.create', null, { user: id, login, name });
  });
  return { created: true };
}
