/**
 * Demo competition 1: 厦门市第29届职工技能竞赛 — 新能源汽车电池检测与维修. One individual event,
 * live on day 1: theory (20 %) marked for all 42 contestants, the practical (80 %) marked by a
 * four-judge panel for the first two sessions, the third session under way.
 *
 * Real marking sheets for 电池包密封性测试 / 模组配平 / 压差调平 were not found (domain-rules.md
 * §3.6, §5.4): the criteria and their maxima are modelled for the demo; the rules applied to them
 * (weights, trimmed panel, gate, tie-breaks, awards) are the cited ones.
 */
import type { CompetitionInput } from '@skills/scoring';
import { makeNamer, MINNAN_SURNAMES, XIAMEN_COLLEGE, XIAMEN_EMPLOYERS } from './names.ts';
import { seeded, type Random } from './random.ts';
import type {
  DemoAssignment,
  DemoCompetition,
  DemoContestant,
  DemoJudge,
  DemoMark,
  DemoSheetProgress,
} from './types.ts';

const ID = 'xm29-ev-battery';
const EVENT = 'battery';

/** The practical criteria the panel marks: maximum points and the step of a mark. */
const PRACTICAL = [
  { id: 'seal', max: 25, step: 0.5 },
  { id: 'balance', max: 25, step: 0.5 },
  { id: 'delta', max: 20, step: 0.5 },
  { id: 'insulation', max: 15, step: 0.5 },
  // Judgement on a 0–10 scale in half steps, worth 15 points.
  { id: 'conduct', max: 10, step: 0.5 },
] as const;

const THEORY_JUDGE = 'J01';
/** The panel lead (裁判组长) also watches the high-voltage procedure: the gate has one judge. */
const GATE_JUDGE = 'J02';
const PANEL = ['J02', 'J03', 'J04', 'J05'] as const;

/** Practical sessions (场次) of 14 work stations each; the station draw fixes who is in which. */
const STATIONS_PER_SESSION = 14;
const SESSIONS = ['A', 'B', 'C'] as const;

/** Draw positions with a story: the strongest contestant (a student, see the draw below), weak
 * performances (one per session), the high-voltage violation and the out-of-tolerance mark. */
const STAR = 5;
const WEAK: readonly number[] = [9, 24, 35];
const GATE_VIOLATION = 17;
const SPREAD = 20;
/** Stations of session C that two panel judges have marked so far. */
const SESSION_C_MARKED = 2;

/** Contestants per employer, aligned with XIAMEN_EMPLOYERS; 3 more come from the college. */
const QUOTAS = [5, 5, 5, 5, 4, 3, 3, 3, 2, 2, 2] as const;
const COLLEGE_SEATS = 3;

