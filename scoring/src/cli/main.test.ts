import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './main.ts';

/** An in-memory file system and captured output. */
function memoryIo(files: Record<string, string>) {
  let out = '';
  let err = '';
  const io: CliIo = {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) {
        const e = Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
          code: 'ENOENT',
        });
        return Promise.reject(e);
      }
      return Promise.resolve(text);
    },
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
  };
  return { io, out: () => out, err: () => err };
}

async function run(argv: string[], files: Record<string, string>) {
  const m = memoryIo(files);
  const code = await main(argv, m.io);
  return { code, out: m.out(), err: m.err() };
}

/** A welding event: theory 30% (one exam mark) + practical 70% (3 judges, mean), 1 place. */
const definition = JSON.stringify({
  schemaVersion: 1,
  id: 'cup',
  name: 'Test cup',
  events: [
    {
      id: 'weld',
      name: '焊接',
      judges: 3,
      rounding: { event: { places: 1 } },
      modules: [
        {
          id: 'theory',
          name: 'Theory',
          weight: 30,
          criteria: [
            {
              id: 'exam',
              name: 'Exam',
              kind: 'points',
              max: 100,
              judges: 1,
              aggregation: { method: 'single' },
            },
          ],
        },
        {
          id: 'practical',
          name: 'Practical',
          weight: 70,
          criteria: [{ id: 'quality', name: 'Quality', kind: 'points', max: 10, step: 0.5 }],
        },
      ],
      tieBreaks: [{ by: 'module', module: 'practical' }],
    },
  ],
  awards: [
    {
      id: 'best-f',
      name: 'Best woman',
      standings: { of: 'event', event: 'weld' },
      select: { kind: 'top', n: 1 },
      eligibility: [{ attribute: 'gender', in: ['F'] }],
    },
  ],
});

// B: 0.3 × 90 + 0.7 × 8 × 10 = 83. A and D: 24 + 7 × 25/3 = 82.33… → 82.3, equal: they share 2nd.
// C: 21 + 7 × 26/3 = 81.66… → 81.7. E: DNF.
const marksCsv = [
  'event,criterion,competitor,judge,value',
  'weld,exam,A,,80',
  'weld,quality,A,J1,8',
  'weld,quality,A,J2,8',
  'weld,quality,A,J3,9',
  'weld,exam,B,,90',
  'weld,quality,B,J1,8',
  'weld,quality,B,J2,8',
  'weld,quality,B,J3,8',
  'weld,exam,C,,70',
  'weld,quality,C,J1,9',
  'weld,quality,C,J2,9',
  'weld,quality,C,J3,8',
  'weld,exam,D,,80',
  'weld,quality,D,J1,8',
  'weld,quality,D,J2,9',
  'weld,quality,D,J3,8',
  'weld,-,E,,DNF',
  '',
].join('\r\n');

const rosterCsv =
  '\uFEFFid,name,delegation,gender\r\nA,王芳,北京,F\r\nB,李强,上海,M\r\nC,Bob,北京,M\r\nD,陈静,上海,F\r\nE,Eve,北京,F\r\n';

const files = { 'def.json': definition, 'marks.csv': marksCsv, 'roster.csv': rosterCsv };

