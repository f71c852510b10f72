/**
 * Judges (code + PIN) and chief judges (username + password) of a competition; login links;
 * lockouts (auth/throttle.ts): who is locked out, and unlocking them.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import QRCode from 'qrcode';
import { competitions, loginLinks, users, type Tx } from '@skills/db';
import { entry, record } from '../audit/record.ts';
import { appendAudit } from '../audit/chain.ts';
import type { Actor } from '../auth/actor.ts';
import { hashSecret, newToken, tokenHash } from '../auth/secrets.ts';
import { accountName, lockedAccounts, unlockAccount } from '../auth/throttle.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail, notFound } from '../errors/service-error.ts';
import { requireOfficial, requireOrganizer } from '../domain/access.ts';

export interface UserRow {
  id: string;
  role: 'organizer' | 'chief' | 'judge';
  login: string;
  name: string;
  unit?: string | null;
  disabled?: boolean;
}

/** 404 unless the competition exists (read in the transaction that adds its users). */
async function requireCompetition(tx: Tx, competitionId: string): Promise<void> {
  const [comp] = await tx
    .select({ id: competitions.id })
    .from(competitions)
    .where(eq(competitions.id, competitionId));
  if (!comp) throw notFound(`competition "${competitionId}"`, 'params.competitionId');
}

async function createUser(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  role: 'chief' | 'judge',
  login: string,
  name: string,
  secret: string,
  unit: string | null = null,
): Promise<UserRow> {
  const by = requireOrganizer(actor);
  const secretHash = await hashSecret(secret);
  const id = ctx.newId();
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await requireCompetition(tx, competitionId);
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
    await tx.insert(users).values({ id, role, competitionId, login, name, unit, secretHash });
    await record(tx, now, by, `${role}.create`, competitionId, { user: id, login, name, unit });
  });
  return { id, role, login, name, unit, disabled: false };
}

export function createJudge(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  body: { code: string; name: string; pin: string; unit?: string | undefined },
): Promise<UserRow> {
  const unit = body.unit ?? null;
  return createUser(ctx, actor, competitionId, 'judge', body.code, body.name, body.pin, unit);
}

export interface JudgeBatchOptions {
  /** Where a problem with judge `index`'s field is reported (default "body.judges[i].code"). */
  readonly at?: (index: number, field: 'code' | 'name' | 'pin') => string;
  /** Problems already found in the list (a file's rows): reported with the batch's own. */
  readonly problems?: readonly ErrorDetail[];
  /** Recorded with the batch in the audit log (where the list came from). */
  readonly audit?: Record<string, unknown>;
  /** Check everything, create nothing (an import's preview). */
  readonly dryRun?: boolean;
  /** Written in the same transaction once the judges exist (their kept personal data). */
  readonly alsoWrite?: ((tx: Tx, created: readonly UserRow[]) => Promise<void>) | undefined;
}

/** The codes among `codes` already taken in the competition (by a judge or a chief judge). */
async function takenCodes(
  tx: Tx,
  competitionId: string,
  codes: readonly string[],
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += 1000) {
    const clash = await tx
      .select({ login: users.login })
      .from(users)
      .where(
        and(eq(users.competitionId, competitionId), inArray(users.login, codes.slice(i, i + 1000))),
      );
    for (const c of clash) taken.add(c.login);
  }
  return taken;
}

/** The judges' accounts, 500 rows a statement, each with its PIN's hash. */
async function insertJudges(
  tx: Tx,
  competitionId: string,
  rows: readonly UserRow[],
  judges: readonly { unit?: string | undefined }[],
  hashes: readonly string[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx.insert(users).values(
      rows.slice(i, i + 500).map((r, k) => ({
        id: r.id,
        role: 'judge' as const,
        competitionId,
        login: r.login,
        name: r.name,
        unit: judges[i + k]?.unit ?? null,
        secretHash: hashes[i + k] as string,
      })),
    );
  }
}

/**
 * Several judges in one transaction, all or nothing: a code taken in the competition (by a
 * judge or a chief judge) is `already_exists` at that judge's code, and nothing is created
 * while any problem remains. Each judge is recorded as `judge.create`, as one by one.
 */
