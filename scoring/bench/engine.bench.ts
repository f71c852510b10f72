/**
 * Engine benchmark (DESIGN.md §8): full recompute of one event at 1k, 10k and 100k contestants ×
 * 20 criteria × 5 judges (trimmed mean), and one-mark incremental updates at 10k, with the
 * incremental/full ratio measured in the same run. Run: `npm run bench -w scoring`.
 * Figures are medians of several runs; this is a benchmark, not a timed test.
 */
import { performance } from 'node:perf_hooks';
import { parseCompetition, Scoring, type Competition, type MarkInput } from '../src/index.ts';

const CRITERIA = 20;
const JUDGES = 5;

/** Deterministic PRNG (mulberry32) so every run scores the same marks. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function definition(): Competition {
  const modules = [0, 1, 2, 3].map((m) => ({
    id: `m${m}`,
    name: `Module ${m}`,
    weight: 25,
    criteria: Array.from({ length: CRITERIA / 4 }, (_, k) => ({
      id: `c${m * 5 + k}`,
      name: `Criterion ${m * 5 + k}`,
      kind: 'points' as const,
      max: 10,
      step: 0.5,
    })),
  }));
  const parsed = parseCompetition({
    schemaVersion: 1,
    id: 'bench',
    name: 'Benchmark',
    events: [
      {
        id: 'ev',
        name: 'Event',
        judges: JUDGES,
        aggregation: { method: 'trimmedMean', drop: 1 },
        spreadTolerance: 3,
        modules,
        tieBreaks: [
          { by: 'module', module: 'm3' },
          { by: 'criterion', criterion: 'c0' },
        ],
      },
    ],
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.problems));
  return parsed.data;
}

/**
 * Marks as real panels give them: each contestant has a level, each criterion varies around it,
 * and judges agree within half a point, with one sheet in fifty given an outlier that exceeds the
 * spread tolerance (so flags are exercised too).
 */
function marksFor(n: number, random: () => number): MarkInput[] {
  const marks: MarkInput[] = [];
  const half = (x: number): number => Math.min(10, Math.max(0, Math.round(x * 2) / 2));
  for (let i = 0; i < n; i++) {
    const competitor = `C${String(i).padStart(6, '0')}`;
    const level = 4 + random() * 5;
    for (let c = 0; c < CRITERIA; c++) {
      const base = level + (random() - 0.5) * 2;
      const outlier = random() < 0.02 ? Math.floor(random() * JUDGES) : -1;
      for (let j = 0; j < JUDGES; j++) {
        const value = j === outlier ? half(base + 4) : half(base + (random() - 0.5));
        marks.push({ event: 'ev', criterion: `c${c}`, competitor, judge: `J${j + 1}`, value });
      }
    }
  }
  return marks;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function create(def: Competition, marks: MarkInput[]): { ms: number; scoring: Scoring } {
  gc();
  const t0 = performance.now();
  const r = Scoring.create(def, { marks });
  if (!r.success) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  r.data.standings();
  return { ms: performance.now() - t0, scoring: r.data };
}

function recompute(scoring: Scoring): number {
  gc();
  const t0 = performance.now();
  scoring.recomputeAll();
  return performance.now() - t0;
}

const def = definition();
const random = rng(42);
const fmt = (ms: number): string => `${ms.toFixed(ms < 1 ? 3 : 1)} ms`;
console.log(
  `engine benchmark: one event, ${CRITERIA} criteria × ${JUDGES} judges (trimmed mean), weighted modules`,
);
console.log(
  'contestants | marks     | full recompute from stored marks | validate + load + compute (median)',
);

let full10k = 0;
let scoring10k: Scoring | undefined;
for (const n of [1_000, 10_000, 100_000]) {
  let marks: MarkInput[] | undefined = marksFor(n, random);
  const runs = n >= 100_000 ? 3 : 11;
  const created: number[] = [];
  let scoring = create(def, marks).scoring; // warm-up
  for (let r = 0; r < runs; r++) {
    const res = create(def, marks);
    created.push(res.ms);
    scoring = res.scoring;
  }
  const markCount = marks.length;
  // A recompute reads the stored marks only: the input array is let go before it is timed.
  marks = undefined;
  recompute(scoring); // warm-up
  const recomputed: number[] = [];
  for (let r = 0; r < runs; r++) recomputed.push(recompute(scoring));
  const m = median(recomputed);
  if (n === 10_000) {
    full10k = m;
    scoring10k = scoring;
  }
  console.log(
    `${String(n).padStart(11)} | ${String(markCount).padStart(9)} | ${fmt(m).padStart(32)} | ${fmt(median(created)).padStart(10)}`,
  );
}

if (scoring10k) {
  const updates = 2_000;
  const times: number[] = [];
  for (let i = 0; i < updates + 200; i++) {
    const mark: MarkInput = {
      event: 'ev',
      criterion: `c${Math.floor(random() * CRITERIA)}`,
      competitor: `C${String(Math.floor(random() * 10_000)).padStart(6, '0')}`,
      judge: `J${1 + Math.floor(random() * JUDGES)}`,
      value: Math.round(8 + random() * 4) / 2,
    };
    const t0 = performance.now();
    const r = scoring10k.applyMark(mark);
    const dt = performance.now() - t0;
    if (!r.success) throw new Error(JSON.stringify(r.problems));
    if (i >= 200) times.push(dt); // the first 200 warm the JIT
  }
  const inc = median(times);
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  console.log(
    `\nincremental one-mark update at 10,000 contestants: median ${fmt(inc)}, p95 ${fmt(p95)} (${updates} updates)`,
  );
  console.log(`full recompute at 10,000: ${fmt(full10k)}`);
  console.log(`ratio full / incremental: ${(full10k / inc).toFixed(0)}× (target ≥ 50×)`);
  console.log(`10k full recompute vs target 100 ms: ${(full10k / 100).toFixed(2)} of budget`);
}
