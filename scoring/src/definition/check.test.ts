import { describe, expect, it } from 'vitest';
import type { PathSegment } from '../problem.ts';
import { checkCompetition, panelSize } from './check.ts';
import { Competition, type CompetitionInput } from './schema.ts';

type EventInput = CompetitionInput['events'][number];
type ModuleInput = EventInput['modules'][number];
type CriterionInput = ModuleInput['criteria'][number];

const points = (id: string, extra: Partial<CriterionInput> = {}): CriterionInput =>
  ({ id, name: id, kind: 'points', max: 10, ...extra }) as CriterionInput;

const time = (id: string, extra: Partial<CriterionInput> = {}): CriterionInput =>
  ({ id, name: id, kind: 'time', ...extra }) as CriterionInput;

const mod = (
  id: string,
  criteria: CriterionInput[],
  extra: Partial<ModuleInput> = {},
): ModuleInput => ({ id, name: id, criteria, ...extra });

const event = (
  id: string,
  modules: ModuleInput[],
  extra: Partial<EventInput> = {},
): EventInput => ({ id, name: id, modules, ...extra });

const simple = (id = 'e', extra: Partial<EventInput> = {}): EventInput =>
  event(id, [mod('m', [points('a')])], extra);

function competition(
  events: EventInput[],
  extra: Partial<CompetitionInput> = {},
): CompetitionInput {
  return { schemaVersion: 1, id: 'c', name: 'C', events, ...extra };
}

/** The [path, code] of every problem; the definition must have a valid shape. */
function problems(input: CompetitionInput): [readonly PathSegment[], string][] {
  return checkCompetition(Competition.parse(input)).map((p) => [p.path, p.code]);
}

const C0 = ['events', 0, 'modules', 0, 'criteria', 0] as const;