describe('scoring CLI: results', () => {
  it('prints the event table, with Chinese names aligned, and the nominations', async () => {
    const r = await run(['def.json', 'marks.csv', '--roster', 'roster.csv'], files);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const header = lines.findIndex((l) => l.startsWith('Rank  Competitor'));
    expect(lines.slice(header, header + 7)).toEqual([
      'Rank  Competitor  Name  Delegation  Score  theory 30%  practical 70%  Why',
      '----  ----------  ----  ----------  -----  ----------  -------------  ---',
      '   1  B           李强  上海         83.0        90.0            8.0',
      '   2  A           王芳  北京         82.3        80.0            8.3',
      '   2  D           陈静  上海         82.3        80.0            8.3  = A',
      '   4  C           Bob   北京         81.7        70.0            8.7',
      '   5  E           Eve   北京          DNF',
    ]);
    expect(r.out).toContain('Best woman (best-f) · from event weld');
    // A and D share 2nd, so both are the best eligible woman; B is passed over.
    expect(r.out).toContain(
      [
        'Place  Rank  Competitor  Name  Delegation  Result',
        '-----  ----  ----------  ----  ----------  ------',
        '    1     2  A           王芳  北京          82.3',
        '    1     2  D           陈静  上海          82.3',
        'passed over: B (rank 1): gender is M, not F',
      ].join('\n'),
    );
  });

  it('prints {standings, nominations} as JSON with exact numbers', async () => {
    const r = await run(['--json', 'def.json', 'marks.csv', '--roster=roster.csv'], files);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      standings: {
        events: {
          rows: {
            competitor: string;
            rank: number | null;
            status: string;
            score: string | null;
            tie: unknown;
            modules: { module: string; score: string }[];
          }[];
        }[];
      };
      nominations: { award: string; nominations: { competitor: string; eligibleRank: number }[] }[];
    };
    const rows = json.standings.events[0]?.rows ?? [];
    expect(rows.map((x) => [x.competitor, x.rank, x.status, x.score])).toEqual([
      ['B', 1, 'ok', '83'],
      ['A', 2, 'ok', '82.3'],
      ['D', 2, 'ok', '82.3'],
      ['C', 4, 'ok', '81.7'],
      ['E', 5, 'DNF', null],
    ]);
    expect(rows[2]?.tie).toEqual({ kind: 'shared', with: 'A' });
    // The practical mean of A is 25/3: exact in JSON, not a rounded float.
    expect(rows[1]?.modules.find((m) => m.module === 'practical')?.score).toBe('25/3');
    expect(json.nominations).toEqual([
      expect.objectContaining({
        award: 'best-f',
        nominations: [
          expect.objectContaining({ competitor: 'A', eligibleRank: 1 }),
          expect.objectContaining({ competitor: 'D', eligibleRank: 1 }),
        ],
      }),
    ]);
  });

  it('reads a JSON marks file with its own roster', async () => {
    const marksJson = JSON.stringify({
      contestants: [
        { id: 'A', name: '王芳', attributes: { gender: 'F' } },
        { id: 'B', attributes: { gender: 'M' } },
      ],
      marks: [
        { event: 'weld', criterion: 'exam', competitor: 'A', value: 80 },
        { event: 'weld', criterion: 'exam', competitor: 'B', value: '90' },
        ...['J1', 'J2', 'J3'].map((judge) => ({
          event: 'weld',
          criterion: 'quality',
          competitor: 'A',
          judge,
          value: 9,
        })),
      ],
      statuses: [{ event: 'weld', competitor: 'B', status: 'DQ', reason: 'unsafe' }],
    });
    const r = await run(['def.json', 'marks.json'], { ...files, 'marks.json': marksJson });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      [
        'Rank  Competitor  Name  Score  theory 30%  practical 70%',
        '----  ----------  ----  -----  ----------  -------------',
        '   1  A           王芳   87.0        80.0            9.0',
        '   2  B                    DQ        90.0',
      ].join('\n'),
    );
    expect(r.out).toContain('    1     1  A           王芳    87.0');
  });

  it('without a roster, takes the competitors from the marks', async () => {
    const r = await run(['def.json', 'marks.csv'], files);
    expect(r.code).toBe(0);
    expect(r.out).toContain('   2  D            82.3        80.0            8.3  = A');
    // No one has a gender attribute, so no one is eligible.
    expect(r.out).toContain('(no one nominated)');
  });

  it('shows team standings and overall standings', async () => {
    const def = JSON.stringify({
      schemaVersion: 1,
      id: 'fire',
      name: '森林消防',
      events: [
        {
          id: 'run',
          name: '携装负重越野',
          rankBy: { by: 'time', criterion: 't' },
          modules: [
            {
              id: 'm',
              name: 'M',
              criteria: [
                { id: 't', name: 'T', kind: 'time', judges: 1, aggregation: { method: 'single' } },
                {
                  id: 'drop',
                  name: 'Dropped items',
                  kind: 'penalty',
                  time: 't',
                  secondsPerItem: 3,
                  judges: 1,
                  aggregation: { method: 'single' },
                },
              ],
            },
          ],
          team: { method: 'slowest' },
        },
      ],
      overall: [
        {
          id: 'all',
          name: 'All',
          scope: 'delegation',
          method: { kind: 'rankPoints', events: ['run'], points: { kind: 'reverseRank' } },
        },
      ],
    });
    const marks =
      'event,criterion,competitor,judge,value\n' +
      'run,t,A1,,1:02.35\nrun,t,A2,,59.5\nrun,drop,A2,,1\nrun,t,B1,,61\nrun,t,B2,,65\n';
    const roster =
      'id,name,team,delegation\nA1,张三,TA,吉林\nA2,李四,TA,吉林\nB1,王五,TB,黑龙江\nB2,赵六,TB,黑龙江\n';
    const r = await run(['d.json', 'm.csv', '--roster', 'r.csv'], {
      'd.json': def,
      'm.csv': marks,
      'r.csv': roster,
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // A2: 59.5 s + 1 dropped item × 3 s = 62.5 s; a team's time is its slowest member's.
    expect(r.out).toContain('   3  A2          李四  吉林           62.50');
    expect(r.out).toContain('携装负重越野 (run) · teams · slowest of members');
    expect(r.out).toContain('   1  TA    吉林           62.50  A1 A2');
    expect(r.out).toContain('   2  TB    黑龙江         65.00  B1 B2');
    expect(r.out).toContain('All (all) · overall, delegation');
  });
});

