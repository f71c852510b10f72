/**
 * Session tokens → users. A short in-process cache spares the database a lookup per request;
 * logout on this instance drops the entry at once, other instances within the cache's lifetime.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { sessions, users, type Db } from '@skills/db';
import type { User } from './actor.ts';
import { newToken, tokenHash } from './secrets.ts';

/** The cookie a browser's session token travels in: read by the HTTP app and the live hub. */
export const SESSION_COOKIE = 'skills_session';

interface Entry {
  readonly user: User | null;
  readonly via: 'cookie' | 'bearer';
  readonly expiresAt: number;
  readonly cachedUntil: number;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly ttlMs: number;

  constructor(db: Db, now: () => Date, ttlMs = 10_000) {
    this.db = db;
    this.now = now;
    this.ttlMs = ttlMs;
  }

  async resolve(token: string): Promise<{ user: User; via: 'cookie' | 'bearer' } | null> {
    const key = tokenHash(token);
    const now = this.now().getTime();
    let entry = this.entries.get(key);
    if (!entry || entry.cachedUntil < now) {
      entry = await this.load(key, now);
      if (this.entries.size > 50_000) this.entries.clear();
      this.entries.set(key, entry);
    }
    if (!entry.user || entry.expiresAt < now) return null;
    return { user: entry.user, via: entry.via };
  }

  private async load(key: string, now: number): Promise<Entry> {
    const [row] = await this.db
      .select({
        kind: sessions.kind,
        expiresAt: sessions.expiresAt,
        id: users.id,
        role: users.role,
        competitionId: users.competitionId,
        login: users.login,
        name: users.name,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.tokenHash, key),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date(now)),
          eq(users.disabled, false),
        ),
      );
    if (!row) return { user: null, via: 'cookie', expiresAt: 0, cachedUntil: now + this.ttlMs };
    const { kind, expiresAt, ...user } = row;
    return { user, via: kind, expiresAt: expiresAt.getTime(), cachedUntil: now + this.ttlMs };
  }

  /** Starts a session and returns its token (shown once). */
  async start(user: User, kind: 'cookie' | 'bearer', lifetimeMs: number): Promise<string> {
    const token = newToken();
    const now = this.now();
    await this.db.insert(sessions).values({
      tokenHash: tokenHash(token),
      userId: user.id,
      kind,
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
    });
    return token;
  }

  /** Drops a user's cached sessions on this instance (disabled, or a new secret). */
  forgetUser(userId: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.user?.id === userId) this.entries.delete(key);
    }
  }

  async end(token: string): Promise<void> {
    const key = tokenHash(token);
    this.entries.delete(key);
    await this.db
      .update(sessions)
      .set({ revokedAt: this.now() })
      .where(eq(sessions.tokenHash, key));
  }
}