describe('checkCompetition', () => {
  it('finds nothing wrong with a minimal definition', () => {
    expect(problems(competition([simple()]))).toEqual([]);
  });

  describe('module weights', () => {
    it('must add up to 100 exactly', () => {
      const e = event('e', [
        mod('t', [points('a')], { weight: 20 }),
        mod('p', [points('b')], { weight: 70 }),
      ]);
      expect(problems(competition([e]))).toEqual([
        [['events', 0, 'modules'], 'weights_do_not_add_up'],
      ]);
    });

    it('add up in exact decimals (33.3 + 33.3 + 33.4 = 100)', () => {
      const e = event('e', [
        mod('x', [points('a')], { weight: 33.3 }),
        mod('y', [points('b')], { weight: '33.3' }),
        mod('z', [points('c')], { weight: 33.4 }),
      ]);
      expect(problems(competition([e]))).toEqual([]);
    });

    it('are set on every module or none; each unweighted one is named', () => {
      const e = event('e', [
        mod('x', [points('a')], { weight: 100 }),
        mod('y', [points('b')]),
        mod('z', [points('c')]),
      ]);
      expect(problems(competition([e]))).toEqual([
        [['events', 0, 'modules', 1, 'weight'], 'weight_missing'],
        [['events', 0, 'modules', 2, 'weight'], 'weight_missing'],
      ]);
    });

    it('cannot be negative', () => {
      const e = event('e', [
        mod('x', [points('a')], { weight: 120 }),
        mod('y', [points('b')], { weight: -20 }),
      ]);
      expect(problems(competition([e]))).toEqual([
        [['events', 0, 'modules', 1, 'weight'], 'negative'],
      ]);
    });
  });

  describe('judges and aggregation', () => {
    it('refuses a trim that leaves no mark (drop 2 + 2 of 4 judges)', () => {
      const e = simple('e', { judges: 4, aggregation: { method: 'trimmedMean', drop: 2 } });
      expect(problems(competition([e]))).toEqual([
        [[...C0, 'aggregation', 'drop'], 'trim_larger_than_panel'],
      ]);
      const ok = simple('e', { judges: 5, aggregation: { method: 'trimmedSum', drop: 2 } });
      expect(problems(competition([ok]))).toEqual([]);
    });

    it('needs the panel size for a trimmed mean', () => {
      const e = event('e', [
        mod('m', [points('a', { aggregation: { method: 'trimmedMean', drop: 1 } })]),
      ]);
      expect(problems(competition([e]))).toEqual([[[...C0, 'judges'], 'panel_size_required']]);
    });

    it('refuses "single" with several judges, the criterion overriding the event', () => {
      const e = event('e', [mod('m', [points('a', { judges: 3 }), points('b', { judges: 1 })])], {
        aggregation: { method: 'single' },
      });
      expect(problems(competition([e]))).toEqual([[[...C0, 'aggregation'], 'single_with_panel']]);
    });

    it('refuses a negative spread tolerance', () => {
      const e = simple('e', { spreadTolerance: '-1' });
      expect(problems(competition([e]))).toEqual([[[...C0, 'spreadTolerance'], 'negative']]);
    });
  });

  describe('ranges and steps', () => {
    it('refuses max at or below min', () => {
      const e = event('e', [mod('m', [points('a', { min: 10, max: 10 })])]);
      expect(problems(competition([e]))).toEqual([[[...C0, 'max'], 'max_below_min']]);
    });

    it('refuses a judgement scale whose max is not above its min', () => {
      const e = event('e', [
        mod('m', [{ id: 'j', name: 'j', kind: 'judgement', max: 5, scale: { min: 3, max: 3 } }]),
      ]);
      expect(problems(competition([e]))).toEqual([[[...C0, 'scale', 'max'], 'max_below_min']]);
    });

    it('refuses a step that does not divide the range', () => {
      const e = event('e', [
        mod('m', [
          points('a', { min: 0, max: 10, step: 3 }),
          points('b', { min: 1, max: 2, step: 0.25 }),
          { id: 'j', name: 'j', kind: 'judgement', max: 5, scale: { max: 3, step: 2 } },
          { id: 'd', name: 'd', kind: 'deduction', max: 1, step: 0.3 },
        ]),
      ]);
      expect(problems(competition([e]))).toEqual([
        [[...C0, 'step'], 'step_does_not_divide_range'],
        [['events', 0, 'modules', 0, 'criteria', 2, 'scale', 'step'], 'step_does_not_divide_range'],
        [['events', 0, 'modules', 0, 'criteria', 3, 'step'], 'step_does_not_divide_range'],
      ]);
    });

    it('refuses a step of zero', () => {
      const e = event('e', [mod('m', [points('a', { step: 0 })])]);
      expect(problems(competition([e]))).toEqual([[[...C0, 'step'], 'bad_step']]);
    });
  });

  describe('times and penalties', () => {
    const ranked = (criteria: CriterionInput[], extra: Partial<EventInput> = {}) =>
      event('run', [mod('m', criteria)], { rankBy: { by: 'time', criterion: 't' }, ...extra });

    it('accepts a penalty on the time the event ranks by', () => {
      const e = ranked([
        time('t'),
        { id: 'p', name: 'p', kind: 'penalty', time: 't', secondsPerItem: 3 },
      ]);
      expect(problems(competition([e]))).toEqual([]);
    });

    it('refuses a penalty pointing at a missing criterion or a criterion that is not a time', () => {
      const e = ranked([
        time('t'),
        points('a'),
        { id: 'p1', name: 'p1', kind: 'penalty', time: 'nope', secondsPerItem: 3 },
        { id: 'p2', name: 'p2', kind: 'penalty', time: 'a', secondsPerItem: 3 },
      ]);
      expect(problems(competition([e]))).toEqual([
        [['events', 0, 'modules', 0, 'criteria', 2, 'time'], 'unknown_criterion'],
        [['events', 0, 'modules', 0, 'criteria', 3, 'time'], 'not_a_time'],
      ]);
    });

    it('needs a conversion for a time in an event ranked by score', () => {
      const e = event('e', [mod('m', [time('t'), points('a')])]);
      expect(problems(competition([e]))).toEqual([[[...C0, 'conversion'], 'conversion_required']]);
    });

    it('accepts an unconverted time that only breaks ties (灯具: equal totals → shorter time)', () => {
      const e = event('e', [mod('m', [time('t'), points('a')])], {
        tieBreaks: [{ by: 'time', criterion: 't' }],
      });
      expect(problems(competition([e]))).toEqual([]);
      const converted = event('e', [
        mod('m', [time('t', { conversion: { method: 'proportional', max: 10 } })]),
      ]);
      expect(problems(competition([converted]))).toEqual([]);
    });

    it('refuses rankBy a criterion that is missing or not a time', () => {
      const notTime = event('e', [mod('m', [points('a')])], {
        rankBy: { by: 'time', criterion: 'a' },
      });
      const missing = event('f', [mod('m', [points('a')])], {
        rankBy: { by: 'time', criterion: 'zz' },
      });
      expect(problems(competition([notTime, missing]))).toEqual([
        [['events', 0, 'rankBy', 'criterion'], 'not_a_time'],
        [['events', 1, 'rankBy', 'criterion'], 'unknown_criterion'],
      ]);
    });

    it('refuses a linear conversion whose cutoff is not after its target', () => {
      const e = event('e', [
        mod('m', [
          time('t', { conversion: { method: 'linear', max: 10, target: 60, cutoff: 60 } }),
        ]),
      ]);
      expect(problems(competition([e]))).toEqual([
        [[...C0, 'conversion', 'cutoff'], 'cutoff_not_after_target'],
      ]);
    });
  });

  describe('duplicate ids', () => {
    it('are reported at every level, each repeat with its path', () => {
      const input = competition(
        [
          event('e', [mod('m', [points('a')]), mod('m', [points('b')]), mod('n', [points('a')])]),
          simple('e'),
          simple('f'),
        ],
        {
          overall: [
            {
              id: 'o',
              name: 'o',
              scope: 'individual',
              method: { kind: 'weightedSum', events: [{ event: 'f' }] },
            },
            {
              id: 'o',
              name: 'o',
              scope: 'individual',
              method: { kind: 'weightedSum', events: [{ event: 'f' }] },
            },
          ],
          awards: [
            {
              id: 'w',
              name: 'w',
              standings: { of: 'event', event: 'f' },
              select: { kind: 'top', n: 1 },
            },
            {
              id: 'w',
              name: 'w',
              standings: { of: 'event', event: 'f' },
              select: { kind: 'top', n: 1 },
            },
          ],
        },
      );
      expect(problems(input)).toEqual([
        [['events', 1, 'id'], 'duplicate_id'],
        [['events', 0, 'modules', 1, 'id'], 'duplicate_id'],
        [['events', 0, 'modules', 2, 'criteria', 0, 'id'], 'duplicate_id'],
        [['overall', 1, 'id'], 'duplicate_id'],
        [['awards', 1, 'id'], 'duplicate_id'],
      ]);
    });

    it('allow the same criterion id in two events (marks name the event)', () => {
      expect(problems(competition([simple('e'), simple('f')]))).toEqual([]);
    });
  });

  describe('tie-breaks', () => {
    it('refuse an unknown module, criterion or a time tie-break on a non-time', () => {
      const e = simple('e', {
        tieBreaks: [
          { by: 'module', module: 'nope' },
          { by: 'criterion', criterion: 'nope' },
          { by: 'time', criterion: 'a' },
          { by: 'deductions' },
        ],
      });
      expect(problems(competition([e]))).toEqual([
        [['events', 0, 'tieBreaks', 0, 'module'], 'unknown_module'],
        [['events', 0, 'tieBreaks', 1, 'criterion'], 'unknown_criterion'],
        [['events', 0, 'tieBreaks', 2, 'criterion'], 'not_a_time'],
      ]);
    });

    it('allow bestMember only in team scoring', () => {
      const outside = simple('e', { tieBreaks: [{ by: 'bestMember' }] });
      expect(problems(competition([outside]))).toEqual([
        [['events', 0, 'tieBreaks', 0, 'by'], 'tie_break_not_here'],
      ]);
      const inside = simple('e', { team: { method: 'sum', tieBreaks: [{ by: 'bestMember' }] } });
      expect(problems(competition([inside]))).toEqual([]);
    });

    it('allow an event tie-break only in overall standings, on one of its events', () => {
      const e = simple('e', { tieBreaks: [{ by: 'event', event: 'e' }] });
      const input = competition([e, simple('f')], {
        overall: [
          {
            id: 'o',
            name: 'o',
            scope: 'individual',
            method: { kind: 'weightedSum', events: [{ event: 'e' }] },
            tieBreaks: [
              { by: 'event', event: 'f' },
              { by: 'event', event: 'e' },
              { by: 'module', module: 'm' },
            ],
          },
        ],
      });
      expect(problems(input)).toEqual([
        [['events', 0, 'tieBreaks', 0, 'by'], 'tie_break_not_here'],
        [['overall', 0, 'tieBreaks', 0, 'event'], 'unknown_event'],
        [['overall', 0, 'tieBreaks', 2, 'by'], 'tie_break_not_here'],
      ]);
    });
  });

  describe('team scoring', () => {
    it('needs count for best N of M, and refuses count elsewhere', () => {
      const best = simple('e', { team: { method: 'best' } });
      const sum = simple('f', { team: { method: 'sum', count: 2 } });
      expect(problems(competition([best, sum]))).toEqual([
        [['events', 0, 'team', 'count'], 'count_required'],
        [['events', 1, 'team', 'count'], 'count_not_used'],
      ]);
    });

    it('refuses slowest member on an event ranked by score', () => {
      const e = simple('e', { team: { method: 'slowest' } });
      expect(problems(competition([e]))).toEqual([
        [['events', 0, 'team', 'method'], 'slowest_needs_time'],
      ]);
    });

    it('refuses team scoring on a team event', () => {
      const e = simple('e', { entrants: 'team', team: { method: 'sum' } });
      expect(problems(competition([e]))).toEqual([
        [['events', 0, 'team'], 'team_scoring_on_team_event'],
      ]);
    });
  });

  describe('overall standings', () => {
    it('refuse a missing event, with the path of the reference', () => {
      const input = competition([simple('e')], {
        overall: [
          {
            id: 'w',
            name: 'w',
            scope: 'individual',
            method: { kind: 'weightedSum', events: [{ event: 'x' }] },
          },
          {
            id: 'r',
            name: 'r',
            scope: 'individual',
            method: { kind: 'rankPoints', events: ['e', 'y'], points: { kind: 'rank' } },
          },
        ],
      });
      expect(problems(input)).toEqual([
        [['overall', 0, 'method', 'events', 0, 'event'], 'unknown_event'],
        [['overall', 1, 'method', 'events', 1], 'unknown_event'],
      ]);
    });

    it('refuse a time event in a weighted sum but accept it in rank points', () => {
      const run = event('run', [mod('m', [time('t')])], { rankBy: { by: 'time', criterion: 't' } });
      const input = competition([run], {
        overall: [
          {
            id: 'w',
            name: 'w',
            scope: 'individual',
            method: { kind: 'weightedSum', events: [{ event: 'run' }] },
          },
          {
            id: 'r',
            name: 'r',
            scope: 'individual',
            method: { kind: 'rankPoints', events: ['run'], points: { kind: 'reverseRank' } },
          },
        ],
      });
      expect(problems(input)).toEqual([
        [['overall', 0, 'method', 'events', 0, 'event'], 'time_event_in_weighted_sum'],
      ]);
    });
  });

  describe('awards', () => {
    const award = (id: string, extra: object) => ({
      id,
      name: id,
      standings: { of: 'event' as const, event: 'e' },
      select: { kind: 'top' as const, n: 3 },
      ...extra,
    });

    it('refuse standings of a missing overall or event', () => {
      const input = competition([simple('e')], {
        awards: [
          award('a', { standings: { of: 'overall', overall: 'none' } }),
          award('b', { standings: { of: 'event', event: 'none' } }),
          award('c', { standings: { of: 'eventTeams', event: 'e' } }),
        ],
      });
      expect(problems(input)).toEqual([
        [['awards', 0, 'standings', 'overall'], 'unknown_overall'],
        [['awards', 1, 'standings', 'event'], 'unknown_event'],
        [['awards', 2, 'standings', 'event'], 'no_team_standings'],
      ]);
    });

    it('refuse exclusiveWith an award defined later (or itself)', () => {
      const input = competition([simple('e')], {
        awards: [
          award('gold', { exclusiveWith: ['top3'] }),
          award('top3', { exclusiveWith: ['gold', 'top3'] }),
        ],
      });
      expect(problems(input)).toEqual([
        [['awards', 0, 'exclusiveWith', 0], 'unknown_award'],
        [['awards', 1, 'exclusiveWith', 1], 'unknown_award'],
      ]);
    });

    it('refuse a top percent outside (0, 100] and an empty rank range', () => {
      const input = competition([simple('e')], {
        awards: [
          award('a', { select: { kind: 'topPercent', percent: 0 } }),
          award('b', { select: { kind: 'topPercent', percent: '100.01' } }),
          award('c', { select: { kind: 'topPercent', percent: 100 } }),
          award('d', { select: { kind: 'topPercent', percent: 0.5 } }),
          award('f', { select: { kind: 'rankRange', from: 4, to: 3 } }),
        ],
      });
      expect(problems(input)).toEqual([
        [['awards', 0, 'select', 'percent'], 'out_of_range'],
        [['awards', 1, 'select', 'percent'], 'out_of_range'],
        [['awards', 4, 'select', 'to'], 'max_below_min'],
      ]);
    });
  });

  it('returns every problem of a file together, in document order', () => {
    const input = competition(
      [
        event(
          'e',
          [
            mod('t', [points('a', { step: 3 })], { weight: 20 }),
            mod('p', [points('b', { min: 5, max: 1 })], { weight: 70 }),
          ],
          { tieBreaks: [{ by: 'bestMember' }] },
        ),
      ],
      {
        awards: [
          {
            id: 'w',
            name: 'w',
            standings: { of: 'overall', overall: 'x' },
            select: { kind: 'topPercent', percent: 150 },
          },
        ],
      },
    );
    expect(problems(input)).toEqual([
      [['events', 0, 'modules', 0, 'criteria', 0, 'step'], 'step_does_not_divide_range'],
      [['events', 0, 'modules', 1, 'criteria', 0, 'max'], 'max_below_min'],
      [['events', 0, 'modules'], 'weights_do_not_add_up'],
      [['events', 0, 'tieBreaks', 0, 'by'], 'tie_break_not_here'],
      [['awards', 0, 'standings', 'overall'], 'unknown_overall'],
      [['awards', 0, 'select', 'percent'], 'out_of_range'],
    ]);
  });
});

describe('panelSize', () => {
  it("is the criterion's judges, else the event's, else unknown", () => {
    const criteria = [points('a', { judges: 3 }), points('b')];
    const withPanel = Competition.parse(
      competition([event('e', [mod('m', criteria)], { judges: 5 })]),
    );
    const without = Competition.parse(competition([event('e', [mod('m', criteria)])]));
    const sizes = [withPanel, without].map((def) =>
      def.events.flatMap((e) => e.modules[0]?.criteria.map((c) => panelSize(e, c)) ?? []),
    );
    expect(sizes).toEqual([
      [3, 5],
      [3, undefined],
    ]);
  });
});
