import type { CompetitionSummary, LiveCompetition } from '@skills/server/contract';
import { describe, expect, it } from 'vitest';
import { byDay, overallTables, phaseOfSummary, scheduledEvents } from './schedule.ts';

const event = (
  id: string,
  day: number | null,
  status: 'setup' | 'live' | 'frozen' | 'final',
  publicVisible = true,
  published = true,
) => ({
  id,
  name: id.toUpperCase(),
  status,
  entrants: 'individual' as const,
  day,
  publicNames: true,
  publicVisible,
  published,
});

const summary: CompetitionSummary = {
  id: 'c',
  name: 'C',
  definitionVersion: 1,
  events: [
    event('a', 2, 'live'),
    event('b', null, 'setup'),
    event('c', 1, 'frozen'),
    event('d', 1, 'final', false),
    event('e', 2, 'live', false),
  ],
  overall: [{ id: 'o', name: 'O' }],
};

describe('phaseOfSummary', () => {
  it('works out what the public sees as the server does', () => {
    expect(summary.events.map(phaseOfSummary)).toEqual([
      'provisional',
      'upcoming',
      'frozen',
      'official',
      'hidden',
    ]);
  });
  it('hides an event the organizer has not published, final or not', () => {
    expect(phaseOfSummary(event('f', 3, 'final', true, false))).toBe('hidden');
    expect(phaseOfSummary(event('g', 3, 'live', true, false))).toBe('hidden');
  });
});

describe('byDay', () => {
  it('groups events by day, days in order and the unscheduled last', () => {
    const days = byDay(scheduledEvents(summary, null));
    expect(days.map((d) => [d.day, d.events.map((e) => e.id)])).toEqual([
      [1, ['c', 'd']],
      [2, ['a', 'e']],
      [null, ['b']],
    ]);
  });
});

describe('the live summary', () => {
  const live: LiveCompetition = {
    competitionId: 'c',
    name: 'C',
    events: [{ id: 'c', name: 'C', day: 1, phase: 'reveal', rev: 9 }],
    overall: [{ id: 'o', name: 'O', phase: 'frozen', rev: 3 }],
    at: '2026-01-01T00:00:00Z',
  };

  it('wins over the summary once it has come', () => {
    expect(scheduledEvents(summary, live)).toEqual([
      { id: 'c', name: 'C', day: 1, phase: 'reveal' },
    ]);
    expect(overallTables(summary, live)).toEqual([{ id: 'o', name: 'O', phase: 'frozen' }]);
    expect(overallTables(summary, null)).toEqual([{ id: 'o', name: 'O', phase: null }]);
    expect(scheduledEvents(null, null)).toEqual([]);
  });
});
