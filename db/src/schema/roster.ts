/** Contestants, teams and team memberships of a competition. */
import { index, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { competitions } from './competition.ts';

export const contestants = pgTable(
  'contestants',
  {
    competitionId: text('competition_id')
      .notNull()
      .references(() => competitions.id),
    id: text('id').notNull(),
    /** 参赛号 */
    bib: text('bib').notNull(),
    name: text('name').notNull(),
    gender: text('gender', { enum: ['M', 'F'] }),
    /** 单位 */
    unit: text('unit'),
    /** 代表队 */
    delegation: text('delegation'),
    /** 工位号 */
    station: text('station'),
    teamId: text('team_id'),
    /** Events entered; null = every individual event. */
    events: text('events').array(),
    /** Award eligibility attributes (employee status, age, category …). */
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.competitionId, t.id] }),
    unique('contestants_bib_unique').on(t.competitionId, t.bib),
  ],
);

export const teams = pgTable(
  'teams',
  {
    competitionId: text('competition_id')
      .notNull()
      .references(() => competitions.id),
    id: text('id').notNull(),
    name: text('name').notNull(),
    delegation: text('delegation'),
    /** Team events entered; null = every team event. */
    events: text('events').array(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.id] })],
);

export const teamMembers = pgTable(
  'team_members',
  {
    competitionId: text('competition_id').notNull(),
    teamId: text('team_id').notNull(),
    contestantId: text('contestant_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.competitionId, t.teamId, t.contestantId] }),
    index('team_members_contestant').on(t.competitionId, t.contestantId),
  ],
);

/**
 * 身份证号 and 联系电话 of a contestant, kept only when the organizer keeps those columns of an
 * import. Apart from the roster so that nothing public reads them by accident: only the
 * organizer's roster view reads this table, and it shows them masked.
 */
export const personalData = pgTable(
  'personal_data',
  {
    competitionId: text('competition_id').notNull(),
    contestantId: text('contestant_id').notNull(),
    /** 身份证号 */
    idNumber: text('id_number'),
    /** 联系电话 */
    phone: text('phone'),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.contestantId] })],
);

/**
 * A judge's own 身份证号 and 联系电话 (issue 16), kept only when the organizer keeps those columns
 * of the judges import. Same rules as `personal_data`: apart from the users table, read only by
 * the server's `personal-data.ts`, shown masked.
 */
export const judgePersonalData = pgTable(
  'judge_personal_data',
  {
    competitionId: text('competition_id').notNull(),
    /** The judge's user id. */
    userId: uuid('user_id').notNull(),
    /** 身份证号 */
    idNumber: text('id_number'),
    /** 联系电话 */
    phone: text('phone'),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.userId] })],
);
