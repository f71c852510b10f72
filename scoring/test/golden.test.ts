/**
 * Golden cases from real rulebooks (DESIGN.md §3: "golden cases from real rulebooks"). Every
 * fixture in test/golden/ holds a definition, a roster with marks, and the standings and
 * nominations its rules give, computed by hand from the cited rule (the arithmetic is in the
 * fixture's `description`), never copied from the engine's output.
 *
 * For each fixture this parses the definition, scores it, evaluates the award rules and compares:
 * - per event, every row in order as [competitor, rank, status, score or time] (the time for
 *   events ranked by time), numbers as exact decimals (Rational.toString: "88.8", or "22/3");
 * - per event, the spread / status / gate flags of every row (rows not listed have none);
 * - optionally, per row, why it stands below the row above (`ties`);
 * - team rows derived from members, overall rows, and nominations per award.
 * Every event, overall table and award of a definition must be listed in `expected`, so nothing
 * the engine computes goes unchecked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  evaluateAwards,
  formatPath,
  parseCompetition,
  Scoring,
  type AwardResult,
  type Competition,
  type EventRow,
  type Rational,
  type Standings,
  type TieInfo,
} from '../src/index.ts';

const GOLDEN = join(import.meta.dirname, 'golden');

const Source = z.strictObject({
  /** The rulebook, notice or document the rule comes from. */
  title: z.string().min(1),
  url: z.url(),
  /** Where domain-rules.md quotes it, e.g. "domain-rules.md §2.2". */
  ref: z.string().min(1),
});

/** [competitor, rank, status, score-or-time as an exact decimal string] */
const Row = z.tuple([z.string(), z.int().nullable(), z.string(), z.string().nullable()]);
type Row = z.infer<typeof Row>;

const EventExpected = z.strictObject({
  rows: z.array(Row),
  /** competitor → its spread / status / gate flags as "spread:J1", "gate:hv", "status:DQ". */
  flags: z.record(z.string(), z.array(z.string())).default({}),
  /** competitor → "first", "score", "status", "shared" or "tieBreak:<index in the chain>". */
  ties: z.record(z.string(), z.string()).optional(),
  teams: z.array(Row).optional(),
  teamTies: z.record(z.string(), z.string()).optional(),
});

const Fixture = z.strictObject({
  source: z.array(Source).min(1),
  description: z.union([z.string(), z.array(z.string())]),
  definition: z.unknown(),
  input: z.unknown(),
  expected: z.strictObject({
    events: z.record(z.string(), EventExpected),
    overall: z.record(z.string(), z.array(Row)).default({}),
    overallTies: z.record(z.string(), z.record(z.string(), z.string())).default({}),
    /** award id → nominated competitor ids in order */
    nominations: z.record(z.string(), z.array(z.string())).default({}),
    /** award id → competitors passed over (递补), optional per award */
    passedOver: z.record(z.string(), z.array(z.string())).default({}),
  }),
});
type Fixture = z.infer<typeof Fixture>;

function text(v: Rational | null): string | null {
  return v === null ? null : v.toString();
}

function tieText(t: TieInfo): string {
  return t.kind === 'tieBreak' ? `tieBreak:${t.index}` : t.kind;
}

const SELECTED_FLAGS = new Set(['spread', 'status', 'gate']);

function selectedFlags(row: EventRow): string[] {
  return row.flags
    .filter((f) => SELECTED_FLAGS.has(f.code))
    .map((f) => `${f.code}:${f.code === 'status' ? f.message : (f.criterion ?? f.message)}`)
    .sort();
}

interface Outcome {
  readonly definition: Competition;
  readonly standings: Standings;
  readonly awards: readonly AwardResult[];
}

function run(fx: Fixture): Outcome {
  const def = parseCompetition(fx.definition);
  if (!def.success)
    throw new Error(
      `definition: ${def.problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('; ')}`,
    );
  const scoring = Scoring.create(def.data, fx.input as Parameters<typeof Scoring.create>[1]);
  if (!scoring.success)
    throw new Error(
      `input: ${scoring.problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('; ')}`,
    );
  const standings = scoring.data.standings();
  const awards = evaluateAwards(def.data, standings, scoring.data.contestants());
  return { definition: def.data, standings, awards };
}

