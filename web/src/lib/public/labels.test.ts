import { describe, expect, it } from 'vitest';
import { labelsOf, moduleName, criterionName, eventName } from './labels.ts';

describe('labelsOf', () => {
  const labels = labelsOf({
    events: [
      {
        id: 'battery',
        name: '电池包检测',
        modules: [{ id: 'theory', name: '理论知识', criteria: [{ id: 'exam', name: '考试' }] }],
      },
      {
        id: 'relay',
        name: '接力',
        team: { method: 'sum' },
        rankBy: { by: 'time', criterion: 't' },
        modules: [],
      },
    ],
    overall: [
      { id: 'delegations', name: '代表队团体总分', scope: 'delegation' },
      { id: 'all', name: '个人全能' },
    ],
  });

  it('reads names, team standings and the ranking of each event', () => {
    expect(eventName(labels, 'battery')).toBe('电池包检测');
    expect(moduleName(labels, 'battery', 'theory')).toBe('理论知识');
    expect(criterionName(labels, 'battery', 'exam')).toBe('考试');
    expect(labels.events.get('battery')).toMatchObject({ teamStandings: false, rankBy: 'score' });
    expect(labels.events.get('relay')).toMatchObject({ teamStandings: true, rankBy: 'time' });
  });

  it('reads the overall tables with their scope', () => {
    expect(labels.overall.get('delegations')).toEqual({
      id: 'delegations',
      name: '代表队团体总分',
      scope: 'delegation',
    });
    expect(labels.overall.get('all')?.scope).toBe('individual');
  });

  it('falls back to ids', () => {
    expect(moduleName(labels, null, 'theory')).toBe('theory');
    expect(eventName(labels, 'nope')).toBe('nope');
    expect(labelsOf(null).events.size).toBe(0);
    expect(labelsOf({ events: 'x' }).events.size).toBe(0);
  });
});
