/**
 * Every role × every route of the registry, through the real app on both databases: who gets
 * an answer, who is refused (401 unauthenticated, 403 forbidden, 404 for what belongs to another
 * competition), and that a refused call changes nothing. A route without an entry in MATRIX
 * fails the suite, so a new route cannot ship without deciding who may call it.
 *
 * Then the judge's side of anonymity (DESIGN.md §4): a judge reads and writes only their own
 * sheets, and nothing a judge can get names a contestant — codes only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DATABASE_KINDS } from '@skills/db/testing';
import { XLSX_TYPE } from '../src/files/xlsx.ts';
import {
  EV_DEFINITION,
  ORGANIZER,
  buildFixture,
  startHarness,
  type Fixture,
  type Harness,
  type Reply,
} from './harness.ts';
import {
  expectErrorBody,
  fingerprint,
  mark,
  query,
  sheet,
  sheetId,
  sheetsOf,
  submit,
} from './helpers.ts';

const ROLES = ['public', 'organizer', 'chief', 'otherChief', 'judge', 'otherJudge'] as const;
type Role = (typeof ROLES)[number];
/**
 * 2 = any 2xx; otherwise the exact refusal (409: let in, but refused for the state it finds,
 * like a reveal of an event that holds nothing back).
 */
type Outcome = 2 | 401 | 403 | 404 | 409;
type Expect = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

interface Req {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** A body sent as it is (an uploaded file), with its headers. */
  readonly raw?: string | Uint8Array<ArrayBuffer>;
  readonly headers?: Record<string, string>;
  /** A token other than the role's usual one (the same role's fresh session). */
  readonly token?: string;
}

interface Case {
  readonly label?: string;
  /** In ROLES order: public, organizer, chief (this competition), chief of another, J1, judge of another. */
  readonly expect: Expect;
  readonly request: (role: Role) => Promise<Req> | Req;
  /** The status that counts when the HTTP status is a wrapper (the batch answers per op). */
  readonly effective?: (r: Reply) => number;
}

const A = 'acc-a';
const B = 'acc-b';