const definition: CompetitionInput = {
  schemaVersion: 1,
  id: ID,
  name: '厦门市第29届职工技能竞赛 — 新能源汽车电池检测与维修',
  version: 1,
  events: [
    {
      id: EVENT,
      name: '新能源汽车电池检测与维修',
      max: 100,
      // Subjective items: highest and lowest mark dropped, mean of the rest (赛项规程,
      // domain-rules.md §2.2, wanglu.net). Rulebooks ask for 5 judges; the demo's panel has 4,
      // which leaves the mean of the middle two, as in the 4-judge rule quoted in §2.2.
      judges: PANEL.length,
      aggregation: { method: 'trimmedMean', drop: 1 },
      // Invented for the demo: marks more than 3 points (3 scale steps) apart go to the chief.
      spreadTolerance: 3,
      // Total to 2 dp, 四舍五入 (the panel rounding of §2.2).
      rounding: { event: { places: 2, mode: 'halfUp' } },
      modules: [
        {
          id: 'theory',
          name: '理论知识',
          // 理论 20 %、技能 80 % (domain-rules.md §2.1: 全国水利中职, 2015 省建筑技能大赛).
          weight: 20,
          criteria: [
            {
              id: 'theory',
              name: '理论考试',
              description: '闭卷机考，满分100分',
              kind: 'points',
              max: 100,
              step: 1,
              judges: 1,
              aggregation: { method: 'single' },
            },
          ],
        },
        {
          id: 'practical',
          name: '实际操作',
          weight: 80,
          criteria: [
            {
              id: 'seal',
              name: '电池包密封性测试',
              // Pressure-decay parameters from an industry lab page (§3.6), not a rulebook.
              description: '保压法检测，正压0.5–2.0 kPa，泄漏率≤5 Pa/min为合格',
              kind: 'points',
              max: 25,
              step: 0.5,
            },
            { id: 'balance', name: '电池模组配平', kind: 'points', max: 25, step: 0.5 },
            { id: 'delta', name: '电池模组压差调平', kind: 'points', max: 20, step: 0.5 },
            // 绝缘(漏电)检测 is on the NEV fault-diagnosis task list (§3.6).
            { id: 'insulation', name: '绝缘检测', kind: 'points', max: 15, step: 0.5 },
            {
              id: 'conduct',
              name: '操作规范与职业素养',
              kind: 'judgement',
              max: 15,
              scale: { max: 10, step: 0.5 },
            },
            {
              // Serious violation → the chief referee terminates, score per rule (§3.6): here
              // the practical module scores 0, as in the golden case ev-battery.json.
              id: 'hv',
              name: '高压安全操作（违规则实操成绩记零分）',
              kind: 'gate',
              effect: 'zeroModule',
              judges: 1,
              aggregation: { method: 'single' },
            },
          ],
        },
      ],
      // 若综合总分相同，以操作技能分高者为先 (南宁 2011), then theory (灯具), §2.6.
      tieBreaks: [
        { by: 'module', module: 'practical' },
        { by: 'module', module: 'theory' },
      ],
    },
  ],
  overall: [
    {
      // Team result = sum of each unit's best 3 (邹城, domain-rules.md §3.5).
      id: 'units',
      name: '单位团体成绩（前3名之和）',
      scope: 'delegation',
      method: { kind: 'weightedSum', events: [{ event: EVENT }] },
      delegation: { method: 'best', count: 3 },
      rounding: { places: 2 },
    },
  ],
  awards: [
    // 一/二/三等奖 = 10 % / 20 % / 30 % of entrants, each tier after the one above (2012 人社部,
    // domain-rules.md §2.8; golden case awards-move-up.json).
    {
      id: 'first',
      name: '一等奖',
      standings: { of: 'event', event: EVENT },
      select: { kind: 'topPercent', percent: 10 },
    },
    {
      id: 'second',
      name: '二等奖',
      standings: { of: 'event', event: EVENT },
      select: { kind: 'topPercent', percent: 20 },
      exclusiveWith: ['first'],
    },
    {
      id: 'third',
      name: '三等奖',
      standings: { of: 'event', event: EVENT },
      select: { kind: 'topPercent', percent: 30 },
      exclusiveWith: ['first', 'second'],
    },
    {
      // 项目第1名职工 → 五一劳动奖章 (湖南 2022, 陕西 2017; §2.8); a student's place is 递补.
      id: 'wuyi',
      name: '厦门市五一劳动奖章推荐',
      standings: { of: 'event', event: EVENT },
      select: { kind: 'top', n: 1 },
      eligibility: [{ attribute: 'employee', in: [true] }],
      moveUp: true,
    },
    {
      // 前5名且为职工身份 → 技术能手 (人社部 2017, §2.8); the 80-point floor is invented.
      id: 'nengshou',
      name: '厦门市技术能手',
      standings: { of: 'event', event: EVENT },
      select: { kind: 'top', n: 5 },
      minScore: 80,
      eligibility: [{ attribute: 'employee', in: [true] }],
      moveUp: true,
    },
    {
      // 前6 符合条件 → 晋升技师 (舟山 2018, §2.8); 60 = pass (电梯维修工, §2.1). Top 5 is the
      // demo's choice.
      id: 'jishi',
      name: '晋升技师（二级）',
      standings: { of: 'event', event: EVENT },
      select: { kind: 'top', n: 5 },
      minScore: 60,
    },
  ],
};

