/**
 * Judges writing marks (DESIGN §8, write path): open-loop arrival rates of 50, 200 and 1000
 * marks/s, one after the other; the target is p95 < 20 ms at 200 marks/s.
 *
 *   k6 run load-tests/judges-write.ts -e BASE_URL=http://127.0.0.1:3000 \
 *     -e COMPETITION=ev-bench -e JUDGES=J01:010101,J02:020202,J03:030303,J04:040404,J05:050505
 *
 * Environment:
 *   BASE_URL      the server (default http://127.0.0.1:3000)
 *   COMPETITION   the competition id (default ev-bench: what `npm run bench -w server` seeds)
 *   JUDGES        "CODE:PIN,CODE:PIN,…": the judges to sign in as, with a bearer token each;
 *                 a judge may be followed by "+criterion" items to restrict it ("J09:090909+exam+safety")
 *   CRITERIA      criteria the judges without a list are assigned to (default seal,balance,process)
 *   PHASE         seconds per rate (default 10); RATES overrides "50,200,1000"
 *
 * setup() signs every judge in (POST /api/auth/judge-login with bearer: true) and reads their
 * sheets (GET /api/judge/sheets). Each iteration posts one mark with a fresh opId to a
 * (sheet, criterion) slot. k6 VUs share no memory, so each VU owns a disjoint share of the
 * slots and tracks their versions from the answers: expectedVersion is 0 for a first mark and
 * the current version for a correction, and no two VUs race for one mark.
 *
 * On the build machine (no k6 there), the Node harness `npm run bench -w server` drives the
 * same scenario against a fresh Postgres database.
 */
import { check, fail } from 'k6';
import { randomBytes } from 'k6/crypto';
import http from 'k6/http';
import type { Options, Scenario } from 'k6/options';

const BASE_URL = (__ENV['BASE_URL'] ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const COMPETITION = __ENV['COMPETITION'] ?? 'ev-bench';
const JUDGES = __ENV['JUDGES'] ?? 'J01:010101,J02:020202,J03:030303,J04:040404,J05:050505';
const CRITERIA = (__ENV['CRITERIA'] ?? 'seal,balance,process').split(',');
const PHASE = Number(__ENV['PHASE'] ?? '10');
const RATES = (__ENV['RATES'] ?? '50,200,1000').split(',').map(Number);
const GAP = 2;

const maxVUs = (rate: number): number => Math.max(20, rate);

function scenario(rate: number, index: number): Scenario {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- @types/k6 declares BaseScenario as a class, but k6 scenarios are plain objects
  return {
    executor: 'constant-arrival-rate',
    rate,
    timeUnit: '1s',
    duration: `${PHASE}s`,
    startTime: `${index * (PHASE + GAP)}s`,
    preAllocatedVUs: Math.max(5, Math.ceil(rate / 20)),
    maxVUs: maxVUs(rate),
    gracefulStop: '5s',
    tags: { rate: String(rate) },
  };
}

const scenarios: Record<string, Scenario> = {};
RATES.forEach((rate, i) => {
  scenarios[`marks_${rate}`] = scenario(rate, i);
});

/** Upper bound of VU ids in this test: each VU owns the slots at its id modulo this. */
const MAX_VUS = RATES.reduce((sum, rate) => sum + maxVUs(rate), 0);

export const options: Options = {
  scenarios,
  thresholds: {
    'http_req_duration{scenario:marks_200}': ['p(95)<20'],
    'checks{scenario:marks_200}': ['rate==1'],
  },
  setupTimeout: '120s',
};

interface Criterion {
  readonly id: string;
  readonly kind: string;
  readonly min: string;
  readonly max: string | null;
  readonly step: string;
}

interface SheetView {
  readonly id: string;
  readonly status: string;
  readonly criteria: Criterion[];
  readonly marks: { readonly criterion: string; readonly version: number }[];
}

interface Slot {
  readonly token: string;
  readonly sheet: string;
  readonly criterion: Criterion;
  version: number;
}

interface SetupData {
  readonly slots: Slot[];
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function text(body: string | ArrayBuffer | null): string {
  return typeof body === 'string' ? body.slice(0, 500) : '';
}

export function setup(): SetupData {
  const slots: Slot[] = [];
  for (const item of JUDGES.split(',')) {
    const [code = '', rest = ''] = item.split(':');
    const [pin = '', ...own] = rest.split('+');
    const assigned = own.length > 0 ? own : CRITERIA;
    const login = http.post(
      `${BASE_URL}/api/auth/judge-login`,
      JSON.stringify({ competitionId: COMPETITION, code, pin, bearer: true }),
      { headers: JSON_HEADERS },
    );
    if (login.status !== 200) fail(`login ${code}: ${login.status} ${text(login.body)}`);
    const token = (login.json() as { token: string }).token;
    const list = http.get(`${BASE_URL}/api/judge/sheets`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (list.status !== 200) fail(`sheets of ${code}: ${list.status} ${text(list.body)}`);
    const { sheets } = list.json() as unknown as { sheets: SheetView[] };
    for (const sheet of sheets) {
      if (sheet.status !== 'draft' && sheet.status !== 'returned') continue;
      for (const criterion of sheet.criteria) {
        if (!assigned.includes(criterion.id)) continue;
        const current = sheet.marks.find((m) => m.criterion === criterion.id);
        slots.push({ token, sheet: sheet.id, criterion, version: current?.version ?? 0 });
      }
    }
  }
  if (slots.length === 0) fail('no sheets to mark: is the event live and are judges assigned?');
  return { slots };
}

/** A version 4 UUID from k6's random bytes. */
function uuid(): string {
  const b = new Uint8Array(randomBytes(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A valid value: a step multiple in [min, max], or a pass for gates and checks. */
function valueFor(c: Criterion): number | boolean {
  if (c.kind === 'gate' || c.kind === 'check') return Math.random() < 0.97;
  const min = Number(c.min);
  const step = Number(c.step) || 1;
  const max = c.max === null ? min + 100 * step : Number(c.max);
  const steps = Math.floor((max - min) / step + 1e-9);
  return Math.round((min + step * Math.floor(Math.random() * (steps + 1))) * 1e6) / 1e6;
}

// Per VU (each VU runs its own copy of this module): its share of the slots, and where it is.
let mine: Slot[] | null = null;
let next = 0;

export default function (data: SetupData): void {
  if (mine === null) {
    const share = (__VU - 1) % MAX_VUS;
    mine = data.slots.filter((_, i) => i % MAX_VUS === share).map((s) => ({ ...s }));
    next = 0;
  }
  if (mine.length === 0) return;
  const slot = mine[next % mine.length] as Slot;
  next++;
  const res = http.post(
    `${BASE_URL}/api/sheets/${slot.sheet}/marks`,
    JSON.stringify({
      opId: uuid(),
      criterion: slot.criterion.id,
      value: valueFor(slot.criterion),
      expectedVersion: slot.version,
    }),
    {
      headers: { ...JSON_HEADERS, authorization: `Bearer ${slot.token}` },
      tags: { name: 'POST /api/sheets/:sheetId/marks' },
    },
  );
  const stored = check(res, { 'mark stored (201)': (r) => r.status === 201 });
  if (stored) {
    slot.version = (res.json() as { mark: { version: number } }).mark.version;
  } else if (res.status === 409) {
    const current = (res.json() as { current?: { version?: number } } | null)?.current;
    if (typeof current?.version === 'number') slot.version = current.version;
  }
}
