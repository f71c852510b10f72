/**
 * Demo competition 2: 首届全国林草行业森林消防员职业技能竞赛. 35 teams of 10, 7 events over 3 days
 * (the event list of 广东 2023, domain-rules.md §3.1): day 1 finished (theory, drone patrol, pump
 * relay), day 2 under way (loaded run, wind-blower tactics), day 3 not started (chainsaw, GNSS).
 *
 * Per-event scoring formulas for these forest events were not found (§3.1, §5.3): the criteria,
 * maxima and limits below are modelled for the demo, with the nearest published analogue cited
 * where one exists (penalty seconds §3.2, team = last member §3.1, time sums §3.5).
 */
import type { CompetitionInput } from '@skills/scoring';
import { FOREST_DELEGATIONS, makeNamer } from './names.ts';
import { seeded, type Random } from './random.ts';
import type {
  DemoAssignment,
  DemoCompetition,
  DemoContestant,
  DemoEvent,
  DemoJudge,
  DemoMark,
  DemoSheetProgress,
  DemoTeam,
} from './types.ts';

const ID = 'forest-firefighting-1';
const TEAM_SIZE = 10;
/** Members per team entered in each of the two individual skill events (demo's choice). */
const SKILL_SEATS = 3;

const SCHEDULE: readonly DemoEvent[] = [
  { event: 'theory', status: 'final', publicNames: true, day: 1 },
  { event: 'drone', status: 'final', publicNames: true, day: 1 },
  { event: 'pump', status: 'frozen', publicNames: true, day: 1 },
  { event: 'run', status: 'live', publicNames: true, day: 2 },
  { event: 'wind', status: 'live', publicNames: true, day: 2 },
  { event: 'chainsaw', status: 'setup', publicNames: true, day: 3 },
  { event: 'gnss', status: 'setup', publicNames: true, day: 3 },
];
const ALL_EVENTS = SCHEDULE.map((e) => e.event);

/** Judges and what each marks, besides the split loaded-run timing below. */
const PANELS: readonly { judge: string; event: string; criteria?: readonly string[] }[] = [
  { judge: 'J01', event: 'theory' },
  { judge: 'J02', event: 'drone' },
  { judge: 'J03', event: 'drone', criteria: ['route', 'detect', 'report', 'conduct'] },
  { judge: 'J04', event: 'drone', criteria: ['route', 'detect', 'report', 'conduct'] },
  { judge: 'J05', event: 'pump', criteria: ['time'] },
  { judge: 'J06', event: 'pump', criteria: ['drop', 'hose'] },
  { judge: 'J07', event: 'wind', criteria: ['bricks', 'time', 'teamwork'] },
  { judge: 'J08', event: 'wind', criteria: ['teamwork', 'safety'] },
  { judge: 'J09', event: 'wind', criteria: ['teamwork'] },
  { judge: 'J14', event: 'chainsaw', criteria: ['time', 'contact'] },
  { judge: 'J15', event: 'chainsaw', criteria: ['fault'] },
  { judge: 'J16', event: 'gnss', criteria: ['locate', 'time'] },
  { judge: 'J17', event: 'gnss', criteria: ['record'] },
  { judge: 'J18', event: 'gnss', criteria: ['map'] },
];
/** The drone criteria the whole panel marks, with their maximum mark (conduct: 0–10 scale). */
const DRONE_PANEL_CRITERIA = [
  ['route', 20],
  ['detect', 40],
  ['report', 25],
  ['conduct', 10],
] as const;
/** The loaded run has two finish lines' worth of runners: teams T01–T18 and T19–T35. */
const RUN_CREWS = [
  { timing: 'J10', penalties: 'J11', teams: [1, 18] },
  { timing: 'J12', penalties: 'J13', teams: [19, 35] },
] as const;

