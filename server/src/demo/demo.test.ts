/**
 * The demo competitions are valid input for the engine and consistent with themselves: every
 * mark is covered by its judge's assignment, every sheet past draft is complete, and building the
 * data twice gives the same result.
 */
import { Scoring, type Competition, type Standings } from '@skills/scoring';
import { describe, expect, it } from 'vitest';
import { buildEvBattery, evBattery } from './ev-battery.ts';
import { buildForestFirefighting, forestFirefighting } from './forest.ts';
import { demoCompetitions } from './index.ts';
import { demoDefinition, demoInput } from './engine-input.ts';
import type { DemoCompetition } from './types.ts';

function score(demo: DemoCompetition): { scoring: Scoring; standings: Standings } {
  const run = Scoring.create(demoDefinition(demo), demoInput(demo));
  if (!run.success) throw new Error(JSON.stringify(run.problems.slice(0, 20), null, 2));
  return { scoring: run.data, standings: run.data.standings() };
}

function criteriaOf(definition: Competition, event: string): string[] {
  const ev = definition.events.find((e) => e.id === event);
  return ev ? ev.modules.flatMap((m) => m.criteria.map((c) => c.id)) : [];
}

/** The criteria a judge is assigned on one competitor of one event (empty when none). */
function assignedCriteria(
  demo: DemoCompetition,
  definition: Competition,
  judge: string,
  event: string,
  competitor: string,
): Set<string> {
  const out = new Set<string>();
  for (const a of demo.assignments) {
    if (a.judge !== judge || a.event !== event) continue;
    if (a.entrants && !a.entrants.includes(competitor)) continue;
    for (const c of a.criteria ?? criteriaOf(definition, event)) out.add(c);
  }
  return out;
}

const duplicates = (values: readonly string[]): string[] =>
  values.filter((v, i) => values.indexOf(v) !== i);

describe.each([
  ['EV battery', evBattery, buildEvBattery],
  ['forest firefighting', forestFirefighting, buildForestFirefighting],
] as const)('demo competition: %s', (_, demo, build) => {
  const definition = demoDefinition(demo);

  it('parses as a competition definition whose id is the demo id', () => {
    expect(definition.id).toBe(demo.id);
  });

  it('scores its marks with no problems', () => {
    expect(() => score(demo)).not.toThrow();
  });

  it('lists every event of the definition once in the schedule', () => {
    expect(demo.events.map((e) => e.event).sort()).toEqual(
      definition.events.map((e) => e.id).sort(),
    );
  });

  it('has unique ids, bibs, judge codes and PINs', () => {
    expect(duplicates(demo.contestants.map((c) => c.id))).toEqual([]);
    expect(duplicates(demo.contestants.map((c) => c.bib))).toEqual([]);
    expect(duplicates(demo.teams.map((t) => t.id))).toEqual([]);
    expect(duplicates(demo.judges.map((j) => j.code))).toEqual([]);
    expect(duplicates(demo.judges.map((j) => j.pin))).toEqual([]);
    for (const j of demo.judges) expect(j.pin).toMatch(/^\d{6}$/);
    const ids = [...demo.contestants.map((c) => c.id), ...demo.teams.map((t) => t.id)];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9-]+$/);
  });

  it('gives every mark a judge assigned to that event, criterion and competitor', () => {
    const judges = new Set(demo.judges.map((j) => j.code));
    const uncovered = demo.marks.filter(
      (m) =>
        !judges.has(m.judge) ||
        !assignedCriteria(demo, definition, m.judge, m.event, m.competitor).has(m.criterion),
    );
    expect(uncovered).toEqual([]);
  });

  it('has every assigned criterion marked on each submitted or verified sheet', () => {
    const marked = new Set(
      demo.marks.map((m) => `${m.event}|${m.judge}|${m.competitor}|${m.criterion}`),
    );
    const incomplete = demo.sheets.flatMap((s) => {
      const criteria = [...assignedCriteria(demo, definition, s.judge, s.event, s.competitor)];
      const missing = criteria.filter(
        (c) => !marked.has(`${s.event}|${s.judge}|${s.competitor}|${c}`),
      );
      return criteria.length === 0 || missing.length > 0 ? [{ ...s, missing }] : [];
    });
    expect(incomplete).toEqual([]);
    const keys = demo.sheets.map((s) => `${s.event}|${s.judge}|${s.competitor}`);
    expect(duplicates(keys)).toEqual([]);
  });

  it('has no marks in events still in setup, and nothing open in final or frozen events', () => {
    const { standings } = score(demo);
    for (const ev of demo.events) {
      const marks = demo.marks.filter((m) => m.event === ev.event);
      if (ev.status === 'setup') expect(marks).toEqual([]);
      if (ev.status !== 'final' && ev.status !== 'frozen') continue;
      const rows = standings.events.find((e) => e.event === ev.event)?.rows ?? [];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.rank).not.toBeNull();
        expect(row.flags.filter((f) => f.code === 'spread' || f.code === 'incomplete')).toEqual([]);
      }
      // Every sheet of a finished event exists and is verified.
      const sheets = new Set(
        demo.sheets
          .filter((s) => s.event === ev.event && s.state === 'verified')
          .map((s) => `${s.judge}|${s.competitor}`),
      );
      for (const m of marks) expect(sheets.has(`${m.judge}|${m.competitor}`)).toBe(true);
    }
  });

  it('ranks every entrant that has marks', () => {
    const { standings } = score(demo);
    const marked = new Set(demo.marks.map((m) => `${m.event}|${m.competitor}`));
    const unranked = standings.events.flatMap((ev) =>
      ev.rows
        .filter((r) => marked.has(`${ev.event}|${r.competitor}`) && r.rank === null)
        .map((r) => `${ev.event}|${r.competitor}`),
    );
    expect(unranked).toEqual([]);
    for (const o of standings.overall) expect(o.rows.some((r) => r.rank === 1)).toBe(true);
  });

  it('builds the same data every time', () => {
    expect(build()).toEqual(demo);
    expect(build()).toEqual(build());
  });
});