interface Entrant {
  readonly contestant: DemoContestant;
  /** Share of full marks this contestant tends to earn (0..1). */
  readonly ability: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function uniform(rng: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** A mark near `x`, on the criterion's step and inside 0..max, as the tablet would send it. */
function onStep(x: number, step: number, max: number): string {
  const units = Math.min(Math.max(Math.round(x / step), 0), Math.round(max / step));
  return String(units * step);
}

function buildJudges(rng: Random, name: (g: 'M' | 'F') => string): DemoJudge[] {
  const pins = new Set<string>();
  return ['J01', ...PANEL].map((code) => {
    let pin: string;
    do pin = String(rng.between(100000, 999999));
    while (pins.has(pin));
    pins.add(pin);
    return { code, name: name(rng.chance(0.3) ? 'F' : 'M'), pin };
  });
}

/** Contestants in bib order, each with a station from the draw, and the draw order itself. */
function buildRoster(
  rng: Random,
  name: (g: 'M' | 'F') => string,
): { entrants: Entrant[]; drawOrder: string[] } {
  const seats = [
    ...XIAMEN_EMPLOYERS.flatMap((unit, i) => Array<string>(QUOTAS[i] ?? 0).fill(unit)),
    ...Array<string>(COLLEGE_SEATS).fill(XIAMEN_COLLEGE),
  ];
  const people = rng.shuffle(seats).map((unit, i) => {
    const student = unit === XIAMEN_COLLEGE;
    const gender = rng.chance(student ? 0.25 : 0.15) ? 'F' : 'M';
    return {
      id: `E${pad(i + 1, 2)}`,
      bib: pad(i + 1, 3),
      name: name(gender),
      gender,
      unit,
      student,
      age: student ? rng.between(19, 22) : rng.between(24, 52),
      ability: uniform(rng, 0.74, 0.92),
    } as const;
  });

  // 二次加密: the station draw (domain-rules.md §2.3). A student is moved to the sixth station of
  // session A so that the demo shows 递补: the top-ranked contestant is not an employee.
  const draw: string[] = rng.shuffle(people.map((p) => p.id));
  const [star] = draw.splice(
    draw.findIndex((id) => people.find((p) => p.id === id)?.student === true),
    1,
  );
  if (star !== undefined) draw.splice(STAR, 0, star);

  const position = new Map(draw.map((id, i) => [id, i]));
  const entrants = people.map((p): Entrant => {
    const at = position.get(p.id) ?? 0;
    const session = SESSIONS[Math.floor(at / STATIONS_PER_SESSION)] ?? 'C';
    // Invented, for a realistic spread of results.
    const ability = at === STAR ? 0.97 : WEAK.includes(at) ? uniform(rng, 0.5, 0.6) : p.ability;
    return {
      ability,
      contestant: {
        id: p.id,
        bib: p.bib,
        name: p.name,
        gender: p.gender,
        unit: p.unit,
        delegation: p.unit,
        station: `${session}-${pad((at % STATIONS_PER_SESSION) + 1, 2)}`,
        attributes: {
          employee: !p.student,
          age: p.age,
          category: p.student ? '院校学生' : '职工',
        },
      },
    };
  });
  return { entrants, drawOrder: draw };
}

/** What has been entered by the demo's moment: the start of the third practical session. */
function buildMarks(
  rng: Random,
  entrants: readonly Entrant[],
  drawOrder: readonly string[],
): { marks: DemoMark[]; sheets: DemoSheetProgress[] } {
  const marks: DemoMark[] = [];
  const sheets: DemoSheetProgress[] = [];
  const byId = new Map(entrants.map((e) => [e.contestant.id, e]));
  const mark = (judge: string, competitor: string, criterion: string, value: string): void => {
    marks.push({ event: EVENT, judge, competitor, criterion, value });
  };
  const sheet = (judge: string, competitor: string, state: 'submitted' | 'verified'): void => {
    sheets.push({ event: EVENT, judge, competitor, state });
  };

  // Theory: the paper of all 42 is marked and verified before the practical starts.
  for (const { contestant, ability } of entrants) {
    const score = onStep(100 * (ability + uniform(rng, -0.07, 0.05)), 1, 100);
    mark(THEORY_JUDGE, contestant.id, 'theory', score);
    sheet(THEORY_JUDGE, contestant.id, 'verified');
  }

  // Practical, in draw order: session A verified, session B submitted, and the first stations of
  // session C marked by two judges so far (draft sheets).
  const marked = 2 * STATIONS_PER_SESSION + SESSION_C_MARKED;
  drawOrder.slice(0, marked).forEach((id, at) => {
    const session = Math.floor(at / STATIONS_PER_SESSION);
    const ability = byId.get(id)?.ability ?? 0;
    const truth = PRACTICAL.map((c) => c.max * Math.min(1, ability + uniform(rng, -0.05, 0.05)));
    for (const judge of session < 2 ? PANEL : PANEL.slice(0, 2)) {
      PRACTICAL.forEach((c, i) => {
        const t = truth[i] ?? 0;
        // Judges agree within about a point; at the SPREAD station J05 marks balance 5 lower,
        // which the spread rule sends to the chief judge.
        const outlier = at === SPREAD && judge === 'J05' && c.id === 'balance';
        mark(judge, id, c.id, onStep(outlier ? t - 5 : t + uniform(rng, -1, 1), c.step, c.max));
      });
      if (judge === GATE_JUDGE) mark(judge, id, 'hv', at === GATE_VIOLATION ? '1' : '0');
      if (session < 2) sheet(judge, id, session === 0 ? 'verified' : 'submitted');
    }
  });
  return { marks, sheets };
}

export function buildEvBattery(): DemoCompetition {
  const rng = seeded(ID);
  const name = makeNamer(rng.fork('names'), { surnames: MINNAN_SURNAMES, share: 0.65 });
  const judges = buildJudges(rng.fork('judges'), name);
  const { entrants, drawOrder } = buildRoster(rng.fork('roster'), name);
  const { marks, sheets } = buildMarks(rng.fork('marks'), entrants, drawOrder);
  const practical = PRACTICAL.map((c) => c.id);
  const assignments: DemoAssignment[] = [
    { judge: THEORY_JUDGE, event: EVENT, criteria: ['theory'] },
    ...PANEL.map((judge) => ({
      judge,
      event: EVENT,
      criteria: judge === GATE_JUDGE ? [...practical, 'hv'] : practical,
    })),
  ];
  return {
    id: ID,
    definition,
    contestants: entrants.map((e) => e.contestant),
    teams: [],
    judges,
    chief: {
      username: 'xm29-chief',
      name: name('M'),
      password: `xm29-${rng.between(100000, 999999)}`,
    },
    assignments,
    // Names stay hidden on the public board until the chief referee locks the scores (§2.3).
    events: [{ event: EVENT, status: 'live', publicNames: false, day: 1 }],
    drawSeed: `${ID}/draw`,
    marks,
    sheets,
  };
}

export const evBattery: DemoCompetition = buildEvBattery();
