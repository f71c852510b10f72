/** Judges (code + PIN) and chief judges (username + password) of a competition; login links. */
import { and, asc, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { competitions, loginLinks, users } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import { hashSecret, newToken, tokenHash } from '../auth/secrets.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, notFound } from '../http/service-error.ts';
import { requireOfficial, requireOrganizer } from './access.ts';

export interface UserRow {
  id: string;
  role: 'organizer' | 'chief' | 'judge';
  login: string;
  name: string;
}

async function createUser(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  role: 'chief' | 'judge',
  login: string,
  name: string,
  secret: string,
): Promise<UserRow> {
  const by = requireOrganizer(actor);
  const secretHash = await hashSecret(secret);
  const id = ctx.newId();
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [comp] = await tx
      .select({ id: competitions.id })
      .from(competitions)
      .where(eq(competitions.id, competitionId));
    if (!comp) throw notFound(`competition "${competitionId}"`);
    const [clash] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.competitionId, competitionId), eq(users.login, login)));
    if (clash) {
      const field = role === 'judge' ? 'body.code' : 'body.username';
      throw new ServiceError('already_exists', `"${login}" is already taken in this competition`, {
        details: [{ path: field, code: 'already_exists', message: `"${login}" is taken` }],
      });
    }
    await tx.insert(users).values({ id, role, competitionId, login, name, secretHash });
    await record(tx, now, by, `${role}.create`, competitionId, { user: id, login, name });
  });
  return { id, role, login, name };
}

export function createJudge(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  body: { code: string; name: string; pin: string },
): Promise<UserRow> {
  return createUser(ctx, actor, competitionId, 'judge', body.code, body.name, body.pin);
}

export function createChief(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  body: { username: string; name: string; password: string },
): Promise<UserRow> {
  return createUser(ctx, actor, competitionId, 'chief', body.username, body.name, body.password);
}

export async function listJudges(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
): Promise<UserRow[]> {
  requireOfficial(actor, competitionId);
  await ctx.catalog.current(competitionId); // 404 for an unknown competition
  return ctx.db
    .select({ id: users.id, role: users.role, login: users.login, name: users.name })
    .from(users)
    .where(eq(users.competitionId, competitionId))
    .orderBy(asc(users.role), asc(users.login));
}

/**
 * A one-time login link for a judge, to show as a QR code: scanning it signs the tablet in
 * without typing the PIN. It works once, within its lifetime.
 */
export async function createLoginLink(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  judgeId: string,
): Promise<{ url: string; token: string; qrSvg: string; expiresAt: string }> {
  const by = requireOfficial(actor, competitionId);
  const token = newToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.loginLinkMs);
  await ctx.db.transaction(async (tx) => {
    const [judge] = await tx
      .select({ id: users.id, login: users.login })
      .from(users)
      .where(
        and(eq(users.id, judgeId), eq(users.competitionId, competitionId), eq(users.role, 'judge')),
      );
    if (!judge) throw notFound('judge');
    await tx.insert(loginLinks).values({
      tokenHash: tokenHash(token),
      userId: judge.id,
      createdBy: by.id,
      createdAt: now,
      expiresAt,
    });
    await record(tx, now, by, 'login_link.create', competitionId, {
      judge: judge.id,
      login: judge.login,
      expiresAt: expiresAt.toISOString(),
    });
  });
  const url = `${ctx.config.publicUrl}/login/link#${token}`;
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { url, token, qrSvg, expiresAt: expiresAt.toISOString() };
}
