/**
 * End to end through the real launcher (bin/scoring.js → tsx → main.ts) with real files, the
 * way `npx scoring` runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/scoring.js', import.meta.url));
const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'scoring-cli-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function scoring(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const definition = {
  schemaVersion: 1,
  id: 'mini',
  name: 'Mini',
  events: [
    {
      id: 'ev',
      name: '理论',
      modules: [
        {
          id: 'm',
          name: 'M',
          criteria: [
            {
              id: 'c',
              name: 'C',
              kind: 'points',
              max: 10,
              step: 0.5,
              judges: 1,
              aggregation: { method: 'single' },
            },
          ],
        },
      ],
    },
  ],
};

describe('bin/scoring.js', () => {
  it('scores files on disk and prints JSON', () => {
    const def = join(dir, 'mini.definition.json');
    const marks = join(dir, 'mini.marks.csv');
    writeFileSync(def, JSON.stringify(definition));
    writeFileSync(marks, 'event,criterion,competitor,judge,value\r\nev,c,A,,7.5\r\nev,c,B,,9\r\n');
    const r = scoring(def, marks, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      standings: { events: { rows: { competitor: string; rank: number; score: string }[] }[] };
      nominations: unknown[];
    };
    expect(json.standings.events[0]?.rows.map((x) => [x.competitor, x.rank, x.score])).toEqual([
      ['B', 1, '9'],
      ['A', 2, '7.5'],
    ]);
    expect(json.nominations).toEqual([]);
  });

  it('exits 1 with every problem on stderr for bad input', () => {
    const def = join(dir, 'mini.definition.json');
    const marks = join(dir, 'bad.marks.csv');
    writeFileSync(def, JSON.stringify(definition));
    writeFileSync(marks, 'event,criterion,competitor,judge,value\nev,c,A,,12\nev,x,B,,1\n');
    const r = scoring(def, marks);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${marks}:2 value: c: 12 is outside 0..10\n`);
    expect(r.err).toContain(`${marks}:3 criterion: no criterion "x" in event "ev"\n`);
  });

  it('exits 2 on a usage error', () => {
    const r = scoring('only-one.json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('scoring: missing the marks file');
  });

  it('recomputes the shipped EV battery example', () => {
    const r = scoring(
      join(examples, 'ev-battery.definition.json'),
      join(examples, 'ev-battery.marks.csv'),
      '--roster',
      join(examples, 'ev-battery.roster.csv'),
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // E03 and E04 both total 82.00; practical breaks the tie.
    expect(r.out).toMatch(/^ +3 +E03 .* 82\.00 .*$/m);
    expect(r.out).toContain('tie-break 1: module practical 82.50 > 80.00');
    // The safety gate zeroes E05's practical module.
    expect(r.out).toMatch(/^ +5 +E05 .* 17\.00 +85\.00 +0\.00 +gate safety$/m);
    // E02 is first but not an employee: the 五一 nomination moves up to E01 (递补).
    expect(r.out).toContain('passed over: E02 (rank 1): employee is false, not true');
    expect(r.out).toMatch(/五一劳动奖章推荐 \(wuyi\)[^]*?\n +1 +2 +E01 +王芳/);
  });
});
