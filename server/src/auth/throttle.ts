/**
 * Login throttling, stored in the database so every instance counts the same attempts. An
 * attempt is recorded as a failure before the secret is checked, so parallel guesses cannot slip
 * past the count; a correct secret then marks it as a success. An attempt refused because of a
 * lockout is not kept: it checked no secret, and counting it would let anyone extend a lockout
 * (or lock a judge out for a day, as 20 failures a day once did) just by knocking.
 *
 * Two throttles, each with short lockouts:
 * - By account (competition + login, from any address): after 5 failures in a row the account
 *   locks for 1 minute from the last failure; each further failure doubles it, 2, 4, 8, then
 *   15 minutes at most. A successful login, or an unlock by the chief judge of the competition
 *   or the organizer, starts the row again; failures older than 24 hours are forgotten.
 * - By address (any account): at most 50 failures in 15 minutes; then that address waits until
 *   the oldest of them is 15 minutes old. A venue behind one address is not locked out by one
 *   judge's typos, and one address cannot try every judge's code.
 *
 * The guessing bound does not depend on the number of addresses: one account answers at most
 * 11 wrong secrets in its first hour under attack (5, then after 1, 2, 4, 8 and 15 minutes) and
 * 4 an hour after that (one per 15 minutes), so about 100 a day, 300 over a 3-day competition.
 * A 6-digit PIN (10^6 values) survives that with probability above 99.97 %. Each reset (the
 * judge signs in, or is unlocked) grants at most 11 more in the hour that follows; both are
 * rare, and an unlock is in the audit log. While locked out, a judge can still sign in with a
 * one-time login link from the chief judge.
 */
import { and, count, desc, eq, gt, inArray, lt, max, sql } from 'drizzle-orm';
import { loginAttempts, type Db, type Tx } from '@skills/db';
import { ServiceError, detail } from '../errors/service-error.ts';

export interface ThrottleLimits {
  /** An address's failures are counted over this window. */
  readonly loginWindowMs: number;
  readonly maxAddressFailures: number;
  /** Failures in a row an account may have before it locks. */
  readonly maxAccountFailures: number;
  /** The first lockout; each further failure doubles it, up to maxLockoutMs. */
  readonly lockoutMs: number;
  readonly maxLockoutMs: number;
}

/** Failures older than this no longer count against an account. */
const MEMORY_MS = 24 * 3600_000;

/** The account a login is counted under: "<competition>/<login>" (an organizer: "*" for the competition). */
export const accountName = (competitionId: string | null, login: string): string =>
  `${competitionId ?? '*'}/${login}`;

const accountKey = (account: string): string => `account:${account}`;
const addressKey = (address: string): string => `address:${address}`;

/** A lockout that a failure started: whose, until when, after how many failures. */
export interface Lockout {
  readonly until: Date;
  readonly failures: number;
}

/** How long an account locks after `failures` in a row (at least maxAccountFailures). */
export function lockoutMs(limits: ThrottleLimits, failures: number): number {
  const doublings = Math.min(failures - limits.maxAccountFailures, 30);
  return Math.min(limits.lockoutMs * 2 ** Math.max(0, doublings), limits.maxLockoutMs);
}

/**
 * An account's failures in a row: after its last success or unlock, within the memory, and
 * (for an attempt in progress) before that attempt.
 */
async function accountStreak(
  db: Db | Tx,
  key: string,
  now: Date,
  beforeId?: number,
): Promise<{ failures: number; last: Date | null }> {
  const reset = db
    .select({ id: max(loginAttempts.id) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), eq(loginAttempts.ok, true)));
  const [row] = await db
    .select({ failures: count(), last: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.key, key),
        eq(loginAttempts.ok, false),
        gt(loginAttempts.at, new Date(now.getTime() - MEMORY_MS)),
        gt(loginAttempts.id, sql`coalesce((${reset}), 0)`),
        beforeId === undefined ? undefined : lt(loginAttempts.id, beforeId),
      ),
    );
  return { failures: row?.failures ?? 0, last: row?.last ?? null };
}

function accountLockedUntil(
  limits: ThrottleLimits,
  streak: { failures: number; last: Date | null },
): Date | null {
  if (streak.failures < limits.maxAccountFailures || streak.last === null) return null;
  return new Date(streak.last.getTime() + lockoutMs(limits, streak.failures));
}

/** An address's failures in the window before this attempt, and when it may try again. */
async function addressState(
  db: Db,
  limits: ThrottleLimits,
  key: string,
  now: Date,
  beforeId: number,
): Promise<{ failures: number; until: Date | null }> {
  const inWindow = and(
    eq(loginAttempts.key, key),
    eq(loginAttempts.ok, false),
    gt(loginAttempts.at, new Date(now.getTime() - limits.loginWindowMs)),
    lt(loginAttempts.id, beforeId),
  );
  const [row] = await db.select({ n: count() }).from(loginAttempts).where(inWindow);
  const failures = row?.n ?? 0;
  if (failures < limits.maxAddressFailures) return { failures, until: null };
  // Free again once fewer than the limit are left in the window: when the limit-th most recent
  // failure leaves it.
  const [edge] = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(inWindow)
    .orderBy(desc(loginAttempts.at))
    .offset(limits.maxAddressFailures - 1)
    .limit(1);
  const until = new Date((edge?.at ?? now).getTime() + limits.loginWindowMs);
  return { failures, until: until > now ? until : null };
}