const definition: CompetitionInput = {
  schemaVersion: 1,
  id: ID,
  name: '首届全国林草行业森林消防员职业技能竞赛',
  version: 1,
  events: [
    {
      id: 'theory',
      name: '理论知识',
      judges: 1,
      modules: [
        {
          id: 'exam',
          name: '理论知识考试',
          criteria: [
            {
              id: 'score',
              name: '理论考试成绩',
              // Closed book, 40 minutes (库都尔林业局, §3.1).
              description: '闭卷，40分钟，满分100分',
              kind: 'points',
              max: 100,
              step: 0.5,
            },
          ],
        },
      ],
      // Team theory score = average of the members (工程测量, §3.5).
      team: { method: 'mean' },
    },
    {
      id: 'drone',
      name: '无人机航空巡护',
      entrants: 'team',
      // Invented for the demo: a 3-judge panel, mean of the three (no forest rule found, §5.3).
      judges: 3,
      aggregation: { method: 'mean' },
      spreadTolerance: 3,
      rounding: { event: { places: 2, mode: 'halfUp' } },
      modules: [
        {
          id: 'patrol',
          name: '巡护任务',
          criteria: [
            { id: 'route', name: '航线规划与起降', kind: 'points', max: 20, step: 0.5 },
            { id: 'detect', name: '火点发现与定位', kind: 'points', max: 40, step: 0.5 },
            { id: 'report', name: '图像回传与火情报告', kind: 'points', max: 25, step: 0.5 },
            {
              id: 'conduct',
              name: '协同与操作规范',
              kind: 'judgement',
              max: 15,
              scale: { max: 10, step: 0.5 },
            },
            {
              // Per-occurrence deduction, as the 工程测量 scorecard's unsafe operation (§3.6).
              id: 'violation',
              name: '违规飞行（每次扣5分）',
              kind: 'deduction',
              max: 15,
              perItem: 5,
              judges: 1,
              aggregation: { method: 'single' },
            },
            {
              id: 'duration',
              name: '任务用时',
              kind: 'time',
              precision: 1,
              judges: 1,
              aggregation: { method: 'single' },
            },
          ],
        },
      ],
      // Equal points → the faster mission first (the 灯具 "shorter time first" rule, §2.6).
      tieBreaks: [{ by: 'time', criterion: 'duration' }],
    },
    {
      id: 'pump',
      name: '水泵接力协同战术',
      entrants: 'team',
      rankBy: { by: 'time', criterion: 'time' },
      judges: 1,
      modules: [
        {
          id: 'relay',
          // Two pumps in series, boosted, hitting an elevated target (泰安 2025, §3.1).
          name: '双泵串联接力供水',
          criteria: [
            // 15-minute limit invented for the demo.
            { id: 'time', name: '用时', kind: 'time', precision: 2, limit: 900 },
            // +3 s per dropped item, +2 s per hose out of lane or twisted (水带连接, §3.2).
            {
              id: 'drop',
              name: '器材掉落未复位（每件+3秒）',
              kind: 'penalty',
              time: 'time',
              secondsPerItem: 3,
            },
            {
              id: 'hose',
              name: '水带出界或扭转（每处+2秒）',
              kind: 'penalty',
              time: 'time',
              secondsPerItem: 2,
            },
          ],
        },
      ],
    },
    {
      id: 'run',
      name: '携装负重越野（5公里）',
      rankBy: { by: 'time', criterion: 'time' },
      judges: 1,
      // Team result = the time of its last member (吉林 森林消防, §3.1; golden forest-loaded-run).
      team: { method: 'slowest' },
      modules: [
        {
          id: 'run',
          name: '越野',
          criteria: [
            // Hundredths, truncated (WCA, §3.2); the 40-minute limit is invented.
            {
              id: 'time',
              name: '用时',
              kind: 'time',
              precision: 2,
              entryRounding: 'truncate',
              limit: 2400,
            },
            {
              id: 'drop',
              name: '掉落装备未复位（每件+3秒）',
              kind: 'penalty',
              time: 'time',
              secondsPerItem: 3,
            },
          ],
        },
      ],
    },
    {
      id: 'wind',
      name: '风力灭火协作战术',
      entrants: 'team',
      // Invented for the demo: bricks, time and teamwork make 100 points (泰安 2025 describes the
      // task, not its scoring, §3.1).
      judges: 3,
      aggregation: { method: 'mean' },
      spreadTolerance: 3,
      rounding: { event: { places: 2, mode: 'halfUp' } },
      modules: [
        {
          id: 'attack',
          name: '吹砖入区',
          criteria: [
            {
              id: 'bricks',
              name: '目标区砖块得分',
              description: '不同重量砖块吹入目标区，按重量计分',
              kind: 'points',
              max: 50,
              step: 1,
              judges: 1,
              aggregation: { method: 'single' },
            },
            {
              // Best time gets full marks, the rest in proportion (§3.3).
              id: 'time',
              name: '完成用时',
              kind: 'time',
              precision: 1,
              limit: 600,
              conversion: { method: 'proportional', max: 30 },
              judges: 1,
              aggregation: { method: 'single' },
            },
            {
              id: 'teamwork',
              name: '协同配合',
              kind: 'judgement',
              max: 20,
              scale: { max: 10, step: 0.5 },
            },
            {
              id: 'safety',
              name: '安全违规（每次扣2分）',
              kind: 'deduction',
              max: 10,
              perItem: 2,
              judges: 1,
              aggregation: { method: 'single' },
            },
          ],
        },
      ],
      tieBreaks: [{ by: 'time', criterion: 'time' }],
    },
    {
      id: 'chainsaw',
      name: '油锯切割技术',
      rankBy: { by: 'time', criterion: 'time' },
      judges: 1,
      // Team time = sum of its members' times (趣味灭火, §3.2).
      team: { method: 'sum' },
      modules: [
        {
          id: 'cut',
          name: '精准切割',
          // EuroJack precision cutting (§3.2): time, +20 s per wrong thickness, wrong length or
          // cut-through; any body contact with the log disqualifies.
          criteria: [
            { id: 'time', name: '用时', kind: 'time', precision: 2, limit: 300 },
            {
              id: 'fault',
              name: '厚度、长度或切透不合格（每项+20秒）',
              kind: 'penalty',
              time: 'time',
              secondsPerItem: 20,
              maxItems: 3,
            },
            { id: 'contact', name: '身体接触木料（取消资格）', kind: 'gate', effect: 'disqualify' },
          ],
        },
      ],
    },
    {
      id: 'gnss',
      name: '卫星导航设备操作',
      judges: 1,
      // Team score = sum of its members' (灯具: sum of the 3 members, §2.6).
      team: { method: 'sum' },
      modules: [
        {
          id: 'nav',
          name: '卫星导航定位与识图用图',
          criteria: [
            { id: 'locate', name: '点位定位（5个点位）', kind: 'points', max: 50, step: 1 },
            { id: 'record', name: '坐标读取与记录', kind: 'points', max: 20, step: 0.5 },
            { id: 'map', name: '识图用图', kind: 'points', max: 30, step: 0.5 },
            { id: 'time', name: '用时', kind: 'time', precision: 0, limit: 3600 },
          ],
        },
      ],
      tieBreaks: [{ by: 'time', criterion: 'time' }],
    },
  ],
  overall: [
    {
      // Rank points N − rank + 1 per event, non-finishers 0 (§3.3), so a team's total grows as
      // events finish; equal totals → more firsts, then seconds, thirds (Science Olympiad, §3.4).
      id: 'teams',
      name: '团体总成绩（各项目名次积分之和）',
      scope: 'team',
      method: { kind: 'rankPoints', events: ALL_EVENTS, points: { kind: 'reverseRank' } },
      tieBreaks: [{ by: 'placeCounts', places: 3 }],
    },
    {
      // Individual all-round = points over theory and the loaded run (四川 2024, §3.1; its third
      // subject has no counterpart here). Equal totals → the better run.
      id: 'allround',
      name: '个人全能（理论知识与携装负重越野名次积分之和）',
      scope: 'individual',
      method: { kind: 'rankPoints', events: ['theory', 'run'], points: { kind: 'reverseRank' } },
      tieBreaks: [{ by: 'event', event: 'run' }],
    },
  ],
  awards: [
    // 一/二/三等奖 = 10 % / 20 % / 30 % of the field (2012 人社部, §2.8): 3, 7 and 10 teams.
    {
      id: 'team-first',
      name: '团体一等奖',
      standings: { of: 'overall', overall: 'teams' },
      select: { kind: 'topPercent', percent: 10 },
    },
    {
      id: 'team-second',
      name: '团体二等奖',
      standings: { of: 'overall', overall: 'teams' },
      select: { kind: 'topPercent', percent: 20 },
      exclusiveWith: ['team-first'],
    },
    {
      id: 'team-third',
      name: '团体三等奖',
      standings: { of: 'overall', overall: 'teams' },
      select: { kind: 'topPercent', percent: 30 },
      exclusiveWith: ['team-first', 'team-second'],
    },
    {
      // 前5名且为职工身份 → 全国技术能手 (人社部 2017, §2.8); 10 for a field of 350 is invented.
      id: 'nengshou',
      name: '全国林业和草原行业技术能手',
      standings: { of: 'overall', overall: 'allround' },
      select: { kind: 'top', n: 10 },
      eligibility: [{ attribute: 'employee', in: [true] }],
      moveUp: true,
    },
    {
      // 第1名职工 → 五一劳动奖章 (湖南 2022, 陕西 2017, §2.8), with 递补.
      id: 'wuyi',
      name: '全国五一劳动奖章推荐',
      standings: { of: 'overall', overall: 'allround' },
      select: { kind: 'top', n: 1 },
      eligibility: [{ attribute: 'employee', in: [true] }],
      moveUp: true,
    },
    // Each practical subject has its own 1st–3rd prizes (四川 2024, §3.1).
    ...(
      [
        ['run', '携装负重越野单项奖'],
        ['chainsaw', '油锯切割技术单项奖'],
        ['gnss', '卫星导航设备操作单项奖'],
      ] as const
    ).map(([event, name]) => ({
      id: `single-${event}`,
      name,
      standings: { of: 'event' as const, event },
      select: { kind: 'top' as const, n: 3 },
    })),
  ],
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function uniform(rng: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** A mark near `x`, on the criterion's step and inside 0..max. */
function onStep(x: number, step: number, max: number): string {
  const units = Math.min(Math.max(Math.round(x / step), 0), Math.round(max / step));
  return String(units * step);
}

/** Seconds as a stopwatch shows them: "25:40.57" (places decimals, cut, not rounded). */
function clock(seconds: number, places: number): string {
  const scale = 10 ** places;
  const units = Math.floor(seconds * scale);
  const minutes = Math.floor(units / (60 * scale));
  const rest = units - minutes * 60 * scale;
  const secs = `${pad(Math.floor(rest / scale), 2)}${places > 0 ? `.${pad(rest % scale, places)}` : ''}`;
  return `${minutes}:${secs}`;
}

/** A count of infractions: mostly none, sometimes one, rarely two. */
function infractions(rng: Random, p: number): string {
  const x = rng.next();
  return x < p * 0.2 ? '2' : x < p ? '1' : '0';
}

interface Roster {
  readonly teams: DemoTeam[];
  readonly contestants: DemoContestant[];
  /** Team id → how strong the team is (share of full marks, 0..1). */
  readonly strength: ReadonlyMap<string, number>;
  /** Contestant id → how strong the member is. */
  readonly ability: ReadonlyMap<string, number>;
}

function buildRoster(rng: Random, name: (g: 'M' | 'F') => string): Roster {
  const teams: DemoTeam[] = [];
  const contestants: DemoContestant[] = [];
  const strength = new Map<string, number>();
  const ability = new Map<string, number>();
  // Team numbers come from a draw among the delegations.
  rng.shuffle(FOREST_DELEGATIONS).forEach((delegation, t) => {
    const team = `T${pad(t + 1, 2)}`;
    const s = uniform(rng, 0.68, 0.93);
    strength.set(team, s);
    const brigade = delegation.name.endsWith('森林消防总队');
    // Who enters the individual skill events: three members each, chosen by the team.
    const order = rng.shuffle([...Array(TEAM_SIZE).keys()]);
    const members: string[] = [];
    for (let m = 0; m < TEAM_SIZE; m++) {
      const id = `${team}-${pad(m + 1, 2)}`;
      // Crews are overwhelmingly men; a few women in the provincial ones (demo's assumption).
      const gender = !brigade && rng.chance(0.04) ? 'F' : 'M';
      const seat = order.indexOf(m);
      const skill = seat < SKILL_SEATS ? ['chainsaw'] : seat < 2 * SKILL_SEATS ? ['gnss'] : [];
      // Seasonal crews hired for the fire season (季节性扑火队员) are not 职工: invented for the
      // demo so that the employee-only awards can pass someone over (递补).
      const category = brigade
        ? '森林消防员'
        : rng.pick(['专业扑火队员', '专业扑火队员', '专业扑火队员', '林场职工', '季节性扑火队员']);
      contestants.push({
        id,
        bib: `${pad(t + 1, 2)}-${pad(m + 1, 2)}`,
        name: name(gender),
        gender,
        unit: rng.pick(delegation.units),
        delegation: delegation.name,
        team,
        events: ['theory', 'run', ...skill],
        attributes: {
          employee: category !== '季节性扑火队员',
          age: rng.between(21, 45),
          category,
        },
      });
      ability.set(id, Math.min(0.95, Math.max(0.4, s + uniform(rng, -0.08, 0.08))));
      members.push(id);
    }
    teams.push({
      id: team,
      name: `${delegation.name}代表队`,
      delegation: delegation.name,
      members,
    });
  });
  return { teams, contestants, strength, ability };
}

function buildJudges(rng: Random, name: (g: 'M' | 'F') => string): DemoJudge[] {
  const pins = new Set<string>();
  return Array.from({ length: 18 }, (_, i) => {
    let pin: string;
    do pin = String(rng.between(100000, 999999));
    while (pins.has(pin));
    pins.add(pin);
    return { code: `J${pad(i + 1, 2)}`, name: name(rng.chance(0.2) ? 'F' : 'M'), pin };
  });
}

function runCrew(team: string): (typeof RUN_CREWS)[number] {
  const n = Number(team.slice(1));
  return RUN_CREWS.find((c) => n >= c.teams[0] && n <= c.teams[1]) ?? RUN_CREWS[0];
}

function buildAssignments(roster: Roster): DemoAssignment[] {
  const runners = (crew: (typeof RUN_CREWS)[number]): string[] =>
    roster.teams.filter((t) => runCrew(t.id) === crew).flatMap((t) => t.members);
  return [
    ...PANELS,
    ...RUN_CREWS.flatMap((crew) => [
      { judge: crew.timing, event: 'run', criteria: ['time'], entrants: runners(crew) },
      { judge: crew.penalties, event: 'run', criteria: ['drop'], entrants: runners(crew) },
    ]),
  ];
}

class Ledger {
  readonly marks: DemoMark[] = [];
  readonly sheets: DemoSheetProgress[] = [];
  mark(event: string, judge: string, competitor: string, criterion: string, value: string): void {
    this.marks.push({ event, judge, competitor, criterion, value });
  }
  sheet(event: string, judge: string, competitor: string, state: 'submitted' | 'verified'): void {
    this.sheets.push({ event, judge, competitor, state });
  }
}

/** Day 1, finished: every mark in, every sheet verified. */
function dayOne(rng: Random, roster: Roster, out: Ledger): void {
  for (const c of roster.contestants) {
    const a = roster.ability.get(c.id) ?? 0;
    const score = onStep(100 * (a + uniform(rng, -0.1, 0.03)), 0.5, 100);
    out.mark('theory', 'J01', c.id, 'score', score);
    out.sheet('theory', 'J01', c.id, 'verified');
  }

  for (const team of rng.shuffle(roster.teams.map((t) => t.id))) {
    const s = roster.strength.get(team) ?? 0;
    // What the team's work is worth on each criterion (conduct on its 0–10 scale); each judge
    // lands within a point of it, inside the spread tolerance.
    const truth = DRONE_PANEL_CRITERIA.map(([criterion, max]) => ({
      criterion,
      max,
      x: max * Math.min(1, s + uniform(rng, -0.04, 0.04)),
    }));
    for (const judge of ['J02', 'J03', 'J04']) {
      for (const { criterion, max, x } of truth) {
        out.mark('drone', judge, team, criterion, onStep(x + uniform(rng, -1, 1), 0.5, max));
      }
      out.sheet('drone', judge, team, 'verified');
    }
    out.mark('drone', 'J02', team, 'violation', infractions(rng, 0.15));
    out.mark('drone', 'J02', team, 'duration', clock(600 + (1 - s) * 900 + uniform(rng, 0, 60), 1));
  }

  // One team's relay never reached the elevated target: DNF (invented).
  rng.shuffle(roster.teams.map((t) => t.id)).forEach((team, at) => {
    const s = roster.strength.get(team) ?? 0;
    const time = at === 11 ? 'DNF' : clock(240 + (1 - s) * 300 + uniform(rng, 0, 40), 2);
    out.mark('pump', 'J05', team, 'time', time);
    out.mark('pump', 'J06', team, 'drop', infractions(rng, 0.2));
    out.mark('pump', 'J06', team, 'hose', infractions(rng, 0.3));
    out.sheet('pump', 'J05', team, 'verified');
    out.sheet('pump', 'J06', team, 'verified');
  });
}

/** Loaded-run incidents by start position and member: did not finish, did not start, and a
 * helmet dropped and not recovered (淮北 2012: DQ, §3.2). */
const RUN_INCIDENTS: ReadonlyMap<string, 'DNF' | 'DNS' | 'DQ'> = new Map([
  ['4/6', 'DNF'],
  ['9/2', 'DNS'],
  ['13/4', 'DQ'],
] as const);

/**
 * Day 2, under way. Loaded run: 23 teams have run, the penalty sheets of the last 3 are still
 * drafts. Wind blowers: 16 teams done, the last one marked by J07 only so far.
 */
function dayTwo(rng: Random, roster: Roster, out: Ledger): void {
  // Same load for everyone (≥ 10 kg, 吉林 §3.1): women finish a little later (demo's assumption).
  const women = new Set(roster.contestants.filter((c) => c.gender === 'F').map((c) => c.id));
  rng.shuffle(roster.teams).forEach((team, at) => {
    if (at >= 23) return;
    const crew = runCrew(team.id);
    const state = at < 10 ? 'verified' : 'submitted';
    team.members.forEach((id, m) => {
      const a = roster.ability.get(id) ?? 0;
      const status = RUN_INCIDENTS.get(`${at}/${m}`);
      const seconds = 1380 + (1 - a) * 1200 + (women.has(id) ? 150 : 0) + uniform(rng, 0, 60);
      out.mark('run', crew.timing, id, 'time', status ?? clock(seconds, 2));
      out.sheet('run', crew.timing, id, state);
      if (at < 20) {
        out.mark('run', crew.penalties, id, 'drop', status ? '0' : infractions(rng, 0.12));
        out.sheet('run', crew.penalties, id, state);
      }
    });
  });

  rng.shuffle(roster.teams.map((t) => t.id)).forEach((team, at) => {
    if (at > 15) return;
    const s = roster.strength.get(team) ?? 0;
    const worth = 10 * Math.min(1, s + uniform(rng, -0.05, 0.05));
    const teamwork = (judge: string): void => {
      out.mark('wind', judge, team, 'teamwork', onStep(worth + uniform(rng, -0.75, 0.75), 0.5, 10));
    };
    out.mark('wind', 'J07', team, 'bricks', onStep(50 * (s + uniform(rng, -0.08, 0.05)), 1, 50));
    out.mark('wind', 'J07', team, 'time', clock(150 + (1 - s) * 240 + uniform(rng, 0, 30), 1));
    teamwork('J07');
    if (at === 15) return;
    teamwork('J08');
    out.mark('wind', 'J08', team, 'safety', infractions(rng, 0.15));
    teamwork('J09');
    for (const judge of ['J07', 'J08', 'J09'])
      out.sheet('wind', judge, team, at < 8 ? 'verified' : 'submitted');
  });
}

export function buildForestFirefighting(): DemoCompetition {
  const rng = seeded(ID);
  const name = makeNamer(rng.fork('names'));
  const judges = buildJudges(rng.fork('judges'), name);
  const roster = buildRoster(rng.fork('roster'), name);
  const ledger = new Ledger();
  dayOne(rng.fork('day-1'), roster, ledger);
  dayTwo(rng.fork('day-2'), roster, ledger);
  return {
    id: ID,
    definition,
    contestants: roster.contestants,
    teams: roster.teams,
    judges,
    chief: {
      username: 'forest1-chief',
      name: name('M'),
      password: `forest1-${rng.between(100000, 999999)}`,
    },
    assignments: buildAssignments(roster),
    events: SCHEDULE,
    drawSeed: `${ID}/draw`,
    marks: ledger.marks,
    sheets: ledger.sheets,
  };
}

export const forestFirefighting: DemoCompetition = buildForestFirefighting();
