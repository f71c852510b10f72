import { describe, expect, it } from 'vitest';
import { formatProblem } from './problems.ts';
import {
  combineParts,
  formatOf,
  readDefinition,
  readMarks,
  readRoster,
  scoreInputs,
} from './read-input.ts';

const definitionText = JSON.stringify({
  schemaVersion: 1,
  id: 'cup',
  name: 'Cup',
  events: [
    {
      id: 'ev',
      name: 'Event',
      modules: [
        {
          id: 'm',
          name: 'M',
          criteria: [{ id: 'c', name: 'C', kind: 'points', max: 10, judges: 2 }],
        },
      ],
    },
  ],
});

function definition() {
  const r = readDefinition('def.json', definitionText);
  if (!r.ok) throw new Error('test definition is invalid');
  return r.value;
}

function lines(problems: readonly Parameters<typeof formatProblem>[0][]): string[] {
  return problems.map(formatProblem);
}

describe('readMarks (CSV)', () => {
  it('reads marks, an empty judge, and status rows (criterion empty or "-")', () => {
    const r = readMarks(
      'marks.csv',
      'event,criterion,competitor,judge,value,reason\n' +
        'ev,c,A,J1,7.5,\n' +
        'ev,c,A,,8,\n' +
        'ev,-,B,,dnf,fell\n' +
        'ev,,C,,DQ,\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.parts.marks.items).toEqual([
      { event: 'ev', criterion: 'c', competitor: 'A', judge: 'J1', value: '7.5' },
      { event: 'ev', criterion: 'c', competitor: 'A', judge: '-', value: '8' },
    ]);
    expect(r.parts.marks.origins.map((o) => o.line)).toEqual([2, 3]);
    expect(r.parts.statuses.items).toEqual([
      { event: 'ev', competitor: 'B', status: 'DNF', reason: 'fell' },
      { event: 'ev', competitor: 'C', status: 'DQ' },
    ]);
  });

  it('accepts columns in any order and case, without a judge column', () => {
    const r = readMarks('m.csv', 'Value, Competitor ,EVENT,criterion\n7,A,ev,c\n');
    expect(r.problems).toEqual([]);
    expect(r.parts.marks.items[0]).toMatchObject({ competitor: 'A', value: '7' });
  });

  it('lists every header problem', () => {
    const r = readMarks('m.csv', 'event,crit,event,,value\n');
    expect(lines(r.problems)).toEqual([
      'm.csv:1 event: column "event" appears more than once',
      'm.csv:1: column 4 has no name',
      'm.csv:1 criterion: the header has no "criterion" column (expected event,criterion,competitor,judge,value,reason)',
      'm.csv:1 competitor: the header has no "competitor" column (expected event,criterion,competitor,judge,value,reason)',
    ]);
  });

  it('refuses unknown columns and an empty file', () => {
    expect(lines(readMarks('m.csv', 'event,criterion,competitor,value,name\n').problems)).toEqual([
      'm.csv:1 name: unknown column "name" (expected event,criterion,competitor,judge,value,reason)',
    ]);
    expect(lines(readMarks('m.csv', '').problems)).toEqual([
      'm.csv: the file has no header row; expected columns event,criterion,competitor,judge,value,reason',
    ]);
  });

  it('reports rows with empty required cells, bad ids, non-status rows and extra cells', () => {
    const r = readMarks(
      'm.csv',
      'event,criterion,competitor,judge,value\n' +
        'ev,c,A,J1,\n' +
        'ev,c,A B,J1,3\n' +
        'ev,-,A,,7\n' +
        'ev,c,A,J1,3,,\n' +
        'ev,c,A,J1,3,oops\n',
    );
    expect(lines(r.problems)).toEqual([
      'm.csv:2 value: value is empty',
      'm.csv:3 competitor: an id has no spaces or slashes',
      'm.csv:4 value: a row without a criterion is a status entry: value must be DNS, DNF or DQ, not "7"',
      'm.csv:6: the row has 6 cells but the header has 5 columns',
    ]);
    // A trailing empty cell (line 5) is harmless.
    expect(r.parts.marks.origins.map((o) => o.line)).toEqual([5]);
  });

  it('reports text that is not UTF-8', () => {
    const r = readMarks('m.csv', 'event,criterion,competitor,value\nev,c,\uFFFD\uFFFD,1\n');
    expect(r.problems[0]).toMatchObject({ line: 2, code: 'not_utf8' });
  });
});

