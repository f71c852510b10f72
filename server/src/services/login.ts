/**
 * Logins: organizers and chief judges with username + password, judges with judge code + PIN or
 * a one-time link. Every attempt goes through the throttle first; unknown accounts cost the same
 * time as known ones. A failure that starts a lockout is written to the audit log (for accounts
 * that exist, and for addresses).
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { loginLinks, users } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import type { User } from '../auth/actor.ts';
import { tokenHash, verifySecret } from '../auth/secrets.ts';
import { accountName, recordAttempt, type Attempt } from '../auth/throttle.ts';

export interface LoginResult {
  readonly user: User;
  readonly token: string;
  readonly kind: 'cookie' | 'bearer';
}

const BAD = 'the login or the secret is wrong';

function badLink(): ServiceError {
  const message = 'this login link is unknown, used or expired';
  return new ServiceError('bad_credentials', message, {
    details: [detail('body.token', 'bad_credentials', message)],
  });
}

async function finish(
  ctx: Ctx,
  user: User,
  bearer: boolean | undefined,
  how: string,
): Promise<LoginResult> {
  const kind = bearer === true ? 'bearer' : 'cookie';
  const token = await ctx.sessions.start(
    user,
    kind,
    kind === 'bearer' ? ctx.config.bearerSessionMs : ctx.config.cookieSessionMs,
  );
  await ctx.db.transaction((tx) =>
    record(tx, ctx.now(), user, 'session.start', user.competitionId, { how, kind }),
  );
  return { user, token, kind };
}

/** The lockouts a failed attempt started, in the audit log (also for a PIN typed to sign). */
export async function recordLockouts(
  ctx: Ctx,
  attempt: Attempt,
  address: string,
  who: { competitionId: string | null; login: string; account: string } | null,
): Promise<void> {
  const { account, address: from } = attempt.lockouts();
  const entries: [string | null, Record<string, unknown>][] = [];
  if (account && who) {
    entries.push([
      who.competitionId,
      {
        login: who.login,
        account: who.account,
        failures: account.failures,
        until: account.until.toISOString(),
        address,
      },
    ]);
  }
  if (from) {
    entries.push([null, { address, failures: from.failures, until: from.until.toISOString() }]);
  }
  if (entries.length === 0) return;
  await ctx.db.transaction(async (tx) => {
    for (const [competitionId, data] of entries) {
      await record(tx, ctx.now(), null, 'login.lockout', competitionId, data);
    }
  });
}

async function checkSecret(
  ctx: Ctx,
  address: string,
  where: { role: 'organizer' | 'chief' | 'judge'; competitionId: string | null; login: string },
  secret: string,
  fields: { login: 'body.username' | 'body.code'; secret: 'body.password' | 'body.pin' },
): Promise<User> {
  const account = accountName(where.competitionId, where.login);
  const attempt = await recordAttempt(ctx.db, ctx.config, {
    account,
    address,
    field: fields.login,
    now: ctx.now(),
  });
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(
      and(
        where.competitionId === null
          ? isNull(users.competitionId)
          : eq(users.competitionId, where.competitionId),
        eq(users.login, where.login),
        eq(users.role, where.role),
        eq(users.disabled, false),
      ),
    );
  const ok = await verifySecret(row?.secretHash ?? null, secret);
  // The secret's field is named whether or not the login exists: the answer tells nothing more.
  if (!row || !ok) {
    await recordLockouts(
      ctx,
      attempt,
      address,
      row ? { competitionId: row.competitionId, login: row.login, account } : null,
    );
    throw new ServiceError('bad_credentials', BAD, {
      details: [detail(fields.secret, 'bad_credentials', BAD)],
    });
  }
  await attempt.succeeded();
  return {
    id: row.id,
    role: row.role,
    competitionId: row.competitionId,
    login: row.login,
    name: row.name,
  };
}

export async function loginWithPassword(
  ctx: Ctx,
  body: {
    username: string;
    password: string;
    competitionId?: string | undefined;
    bearer?: boolean | undefined;
  },
  address: string,
): Promise<LoginResult> {
  const competitionId = body.competitionId ?? null;
  const user = await checkSecret(
    ctx,
    address,
    { role: competitionId === null ? 'organizer' : 'chief', competitionId, login: body.username },
    body.password,
    { login: 'body.username', secret: 'body.password' },
  );
  return finish(ctx, user, body.bearer, 'password');
}

export async function loginJudge(
  ctx: Ctx,
  body: { competitionId: string; code: string; pin: string; bearer?: boolean | undefined },
  address: string,
): Promise<LoginResult> {
  const user = await checkSecret(
    ctx,
    address,
    { role: 'judge', competitionId: body.competitionId, login: body.code },
    body.pin,
    { login: 'body.code', secret: 'body.pin' },
  );
  return finish(ctx, user, body.bearer, 'pin');
}

/** A login link works once, before it expires. */
export async function loginWithLink(
  ctx: Ctx,
  body: { token: string; bearer?: boolean | undefined },
  address: string,
): Promise<LoginResult> {
  const attempt = await recordAttempt(ctx.db, ctx.config, {
    account: `link/${address}`,
    address,
    field: 'body.token',
    now: ctx.now(),
  });
  const now = ctx.now();
  const [claimed] = await ctx.db
    .update(loginLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(loginLinks.tokenHash, tokenHash(body.token)),
        isNull(loginLinks.usedAt),
        gt(loginLinks.expiresAt, now),
      ),
    )
    .returning({ userId: loginLinks.userId });
  if (!claimed) {
    await recordLockouts(ctx, attempt, address, null);
    throw badLink();
  }
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, claimed.userId), eq(users.disabled, false)));
  if (!row) throw badLink();
  await attempt.succeeded();
  return finish(
    ctx,
    {
      id: row.id,
      role: row.role,
      competitionId: row.competitionId,
      login: row.login,
      name: row.name,
    },
    body.bearer,
    'link',
  );
}
