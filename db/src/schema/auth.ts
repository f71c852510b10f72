/** Users (organizers, chief judges, judges), sessions, one-time login links and login attempts. */
import {
  bigserial,
  boolean,
  index,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

export const ROLES = ['organizer', 'chief', 'judge'] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    role: text('role', { enum: ROLES }).notNull(),
    /** Organizers are global (null); chief judges and judges belong to one competition. */
    competitionId: text('competition_id'),
    /** Username, or the judge code ("J01"). */
    login: text('login').notNull(),
    name: text('name').notNull(),
    /** 工作单位 of a judge or chief judge: a judge of a contestant's unit is flagged (conflict). */
    unit: text('unit'),
    /** argon2id hash of the password or PIN. */
    secretHash: text('secret_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [unique('users_login_unique').on(t.competitionId, t.login).nullsNotDistinct()],
);

/** A session's token is shown once; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['cookie', 'bearer'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** One-time login links for judges (shown as a QR code on the chief judge's screen). */
export const loginLinks = pgTable('login_links', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
});

/** Failed and successful logins, counted per account and per address to throttle guessing. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** "account:<competition>/<login>" or "ip:<address>". */
    key: text('key').notNull(),
    ok: boolean('ok').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('login_attempts_key_at').on(t.key, t.at)],
);
