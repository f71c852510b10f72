/**
 * Bad input never throws: whatever the files hold, the CLI answers 0 (results) or 1 (problems,
 * each on its own located line), never an internal error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './main.ts';

const definition = JSON.stringify({
  schemaVersion: 1,
  id: 'cup',
  name: 'Cup',
  events: [
    {
      id: 'ev',
      name: 'Event',
      judges: 3,
      rankBy: { by: 'score' },
      modules: [
        {
          id: 'm',
          name: 'M',
          criteria: [
            { id: 'p', name: 'P', kind: 'points', max: 10, step: 0.5 },
            {
              id: 't',
              name: 'T',
              kind: 'time',
              judges: 1,
              aggregation: { method: 'single' },
              conversion: { method: 'linear', max: 10, target: 60, cutoff: 120 },
            },
            { id: 'g', name: 'G', kind: 'gate', effect: 'disqualify', judges: 1 },
          ],
        },
      ],
      team: { method: 'best', count: 1 },
    },
  ],
  overall: [
    {
      id: 'o',
      name: 'O',
      scope: 'delegation',
      method: { kind: 'weightedSum', events: [{ event: 'ev' }] },
    },
  ],
  awards: [
    {
      id: 'a',
      name: 'A',
      standings: { of: 'event', event: 'ev' },
      select: { kind: 'topPercent', percent: 50 },
      eligibility: [{ attribute: 'gender', in: ['F'] }],
    },
  ],
});

async function run(files: Record<string, string>, argv: string[]) {
  let err = '';
  const io: CliIo = {
    readFile: (p) => {
      const t = files[p];
      return t === undefined ? Promise.reject(new Error('missing')) : Promise.resolve(t);
    },
    stdout: () => undefined,
    stderr: (s) => {
      err += s;
    },
  };
  const code = await main(argv, io);
  return { code, err };
}

const cell = fc.oneof(
  fc.constantFrom('ev', 'p', 't', 'g', '-', '', 'A', 'B', 'T1', 'J1', 'J2', 'J3', 'J4'),
  fc.constantFrom('7.5', '10', '11', '-1', '0.25', '1:02.35', 'DNF', 'dns', 'DQ', '1', 'pass'),
  fc.constantFrom('"', '""', '"a,b"', 'x y', '王芳', '\uFEFF', '1e3', 'NaN', ' 3 '),
  fc.string({ maxLength: 6 }),
);
const row = fc.array(cell, { minLength: 0, maxLength: 7 }).map((cells) => cells.join(','));
const header = fc.constantFrom(
  'event,criterion,competitor,judge,value',
  'event,criterion,competitor,value',
  'event,criterion,competitor,judge,value,reason',
  'event,criterion,value',
  '',
);
const csv = fc
  .tuple(header, fc.array(row, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'))
  .map(([h, rows, eol]) => [h, ...rows].join(eol));

const rosterCsv = fc
  .array(
    fc.tuple(
      fc.constantFrom('A', 'B', 'C', '', 'x/y'),
      fc.constantFrom('T1', 'T2', '', 'A'),
      fc.constantFrom('F', 'M', 'true', ''),
      fc.constantFrom('ev', '', 'ev;zz', 'T1'),
    ),
    { maxLength: 5 },
  )
  .map((rows) => ['id,team,gender,events', ...rows.map((r) => r.join(','))].join('\n'));

function expectLocatedProblems(code: number, err: string): void {
  expect([0, 1]).toContain(code);
  if (code === 1) {
    const lines = err.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^scoring: \d+ problems? in the input; nothing was computed$/);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^(m\.csv|r\.csv|m\.json)\S*( |:)/);
  }
}

describe('the CLI never fails on bad input', () => {
  it('random marks and roster CSV: exit 0 or 1 with located problems', async () => {
    await fc.assert(
      fc.asyncProperty(csv, fc.option(rosterCsv), async (marks, roster) => {
        const argv = ['d.json', 'm.csv', ...(roster !== null ? ['--roster', 'r.csv'] : [])];
        const r = await run({ 'd.json': definition, 'm.csv': marks, 'r.csv': roster ?? '' }, argv);
        expectLocatedProblems(r.code, r.err);
      }),
      { numRuns: 300 },
    );
  });

  it('random JSON marks: exit 0 or 1 with located problems', async () => {
    const mark = fc.record(
      {
        event: fc.constantFrom('ev', 'x', 3),
        criterion: fc.constantFrom('p', 't', 'g', 'q'),
        competitor: fc.constantFrom('A', 'B', 'T1', ''),
        judge: fc.constantFrom('J1', 'J2', 'J3', 'J4', ''),
        value: fc.oneof(fc.double(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null)),
      },
      { requiredKeys: [] },
    );
    const doc = fc.record(
      {
        marks: fc.oneof(fc.array(mark, { maxLength: 10 }), fc.jsonValue()),
        statuses: fc.array(
          fc.record({
            event: fc.constant('ev'),
            competitor: fc.constantFrom('A', 'Z'),
            status: fc.constantFrom('DNF', 'X'),
          }),
          { maxLength: 2 },
        ),
        contestants: fc.array(fc.record({ id: fc.constantFrom('A', 'B', 'A') }), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(doc, fc.jsonValue()), async (value) => {
        const r = await run({ 'd.json': definition, 'm.json': JSON.stringify(value) }, [
          'd.json',
          'm.json',
        ]);
        expectLocatedProblems(r.code, r.err);
      }),
      { numRuns: 300 },
    );
  });
});