export interface Attempt {
  /** The secret was right: the account's failures in a row start again from zero. */
  succeeded(): Promise<void>;
  /** The secret was wrong: the lockouts this failure starts (for the audit log). */
  lockouts(): { account: Lockout | null; address: Lockout | null };
}

/**
 * Records an attempt for the account and the address, refusing with 429 while either is locked
 * out: the answer says for how long (retry-after, in seconds, in the header and the body) and
 * names what is locked (`field`, the login's field, or `address`).
 */
export async function recordAttempt(
  db: Db,
  limits: ThrottleLimits,
  attempt: { account: string; address: string; field: string; now: Date },
): Promise<Attempt> {
  const { now } = attempt;
  const keys = [accountKey(attempt.account), addressKey(attempt.address)] as const;
  const inserted = await db
    .insert(loginAttempts)
    .values(keys.map((key) => ({ key, ok: false, at: now })))
    .returning({ id: loginAttempts.id, key: loginAttempts.key });
  const idOf = (key: string): number => inserted.find((r) => r.key === key)?.id ?? 0;
  const [streak, address] = await Promise.all([
    accountStreak(db, keys[0], now, idOf(keys[0])),
    addressState(db, limits, keys[1], now, idOf(keys[1])),
  ]);
  const accountUntil = accountLockedUntil(limits, streak);
  const lockedAccount = accountUntil !== null && accountUntil > now ? accountUntil : null;
  if (lockedAccount !== null || address.until !== null) {
    await db.delete(loginAttempts).where(
      inArray(
        loginAttempts.id,
        inserted.map((r) => r.id),
      ),
    );
    const until = Math.max(lockedAccount?.getTime() ?? 0, address.until?.getTime() ?? 0);
    const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    const wait = `wait ${seconds} s`;
    throw new ServiceError(
      'too_many_attempts',
      `too many failed logins: try again in ${seconds} s, or ask the chief judge to unlock the account or for a login link`,
      {
        details: [
          ...(lockedAccount
            ? [detail(attempt.field, 'locked', `this account is locked: ${wait}`)]
            : []),
          ...(address.until
            ? [detail('address', 'locked', `too many failures from here: ${wait}`)]
            : []),
        ],
        retryAfter: seconds,
      },
    );
  }
  return {
    async succeeded() {
      await db
        .update(loginAttempts)
        .set({ ok: true })
        .where(
          inArray(
            loginAttempts.id,
            inserted.map((r) => r.id),
          ),
        );
    },
    lockouts() {
      const failures = streak.failures + 1;
      const addressFailures = address.failures + 1;
      return {
        account:
          failures >= limits.maxAccountFailures
            ? { failures, until: new Date(now.getTime() + lockoutMs(limits, failures)) }
            : null,
        address:
          addressFailures >= limits.maxAddressFailures
            ? { failures: addressFailures, until: new Date(now.getTime() + limits.loginWindowMs) }
            : null,
      };
    },
  };
}

/** Until when each of these accounts is locked out (absent when it is not). */
export async function lockedAccounts(
  db: Db | Tx,
  limits: ThrottleLimits,
  accounts: readonly string[],
  now: Date,
): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (accounts.length === 0) return out;
  const keys = accounts.map(accountKey);
  // One query: every key's failures since its own last reset.
  const rows = await db
    .select({ key: loginAttempts.key, failures: count(), last: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(
      and(
        inArray(loginAttempts.key, keys),
        eq(loginAttempts.ok, false),
        gt(loginAttempts.at, new Date(now.getTime() - MEMORY_MS)),
        sql`${loginAttempts.id} > coalesce((select max(r.id) from login_attempts r where r.key = ${loginAttempts.key} and r.ok), 0)`,
      ),
    )
    .groupBy(loginAttempts.key);
  for (const r of rows) {
    const until = accountLockedUntil(limits, r);
    if (until !== null && until > now) out.set(r.key.slice('account:'.length), until);
  }
  return out;
}

/**
 * Unlocks an account: its failures in a row start again from zero (a reset row, as a success
 * writes). Returns until when it was locked, or null when it was not.
 */
export async function unlockAccount(
  tx: Tx,
  limits: ThrottleLimits,
  account: string,
  now: Date,
): Promise<Date | null> {
  const key = accountKey(account);
  const until = accountLockedUntil(limits, await accountStreak(tx, key, now));
  await tx.insert(loginAttempts).values({ key, ok: true, at: now });
  return until !== null && until > now ? until : null;
}
