/**
 * Malformed and hostile input on every route of the registry (DESIGN.md §7): each answers 4xx
 * with {code, message, details[]} naming the field ("body.value", "params.sheetId",
 * "query.view"), stores nothing, and the server never answers 5xx. Most cases are generated
 * from the registry and a schema-valid sample body per route (mutated one field at a time);
 * targeted cases cover what a schema cannot see: limits, encodings, SQL-looking text and
 * marks that are well-formed but impossible.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DATABASE_KINDS } from '@skills/db/testing';
import type { AnyRoute } from '../src/http/route.ts';
import ExcelJS from 'exceljs';
import { XLSX_TYPE } from '../src/files/xlsx.ts';
import {
  buildFixture,
  replyOf,
  startHarness,
  type Fixture,
  type Harness,
  type Reply,
} from './harness.ts';
import { counts, fingerprint, query, sheetId, sheetsOf } from './helpers.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Seg = string | number;

const C = 'hostile';

function pathText(prefix: string, segs: readonly Seg[]): string {
  return segs.reduce<string>(
    (p, s) => (typeof s === 'number' ? `${p}[${s}]` : `${p}.${s}`),
    prefix,
  );
}

function setAt(value: Json, segs: readonly Seg[], replace: (old: Json) => Json | undefined): Json {
  if (segs.length === 0) return replace(value) ?? null;
  const [head, ...rest] = segs as [Seg, ...Seg[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = setAt(copy[head as number] as Json, rest, replace);
    return copy;
  }
  const obj = { ...(value as Record<string, Json>) };
  if (rest.length === 0) {
    const next = replace(obj[head as string] as Json);
    if (next !== undefined) return { ...obj, [head]: next };
    return Object.fromEntries(Object.entries(obj).filter(([k]) => k !== head));
  }
  obj[head as string] = setAt(obj[head as string] as Json, rest, replace);
  return obj;
}

/** Every node of a sample with its path; `definition` is free-form (checked by the engine). */
function nodes(value: Json, segs: Seg[] = []): { segs: Seg[]; value: Json }[] {
  const out = [{ segs, value }];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...nodes(v, [...segs, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k !== 'definition') out.push(...nodes(v, [...segs, k]));
    }
  }
  return out;
}

const deepArray = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

interface Mutation {
  readonly label: string;
  readonly body: Json;
  /** A detail with this path must be in the answer. */
  readonly path: string;
}

function firstPath(error: { issues: readonly { path: readonly PropertyKey[] }[] }): Seg[] {
  return (error.issues[0]?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p)));
}

/** One-field-at-a-time breakages of a valid body; only those the schema refuses are kept. */
function mutations(schema: NonNullable<AnyRoute['body']>, sample: Json): Mutation[] {
  const out: Mutation[] = [];
  for (const whole of [[], null, 'x', 42, true] as Json[]) {
    out.push({ label: `body ${JSON.stringify(whole)}`, body: whole, path: 'body' });
  }
  const empty = schema.safeParse({});
  if (!empty.success) {
    // The first field the schema misses (or the body itself, for "give at least one").
    out.push({ label: 'body {}', body: {}, path: pathText('body', firstPath(empty.error)) });
  }
  for (const { segs, value } of nodes(sample)) {
    const at = pathText('body', segs);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out.push({
        label: `extra field in ${at}`,
        body: setAt(sample, segs, (o) => ({ ...(o as Record<string, Json>), hostile: 1 })),
        path: `${at}.hostile`,
      });
      for (const k of Object.keys(value)) {
        out.push({
          label: `missing ${at}.${k}`,
          body: setAt(sample, [...segs, k], () => undefined),
          path: `${at}.${k}`,
        });
      }
    }
    if (segs.length === 0) continue;
    const replace = (label: string, v: Json): void => {
      out.push({ label: `${label} at ${at}`, body: setAt(sample, segs, () => v), path: at });
    };
    replace('operator object', { $gt: '' });
    if (!Array.isArray(value)) replace('array', [value]);
    if (typeof value === 'string') {
      replace('number for a string', 12345);
      replace('huge string', 'x'.repeat(100_000));
      replace('empty string', '');
      replace('blank string', '   ');
    }
    if (typeof value === 'number') {
      replace('string for a number', String(value));
      replace('negative number', -1);
      replace('fraction', 0.5);
      replace('huge number', 1e308);
    }
    if (typeof value === 'boolean') replace('string for a boolean', 'true');
    if (Array.isArray(value) && value.length > 0) {
      replace(
        'huge array',
        Array.from({ length: 25_000 }, () => value[0] as Json),
      );
      replace('empty array', []);
    }
  }
  return out.filter((m) => !schema.safeParse(m.body).success);
}