describe.each(DATABASE_KINDS)('access matrix on %s', (kind) => {
  let h: Harness;
  let fa: Fixture;
  let fb: Fixture;
  const tokenOf = (role: Role): string | undefined =>
    ({
      public: undefined,
      organizer: fa.organizer,
      chief: fa.chief,
      otherChief: fb.chief,
      judge: fa.judges['J1'],
      otherJudge: fb.judges['J1'],
    })[role];

  /** A fresh session of the same role (for logout, which ends the session it is called with). */
  const freshToken = (role: Role): Promise<string> | undefined => {
    switch (role) {
      case 'public':
        return undefined;
      case 'organizer':
        return h.login('/api/auth/login', ORGANIZER);
      case 'chief':
      case 'otherChief':
        return h.login('/api/auth/login', {
          username: 'chief',
          password: 'chief-pass-1',
          competitionId: role === 'chief' ? A : B,
        });
      case 'judge':
      case 'otherJudge':
        return h.login('/api/auth/judge-login', {
          competitionId: role === 'judge' ? A : B,
          code: 'J1',
          pin: fa.pins['J1'],
        });
    }
  };

  const memo = new Map<string, Promise<string>>();
  const once = (key: string, make: () => Promise<string>): Promise<string> => {
    let p = memo.get(key);
    if (!p) {
      p = make();
      memo.set(key, p);
    }
    return p;
  };
  /** A sheet of competition A signed by its judge (one seal mark), made once per key. */
  const submittedSheet = (judge: string, entrant: string): Promise<string> =>
    once(`submitted ${judge} ${entrant}`, async () => {
      const id = await sheetId(h, fa, judge, entrant);
      await mark(h, fa, fa.judges[judge], id, 'seal', 30);
      await submit(h, fa, judge, id);
      return id;
    });
  /**
   * A locked sheet. Sheets lock when their event is finalized; the workflow suite walks that
   * road, here the lock is set directly so that reopen can be tried by every role.
   */
  const lockedSheet = (judge: string, entrant: string): Promise<string> =>
    once(`locked ${judge} ${entrant}`, async () => {
      const id = await submittedSheet(judge, entrant);
      await query(
        h,
        sql`update sheets set status = 'locked', revision = revision + 1 where id = ${id}`,
      );
      return id;
    });
  const revision = async (id: string): Promise<number> => (await sheet(h, fa, id)).revision;
  const versionOn = async (id: string, criterion: string): Promise<number> =>
    (await sheet(h, fa, id)).marks.find((m) => m.criterion === criterion)?.version ?? 0;
  const eventStatus = async (): Promise<string> => {
    const r = await h.call('GET', `/api/competitions/${A}`);
    return r.body.events[0].status as string;
  };
  let created = 0;
  const next = (): number => ++created;
  /** A chief judge and a judge of A made for the account routes (once each). */
  const madeOnce = (make: () => Promise<string>): (() => Promise<string>) => {
    let id: Promise<string> | null = null;
    return () => (id ??= make());
  };
  const deputy = madeOnce(async () => {
    const r = await h.call('POST', `/api/competitions/${A}/chiefs`, {
      token: fa.organizer,
      body: { username: 'deputy-acc', name: '副裁判长', password: 'deputy-pass-1' },
    });
    return r.body.id as string;
  });
  const spareJudge = madeOnce(async () => {
    const r = await h.call('POST', `/api/competitions/${A}/judges`, {
      token: fa.organizer,
      body: { code: 'SPARE', name: '备用裁判', pin: '135790' },
    });
    return r.body.id as string;
  });
  const official = (role: Role): boolean => role === 'organizer' || role === 'chief';

  /**
   * The expectation table, keyed by "METHOD path" as in the registry. Columns: public,
   * organizer, chief judge of A, chief judge of B, judge J1 of A, judge J1 of B. Requests are
   * made on competition A, with real ids, and are valid for whoever may make them.
   */
  const MATRIX: Record<string, readonly Case[]> = {
    //                                                   pub  org  chief chiefB J1  judgeB
    'POST /api/auth/login': [
      {
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({
          method: 'POST',
          path: '/api/auth/login',
          body: { ...ORGANIZER, bearer: true },
        }),
      },
    ],
    'POST /api/auth/judge-login': [
      {
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({
          method: 'POST',
          path: '/api/auth/judge-login',
          body: { competitionId: A, code: 'J1', pin: fa.pins['J1'], bearer: true },
        }),
      },
    ],
    'POST /api/auth/link-login': [
      {
        expect: [2, 2, 2, 2, 2, 2],
        request: async () => {
          const link = await h.call(
            'POST',
            `/api/competitions/${A}/judges/${fa.judgeIds['J2']}/login-link`,
            { token: fa.organizer },
          );
          return {
            method: 'POST',
            path: '/api/auth/link-login',
            body: { token: link.body.token, bearer: true },
          };
        },
      },
    ],
    'POST /api/auth/logout': [
      {
        expect: [401, 2, 2, 2, 2, 2],
        request: async (role) => {
          const token = await freshToken(role);
          return {
            method: 'POST',
            path: '/api/auth/logout',
            ...(token !== undefined ? { token } : {}),
          };
        },
      },
    ],
    'GET /api/auth/me': [
      { expect: [401, 2, 2, 2, 2, 2], request: () => ({ method: 'GET', path: '/api/auth/me' }) },
    ],
    'GET /api/competitions': [
      {
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({ method: 'GET', path: '/api/competitions' }),
      },
    ],
    'POST /api/competitions': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: '/api/competitions',
          body: { id: `acc-new-${next()}`, name: '新赛事', definition: EV_DEFINITION },
        }),
      },
    ],
    'GET /api/competitions/:competitionId': [
      {
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}` }),
      },
    ],
    'GET /api/competitions/:competitionId/definition': [
      {
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/definition` }),
      },
    ],
    'PUT /api/competitions/:competitionId/definition': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: async () => {
          const r = await h.call('GET', `/api/competitions/${A}`);
          return {
            method: 'PUT',
            path: `/api/competitions/${A}/definition`,
            body: { definition: EV_DEFINITION, expectedVersion: r.body.definitionVersion },
          };
        },
      },
    ],
    'POST /api/competitions/:competitionId/definition/preview': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/definition/preview`,
          body: { definition: EV_DEFINITION, expectedVersion: 1 },
        }),
      },
    ],
    'GET /api/competitions/:competitionId/definition/xlsx': [
      {
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/definition/xlsx` }),
      },
    ],
    'POST /api/competitions/:competitionId/definition/xlsx': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: async () => {
          const r = await h.call('GET', `/api/competitions/${A}`);
          const file = await h.server.app.request(`/api/competitions/${A}/definition/xlsx`);
          return {
            method: 'POST',
            path: `/api/competitions/${A}/definition/xlsx?expectedVersion=${r.body.definitionVersion}`,
            raw: new Uint8Array(await file.arrayBuffer()),
            headers: { 'content-type': XLSX_TYPE },
          };
        },
      },
    ],
    'GET /api/scheme-template': [
      {
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({ method: 'GET', path: '/api/scheme-template' }),
      },
    ],
    'POST /api/competitions/:competitionId/roster': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/roster`,
          body: {
            contestants: [
              {
                id: 'E1',
                bib: '001',
                name: '选手1',
                delegation: '国网厦门',
                attributes: { employee: true },
              },
            ],
          },
        }),
      },
    ],
    'GET /api/competitions/:competitionId/contestants': [
      {
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/contestants` }),
      },
    ],
    'GET /api/competitions/:competitionId/judges': [
      {
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/judges` }),
      },
    ],
    'POST /api/competitions/:competitionId/judges': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/judges`,
          body: { code: `N${next()}`, name: '新裁判', pin: '123456' },
        }),
      },
    ],
    'POST /api/competitions/:competitionId/chiefs': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/chiefs`,
          body: { username: `chief${next()}`, name: '副裁判长', password: 'deputy-pass-1' },
        }),
      },
    ],
    'POST /api/competitions/:competitionId/judges/:judgeId/login-link': [
      {
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/judges/${fa.judgeIds['J2']}/login-link`,
        }),
      },
    ],
    'POST /api/competitions/:competitionId/judges/:judgeId/unlock': [
      {
        // The chief judge of this competition or the organizer; a judge cannot unlock anyone.
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/judges/${fa.judgeIds['J2']}/unlock`,
        }),
      },
    ],
    'PUT /api/competitions/:competitionId/events/:eventId/assignments': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'PUT',
          path: `/api/competitions/${A}/events/battery/assignments`,
          body: {
            assignments: [
              { judge: 'J9', criteria: ['exam', 'safety'] },
              { judge: 'J1', criteria: ['seal', 'balance', 'process'] },
              { judge: 'J2', criteria: ['seal', 'balance', 'process'] },
              { judge: 'J3', criteria: ['seal', 'balance', 'process'] },
            ],
          },
        }),
      },
    ],
    'POST /api/competitions/:competitionId/events/:eventId/draw': [
      {
        // Redrawing is allowed only while the event has no marks: this case runs first.
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/events/battery/draw`,
          body: { seed: 'fixture-seed-0001' },
        }),
      },
    ],
    'GET /api/competitions/:competitionId/events/:eventId/draw': [
      {
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/events/battery/draw` }),
      },
    ],
    'POST /api/competitions/:competitionId/events/:eventId/status': [
      {
        // live ⇄ frozen, from whatever it is now.
        expect: [401, 2, 2, 403, 403, 403],
        request: async () => {
          const from = await eventStatus();
          return {
            method: 'POST',
            path: `/api/competitions/${A}/events/battery/status`,
            body: { from, status: from === 'live' ? 'frozen' : 'live' },
          };
        },
      },
    ],
    'POST /api/competitions/:competitionId/events/:eventId/reveal': [
      {
        // Organizer only; nothing of this event is held for a reveal, so it is refused as such.
        expect: [401, 409, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/events/battery/reveal`,
          body: { action: 'next', step: 0 },
        }),
      },
    ],
    'PUT /api/competitions/:competitionId/events/:eventId/settings': [
      {
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({
          method: 'PUT',
          path: `/api/competitions/${A}/events/battery/settings`,
          body: { publicNames: true, publicVisible: true },
        }),
      },
    ],
    'GET /api/judge/sheets': [
      {
        expect: [401, 403, 403, 403, 2, 2],
        request: () => ({ method: 'GET', path: '/api/judge/sheets' }),
      },
    ],
    'GET /api/competitions/:competitionId/sheets': [
      {
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/sheets?event=battery` }),
      },
    ],
    'GET /api/sheets/:sheetId': [
      {
        expect: [401, 2, 2, 404, 2, 404],
        request: async () => ({
          method: 'GET',
          path: `/api/sheets/${await sheetId(h, fa, 'J1', 'E1')}`,
        }),
      },
    ],
    'GET /api/sheets/:sheetId/history': [
      {
        expect: [401, 2, 2, 404, 2, 404],
        request: async () => ({
          method: 'GET',
          path: `/api/sheets/${await sheetId(h, fa, 'J1', 'E1')}/history`,
        }),
      },
    ],
    'POST /api/sheets/:sheetId/marks': [
      {
        // The judge marks their own draft; officials correct a signed sheet, with a reason.
        expect: [401, 2, 2, 404, 2, 404],
        request: async (role) => {
          const id =
            role === 'judge' ? await sheetId(h, fa, 'J1', 'E1') : await submittedSheet('J2', 'E3');
          return {
            method: 'POST',
            path: `/api/sheets/${id}/marks`,
            body: {
              opId: randomUUID(),
              criterion: 'seal',
              value: 31,
              expectedVersion: await versionOn(id, 'seal'),
              ...(role === 'judge' ? {} : { reason: '复核更正' }),
            },
          };
        },
      },
    ],
    'POST /api/marks/batch': [
      {
        expect: [401, 2, 2, 404, 2, 404],
        effective: (r) => (r.status === 200 ? (r.body.results[0].status as number) : r.status),
        request: async (role) => {
          const id =
            role === 'judge' ? await sheetId(h, fa, 'J1', 'E1') : await submittedSheet('J2', 'E3');
          return {
            method: 'POST',
            path: '/api/marks/batch',
            body: {
              ops: [
                {
                  opId: randomUUID(),
                  sheetId: id,
                  criterion: 'balance',
                  value: 32,
                  expectedVersion: await versionOn(id, 'balance'),
                  ...(official(role) || role === 'otherChief' ? { reason: '补录' } : {}),
                },
              ],
            },
          };
        },
      },
    ],
    'POST /api/sheets/:sheetId/submit': [
      {
        // Only the judge of a sheet signs it, with their own PIN.
        expect: [401, 403, 403, 404, 2, 404],
        request: async () => {
          const id = await once('to submit', async () => {
            const s = await sheetId(h, fa, 'J1', 'E2');
            await mark(h, fa, fa.judges['J1'], s, 'seal', 29);
            return s;
          });
          return {
            method: 'POST',
            path: `/api/sheets/${id}/submit`,
            body: { revision: await revision(id), pin: fa.pins['J1'] },
          };
        },
      },
    ],
    'POST /api/sheets/:sheetId/verify': [
      {
        expect: [401, 2, 2, 404, 403, 403],
        request: async (role) => {
          const id = await submittedSheet('J3', role === 'chief' ? 'E5' : 'E4');
          return {
            method: 'POST',
            path: `/api/sheets/${id}/verify`,
            body: { revision: await revision(id) },
          };
        },
      },
    ],
    'GET /api/competitions/:competitionId/sheets/changes': [
      {
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({
          method: 'GET',
          path: `/api/competitions/${A}/sheets/changes?event=battery&since=0`,
        }),
      },
    ],
    'POST /api/competitions/:competitionId/sheets/submit': [
      {
        // A judge of the competition signs a batch of their own complete sheets.
        expect: [401, 403, 403, 403, 2, 403],
        request: async () => {
          const id = await once('batch to submit', async () => {
            const s = await sheetId(h, fa, 'J1', 'E5');
            for (const c of ['seal', 'balance', 'process'])
              await mark(h, fa, fa.judges['J1'], s, c, 8);
            return s;
          });
          return {
            method: 'POST',
            path: `/api/competitions/${A}/sheets/submit`,
            body: { sheets: [{ id, revision: await revision(id) }], pin: fa.pins['J1'] },
          };
        },
        effective: (r) => (r.status === 200 ? (r.body.results[0].status as number) : r.status),
      },
    ],
    'POST /api/competitions/:competitionId/sheets/verify': [
      {
        // Officials of the competition only; each verifies a sheet of its own.
        expect: [401, 2, 2, 403, 403, 403],
        request: async (role) => {
          const id = await submittedSheet('J2', role === 'chief' ? 'E1' : 'E2');
          return {
            method: 'POST',
            path: `/api/competitions/${A}/sheets/verify`,
            body: { sheets: [{ id, revision: await revision(id) }] },
          };
        },
        effective: (r) => (r.status === 200 ? (r.body.results[0].status as number) : r.status),
      },
    ],
    'POST /api/sheets/:sheetId/return': [
      {
        expect: [401, 2, 2, 404, 403, 403],
        request: async (role) => {
          const id = await submittedSheet('J3', role === 'chief' ? 'E3' : 'E6');
          return {
            method: 'POST',
            path: `/api/sheets/${id}/return`,
            body: { revision: await revision(id), note: '请复核密封性测试分' },
          };
        },
      },
    ],
    'POST /api/sheets/:sheetId/reopen': [
      {
        expect: [401, 2, 2, 404, 403, 403],
        request: async (role) => {
          const id = await lockedSheet('J2', role === 'chief' ? 'E5' : 'E6');
          return {
            method: 'POST',
            path: `/api/sheets/${id}/reopen`,
            body: { revision: await revision(id), reason: '申诉复议' },
          };
        },
      },
    ],
    'GET /api/public-config': [
      {
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({ method: 'GET', path: '/api/public-config' }),
      },
    ],
    'GET /api/competitions/:competitionId/events/:eventId/standings': [
      {
        label: 'view=public',
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({
          method: 'GET',
          path: `/api/competitions/${A}/events/battery/standings?view=public`,
        }),
      },
      {
        label: 'view=official',
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({
          method: 'GET',
          path: `/api/competitions/${A}/events/battery/standings?view=official`,
        }),
      },
    ],
    'GET /api/competitions/:competitionId/overall/:overallId/standings': [
      {
        label: 'view=public',
        expect: [2, 2, 2, 2, 2, 2],
        request: () => ({
          method: 'GET',
          path: `/api/competitions/${A}/overall/delegations/standings`,
        }),
      },
      {
        label: 'view=official',
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({
          method: 'GET',
          path: `/api/competitions/${A}/overall/delegations/standings?view=official`,
        }),
      },
    ],
    'POST /api/competitions/:competitionId/import/:kind': [
      {
        label: 'contestants, CSV',
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/import/contestants`,
          raw: '\uFEFF编号,参赛号,姓名,代表队,employee\r\nE1,001,选手1,国网厦门,true\r\n',
          headers: { 'content-type': 'text/csv' },
        }),
      },
      {
        label: 'judges, CSV',
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/import/judges`,
          raw: `code,name,pin\nF${next()},导入裁判,123456\n`,
          headers: { 'content-type': 'text/csv' },
        }),
      },
    ],
    'POST /api/competitions/:competitionId/import/:kind/preview': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/import/contestants/preview`,
          raw: '\uFEFF序号,姓名,工作单位,身份证号\r\n1,选手1,国网厦门,110101199001011234\r\n',
          headers: { 'content-type': 'text/csv' },
        }),
      },
    ],
    'GET /api/competitions/:competitionId/import/:kind/template': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'GET',
          path: `/api/competitions/${A}/import/judges/template?format=csv`,
        }),
      },
    ],
    'GET /api/competitions/:competitionId/personal-data': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/personal-data` }),
      },
    ],
    'PUT /api/competitions/:competitionId/chiefs/:chiefId': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: async () => ({
          method: 'PUT',
          path: `/api/competitions/${A}/chiefs/${await deputy()}`,
          body: { name: `副裁判长${next()}` },
        }),
      },
    ],
    'PUT /api/competitions/:competitionId/judges/:judgeId': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'PUT',
          path: `/api/competitions/${A}/judges/${fa.judgeIds['J3']}`,
          body: { unit: `单位${next()}` },
        }),
      },
    ],
    'POST /api/competitions/:competitionId/judges/:judgeId/pin': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: async () => ({
          method: 'POST',
          path: `/api/competitions/${A}/judges/${await spareJudge()}/pin`,
          body: { pin: '246810' },
        }),
      },
    ],
    'GET /api/competitions/:competitionId/events/:eventId/assignments': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'GET',
          path: `/api/competitions/${A}/events/battery/assignments`,
        }),
      },
    ],
    'POST /api/competitions/:competitionId/events/:eventId/assignments/changes': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({
          method: 'POST',
          path: `/api/competitions/${A}/events/battery/assignments/changes`,
          body: { add: [{ judge: 'J9', criterion: 'exam' }] },
        }),
      },
    ],
    'GET /api/competitions/:competitionId/events/:eventId/export': [
      {
        label: 'csv',
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/events/battery/export` }),
      },
      {
        label: 'xlsx',
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({
          method: 'GET',
          path: `/api/competitions/${A}/events/battery/export?format=xlsx`,
        }),
      },
    ],
    'GET /api/competitions/:competitionId/overall/:overallId/export': [
      {
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({
          method: 'GET',
          path: `/api/competitions/${A}/overall/delegations/export?format=xlsx`,
        }),
      },
    ],
    'GET /api/competitions/:competitionId/nominations': [
      {
        // Officials are let in, and refused because the battery event is not final.
        expect: [401, 409, 409, 403, 403, 403],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/nominations` }),
      },
    ],
    'GET /api/competitions/:competitionId/export/ledger': [
      {
        expect: [401, 2, 2, 403, 403, 403],
        request: () => ({ method: 'GET', path: `/api/competitions/${A}/export/ledger` }),
      },
    ],
    'GET /api/audit': [
      {
        expect: [401, 2, 403, 403, 403, 403],
        request: () => ({ method: 'GET', path: '/api/audit?after=0&limit=10' }),
      },
    ],
    'GET /api/audit/verify': [
      {
        // The chain report is global and holds no competition data: any chief may check it.
        expect: [401, 2, 2, 2, 403, 403],
        request: () => ({ method: 'GET', path: '/api/audit/verify' }),
      },
    ],
  };
  /** Cases that need the event to have no marks yet run before all others. */
  const BEFORE_MARKS = new Set(['POST /api/competitions/:competitionId/events/:eventId/draw']);

  beforeAll(async () => {
    h = await startHarness(kind);
    fa = await buildFixture(h, A);
    fb = await buildFixture(h, B);
  });
  afterAll(async () => {
    await h.close();
  });

  const keyOf = (r: { method: string; path: string }): string =>
    `${r.method.toUpperCase()} ${r.path}`;

  it('has an entry for every route of the registry, and none for routes that are gone', () => {
    const keys = h.server.routes.map(keyOf);
    expect(keys.filter((k) => !(k in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !keys.includes(k))).toEqual([]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('answers every role on every route as the matrix says, and refused calls change nothing', async () => {
    const routes = [...h.server.routes].sort(
      (a, b) => Number(BEFORE_MARKS.has(keyOf(b))) - Number(BEFORE_MARKS.has(keyOf(a))),
    );
    const wrong: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const key = keyOf(route);
      for (const c of MATRIX[key] ?? []) {
        for (const [i, role] of ROLES.entries()) {
          const want = c.expect[i] as Outcome;
          const req = await c.request(role);
          const token = role === 'public' ? undefined : (req.token ?? tokenOf(role));
          const before = want === 2 ? null : await fingerprint(h);
          const r = await h.call(req.method, req.path, {
            ...(token !== undefined ? { token } : {}),
            ...(req.body !== undefined ? { body: req.body } : {}),
            ...(req.raw !== undefined ? { raw: req.raw } : {}),
            ...(req.headers !== undefined ? { headers: req.headers } : {}),
          });
          calls++;
          const got = c.effective ? c.effective(r) : r.status;
          const label = `${key}${c.label ? ` (${c.label})` : ''} as ${role}`;
          const ok = want === 2 ? got >= 200 && got < 300 : got === want;
          if (!ok) wrong.push(`${label}: want ${want}, got ${got} ${JSON.stringify(r.body)}`);
          if (want !== 2) {
            if (!c.effective) {
              try {
                expectErrorBody(r);
              } catch (e) {
                wrong.push(`${label}: ${e instanceof Error ? e.message.split('\n')[0] : ''}`);
              }
            }
            const after = await fingerprint(h);
            if (JSON.stringify(after) !== JSON.stringify(before)) {
              wrong.push(`${label}: a refused call changed the database`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBeGreaterThan(200);
  });

  it('lets a judge read and write only their own sheets', async () => {
    const sheets = await sheetsOf(h, fa);
    const j1 = sheets.get('J1|E4');
    if (!j1) throw new Error('no sheet');
    const j2 = fa.judges['J2'];
    const before = await fingerprint(h);
    const refusals = [
      await h.call('GET', `/api/sheets/${j1.id}`, { token: j2 }),
      await h.call('GET', `/api/sheets/${j1.id}/history`, { token: j2 }),
      await h.call('POST', `/api/sheets/${j1.id}/marks`, {
        token: j2,
        body: { opId: randomUUID(), criterion: 'seal', value: 20, expectedVersion: 0 },
      }),
      await h.call('POST', `/api/sheets/${j1.id}/submit`, {
        token: j2,
        body: { revision: j1.revision, pin: fa.pins['J2'] },
      }),
    ];
    for (const r of refusals) {
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      expect(r.body.code).toBe('not_assigned');
      // The refusal names what is at fault: the sheet in the path.
      expect(r.body.details).toEqual([
        { path: 'params.sheetId', code: 'not_assigned', message: expect.any(String) },
      ]);
    }
    const batch = await h.call('POST', '/api/marks/batch', {
      token: j2,
      body: {
        ops: [
          {
            opId: randomUUID(),
            sheetId: j1.id,
            criterion: 'seal',
            value: 20,
            expectedVersion: 0,
          },
        ],
      },
    });
    expect(batch.status).toBe(200);
    expect(batch.body.results[0]).toMatchObject({
      status: 403,
      body: { code: 'not_assigned', details: [{ path: 'params.sheetId', code: 'not_assigned' }] },
    });
    // J1 on a criterion of J9's assignment.
    const notMine = await h.call('POST', `/api/sheets/${j1.id}/marks`, {
      token: fa.judges['J1'],
      body: { opId: randomUUID(), criterion: 'exam', value: 80, expectedVersion: 0 },
    });
    expect(notMine.status).toBe(403);
    expect(notMine.body).toMatchObject({
      code: 'not_assigned',
      details: [{ path: 'body.criterion' }],
    });
    expect(await fingerprint(h)).toEqual(before);

    const mine = await h.call('GET', '/api/judge/sheets', { token: j2 });
    expect(mine.status).toBe(200);
    expect(mine.body.sheets.length).toBe(6);
    for (const s of mine.body.sheets) expect(s.judge).toBe('J2');
  });

  it('never shows a judge a contestant name or id: codes only', async () => {
    const names = ['选手1', '选手2', '选手3', '选手4', '选手5', '选手6'];
    const ids = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'];
    const draw = await h.call('GET', `/api/competitions/${A}/events/battery/draw`, {
      token: fa.organizer,
    });
    const codes = new Set((draw.body.codes as { code: string }[]).map((c) => c.code));
    const answers: Reply[] = [];
    const login = await h.call('POST', '/api/auth/judge-login', {
      body: { competitionId: A, code: 'J3', pin: fa.pins['J3'], bearer: true },
    });
    answers.push(login);
    const token = login.body.token as string;
    const list = await h.call('GET', '/api/judge/sheets', { token });
    answers.push(list);
    expect(list.body.sheets).toHaveLength(6);
    for (const s of list.body.sheets as { id: string; code: string }[]) {
      expect(codes.has(s.code), s.code).toBe(true);
      answers.push(await h.call('GET', `/api/sheets/${s.id}`, { token }));
      answers.push(await h.call('GET', `/api/sheets/${s.id}/history`, { token }));
    }
    const first = (list.body.sheets as { id: string }[])[0];
    if (!first) throw new Error('no sheet');
    const written = await h.call('POST', `/api/sheets/${first.id}/marks`, {
      token,
      body: {
        opId: randomUUID(),
        criterion: 'process',
        value: 8,
        expectedVersion: 0,
      },
    });
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    answers.push(written);
    answers.push(
      await h.call('POST', `/api/sheets/${first.id}/marks`, {
        token,
        body: { opId: randomUUID(), criterion: 'process', value: 9, expectedVersion: 0 },
      }),
    );
    answers.push(
      await h.call('POST', '/api/marks/batch', {
        token,
        body: {
          ops: [
            {
              opId: randomUUID(),
              sheetId: first.id,
              criterion: 'balance',
              value: 30,
              expectedVersion: 0,
            },
          ],
        },
      }),
    );
    answers.push(await h.call('GET', `/api/sheets/${first.id}/history`, { token }));
    answers.push(await h.call('GET', '/api/auth/me', { token }));
    for (const r of answers) {
      expect(r.status).toBeLessThan(500);
      const text = JSON.stringify(r.body);
      for (const n of names) expect(text).not.toContain(n);
      for (const id of ids) expect(text).not.toContain(`"${id}"`);
      expect(text).not.toContain('"entrant"');
      expect(text).not.toContain('"bib"');
    }
  });
});