describe('EV battery demo', () => {
  const demo = evBattery;

  it('has 42 contestants, 5 judges and one live event on day 1', () => {
    expect(demo.id).toBe('xm29-ev-battery');
    expect(demo.contestants).toHaveLength(42);
    expect(demo.contestants.map((c) => c.bib)).toEqual(
      Array.from({ length: 42 }, (_, i) => String(i + 1).padStart(3, '0')),
    );
    expect(demo.judges.map((j) => j.code)).toEqual(['J01', 'J02', 'J03', 'J04', 'J05']);
    expect(demo.events).toEqual([{ event: 'battery', status: 'live', publicNames: false, day: 1 }]);
    for (const c of demo.contestants) expect(c.delegation).toBe(c.unit);
    expect(demo.contestants.filter((c) => c.attributes.employee === true).length).toBeGreaterThan(
      35,
    );
  });

  it('has theory marked for all 42 and shows a gate, a spread and 递补 in the standings', () => {
    const { standings } = score(demo);
    expect(demo.marks.filter((m) => m.criterion === 'theory')).toHaveLength(42);
    const rows = standings.events[0]?.rows ?? [];
    const flags = rows.flatMap((r) => r.flags.map((f) => f.code));
    expect(flags.filter((f) => f === 'gate')).toHaveLength(1);
    expect(flags.filter((f) => f === 'spread')).toHaveLength(1);
    const first = rows.find((r) => r.rank === 1);
    const leader = demo.contestants.find((c) => c.id === first?.competitor);
    expect(leader?.attributes.employee).toBe(false);
  });
});

describe('forest firefighting demo', () => {
  const demo = forestFirefighting;

  it('has 35 teams of 10, 7 events over 3 days and a judge for every assignment', () => {
    expect(demo.id).toBe('forest-firefighting-1');
    expect(demo.contestants).toHaveLength(350);
    expect(demo.teams).toHaveLength(35);
    for (const t of demo.teams) {
      expect(t.members).toHaveLength(10);
      for (const m of t.members) {
        const c = demo.contestants.find((x) => x.id === m);
        expect(c?.team).toBe(t.id);
        expect(c?.delegation).toBe(t.delegation);
      }
    }
    expect(new Set(demo.teams.map((t) => t.delegation)).size).toBe(35);
    expect(demo.definition.events).toHaveLength(7);
    expect(demo.events.map((e) => `${e.day}:${e.status}`).sort()).toEqual([
      '1:final',
      '1:final',
      '1:frozen',
      '2:live',
      '2:live',
      '3:setup',
      '3:setup',
    ]);
    const codes = new Set(demo.judges.map((j) => j.code));
    for (const a of demo.assignments) expect(codes.has(a.judge)).toBe(true);
  });

  it('derives team standings from members in the individual events', () => {
    const { standings } = score(demo);
    const run = standings.events.find((e) => e.event === 'run');
    const ranked = run?.teams?.filter((t) => t.rank !== null) ?? [];
    expect(ranked.length).toBeGreaterThan(10);
    const theory = standings.events.find((e) => e.event === 'theory');
    expect(theory?.teams?.every((t) => t.rank !== null)).toBe(true);
  });
});

describe('demoCompetitions', () => {
  it('lists both competitions with distinct ids', () => {
    expect(demoCompetitions.map((d) => d.id)).toEqual(['xm29-ev-battery', 'forest-firefighting-1']);
  });
});