describe('scoring CLI: invalid input (exit 1)', () => {
  it('reports every bad marks row with its line, and prints no results', async () => {
    const bad = [
      'event,criterion,competitor,judge,value',
      'weld,exam,A,,80',
      'weld,qualty,A,J1,8',
      'weld,quality,A,J2,11',
      'weld,quality,A,J3,eight',
      'weld,quality,Z,J1,8',
      'weld,exam,B,,90',
      'weld,exam,B,,9x',
      '',
    ].join('\n');
    const r = await run(['def.json', 'bad.csv', '--roster', 'roster.csv'], {
      ...files,
      'bad.csv': bad,
    });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      'bad.csv:3 criterion: no criterion "qualty" in event "weld"',
      'bad.csv:4 value: quality: 11 is outside 0..10',
      'bad.csv:5 value: quality: expected a number, got "eight"',
      'bad.csv:6 competitor: "Z" is not entered in event "weld"',
      'bad.csv:8 value: exam: expected a number, got "9x"',
      'scoring: 5 problems in the input; nothing was computed',
      '',
    ]);
  });

  it('reports every problem of a bad definition with its path', async () => {
    const def = JSON.stringify({
      schemaVersion: 1,
      id: 'cup',
      name: 'Cup',
      events: [
        {
          id: 'weld',
          name: 'Weld',
          judges: 3,
          aggregation: { method: 'trimmedMean', drop: 2 },
          modules: [
            {
              id: 'a',
              name: 'A',
              weight: 30,
              criteria: [{ id: 'c1', name: 'C1', kind: 'points', max: 10, step: 3 }],
            },
            {
              id: 'b',
              name: 'B',
              weight: 60,
              criteria: [{ id: 'c2', name: 'C2', kind: 'points', max: 10 }],
            },
          ],
          tieBreaks: [{ by: 'module', module: 'nope' }],
        },
      ],
      awards: [
        {
          id: 'w',
          name: 'W',
          standings: { of: 'event', event: 'zzz' },
          select: { kind: 'top', n: 1 },
        },
      ],
    });
    const r = await run(['bad.json', 'marks.csv'], { ...files, 'bad.json': def });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^bad\.json events\[0\]\.modules\[0\]\.criteria\[0\]\.aggregation\.drop: /,
        ),
        expect.stringMatching(/^bad\.json events\[0\]\.modules\[0\]\.criteria\[0\]\.step: /),
        expect.stringMatching(/^bad\.json events\[0\]\.modules: .*90/),
        expect.stringMatching(/^bad\.json events\[0\]\.tieBreaks\[0\]\.module: .*nope/),
        expect.stringMatching(/^bad\.json awards\[0\]\.standings\.event: .*zzz/),
      ]),
    );
    expect(lines.at(-1)).toMatch(/^scoring: \d+ problems in the input; nothing was computed$/);
  });

  it('reports a shape error in the definition with its path', async () => {
    const def = JSON.stringify({ schemaVersion: 2, id: 'has space', name: 'X', events: [] });
    const r = await run(['d.json', 'marks.csv'], { ...files, 'd.json': def });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^d\.json schemaVersion: /m);
    expect(r.err).toMatch(/^d\.json id: an id has no spaces or slashes$/m);
    expect(r.err).toMatch(/^d\.json events: /m);
  });

  it('reports unreadable files and invalid JSON together with the other files’ problems', async () => {
    const r = await run(['def.json', 'nope.csv', '--roster', 'r.json'], {
      'def.json': '{\n  "schemaVersion": 1,\n  "id": "x",,\n}',
      'r.json': '',
    });
    expect(r.code).toBe(1);
    expect(r.err.split('\n').slice(0, 3)).toEqual([
      'def.json:3: invalid JSON: Expected double-quoted property name',
      'nope.csv: file not found',
      'r.json: the file is empty',
    ]);
  });

  it('reports JSON marks problems by path', async () => {
    const marksJson = JSON.stringify({
      marks: [
        { event: 'weld', criterion: 'exam', competitor: 'A', value: 80 },
        { event: 'weld', criterion: 'exam', competitor: 'B', value: 101 },
        { event: 'weld', criterion: 'exam', competitor: 'C', value: null },
        { event: 'weld', criterion: 'exam', competitor: 'D', value: 1, extra: true },
      ],
      statuses: [{ event: 'weld', competitor: 'A', status: 'DNX' }],
    });
    const r = await run(['def.json', 'm.json'], { ...files, 'm.json': marksJson });
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'm.json marks[1].value: exam: 101 is outside 0..100',
      'm.json marks[2].value: expected a number, a text such as "7.5", "1:02.35" or "DNF", or true/false',
      'm.json marks[3]: Unrecognized key: "extra"',
      'm.json statuses[0].status: Invalid option: expected one of "DNF"|"DNS"|"DQ"',
      'scoring: 4 problems in the input; nothing was computed',
      '',
    ]);
  });

  it('maps roster problems found by the engine back to the roster line', async () => {
    const roster = 'id,name,events\nA,王芳,weld\nB,李强,weld;swim\n';
    const r = await run(['def.json', 'm.csv', '--roster', 'r.csv'], {
      ...files,
      'm.csv': 'event,criterion,competitor,value\nweld,exam,A,80\n',
      'r.csv': roster,
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain('r.csv:3 events: no event "swim"');
  });
});