const files = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('golden cases', () => {
  it('has fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
});

for (const file of files) {
  const fx = Fixture.parse(JSON.parse(readFileSync(join(GOLDEN, file), 'utf8')));
  const sources = fx.source.map((s) => `${s.title} <${s.url}>`).join('; ');
  let cached: Outcome | undefined;
  const outcome = (): Outcome => (cached ??= run(fx));

  describe(`${basename(file, '.json')}: ${sources}`, () => {
    it('lists every event, overall table and award of its definition', () => {
      const { definition } = outcome();
      expect(Object.keys(fx.expected.events).sort()).toEqual(
        definition.events.map((e) => e.id).sort(),
      );
      expect(Object.keys(fx.expected.overall).sort()).toEqual(
        definition.overall.map((o) => o.id).sort(),
      );
      expect(Object.keys(fx.expected.nominations).sort()).toEqual(
        definition.awards.map((a) => a.id).sort(),
      );
    });

    for (const [eventId, exp] of Object.entries(fx.expected.events)) {
      it(`event ${eventId}: rows [competitor, rank, status, score or time]`, () => {
        const ev = outcome().standings.events.find((e) => e.event === eventId);
        expect(ev).toBeDefined();
        if (!ev) return;
        const actual: Row[] = ev.rows.map((r) => [
          r.competitor,
          r.rank,
          r.status,
          text(ev.rankBy === 'time' ? r.time : r.score),
        ]);
        expect(actual).toEqual(exp.rows);
      });

      it(`event ${eventId}: spread / status / gate flags`, () => {
        const ev = outcome().standings.events.find((e) => e.event === eventId);
        const actual = Object.fromEntries(
          (ev?.rows ?? [])
            .map((r) => [r.competitor, selectedFlags(r)] as const)
            .filter(([, f]) => f.length > 0),
        );
        const expected = Object.fromEntries(
          Object.entries(exp.flags).map(([k, v]) => [k, [...v].sort()]),
        );
        expect(actual).toEqual(expected);
      });

      const { ties } = exp;
      if (ties) {
        it(`event ${eventId}: what separates each row from the one above`, () => {
          const ev = outcome().standings.events.find((e) => e.event === eventId);
          const actual = Object.fromEntries(
            (ev?.rows ?? [])
              .filter((r) => r.competitor in ties)
              .map((r) => [r.competitor, tieText(r.tie)]),
          );
          expect(actual).toEqual(ties);
        });
      }

      const { teams, teamTies } = exp;
      it(`event ${eventId}: team rows`, () => {
        const ev = outcome().standings.events.find((e) => e.event === eventId);
        const rows = ev?.teams ?? null;
        if (!teams) {
          expect(rows).toBeNull();
          return;
        }
        const actual: Row[] = (rows ?? []).map((r) => [
          r.competitor,
          r.rank,
          r.status,
          text(ev?.rankBy === 'time' ? r.time : r.score),
        ]);
        expect(actual).toEqual(teams);
        if (teamTies) {
          const tieActual = Object.fromEntries(
            (rows ?? [])
              .filter((r) => r.competitor in teamTies)
              .map((r) => [r.competitor, tieText(r.tie)]),
          );
          expect(tieActual).toEqual(teamTies);
        }
      });
    }

    for (const [overallId, expRows] of Object.entries(fx.expected.overall)) {
      it(`overall ${overallId}: rows [competitor, rank, status, total]`, () => {
        const o = outcome().standings.overall.find((x) => x.overall === overallId);
        expect(o).toBeDefined();
        const actual: Row[] = (o?.rows ?? []).map((r) => [
          r.competitor,
          r.rank,
          r.status,
          text(r.total),
        ]);
        expect(actual).toEqual(expRows);
        const ties = fx.expected.overallTies[overallId];
        if (ties) {
          const tieActual = Object.fromEntries(
            (o?.rows ?? [])
              .filter((r) => r.competitor in ties)
              .map((r) => [r.competitor, tieText(r.tie)]),
          );
          expect(tieActual).toEqual(ties);
        }
      });
    }

    if (Object.keys(fx.expected.nominations).length > 0) {
      it('nominations per award, in order', () => {
        const actual = Object.fromEntries(
          outcome().awards.map((a) => [a.award, a.nominations.map((n) => n.competitor)]),
        );
        expect(actual).toEqual(fx.expected.nominations);
        for (const [award, passed] of Object.entries(fx.expected.passedOver)) {
          const a = outcome().awards.find((x) => x.award === award);
          expect(a?.passedOver.map((p) => p.competitor)).toEqual(passed);
        }
      });
    }
  });
}
