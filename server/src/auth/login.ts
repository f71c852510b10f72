/**
 * Logins: organizers and chief judges with username + password, judges with judge code + PIN or
 * a one-time link. Every attempt goes through the throttle first; unknown accounts cost the same
 * time as known ones.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { loginLinks, users } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail } from '../http/service-error.ts';
import type { User } from './actor.ts';
import { tokenHash, verifySecret } from './secrets.ts';
import { recordAttempt } from './throttle.ts';

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

async function checkSecret(
  ctx: Ctx,
  account: string,
  address: string,
  where: { role: 'organizer' | 'chief' | 'judge'; competitionId: string | null; login: string },
  secret: string,
  secretField: 'body.password' | 'body.pin',
): Promise<User> {
  const succeeded = await recordAttempt(ctx.db, ctx.config, account, address, ctx.now());
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
    throw new ServiceError('bad_credentials', BAD, {
      details: [detail(secretField, 'bad_credentials', BAD)],
    });
  }
  await succeeded();
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
    `${competitionId ?? '*'}/${body.username}`,
    address,
    { role: competitionId === null ? 'organizer' : 'chief', competitionId, login: body.username },
    body.password,
    'body.password',
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
    `${body.competitionId}/${body.code}`,
    address,
    { role: 'judge', competitionId: body.competitionId, login: body.code },
    body.pin,
    'body.pin',
  );
  return finish(ctx, user, body.bearer, 'pin');
}

/** A login link works once, before it expires. */
export async function loginWithLink(
  ctx: Ctx,
  body: { token: string; bearer?: boolean | undefined },
  address: string,
): Promise<LoginResult> {
  const succeeded = await recordAttempt(ctx.db, ctx.config, `link/${address}`, address, ctx.now());
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
  if (!claimed) throw badLink();
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, claimed.userId), eq(users.disabled, false)));
  if (!row) throw badLink();
  await succeeded();
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