describe('scoring CLI: usage (exit 2)', () => {
  it.each([
    [[], 'missing the definition and marks files'],
    [['def.json'], 'missing the marks file'],
    [['a', 'b', 'c'], 'unexpected argument c'],
    [['a', 'b', '--roster'], '--roster needs a file name'],
    [['a', 'b', '--roster', '--json'], '--roster needs a file name'],
    [['a', 'b', '--roster', 'x', '--roster', 'y'], '--roster is given twice'],
    [['a', 'b', '--frob'], 'unknown option --frob'],
  ])('%j → %s', async (argv, message) => {
    const r = await run(argv, files);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`scoring: ${message}\n`);
    expect(r.err).toContain('Usage: scoring <definition.json>');
  });

  it('--help prints the usage and exits 0, even with other arguments', async () => {
    for (const argv of [['--help'], ['-h'], ['a', '--help']]) {
      const r = await run(argv, files);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: scoring /);
      expect(r.out).toContain('Exit codes');
    }
  });

  it('takes file names that look like options after --', async () => {
    const r = await run(['--', 'def.json', '--marks.csv'], {
      ...files,
      '--marks.csv': marksCsv,
    });
    expect(r.code).toBe(0);
  });
});

describe('scoring CLI: the shipped examples', () => {
  const dir = fileURLToPath(new URL('../../examples/', import.meta.url));
  const diskIo = () => {
    let out = '';
    let err = '';
    const io: CliIo = {
      readFile: (path) => readFile(join(dir, path), 'utf8'),
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
    };
    return { io, out: () => out, err: () => err };
  };

  it('scores the JSON marks example (roster inside) with a DNS status', async () => {
    const m = diskIo();
    const code = await main(['ev-battery.definition.json', 'ev-battery.marks.json'], m.io);
    expect(m.err()).toBe('');
    expect(code).toBe(0);
    expect(m.out()).toContain('   2  E01         王芳      国网北京电力  87.33');
    expect(m.out()).toContain('   3  E06         欧阳娜娜  宁德时代        DNS');
  });

  it('leaves unranked (pending) rows without a rank or a why', async () => {
    const m = diskIo();
    const only = 'event,criterion,competitor,judge,value\nbattery,exam,E01,,88\n';
    const io: CliIo = {
      ...m.io,
      readFile: (path) => (path === 'only.csv' ? Promise.resolve(only) : m.io.readFile(path)),
    };
    const code = await main(
      ['ev-battery.definition.json', 'only.csv', '--roster', 'ev-battery.roster.csv'],
      io,
    );
    expect(code).toBe(0);
    expect(m.out()).toMatch(/^ {3}- {2}E03 {9}张伟 {6}宁德时代 {6}pending$/m);
    // E01 has the theory mark only: ranked, flagged incomplete.
    expect(m.out()).toMatch(/^ {3}1 {2}E01 .*incomplete$/m);
  });
});
