/**
 * A judge's PIN checked as they sign, one sheet or a batch: through the sign-in throttle, so a
 * wrong PIN counts towards the account's lockout as a wrong sign-in does (a session left open on
 * a tablet cannot be used to guess the PIN by signing), a locked account cannot sign, and a lockout
 * is recorded in the audit and shown to the chief judge.
 */
import { eq } from 'drizzle-orm';
import { users } from '@skills/db';
import { recordLockouts } from './login.ts';
import { verifySecret } from '../auth/secrets.ts';
import { accountName, recordAttempt } from '../auth/throttle.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail } from '../errors/service-error.ts';

/** Throws bad_credentials (counted) or too_many_attempts; returns when the PIN is the judge's. */
export async function checkSigningPin(
  ctx: Ctx,
  user: { id: string; competitionId: string | null; login: string },
  pin: string,
  address: string,
  refusal: string,
): Promise<void> {
  const account = accountName(user.competitionId, user.login);
  const attempt = await recordAttempt(ctx.db, ctx.config, {
    account,
    address,
    field: 'body.pin',
    now: ctx.now(),
  });
  const [me] = await ctx.db
    .select({ secretHash: users.secretHash })
    .from(users)
    .where(eq(users.id, user.id));
  if (!(await verifySecret(me?.secretHash ?? null, pin))) {
    await recordLockouts(ctx, attempt, address, {
      competitionId: user.competitionId,
      login: user.login,
      account,
    });
    throw new ServiceError('bad_credentials', refusal, {
      details: [detail('body.pin', 'bad_credentials', 'enter your own PIN to sign')],
    });
  }
  await attempt.succeeded();
}
