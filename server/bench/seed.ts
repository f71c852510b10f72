/**
 * Seeds the bench competition through the HTTP API, the way an organizer sets one up: the EV
 * battery definition, a roster, judges with PINs, assignments (five practical judges on the
 * practical criteria, one theory judge on the exam and the safety gate), the draw, event live.
 */
import { readFileSync } from 'node:fs';

export const ORGANIZER = { username: 'bench-admin', password: 'bench-organizer-pass' };

/** One judge as the benches sign them in: code, PIN and the criteria they are assigned to mark. */
export interface JudgeLogin {
  readonly code: string;
  readonly pin: string;
  readonly criteria: readonly string[];
}

export interface SeedOptions {
  readonly baseUrl: string;
  readonly contestants: number;
  readonly competitionId?: string;
}

export interface Seeded {
  readonly competitionId: string;
  readonly eventId: string;
  readonly contestants: number;
  readonly judges: readonly JudgeLogin[];
  readonly sheets: number;
}

const DELEGATIONS = [
  '国网厦门',
  '厦门金龙',
  '宁德时代',
  '比亚迪',
  '国网福州',
  '福建电力',
  '厦门公交',
  '泉州供电',
  '漳州供电',
  '龙岩供电',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明'];

export function evDefinition(practicalJudges: number): Record<string, unknown> {
  const def = JSON.parse(
    readFileSync(
      new URL('../../scoring/examples/ev-battery.definition.json', import.meta.url),
      'utf8',
    ),
  ) as Record<string, unknown> & { events: { judges: number }[] };
  for (const ev of def.events) ev.judges = practicalJudges;
  return def;
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  token: string | null,
  body: unknown,
  expected: number,
): Promise<unknown> {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expected) {
    throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  }
  return JSON.parse(text) as unknown;
}

export async function seedCompetition(options: SeedOptions): Promise<Seeded> {
  const { baseUrl } = options;
  const competitionId = options.competitionId ?? 'ev-bench';
  const eventId = 'battery';
  const practical = ['J01', 'J02', 'J03', 'J04', 'J05'];
  const theory = 'J09';
  const pinOf = (code: string): string => `${code.slice(1)}${code.slice(1)}${code.slice(1)}`;

  const login = (await call(
    baseUrl,
    'POST',
    '/api/auth/login',
    null,
    { ...ORGANIZER, bearer: true },
    200,
  )) as { token: string };
  const organizer = login.token;
  await call(
    baseUrl,
    'POST',
    '/api/competitions',
    organizer,
    {
      id: competitionId,
      name: '新能源汽车电池包检测与维修职工技能竞赛（压测）',
      definition: evDefinition(practical.length),
    },
    201,
  );
  const contestants = Array.from({ length: options.contestants }, (_, i) => ({
    id: `E${String(i + 1).padStart(4, '0')}`,
    bib: String(i + 1).padStart(3, '0'),
    name: `${SURNAMES[i % SURNAMES.length] ?? '王'}${GIVEN[(i * 7) % GIVEN.length] ?? '伟'}${i + 1}`,
    gender: i % 3 === 0 ? ('F' as const) : ('M' as const),
    delegation: DELEGATIONS[i % DELEGATIONS.length],
    attributes: { employee: i % 10 !== 9 },
  }));
  await call(
    baseUrl,
    'POST',
    `/api/competitions/${competitionId}/roster`,
    organizer,
    { contestants },
    200,
  );
  for (const code of [...practical, theory]) {
    await call(
      baseUrl,
      'POST',
      `/api/competitions/${competitionId}/judges`,
      organizer,
      { code, name: `裁判${code}`, pin: pinOf(code) },
      201,
    );
  }
  const practicalCriteria = ['seal', 'balance', 'process'];
  const theoryCriteria = ['exam', 'safety'];
  const assigned = (await call(
    baseUrl,
    'PUT',
    `/api/competitions/${competitionId}/events/${eventId}/assignments`,
    organizer,
    {
      assignments: [
        { judge: theory, criteria: theoryCriteria },
        ...practical.map((judge) => ({ judge, criteria: practicalCriteria })),
      ],
    },
    200,
  )) as { sheets: number };
  await call(
    baseUrl,
    'POST',
    `/api/competitions/${competitionId}/events/${eventId}/draw`,
    organizer,
    { seed: 'write-path-bench-seed' },
    201,
  );
  // Events start private: the public (the fan-out bench's viewers) sees it once published.
  await call(
    baseUrl,
    'PUT',
    `/api/competitions/${competitionId}/events/${eventId}/settings`,
    organizer,
    { published: true },
    200,
  );
  await call(
    baseUrl,
    'POST',
    `/api/competitions/${competitionId}/events/${eventId}/status`,
    organizer,
    { status: 'live', from: 'setup' },
    200,
  );
  return {
    competitionId,
    eventId,
    contestants: contestants.length,
    sheets: assigned.sheets,
    judges: [
      ...practical.map((code) => ({ code, pin: pinOf(code), criteria: practicalCriteria })),
      { code: theory, pin: pinOf(theory), criteria: theoryCriteria },
    ],
  };
}
