/**
 * Test harness: the real app on a fresh database (PGlite or Postgres), driven through HTTP
 * requests with app.request, plus a small fixture competition built through the API itself.
 */
import { readFileSync } from 'node:fs';
import { openTestDatabase, type DatabaseKind } from '@skills/db/testing';
import type { Database } from '@skills/db';
import { createServer, type Server } from '../src/server.ts';
import { ensureOrganizer } from '../src/services/bootstrap.ts';

export interface Reply {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

export interface Harness {
  readonly server: Server;
  readonly database: Database;
  call(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      token?: string | undefined;
      /** A body sent as it is (an uploaded file). */
      raw?: string | Uint8Array<ArrayBuffer>;
      headers?: Record<string, string>;
    },
  ): Promise<Reply>;
  login(path: string, body: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export const ORGANIZER = { username: 'admin', password: 'organizer-pass-1' };

/** An answer with its body parsed when it is JSON. */
export async function replyOf(res: Response): Promise<Reply> {
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A request as the tests send it: a JSON body, a bearer token. */
export function requestInit(
  method: string,
  options: { body?: unknown; token?: string | undefined } = {},
): RequestInit {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  };
}

export async function startHarness(
  kind: DatabaseKind,
  options: { readonly standingsThread?: boolean } = {},
): Promise<Harness> {
  const database = await openTestDatabase(kind);
  const url = options.standingsThread === true ? database.url : null;
  const server = createServer({
    database,
    config: { recomputeWindowMs: 5 },
    ...(url === null ? {} : { standingsThread: { databaseUrl: url } }),
  });
  await ensureOrganizer(server.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
  return harnessOf(server, database, async () => {
    await server.close();
    await database.close();
  });
}

/** Requests against a server already running (in process, through app.request). */
export function harnessOf(server: Server, database: Database, close: () => Promise<void>): Harness {
  const call: Harness['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    return replyOf(
      await server.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }),
    );
  };
  return {
    server,
    database,
    call,
    async login(path, body) {
      const r = await call('POST', path, { body: { ...body, bearer: true } });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    close,
  };
}

/** The CLI's EV battery example, with a panel of three practical judges. */
export const EV_DEFINITION = ((): Record<string, unknown> => {
  const def = JSON.parse(
    readFileSync(
      new URL('../../scoring/examples/ev-battery.definition.json', import.meta.url),
      'utf8',
    ),
  ) as Record<string, unknown> & { events: { judges: number }[] };
  for (const ev of def.events) ev.judges = 3;
  return def;
})();

export interface Fixture {
  readonly competitionId: string;
  readonly organizer: string;
  readonly chief: string;
  readonly judges: Record<string, string>;
  readonly judgeIds: Record<string, string>;
  readonly pins: Record<string, string>;
}

/** A small EV battery competition: 6 contestants, 3 judges + J9 on theory, drawn, live. */
export async function buildFixture(h: Harness, competitionId = 'ev-test'): Promise<Fixture> {
  const organizer = await h.login('/api/auth/login', ORGANIZER);
  const ok = (r: Reply, status = 200): Reply => {
    if (r.status !== status) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  ok(
    await h.call('POST', '/api/competitions', {
      token: organizer,
      body: { id: competitionId, name: '电池检测测试赛', definition: EV_DEFINITION },
    }),
    201,
  );
  ok(
    await h.call('POST', `/api/competitions/${competitionId}/roster`, {
      token: organizer,
      body: {
        contestants: ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'].map((id, i) => ({
          id,
          bib: String(i + 1).padStart(3, '0'),
          name: `选手${i + 1}`,
          delegation: i % 2 === 0 ? '国网厦门' : '厦门金龙',
          attributes: { employee: true },
        })),
      },
    }),
  );
  const pins: Record<string, string> = { J1: '111111', J2: '222222', J3: '333333', J9: '999999' };
  const judgeIds: Record<string, string> = {};
  for (const [code, pin] of Object.entries(pins)) {
    const r = ok(
      await h.call('POST', `/api/competitions/${competitionId}/judges`, {
        token: organizer,
        body: { code, name: `裁判${code}`, pin },
      }),
      201,
    );
    judgeIds[code] = r.body.id as string;
  }
  ok(
    await h.call('POST', `/api/competitions/${competitionId}/chiefs`, {
      token: organizer,
      body: { username: 'chief', name: '裁判长', password: 'chief-pass-1' },
    }),
    201,
  );
  ok(
    await h.call('PUT', `/api/competitions/${competitionId}/events/battery/assignments`, {
      token: organizer,
      body: {
        assignments: [
          { judge: 'J9', criteria: ['exam', 'safety'] },
          { judge: 'J1', criteria: ['seal', 'balance', 'process'] },
          { judge: 'J2', criteria: ['seal', 'balance', 'process'] },
          { judge: 'J3', criteria: ['seal', 'balance', 'process'] },
        ],
      },
    }),
  );
  ok(
    await h.call('POST', `/api/competitions/${competitionId}/events/battery/draw`, {
      token: organizer,
      body: { seed: 'fixture-seed-0001' },
    }),
    201,
  );
  ok(
    await h.call('PUT', `/api/competitions/${competitionId}/events/battery/settings`, {
      token: organizer,
      body: { published: true },
    }),
  );
  ok(
    await h.call('POST', `/api/competitions/${competitionId}/events/battery/status`, {
      token: organizer,
      body: { status: 'live', from: 'setup' },
    }),
  );
  const chief = await h.login('/api/auth/login', {
    username: 'chief',
    password: 'chief-pass-1',
    competitionId,
  });
  const judges: Record<string, string> = {};
  for (const [code, pin] of Object.entries(pins)) {
    judges[code] = await h.login('/api/auth/judge-login', { competitionId, code, pin });
  }
  return { competitionId, organizer, chief, judges, judgeIds, pins };
}

/** The suites' harness, over HTTP to whichever process `base()` names now. */
export function httpHarness(base: () => string): Harness {
  const call: Harness['call'] = async (method, path, options = {}) =>
    replyOf(await fetch(`${base()}${path}`, requestInit(method, options)));
  return {
    call,
    async login(path: string, body: Record<string, unknown>) {
      const r = await call('POST', path, { body: { ...body, bearer: true } });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    close: () => Promise.resolve(),
  } as Harness;
}