export async function createJudges(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  judges: readonly { code: string; name: string; pin: string; unit?: string | undefined }[],
  options: JudgeBatchOptions = {},
): Promise<UserRow[]> {
  const by = requireOrganizer(actor);
  const at = options.at ?? ((i, field) => `body.judges[${i}].${field}`);
  // Hashing is the slow part (argon2): done before the transaction, so it holds no lock.
  const hashes =
    options.problems?.length || options.dryRun === true
      ? []
      : await Promise.all(judges.map((j) => hashSecret(j.pin)));
  const rows: UserRow[] = judges.map((j) => ({
    id: ctx.newId(),
    role: 'judge',
    login: j.code,
    name: j.name,
  }));
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await requireCompetition(tx, competitionId);
    const problems: ErrorDetail[] = [...(options.problems ?? [])];
    const codes = judges.map((j) => j.code);
    const taken = await takenCodes(tx, competitionId, codes);
    judges.forEach((j, i) => {
      if (taken.has(j.code)) {
        problems.push(
          detail(
            at(i, 'code'),
            'already_exists',
            `"${j.code}" is already taken in this competition`,
          ),
        );
      }
    });
    if (problems.length > 0) {
      throw new ServiceError(
        'invalid_roster',
        `${problems.length} problem${problems.length === 1 ? '' : 's'} in the judges: nothing was imported`,
        { details: problems },
      );
    }
    if (rows.length === 0 || options.dryRun === true) return;
    await insertJudges(tx, competitionId, rows, judges, hashes);
    await options.alsoWrite?.(tx, rows);
    await appendAudit(
      tx,
      [
        ...rows.map((r) =>
          entry(by, 'judge.create', competitionId, { user: r.id, login: r.login, name: r.name }),
        ),
        ...(options.audit
          ? [entry(by, 'judges.import', competitionId, { ...options.audit, judges: codes })]
          : []),
      ],
      now,
    );
  });
  return rows;
}

export function createChief(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  body: { username: string; name: string; password: string; unit?: string | undefined },
): Promise<UserRow> {
  const { username, name, password } = body;
  const unit = body.unit ?? null;
  return createUser(ctx, actor, competitionId, 'chief', username, name, password, unit);
}

/** The users of a competition, each with until when its sign-in is locked out (or null). */
export async function listJudges(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
): Promise<(UserRow & { lockedUntil: string | null })[]> {
  requireOfficial(actor, competitionId);
  await ctx.catalog.current(competitionId); // 404 for an unknown competition
  const rows = await ctx.db
    .select({
      id: users.id,
      role: users.role,
      login: users.login,
      name: users.name,
      unit: users.unit,
      disabled: users.disabled,
    })
    .from(users)
    .where(eq(users.competitionId, competitionId))
    .orderBy(asc(users.role), asc(users.login));
  const locked = await lockedAccounts(
    ctx.db,
    ctx.config,
    rows.map((r) => accountName(competitionId, r.login)),
    ctx.now(),
  );
  return rows.map((r) => ({
    ...r,
    lockedUntil: locked.get(accountName(competitionId, r.login))?.toISOString() ?? null,
  }));
}

/**
 * Lets a locked-out judge (or chief judge) of the competition sign in again at once: their
 * failures in a row start from zero. The chief judge of that competition or the organizer may;
 * recorded as `login.unlock` (also when nothing was locked, so every unlock press is seen).
 */
export async function unlockJudge(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  judgeId: string,
): Promise<{ id: string; login: string; wasLocked: boolean }> {
  const by = requireOfficial(actor, competitionId);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, login: users.login })
      .from(users)
      .where(
        and(
          eq(users.id, judgeId),
          eq(users.competitionId, competitionId),
          inArray(users.role, ['judge', 'chief']),
        ),
      );
    if (!user) throw notFound('judge', 'params.judgeId');
    const account = accountName(competitionId, user.login);
    const until = await unlockAccount(tx, ctx.config, account, now);
    await record(tx, now, by, 'login.unlock', competitionId, {
      user: user.id,
      login: user.login,
      account,
      lockedUntil: until?.toISOString() ?? null,
    });
    return { id: user.id, login: user.login, wasLocked: until !== null };
  });
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
        and(
          eq(users.id, judgeId),
          eq(users.competitionId, competitionId),
          inArray(users.role, by.role === 'organizer' ? ['judge', 'chief'] : ['judge']),
          eq(users.disabled, false),
        ),
      );
    if (!judge) throw notFound('judge', 'params.judgeId');
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
