/**
 * The typed client sends what the route's contract entry says, to the URL the route names (path
 * params filled in and encoded, the query after it), and tells a refusal (ApiError) from no
 * answer at all (NetworkError) as before. fetch is the browser's; here it is replaced by a
 * recorder that answers what each test gives it. The types are checked by `npm run typecheck`:
 * each call's input and answer come from the contract's route map.
 */
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { CompetitionList, MarkBatchAnswer, Sheet } from '@skills/server/contract';
import { ApiError, NetworkError, api, unanswered, urlOf } from './api.ts';

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

let sent: Sent[] = [];
let answer: () => Response = () => Response.json({});

beforeEach(() => {
  sent = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      body: init.body,
    });
    return Promise.resolve(answer());
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const SHEET = '0b7f6c1e-3f4a-4a8e-9d59-2f6f0f7b9c11';

describe('api', () => {
  it('fills the path params and sends the JSON body, answering the JSON', async () => {
    answer = () => Response.json({ id: SHEET, status: 'submitted', revision: 3 });
    const sheet = await api('post /api/sheets/:sheetId/submit', {
      params: { sheetId: SHEET },
      body: { revision: 2, pin: '123456' },
    });
    expect(sheet).toMatchObject({ id: SHEET, status: 'submitted', revision: 3 });
    expect(sent).toEqual([
      {
        url: `/api/sheets/${SHEET}/submit`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ revision: 2, pin: '123456' }),
      },
    ]);
  });

  it('adds the query in the order given, leaving out what is undefined', async () => {
    answer = () => Response.json({ cursor: 9, reload: false, sheets: [] });
    await api('get /api/competitions/:competitionId/sheets/changes', {
      params: { competitionId: 'wsc-2026' },
      query: { event: 'e1', since: 5 },
    });
    await api('get /api/audit', { query: { after: 0, limit: 500 } });
    await api('get /api/judge/sheets');
    expect(sent.map((s) => [s.method, s.url, s.body, s.headers])).toEqual([
      ['GET', '/api/competitions/wsc-2026/sheets/changes?event=e1&since=5', null, {}],
      ['GET', '/api/audit?after=0&limit=500', null, {}],
      ['GET', '/api/judge/sheets', null, {}],
    ]);
    expect(
      urlOf('get /api/competitions/:competitionId/sheets/changes', {
        params: { competitionId: 'wsc-2026' },
        query: { event: 'e1' },
      }),
    ).toBe('/api/competitions/wsc-2026/sheets/changes?event=e1');
  });

  it('encodes a param that is not safe in a path', async () => {
    await api('get /api/competitions/:competitionId/events/:eventId/draw', {
      params: { competitionId: 'wsc-2026', eventId: '电工 #1?' },
    });
    expect(sent[0]?.url).toBe(
      '/api/competitions/wsc-2026/events/%E7%94%B5%E5%B7%A5%20%231%3F/draw',
    );
  });

  it('sends a file as the body with its own content type', async () => {
    answer = () => Response.json({ kind: 'contestants', imported: 2 });
    const data = new Blob(['bib,name\n1,张三\n'], { type: 'text/csv' });
    const r = await api('post /api/competitions/:competitionId/import/:kind', {
      params: { competitionId: 'wsc-2026', kind: 'contestants' },
      file: { data, type: 'text/csv' },
    });
    expect(r.imported).toBe(2);
    expect(sent).toEqual([
      {
        url: '/api/competitions/wsc-2026/import/contestants',
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: data,
      },
    ]);
  });

  it('sends no body to a route that takes none', async () => {
    answer = () => Response.json({ ok: true });
    await api('post /api/auth/logout');
    expect(sent[0]).toEqual({ url: '/api/auth/logout', method: 'POST', headers: {}, body: null });
  });

  it("turns a refusal into an ApiError with the server's error body", async () => {
    answer = () =>
      Response.json(
        {
          code: 'conflict',
          message: 'the sheet changed',
          details: [{ path: 'body.revision', code: 'stale', message: 'now 4' }],
        },
        { status: 409 },
      );
    const error = await api('get /api/sheets/:sheetId', { params: { sheetId: SHEET } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'the sheet changed' });
    expect(unanswered(error)).toBe(false);
  });

  it('says "no answer" for a proxy without a server, a network failure, and a 5xx', async () => {
    answer = () => new Response('Bad Gateway', { status: 502 });
    const proxy = await api('get /api/auth/me').catch((e: unknown) => e);
    expect(proxy).toBeInstanceOf(NetworkError);

    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const offline = await api('get /api/auth/me').catch((e: unknown) => e);
    expect(offline).toBeInstanceOf(NetworkError);

    vi.stubGlobal('fetch', () => Promise.resolve(new Response('oops', { status: 500 })));
    const broken = await api('get /api/auth/me').catch((e: unknown) => e);
    expect(broken).toMatchObject({ status: 500, code: 'server_error' });
    expect(unanswered(broken)).toBe(true);
  });
});

describe('api types (checked by the type checker)', () => {
  it("answers with the route's answer type and refuses what the route does not take", () => {
    answer = () => Response.json({ competitions: [], results: [] });
    expectTypeOf(api('get /api/competitions')).resolves.toEqualTypeOf<CompetitionList>();
    expectTypeOf(
      api('get /api/sheets/:sheetId', { params: { sheetId: SHEET } }),
    ).resolves.toEqualTypeOf<Sheet>();
    expectTypeOf(
      api('post /api/marks/batch', { body: { ops: [] } }),
    ).resolves.toEqualTypeOf<MarkBatchAnswer>();
    // Calls the type checker must refuse (never run: they would throw or reach no route).
    const refused = (): void => {
      // @ts-expect-error: the route needs its path params
      void api('get /api/sheets/:sheetId');
      void api('post /api/sheets/:sheetId/submit', {
        params: { sheetId: SHEET },
        // @ts-expect-error: a submit is signed with a PIN
        body: { revision: 1 },
      });
      // @ts-expect-error: no such route
      void api('get /api/sheets');
    };
    expect(refused).toBeTypeOf('function');
  });
});