describe('readRoster (CSV)', () => {
  it('turns extra columns into attributes, true/false into booleans, events on ";"', () => {
    const r = readRoster(
      'roster.csv',
      'id,name,team,delegation,events,gender,employee\n' +
        'E01,王芳,T1,国网,ev;other,F,true\n' +
        'E02,李强,T1,国网,,M,FALSE\n' +
        'E03,,T2,比亚迪,ev；x,,\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.parts.contestants.items).toEqual([
      {
        id: 'E01',
        name: '王芳',
        team: 'T1',
        delegation: '国网',
        events: ['ev', 'other'],
        attributes: { gender: 'F', employee: true },
      },
      {
        id: 'E02',
        name: '李强',
        team: 'T1',
        delegation: '国网',
        attributes: { gender: 'M', employee: false },
      },
      { id: 'E03', team: 'T2', delegation: '比亚迪', events: ['ev', 'x'], attributes: {} },
    ]);
    // Teams come from the team column, with their members' shared delegation.
    expect(r.parts.teams.items).toEqual([
      { id: 'T1', delegation: '国网', members: [] },
      { id: 'T2', delegation: '比亚迪', members: [] },
    ]);
  });

  it('needs an id column and an id on every row', () => {
    expect(lines(readRoster('r.csv', 'name\nX\n').problems)).toEqual([
      'r.csv:1 id: the header has no "id" column (expected id,name,team,delegation,events)',
    ]);
    expect(lines(readRoster('r.csv', 'id,name\n,X\nA/1,Y\n').problems)).toEqual([
      'r.csv:2 id: id is empty',
      'r.csv:3 id: an id has no spaces or slashes',
    ]);
  });
});

describe('readRoster / readMarks (JSON)', () => {
  it('reports each bad entry with its path and keeps the good ones', () => {
    const r = readRoster(
      'roster.json',
      JSON.stringify({ contestants: [{ id: 'A' }, { id: 'B', age: 3 }], teams: 'T', x: 1 }),
    );
    expect(lines(r.problems)).toEqual([
      'roster.json x: unknown key "x" (expected contestants, teams)',
      'roster.json contestants[1]: Unrecognized key: "age"',
      'roster.json teams: teams must be a list',
    ]);
    expect(r.parts.contestants.items.map((c) => c.id)).toEqual(['A']);
    expect(r.parts.rejected.has('B')).toBe(true);
  });

  it('gives the line of a JSON syntax error', () => {
    const r = readMarks('marks.json', '{\n  "marks": [\n    {"event": "ev",}\n  ]\n}\n');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 'marks.json', line: 3, code: 'invalid_json' });
  });

  it('refuses a roster given in both files', () => {
    const marks = readMarks('m.json', JSON.stringify({ contestants: [{ id: 'A' }], marks: [] }));
    const roster = readRoster('r.csv', 'id\nA\n');
    const r = combineParts('m.json', marks.parts, roster.parts);
    expect(lines(r.problems)).toEqual([
      'm.json contestants: the marks file lists contestants and a roster file is given too; keep the roster in one place',
    ]);
  });
});

describe('scoreInputs', () => {
  it('maps engine problems on marks back to CSV lines and roster lines', () => {
    const marks = readMarks(
      'm.csv',
      'event,criterion,competitor,judge,value\n' +
        'ev,c,A,J1,7\n' +
        'ev,c,A,J1,8\n' +
        'ev,c,A,J2,11\n' +
        'ev,c,Z,J1,1\n' +
        'ev,-,Y,,DNS\n' +
        'nope,c,A,J1,1\n',
    );
    const roster = readRoster('r.csv', 'id,events\nA,\nB,ev;zz\n');
    const combined = combineParts('m.csv', marks.parts, roster.parts);
    const r = scoreInputs(definition(), 'm.csv', combined.parts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(lines(r.problems).sort()).toEqual(
      [
        'm.csv:3 judge: judge "J1" already marked A on c',
        'm.csv:4 value: c: 11 is outside 0..10',
        'm.csv:5 competitor: "Z" is not entered in event "ev"',
        'm.csv:6 competitor: "Y" is not entered in event "ev"',
        'm.csv:7 event: no event "nope"',
        'r.csv:3 events: no event "zz"',
      ].sort(),
    );
  });

  it('does not repeat a problem for marks of a contestant whose roster entry was refused', () => {
    const marks = readMarks('m.csv', 'event,criterion,competitor,value\nev,c,B,1\nev,c,C,1\n');
    const roster = readRoster(
      'r.json',
      JSON.stringify({ contestants: [{ id: 'A' }, { id: 'B', x: 1 }] }),
    );
    const combined = combineParts('m.csv', marks.parts, roster.parts);
    const r = scoreInputs(definition(), 'm.csv', combined.parts);
    expect(r.ok ? [] : lines(r.problems)).toEqual([
      'm.csv:3 competitor: "C" is not entered in event "ev"',
    ]);
  });
});

describe('formatOf', () => {
  it('goes by extension, else by the first character', () => {
    expect(formatOf('a.CSV', '{')).toBe('csv');
    expect(formatOf('a.json', 'x')).toBe('json');
    expect(formatOf('/dev/stdin', '\uFEFF  {"marks": []}')).toBe('json');
    expect(formatOf('marks.txt', 'event,criterion')).toBe('csv');
  });
});
