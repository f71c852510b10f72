/**
 * Login throttling, stored in the database so every instance counts the same attempts. An
 * attempt is recorded as a failure before the secret is checked, so parallel guesses cannot slip
 * past the count; a correct secret then marks it as a success.
 *
 * With at most 5 failures per 15 minutes and 20 per day for one judge, a 6-digit PIN (10^6
 * values) survives a 3-day competition with probability above 99.99 %; the chief judge can still
 * let a locked-out judge in with a one-time login link.
 */
import { and, count, eq, gt } from 'drizzle-orm';
import { loginAttempts, type Db } from '@skills/db';
import { ServiceError, detail } from '../http/service-error.ts';

export interface ThrottleLimits {
  readonly loginWindowMs: number;
  readonly maxAccountFailures: number;
  readonly maxAddressFailures: number;
}

const DAY_MS = 24 * 3600_000;
const MAX_ACCOUNT_FAILURES_PER_DAY = 20;

async function failuresSince(db: Db, key: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(
      and(eq(loginAttempts.key, key), eq(loginAttempts.ok, false), gt(loginAttempts.at, since)),
    );
  return row?.n ?? 0;
}

/**
 * Records an attempt for the account and the address, refusing with 429 when either is over its
 * limit. Returns a function that marks the attempt successful.
 */
export async function recordAttempt(
  db: Db,
  limits: ThrottleLimits,
  account: string,
  address: string,
  now: Date,
): Promise<() => Promise<void>> {
  const keys = [`account:${account}`, `address:${address}`];
  const inserted = await db
    .insert(loginAttempts)
    .values(keys.map((key) => ({ key, ok: false, at: now })))
    .returning({ id: loginAttempts.id });
  const windowStart = new Date(now.getTime() - limits.loginWindowMs);
  const [accountRecent, accountDay, addressRecent] = await Promise.all([
    failuresSince(db, keys[0] as string, windowStart),
    failuresSince(db, keys[0] as string, new Date(now.getTime() - DAY_MS)),
    failuresSince(db, keys[1] as string, windowStart),
  ]);
  const over =
    accountRecent > limits.maxAccountFailures ||
    accountDay > MAX_ACCOUNT_FAILURES_PER_DAY ||
    addressRecent > limits.maxAddressFailures;
  if (over) {
    const retry = accountDay > MAX_ACCOUNT_FAILURES_PER_DAY ? DAY_MS : limits.loginWindowMs;
    throw new ServiceError(
      'too_many_attempts',
      'too many failed logins: wait before trying again, or ask the chief judge for a login link',
      {
        details: [detail('body', 'too_many_attempts', 'wait before trying again')],
        headers: { 'retry-after': String(Math.ceil(retry / 1000)) },
      },
    );
  }
  return async () => {
    for (const { id } of inserted) {
      await db.update(loginAttempts).set({ ok: true }).where(eq(loginAttempts.id, id));
    }
  };
}