/** A string leaf of the sample to carry a NUL, or a key when there is none. */
function withNul(sample: Json): { body: Json; path: string } {
  const leaf = nodes(sample).find((n) => typeof n.value === 'string' && n.segs.length > 0);
  if (leaf) {
    return {
      body: setAt(sample, leaf.segs, () => `a\u0000b`),
      path: pathText('body', leaf.segs),
    };
  }
  return { body: { ...(sample as Record<string, Json>), 'k\u0000': 1 }, path: 'body.k\u0000' };
}

describe.each(DATABASE_KINDS)('hostile input on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let draftSheet: string;
  const seen: { what: string; status: number }[] = [];
  const call = async (
    method: string,
    path: string,
    options: Parameters<Harness['call']>[2] = {},
  ): Promise<Reply> => {
    const r = await h.call(method, path, options);
    seen.push({ what: `${method} ${path.slice(0, 120)}`, status: r.status });
    return r;
  };
  const keyOf = (r: AnyRoute): string => `${r.method.toUpperCase()} ${r.path}`;
  /** Who may get past the access check of a route, so that its input is what is judged. */
  const tokenFor = (r: AnyRoute): string | undefined =>
    r.access === 'public'
      ? undefined
      : Array.isArray(r.access) && !r.access.includes('organizer')
        ? f.judges['J1']
        : f.organizer;
  const PARAMS: Record<string, string> = {};
  const pathOf = (r: AnyRoute, params: Record<string, string> = PARAMS): string =>
    r.path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? `:${name}`);

  /** A body each route's schema accepts; the mutations start from it. */
  let SAMPLES: Record<string, Json>;

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    draftSheet = await sheetId(h, f, 'J1', 'E1');
    PARAMS['competitionId'] = C;
    PARAMS['eventId'] = 'battery';
    PARAMS['overallId'] = 'delegations';
    PARAMS['sheetId'] = draftSheet;
    PARAMS['judgeId'] = f.judgeIds['J2'] ?? '';
    const users = await h.call('GET', `/api/competitions/${C}/judges`, { token: f.organizer });
    PARAMS['chiefId'] =
      (users.body.users as { id: string; role: string }[]).find((u) => u.role === 'chief')?.id ??
      '';
    PARAMS['kind'] = 'contestants';
    SAMPLES = {
      'POST /api/auth/login': { username: 'admin', password: 'organizer-pass-1', bearer: true },
      'POST /api/auth/judge-login': { competitionId: C, code: 'J1', pin: '111111', bearer: true },
      'POST /api/auth/link-login': { token: 'x'.repeat(43), bearer: true },
      'POST /api/competitions': { id: 'hostile-new', name: '新赛事', definition: {} },
      'PUT /api/competitions/:competitionId/definition': { definition: {}, expectedVersion: 1 },
      'POST /api/competitions/:competitionId/definition/preview': {
        definition: {},
        expectedVersion: 1,
      },
      'POST /api/competitions/:competitionId/roster': {
        contestants: [
          {
            id: 'Z1',
            bib: '900',
            name: '张三',
            gender: 'M',
            events: ['battery'],
            attributes: { employee: true },
          },
        ],
        teams: [{ id: 'T1', name: '一队', members: ['Z1'] }],
      },
      'POST /api/competitions/:competitionId/judges': { code: 'Z1', name: '裁判', pin: '123456' },
      'POST /api/competitions/:competitionId/chiefs': {
        username: 'deputy',
        name: '副裁判长',
        password: 'deputy-pass-1',
      },
      'PUT /api/competitions/:competitionId/chiefs/:chiefId': {
        name: '副裁判长',
        unit: '厦门市总工会',
        password: 'deputy-pass-2',
        disabled: false,
      },
      'PUT /api/competitions/:competitionId/judges/:judgeId': {
        name: '裁判J2',
        unit: '国网厦门',
        disabled: false,
      },
      'POST /api/competitions/:competitionId/judges/:judgeId/pin': { pin: '222222' },
      'POST /api/competitions/:competitionId/events/:eventId/assignments/changes': {
        add: [{ judge: 'J1', criterion: 'seal' }],
        remove: [{ judge: 'J2', criterion: 'balance' }],
      },
      'PUT /api/competitions/:competitionId/events/:eventId/assignments': {
        assignments: [{ judge: 'J1', criteria: ['seal'], entrants: ['E1'] }],
      },
      'POST /api/competitions/:competitionId/events/:eventId/draw': { seed: 'hostile-seed-1' },
      'POST /api/competitions/:competitionId/events/:eventId/status': {
        status: 'frozen',
        from: 'live',
        reason: '冻结',
      },
      'POST /api/competitions/:competitionId/events/:eventId/reveal': { action: 'next', step: 0 },
      'PUT /api/competitions/:competitionId/events/:eventId/settings': {
        publicNames: false,
        publicVisible: true,
        day: 1,
      },
      'POST /api/sheets/:sheetId/marks': {
        opId: randomUUID(),
        criterion: 'seal',
        value: 30,
        expectedVersion: 0,
        reason: '更正',
      },
      'POST /api/marks/batch': {
        ops: [
          {
            opId: randomUUID(),
            sheetId: draftSheet,
            criterion: 'seal',
            value: 30,
            expectedVersion: 0,
          },
        ],
      },
      'POST /api/sheets/:sheetId/submit': { revision: 0, pin: '111111' },
      'POST /api/sheets/:sheetId/verify': { revision: 0 },
      'POST /api/competitions/:competitionId/sheets/verify': {
        sheets: [{ id: '00000000-0000-4000-8000-000000000000', revision: 0 }],
      },
      'POST /api/competitions/:competitionId/sheets/submit': {
        sheets: [{ id: '00000000-0000-4000-8000-000000000000', revision: 0 }],
        pin: '111111',
      },
      'POST /api/sheets/:sheetId/return': { revision: 0, note: '请复核' },
      'POST /api/sheets/:sheetId/reopen': { revision: 0, reason: '申诉' },
    };
  });
  afterAll(async () => {
    await h.close();
  });

  const expectRefused = (r: Reply, status: number, path: string | null, what: string): void => {
    expect(r.status, `${what}: ${JSON.stringify(r.body).slice(0, 400)}`).toBe(status);
    expect(r.body, what).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
      details: expect.any(Array),
    });
    if (path !== null) {
      // The field itself, or a field inside it when it is an object.
      const paths = (r.body.details as { path: string }[]).map((d) => d.path);
      const named = paths.some(
        (p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`),
      );
      expect(named, `${what}: details ${JSON.stringify(paths)} should name ${path}`).toBe(true);
    }
  };

  it('has a valid sample body for every route that takes one', () => {
    for (const route of h.server.routes) {
      const sample = SAMPLES[keyOf(route)];
      if (!route.body) {
        expect(sample, keyOf(route)).toBeUndefined();
        continue;
      }
      expect(sample, `${keyOf(route)} needs a sample body`).toBeDefined();
      const parsed = route.body.safeParse(sample);
      expect(parsed.success, `${keyOf(route)}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('refuses bodies of the wrong shape on every route, naming the field', async () => {
    const before = await fingerprint(h);
    let sent = 0;
    for (const route of h.server.routes) {
      if (!route.body) continue;
      const key = keyOf(route);
      const sample = SAMPLES[key] as Json;
      const list = mutations(route.body, sample);
      expect(list.length, key).toBeGreaterThan(8);
      for (const m of list) {
        const text = JSON.stringify(m.body);
        const limit = route.bodyLimit ?? 256 * 1024;
        const r = await call(route.method, pathOf(route), {
          token: tokenFor(route),
          raw: text,
          headers: { 'content-type': 'application/json' },
        });
        if (text.length > limit) expectRefused(r, 413, null, `${key} ${m.label}`);
        else {
          expectRefused(r, 400, m.path, `${key} ${m.label}`);
          expect(r.body.code).toBe('invalid_input');
        }
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses invalid JSON, wrong content types, NUL characters, deep nesting and bodies over the limit', async () => {
    const before = await fingerprint(h);
    for (const route of h.server.routes) {
      if (!route.body) continue;
      const key = keyOf(route);
      const path = pathOf(route);
      const token = tokenFor(route);
      const sample = SAMPLES[key] as Json;
      for (const raw of ['{"a":', "{'a':1}", '', 'undefined', '{"a":1}}', '[1,]', 'NaN']) {
        const r = await call(route.method, path, {
          token,
          raw,
          headers: { 'content-type': 'application/json' },
        });
        expectRefused(r, 400, 'body', `${key} invalid JSON ${raw}`);
        expect(r.body.code).toBe('invalid_json');
      }
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json-patch+json',
        'application/jsonp',
        'text/json',
      ]) {
        const r = await call(route.method, path, {
          token,
          raw: JSON.stringify(sample),
          headers: { 'content-type': type },
        });
        expectRefused(r, 415, 'headers.content-type', `${key} content-type ${type}`);
      }
      const none = await call(route.method, path, { token, raw: JSON.stringify(sample) });
      expectRefused(none, 415, 'headers.content-type', `${key} no content-type`);
      const nul = withNul(sample);
      const r = await call(route.method, path, { token, body: nul.body });
      expectRefused(r, 400, nul.path, `${key} NUL`);
      expect(r.body.details[0].code).toBe('nul_character');
      const limit = route.bodyLimit ?? 256 * 1024;
      for (const raw of [deepArray(50_000), deepObject(20_000), `{"x":${deepArray(50_000)}}`]) {
        if (raw.length > limit) continue;
        const deep = await call(route.method, path, {
          token,
          raw,
          headers: { 'content-type': 'application/json' },
        });
        expectRefused(deep, 400, null, `${key} deep nesting`);
      }
      const big = await call(route.method, path, {
        token,
        raw: JSON.stringify({ ...(sample as object), pad: 'x'.repeat(limit) }),
        headers: { 'content-type': 'application/json' },
      });
      expectRefused(big, 413, null, `${key} over the limit`);
      expect(big.body.code).toBe('payload_too_large');
    }
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses a NUL escaped anywhere, and takes an escaped backslash literally', async () => {
    const before = await fingerprint(h);
    const nulKey = await call('POST', '/api/auth/login', {
      raw: '{"username":"admin","password":"x","\\u0000":1}',
      headers: { 'content-type': 'application/json' },
    });
    expectRefused(nulKey, 400, 'body.\u0000', 'NUL key');
    const nested = await call('POST', '/api/marks/batch', {
      token: f.judges['J1'],
      body: {
        ops: [
          {
            opId: randomUUID(),
            sheetId: draftSheet,
            criterion: 'seal',
            value: 'DNF\u0000',
            expectedVersion: 0,
          },
        ],
      },
    });
    expectRefused(nested, 400, 'body.ops[0].value', 'NUL in a batch op');
    // "\\u0000" is a backslash and five characters, not a NUL: judged by the schema, not refused.
    const literal = await call('POST', '/api/auth/login', {
      raw: '{"username":"\\\\u0000","password":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expectRefused(literal, 401, null, 'escaped backslash');
    expect(literal.body.code).toBe('bad_credentials');
    const bad = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const res = await h.server.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bad,
    });
    seen.push({ what: 'invalid UTF-8', status: res.status });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('invalid_json');
    const fp = await fingerprint(h);
    // The one refused login above counts as an attempt, and changes nothing else.
    expect(fp).toEqual(before);
  });

  it('refuses path params that are not valid ids, naming the param', async () => {
    const before = await fingerprint(h);
    const BAD: Record<string, string[]> = {
      competitionId: ['UPPER', 'a', 'x'.repeat(64), "x'%3B--", 'a%20b', '-lead', '%00'],
      eventId: ['a%20b', 'x'.repeat(65), '..%2F..%2Fetc', '%00', 'a%09b'],
      overallId: ['a%20b', 'x'.repeat(65), '%00'],
      sheetId: ['not-a-uuid', '1', "1'%20OR%20'1'%3D'1", '%00', `${randomUUID()}x`, '..%2Fx'],
      judgeId: ['J1', '0', '%00', 'ffffffff-ffff-ffff-ffff-fffffffffffffff'],
      kind: ['contestant', 'JUDGES', '%00', '..%2Fjudges'],
    };
    let sent = 0;
    for (const route of h.server.routes) {
      const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
      for (const name of names) {
        for (const bad of BAD[name] ?? []) {
          const sample = SAMPLES[keyOf(route)];
          const r = await call(route.method, pathOf(route, { ...PARAMS, [name]: bad }), {
            token: tokenFor(route),
            ...(sample !== undefined ? { body: sample } : {}),
          });
          expectRefused(r, 400, `params.${name}`, `${keyOf(route)} ${name}=${bad}`);
          sent++;
        }
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(await fingerprint(h)).toEqual(before);
  });

  it('answers 4xx for well-formed ids that do not exist, and stores nothing', async () => {
    const before = await fingerprint(h);
    const unknown = {
      competitionId: 'no-such-competition',
      eventId: 'no-such-event',
      overallId: 'no-such-table',
      sheetId: randomUUID(),
      judgeId: randomUUID(),
      chiefId: randomUUID(),
      kind: 'contestants',
    };
    for (const route of h.server.routes) {
      if (!route.path.includes(':')) continue;
      const sample = SAMPLES[keyOf(route)];
      const r = await call(route.method, pathOf(route, unknown), {
        token: tokenFor(route),
        ...(sample !== undefined ? { body: sample } : {}),
      });
      expect(r.status, `${keyOf(route)} ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, keyOf(route)).toBeLessThan(500);
      expect([404, 422], `${keyOf(route)} ${JSON.stringify(r.body)}`).toContain(r.status);
    }
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses unknown and malformed query parameters, naming them', async () => {
    const before = await fingerprint(h);
    for (const route of h.server.routes) {
      if (route.method !== 'get' && route.method !== 'delete') continue;
      const base = pathOf(route);
      const token = tokenFor(route);
      const unknown = await call('GET', `${base}?hostile=1`, { token });
      expectRefused(unknown, 400, 'query.hostile', `${keyOf(route)} ?hostile`);
      const nul = await call('GET', `${base}?x%00=1`, { token });
      expectRefused(nul, 400, 'query.x\u0000', `${keyOf(route)} NUL name`);
    }
    const BAD: [string, string, string | undefined, string][] = [
      ['/api/judge/sheets?status=bogus', 'query.status', f.judges['J1'], ''],
      ['/api/judge/sheets?event=a%20b', 'query.event', f.judges['J1'], ''],
      ['/api/judge/sheets?event=%00', 'query.event', f.judges['J1'], ''],
      [`/api/competitions/${C}/sheets?event=%00`, 'query.event', f.organizer, ''],
      [`/api/competitions/${C}/sheets?status=${'x'.repeat(5000)}`, 'query.status', f.organizer, ''],
      [`/api/competitions/${C}/events/battery/standings?view=admin`, 'query.view', undefined, ''],
      [`/api/competitions/${C}/events/battery/standings?view=%00`, 'query.view', undefined, ''],
      [`/api/competitions/${C}/overall/delegations/standings?view=`, 'query.view', undefined, ''],
      [`/api/competitions/${C}/events/battery/export?format=pdf`, 'query.format', f.organizer, ''],
      [
        `/api/competitions/${C}/events/battery/export?section=%00`,
        'query.section',
        f.organizer,
        '',
      ],
      [
        `/api/competitions/${C}/overall/delegations/export?section=teams`,
        'query.section',
        f.organizer,
        '',
      ],
      [`/api/competitions/${C}/nominations?format=csv`, 'query.format', f.organizer, ''],
      ['/api/audit?after=-1', 'query.after', f.organizer, ''],
      ['/api/audit?after=abc', 'query.after', f.organizer, ''],
      ['/api/audit?after=1.5', 'query.after', f.organizer, ''],
      ['/api/audit?after=1e400', 'query.after', f.organizer, ''],
      ['/api/audit?after=99999999999999999999', 'query.after', f.organizer, ''],
      ['/api/audit?limit=0', 'query.limit', f.organizer, ''],
      ['/api/audit?limit=100000', 'query.limit', f.organizer, ''],
      ['/api/audit?limit=1%20OR%201%3D1', 'query.limit', f.organizer, ''],
    ];
    for (const [url, path, token] of BAD) {
      const r = await call('GET', url, { token });
      expectRefused(r, 400, path, url);
    }
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses garbage bearer tokens on every route, public ones included', async () => {
    const before = await fingerprint(h);
    const GARBAGE = [
      'Bearer not a token',
      'Bearer !!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      `Bearer ${'A'.repeat(43)}`,
      `Bearer ${'x'.repeat(10_000)}`,
      'Bearer',
      'Basic YWRtaW46b3JnYW5pemVyLXBhc3MtMQ==',
      `Bearer ${f.organizer}x`,
      `Bearer ${f.organizer.slice(0, -1)}`,
      "Bearer ' OR '1'='1",
    ];
    for (const route of h.server.routes) {
      for (const authorization of GARBAGE) {
        const sample = SAMPLES[keyOf(route)];
        const r = await call(route.method, pathOf(route), {
          headers: { authorization },
          ...(sample !== undefined ? { body: sample } : {}),
        });
        expectRefused(r, 401, null, `${keyOf(route)} ${authorization.slice(0, 30)}`);
        expect(r.body.code).toBe('unauthenticated');
      }
    }
    // A garbage cookie is no session: the caller is the public.
    const cookie = await call('GET', '/api/auth/me', {
      headers: { cookie: "skills_session=' OR 1=1 --; other=1" },
    });
    expectRefused(cookie, 401, null, 'garbage cookie');
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses marks that are well-formed but impossible, storing nothing', async () => {
    const before = await fingerprint(h);
    const token = f.judges['J1'];
    const VALUES: [Json, string][] = [
      [-1, 'body.value'],
      [41, 'body.value'],
      [1e308, 'body.value'],
      [1e-300, 'body.value'],
      [35.25, 'body.value'],
      ['NaN', 'body.value'],
      ['Infinity', 'body.value'],
      ['-Infinity', 'body.value'],
      ['1e400', 'body.value'],
      ['0x10', 'body.value'],
      ['-1', 'body.value'],
      ['٣٥', 'body.value'],
      ['30; DROP TABLE marks', 'body.value'],
      ["30' OR '1'='1", 'body.value'],
      ['DNF', 'body.value'],
      [null, 'body.value'],
    ];
    for (const [value, path] of VALUES) {
      const r = await call('POST', `/api/sheets/${draftSheet}/marks`, {
        token,
        body: { opId: randomUUID(), criterion: 'seal', value, expectedVersion: 0 },
      });
      expectRefused(r, 422, path, `value ${JSON.stringify(value)}`);
      expect(r.body.code).toBe('invalid_mark');
    }
    for (const criterion of ['no-such', "seal'--", 'seal;DROP']) {
      const r = await call('POST', `/api/sheets/${draftSheet}/marks`, {
        token,
        body: { opId: randomUUID(), criterion, value: 30, expectedVersion: 0 },
      });
      expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.details.map((d: { path: string }) => d.path)).toContain('body.criterion');
    }
    for (const raw of ['1e400', '-0.5', '1.5', String(2 ** 31), '-1']) {
      const r = await call('POST', `/api/sheets/${draftSheet}/marks`, {
        token,
        raw: `{"opId":"${randomUUID()}","criterion":"seal","value":30,"expectedVersion":${raw}}`,
        headers: { 'content-type': 'application/json' },
      });
      expectRefused(r, 400, 'body.expectedVersion', `expectedVersion ${raw}`);
    }
    const stale = await call('POST', `/api/sheets/${draftSheet}/marks`, {
      token,
      body: { opId: randomUUID(), criterion: 'seal', value: 30, expectedVersion: 7 },
    });
    expectRefused(stale, 409, 'body.expectedVersion', 'expectedVersion from the future');
    const batch = await call('POST', '/api/marks/batch', {
      token,
      body: {
        ops: [-1, 'NaN', 41].map((value) => ({
          opId: randomUUID(),
          sheetId: draftSheet,
          criterion: 'seal',
          value,
          expectedVersion: 0,
        })),
      },
    });
    expect(batch.status).toBe(200);
    for (const r of batch.body.results) {
      expect(r).toMatchObject({ status: 422, body: { code: 'invalid_mark' } });
    }
    expect(await fingerprint(h)).toEqual(before);
  });

  it('stores SQL-looking text literally and compares it literally', async () => {
    const evil = "Robert'); DROP TABLE marks;--";
    const judge = await call('POST', `/api/competitions/${C}/judges`, {
      token: f.organizer,
      body: { code: 'SQL1', name: evil, pin: '123456' },
    });
    expect(judge.status, JSON.stringify(judge.body)).toBe(201);
    expect(judge.body.name).toBe(evil);
    const roster = await call('POST', `/api/competitions/${C}/roster`, {
      token: f.organizer,
      body: {
        contestants: [
          {
            id: "Z'--",
            bib: "1' OR '1'='1",
            name: "'; DELETE FROM contestants; --",
            unit: '$(rm -rf /) `id` <script>alert(1)</script>',
            events: [],
            attributes: { note: "1' OR '1'='1", "key'--": '"; DROP TABLE users; --' },
          },
        ],
      },
    });
    expect(roster.status, JSON.stringify(roster.body)).toBe(200);
    const listed = await call('GET', `/api/competitions/${C}/contestants`, { token: f.organizer });
    const z = (listed.body.contestants as { id: string }[]).find((c) => c.id === "Z'--");
    expect(z).toMatchObject({
      bib: "1' OR '1'='1",
      name: "'; DELETE FROM contestants; --",
      unit: '$(rm -rf /) `id` <script>alert(1)</script>',
      attributes: { note: "1' OR '1'='1", "key'--": '"; DROP TABLE users; --' },
    });
    const judges = await call('GET', `/api/competitions/${C}/judges`, { token: f.organizer });
    expect(judges.body.users.map((u: { name: string }) => u.name)).toContain(evil);

    const before = await counts(h, ['marks', 'users', 'contestants', 'sessions']);
    for (const username of ["admin' OR '1'='1", "admin'--", 'admin" OR ""="', '%', '_dmin']) {
      const r = await call('POST', '/api/auth/login', { body: { username, password: 'x' } });
      expectRefused(r, 401, null, `login ${username}`);
    }
    const code = await call('POST', '/api/auth/judge-login', {
      body: { competitionId: C, code: "J1'--", pin: '111111' },
    });
    expectRefused(code, 400, 'body.code', 'judge code with a quote');
    const sheetsLiteral = await call(
      'GET',
      `/api/competitions/${C}/sheets?event=${encodeURIComponent("battery'--")}`,
      { token: f.organizer },
    );
    expect(sheetsLiteral.status).toBe(200);
    expect(sheetsLiteral.body.sheets).toEqual([]);
    const standings = await call(
      'GET',
      `/api/competitions/${C}/events/${encodeURIComponent("battery'--")}/standings`,
    );
    expectRefused(standings, 404, null, 'standings of a quoted event id');
    expect(await counts(h, ['marks', 'users', 'contestants', 'sessions'])).toEqual(before);
    // Every table is still there and still answers.
    const [row] = await query<{ n: number }>(h, sql`select count(*)::int as n from marks`);
    expect(row?.n).toBeGreaterThanOrEqual(0);
    expect((await sheetsOf(h, f)).size).toBe(24);
  });

  it('refuses hostile files on the import route with 4xx, naming the field, storing nothing', async () => {
    const before = await fingerprint(h);
    const send = async (body: string | Uint8Array, type?: string): Promise<Reply> => {
      const headers: Record<string, string> = { authorization: `Bearer ${f.organizer}` };
      if (type !== undefined) headers['content-type'] = type;
      const res = await h.server.app.request(`/api/competitions/${C}/import/contestants`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      seen.push({ what: `import ${type ?? 'no type'}`, status: res.status });
      return replyOf(res);
    };
    const good = 'id,bib,name\nZ9,909,导入\n';
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名单');
    sheet.addRow(['id', 'bib', 'name']);
    sheet.addRow(['Z9', '909']);
    sheet.getCell('C2').value = { formula: 'A2&B2' }; // never calculated: no value to read
    const formula = new Uint8Array(await book.xlsx.writeBuffer());
    for (const type of [undefined, 'application/json', 'text/plain', 'text/csvx', 'text/csv2']) {
      expectRefused(await send(good, type), 415, 'headers.content-type', `type ${type ?? 'none'}`);
    }
    const CASES: [string, string | Uint8Array, string, number, string][] = [
      ['UTF-16', new Uint8Array([0xff, 0xfe, 0x69, 0x00, 0x64, 0x00]), 'text/csv', 422, 'body'],
      ['NUL in a cell', 'id,bib,name\nZ9,909,a\u0000b\n', 'text/csv', 422, 'rows.2.name'],
      ['NUL in the header', 'id,bib,name,x\u0000\nZ9,909,名,1\n', 'text/csv', 422, 'rows.1.D'],
      ['a lone quote', '"', 'text/csv', 422, 'rows.1'],
      ['text after a closing quote', 'id,bib,name\n"Z9"x,909,名\n', 'text/csv', 422, 'rows.2'],
      ['300 columns', `${'c,'.repeat(300)}id\n`, 'text/csv', 422, 'rows.1'],
      ['30,000 blank rows', `id,bib,name\n${'\n'.repeat(30_000)}`, 'text/csv', 422, 'rows.25002'],
      [
        'a name of 100,000 characters',
        `id,bib,name\nZ9,909,${'名'.repeat(100_000)}\n`,
        'text/csv',
        422,
        'rows.2.name',
      ],
      ['a formula never calculated', formula, XLSX_TYPE, 422, 'rows.2.name'],
      ['CSV sent as XLSX', good, XLSX_TYPE, 422, 'body'],
      [
        'an attribute named __proto__',
        'id,bib,name,__proto__\nZ9,909,名,1\n',
        'text/csv',
        422,
        'rows.1.__proto__',
      ],
    ];
    for (const [label, body, type, status, path] of CASES) {
      const r = await send(body, type);
      expectRefused(r, status, path, `import: ${label}`);
    }
    const big = await send(`id,bib,name\n${'Z9,909,名\n'.repeat(600_000)}`, 'text/csv');
    expectRefused(big, 413, null, 'import over 5 MiB');
    expect(await fingerprint(h)).toEqual(before);
  });

  it('never answered 5xx in this file', () => {
    expect(seen.length).toBeGreaterThan(1000);
    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
  });
});
