/**
 * Results exports, award nominations and the ledger export, on both databases.
 *
 * The fixture's battery event gets marks that rank E6 > E3 > E5 = E4 (E5 above on the practical
 * module, tie-break 1) > E2 > E1, and a roster (imported as CSV) where E6 and E1 are not employees
 * and E5, E4, E1 are women. The EV definition's award rules then give: 五一劳动奖章 (top 1,
 * employees, 递补) → E3 moved up over E6; 技术能手 (top 3 employees, ≥ 60) → E3, E5, E4;
 * 女职工标兵 (top woman) → E5.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@skills/db/testing';
import { Rational } from '@skills/scoring';
import { main as scoringCli } from '../../scoring/src/cli/main.ts';
import { parseCsv } from '../src/files/csv.ts';
import {
  EV_DEFINITION,
  buildFixture,
  replyOf,
  startHarness,
  type Fixture,
  type Harness,
  type Reply,
} from './harness.ts';
import { completeSheets, fingerprint, sheetsOf } from './helpers.ts';

const C = 'exp-test';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Marks per contestant: [exam, seal, balance, process] (every practical judge the same). */
const MARKS: Record<string, readonly [number, number, number, number]> = {
  E1: [70, 25, 25, 6], //   14 + 0.8 × 62 = 63.6
  E2: [75, 28, 27, 7], //   15 + 0.8 × 69 = 70.2
  E3: [90, 35, 36, 9], //   18 + 0.8 × 89 = 89.2
  E4: [80, 30, 30, 8], //   16 + 0.8 × 76 = 76.8
  E5: [60, 32, 31, 9], //   12 + 0.8 × 81 = 76.8, above E4 on the practical module
  E6: [95, 38, 38, 9.5], // 19 + 0.8 × 95 = 95
};
const ORDER = ['E6', 'E3', 'E5', 'E4', 'E2', 'E1'];
/** As the standings write them: at the event's two places (standings/precision.ts). */
const SCORES: Record<string, string> = {
  E6: '95.00',
  E3: '89.20',
  E5: '76.80',
  E4: '76.80',
  E2: '70.20',
  E1: '63.60',
};

/** The body of a file answer, and its headers. */
async function download(
  h: Harness,
  path: string,
  token: string | undefined,
): Promise<{ status: number; bytes: Uint8Array; headers: Headers; reply: Reply }> {
  const res = await h.server.app.request(path, {
    headers: token !== undefined ? { authorization: `Bearer ${token}` } : {},
  });
  const bytes = new Uint8Array(await res.clone().arrayBuffer());
  return { status: res.status, bytes, headers: res.headers, reply: await replyOf(res) };
}

/** Imports a CSV file as the organizer would (POST …/import/:kind); it must be taken. */
async function importCsv(
  h: Harness,
  competitionId: string,
  kind: 'contestants' | 'teams',
  token: string,
  csv: string,
): Promise<void> {
  const r = await replyOf(
    await h.server.app.request(`/api/competitions/${competitionId}/import/${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    }),
  );
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return wb;
}

/** A CSV file's rows of cells (header first); it must parse. */
function csvCells(text: string) {
  const csv = parseCsv(text);
  if (!csv.ok) throw new Error(csv.message);
  return csv.records.map((r) => r.cells);
}

/** A worksheet's rows as plain values (row 1 first). */
function valuesOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    out[n - 1] = (row.values as unknown[]).slice(1);
  });
  return out;
}

describe.each(DATABASE_KINDS)('exports and nominations on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let before: Reply;
  let official: Reply;

  const standings = (view: 'official' | 'public' = 'official'): Promise<Reply> =>
    h.call('GET', `/api/competitions/${C}/events/battery/standings?view=${view}`, {
      token: f.organizer,
    });

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    // Gender and employee status, imported the way an organizer would.
    const roster = [
      '编号,参赛号,姓名,性别,单位,代表队,employee',
      'E1,001,选手1,女,检修一班,国网厦门,否',
      'E2,002,选手2,男,"客车厂, 总装车间",厦门金龙,是',
      'E3,003,选手3,男,检修二班,国网厦门,是',
      'E4,004,选手4,女,"客车厂, 电池车间",厦门金龙,是',
      'E5,005,选手5,女,检修三班,国网厦门,是',
      'E6,006,选手6,男,"客车厂, 质检部",厦门金龙,否',
    ].join('\r\n');
    await importCsv(h, C, 'contestants', f.organizer, roster);
    const sheets = [...(await sheetsOf(h, f)).values()];
    for (const judge of ['J1', 'J2', 'J3', 'J9']) {
      const ops = sheets
        .filter((s) => s.judge === judge)
        .flatMap((s) => {
          const [exam, seal, balance, process] = MARKS[s.entrant] ?? [0, 0, 0, 0];
          const values: Record<string, number> =
            judge === 'J9' ? { exam, safety: 0 } : { seal, balance, process };
          return Object.entries(values).map(([criterion, value]) => ({
            opId: randomUUID(),
            sheetId: s.id,
            criterion,
            value,
            expectedVersion: 0,
          }));
        });
      const r = await h.call('POST', '/api/marks/batch', { token: f.judges[judge], body: { ops } });
      expect(r.body.results.map((x: { status: number }) => x.status)).toEqual(ops.map(() => 201));
    }
    await completeSheets(h, f);
    before = await h.call('GET', `/api/competitions/${C}/nominations`, { token: f.organizer });
    const fin = await h.call('POST', `/api/competitions/${C}/events/battery/status`, {
      token: f.organizer,
      body: { status: 'final', from: 'live' },
    });
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    official = await standings();
    expect(official.body.official).toBe(true);
  });
  afterAll(async () => {
    await h.close();
  });

  it('ranks the fixture as planned (the tie broken on the practical module)', () => {
    const rows = official.body.rows as { competitor: string; rank: number; score: string }[];
    expect(rows.map((r) => r.competitor)).toEqual(ORDER);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Object.fromEntries(rows.map((r) => [r.competitor, r.score]))).toEqual(SCORES);
  });

  it('refused nominations before the event was final, naming the event', () => {
    expect(before.status).toBe(409);
    expect(before.body).toMatchObject({
      code: 'not_ready',
      details: [
        {
          path: 'events.battery',
          code: 'not_final',
          // Named as people know it (issue 16), for the web app to word.
          params: { event: '电池包密封性测试与模组配平', status: 'live' },
        },
      ],
    });
  });

  it('exports CSV: BOM, CRLF, Chinese headers and names intact, the official rows, rev and hash', async () => {
    const d = await download(h, `/api/competitions/${C}/events/battery/export?format=csv`, f.chief);
    expect(d.status).toBe(200);
    expect([...d.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(d.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(d.headers.get('x-standings-rev')).toBe(String(official.body.rev));
    expect(d.headers.get('x-standings-hash')).toBe(official.body.hash);
    const disposition = d.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    const name = decodeURIComponent(disposition.split("UTF-8''")[1] ?? '');
    expect(name).toBe(`电池包密封性测试与模组配平-成绩-r${official.body.rev}.csv`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(d.bytes);
    expect(
      text.startsWith('\uFEFF名次 (Rank),编号 (ID),参赛号 (Bib),姓名 (Name),单位 (Unit),'),
    ).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    const [header, ...rows] = csvCells(text);
    expect(header).toEqual([
      '名次 (Rank)',
      '编号 (ID)',
      '参赛号 (Bib)',
      '姓名 (Name)',
      '单位 (Unit)',
      '代表队 (Delegation)',
      '状态 (Status)',
      '成绩 (Score)',
      '理论知识 (theory 20%)',
      '实际操作 (practical 80%)',
      '标记 (Flags)',
      '名次说明 (Tie-break)',
    ]);
    expect(rows.map((r) => [r[0], r[1], r[3], r[7]])).toEqual(
      ORDER.map((id, i) => [
        String(i + 1),
        id,
        `选手${id.slice(1)}`,
        Number(SCORES[id]).toFixed(2),
      ]),
    );
    const e6 = rows[0] ?? [];
    expect(e6.slice(2, 10)).toEqual([
      '006',
      '选手6',
      '客车厂, 质检部',
      '厦门金龙',
      '有效 (OK)',
      '95.00',
      '95.00',
      '95.00',
    ]);
    // E4 stands below E5 on tie-break 1 (the practical module).
    expect(rows[3]?.[11]).toBe(
      '决胜规则 1：模块「实际操作」 E5 选手5 81.00 > 本行 76.00 (tie-break 1: module practical 81.00 > 76.00)',
    );
    expect(rows[0]?.[11]).toBe('');
  });

  it('exports XLSX that reads back as the official rows, with title (rev and hash) and a bold header', async () => {
    const d = await download(
      h,
      `/api/competitions/${C}/events/battery/export?format=xlsx`,
      f.organizer,
    );
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toBe(XLSX);
    expect(d.headers.get('x-standings-rev')).toBe(String(official.body.rev));
    expect(d.headers.get('x-standings-hash')).toBe(official.body.hash);
    const wb = await workbook(d.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['成绩 (Results)']);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const [title, header, ...rows] = valuesOf(ws);
    expect(String(title?.[0])).toContain(
      '电池检测测试赛 · 电池包密封性测试与模组配平 · 正式成绩 (official)',
    );
    expect(String(title?.[0])).toContain(`修订 (Revision) ${official.body.rev}`);
    expect(String(title?.[0])).toContain(official.body.hash);
    expect(header?.[0]).toBe('名次 (Rank)');
    expect(ws.getRow(2).font.bold).toBe(true);
    const stored = official.body.rows as {
      competitor: string;
      rank: number;
      score: string;
      name: string;
      modules: { score: string }[];
    }[];
    expect(rows).toHaveLength(stored.length);
    stored.forEach((r, i) => {
      const row = rows[i] ?? [];
      expect(row.slice(0, 4)).toEqual([r.rank, r.competitor, `00${r.competitor.slice(1)}`, r.name]);
      expect(row[7]).toBe(Number(r.score));
      expect(row.slice(8, 10)).toEqual(r.modules.map((m) => Number(m.score)));
    });
    expect(ws.getCell(3, 8).numFmt).toBe('0.00');
  });

  it('exports the overall table, and refuses a team section where there is none', async () => {
    const d = await download(h, `/api/competitions/${C}/overall/delegations/export`, f.organizer);
    expect(d.status).toBe(200);
    const overall = await h.call(
      'GET',
      `/api/competitions/${C}/overall/delegations/standings?view=official`,
      {
        token: f.organizer,
      },
    );
    expect(d.headers.get('x-standings-hash')).toBe(overall.body.hash);
    const [header, ...rows] = csvCells(new TextDecoder().decode(d.bytes));
    expect(header).toEqual([
      '名次 (Rank)',
      '编号 (ID)',
      '代表队 (Delegation)',
      '状态 (Status)',
      '总分 (Total)',
      '电池包密封性测试与模组配平 (battery)',
      '名次说明 (Tie-break)',
    ]);
    // 国网厦门: 89.2 + 76.8 + 63.6 = 229.6; 厦门金龙: 95 + 76.8 + 70.2 = 242.
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ['1', '厦门金龙', '厦门金龙', '有效 (OK)', '242.00'],
      ['2', '国网厦门', '国网厦门', '有效 (OK)', '229.60'],
    ]);
    const teams = await download(
      h,
      `/api/competitions/${C}/events/battery/export?section=teams`,
      f.organizer,
    );
    expect(teams.status).toBe(404);
    expect(teams.reply.body.details).toEqual([expect.objectContaining({ path: 'query.section' })]);
    const bad = await download(
      h,
      `/api/competitions/${C}/events/battery/export?format=pdf`,
      f.organizer,
    );
    expect(bad.status).toBe(400);
    expect(bad.reply.body.details[0].path).toBe('query.format');
  });

  it('nominates from the finalized snapshot by the EV award rules, with moved-up places and the sheets behind', async () => {
    const r = await h.call('GET', `/api/competitions/${C}/nominations`, { token: f.chief });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const n = r.body;
    expect(n).toMatchObject({
      competitionId: C,
      competitionName: '电池检测测试赛',
      definitionVersion: 1,
      rulesVersion: 1,
      snapshots: [
        {
          scope: 'battery',
          rev: official.body.rev,
          hash: official.body.hash,
          finalizedAt: expect.any(String),
          definitionVersion: 1,
        },
      ],
    });
    expect(n.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.headers.get('x-snapshot-hash')).toBe(n.snapshotHash);
    const who = (award: string): string[] =>
      (
        n.awards.find((a: { award: string }) => a.award === award).nominations as {
          competitor: string;
        }[]
      ).map((x) => x.competitor);
    expect(n.awards.map((a: { award: string }) => a.award)).toEqual([
      'wuyi',
      'jineng',
      'nvzhigong',
    ]);
    expect(who('wuyi')).toEqual(['E3']);
    expect(who('jineng')).toEqual(['E3', 'E5', 'E4']);
    expect(who('nvzhigong')).toEqual(['E5']);
    const wuyi = n.awards[0];
    expect(wuyi).toMatchObject({
      name: '五一劳动奖章推荐',
      standings: { of: 'event', id: 'battery' },
      scope: 'battery',
      passedOver: [
        {
          competitor: 'E6',
          bib: '006',
          name: '选手6',
          rank: 1,
          // Worded for people (issue 16), with the code and parameters the web app words.
          reason: '不是职工 (not an employee)',
          code: 'not_attribute',
          params: { attribute: '职工', attributeEn: 'an employee' },
        },
      ],
    });
    const e3 = wuyi.nominations[0];
    expect(e3).toMatchObject({
      competitor: 'E3',
      bib: '003',
      name: '选手3',
      unit: '检修二班',
      delegation: '国网厦门',
      rank: 2,
      place: 1,
      movedUp: true,
      over: ['E6'],
      score: '89.20',
      value: '89.20',
    });
    expect(e3.sheets.map((s: { judge: string }) => s.judge)).toEqual(['J1', 'J2', 'J3', 'J9']);
    for (const s of e3.sheets) {
      expect(s).toMatchObject({
        event: 'battery',
        entrant: 'E3',
        status: 'locked',
        verifiedBy: 'admin',
      });
      expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const nv = n.awards[2].nominations[0];
    expect(nv).toMatchObject({
      competitor: 'E5',
      rank: 3,
      place: 1,
      movedUp: true,
      over: ['E6', 'E3'],
    });
    expect(
      n.awards[1].nominations.map((x: { place: number; movedUp: boolean }) => [x.place, x.movedUp]),
    ).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('keeps nominating from the pinned snapshot when live data changes after finalize', async () => {
    const first = await h.call('GET', `/api/competitions/${C}/nominations`, { token: f.organizer });
    // A roster change after finalize gives the official table a new revision (a new name).
    await importCsv(
      h,
      C,
      'contestants',
      f.organizer,
      'id,bib,name,gender,unit,delegation,employee\nE3,003,张三,男,检修二班,国网厦门,是\n',
    );
    await h.server.publisher.recompute(C);
    const now = await standings();
    expect(now.body.rev).toBeGreaterThan(official.body.rev);
    expect(now.body.rows[1].name).toBe('张三');
    const again = await h.call('GET', `/api/competitions/${C}/nominations`, { token: f.organizer });
    expect(again.status).toBe(200);
    expect(again.body.snapshots).toEqual(first.body.snapshots);
    expect(again.body.snapshotHash).toBe(first.body.snapshotHash);
    expect(again.body.awards[0].nominations[0]).toMatchObject({ competitor: 'E3', name: '选手3' });
  });

  it('writes the nominations workbook: one sheet per award, snapshot hash and rule version on top', async () => {
    const json = await h.call('GET', `/api/competitions/${C}/nominations`, { token: f.organizer });
    const d = await download(h, `/api/competitions/${C}/nominations?format=xlsx`, f.organizer);
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toBe(XLSX);
    expect(d.headers.get('x-snapshot-hash')).toBe(json.body.snapshotHash);
    const wb = await workbook(d.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '五一劳动奖章推荐',
      '技术能手',
      '女职工标兵',
      '快照 (Snapshots)',
    ]);
    const [title, header, ...rows] = valuesOf(wb.worksheets[1] as ExcelJS.Worksheet);
    expect(String(title?.[0])).toContain(json.body.snapshotHash);
    expect(String(title?.[0])).toContain('规则版本 (Rules version) 1');
    expect(header?.slice(0, 3)).toEqual(['推荐名次 (Place)', '名次 (Rank)', '编号 (ID)']);
    expect(rows.slice(0, 3).map((r) => r.slice(0, 3))).toEqual([
      [1, 2, 'E3'],
      [2, 3, 'E5'],
      [3, 4, 'E4'],
    ]);
  });

  it('exports the ledger, and the scoring CLI recomputes the official standings from it', async () => {
    const r = await h.call('GET', `/api/competitions/${C}/export/ledger`, { token: f.organizer });
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(
      /^attachment; filename="exp-test-ledger-\d+\.json"$/,
    );
    const ledger = r.body;
    expect(ledger).toMatchObject({
      format: 'skills-ledger/1',
      competitionId: C,
      definitionVersion: 1,
      events: [{ id: 'battery', status: 'final' }],
    });
    // 6 contestants × (J9: exam, safety; J1–J3: seal, balance, process).
    expect(ledger.input.marks).toHaveLength(6 * (2 + 3 * 3));
    expect(ledger.input.marks[0]).toEqual({
      event: 'battery',
      competitor: 'E1',
      criterion: 'balance',
      judge: 'J1',
      value: '25',
    });
    expect(ledger.sheets).toHaveLength(24);
    expect(ledger.sheets.every((s: { status: string }) => s.status === 'locked')).toBe(true);
    const verify = await h.call('GET', '/api/audit/verify', { token: f.organizer });
    expect(ledger.audit).toEqual(verify.body.head);
    const now = await standings();
    expect(ledger.standings).toContainEqual({
      scope: 'battery',
      rev: now.body.rev,
      hash: now.body.hash,
    });

    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    try {
      const def = join(dir, 'definition.json');
      const input = join(dir, 'input.json');
      writeFileSync(def, JSON.stringify(ledger.definition));
      writeFileSync(input, JSON.stringify(ledger.input));
      let out = '';
      let err = '';
      const code = await scoringCli([def, input, '--json'], {
        readFile: (p) => Promise.resolve(readFileSync(p, 'utf8')),
        stdout: (s) => (out += s),
        stderr: (s) => (err += s),
      });
      expect(code, err).toBe(0);
      const recomputed = JSON.parse(out) as {
        standings: {
          events: { event: string; rows: { competitor: string; rank: number; score: string }[] }[];
        };
        nominations: { award: string; nominations: { competitor: string }[] }[];
      };
      const battery = recomputed.standings.events.find((e) => e.event === 'battery');
      // The CLI writes exact values (an auditor recomputes from them), the server the event's
      // two places: the same numbers.
      const pick = (rows: { competitor: string; rank: number; score: string }[]) =>
        rows.map((x) => ({
          competitor: x.competitor,
          rank: x.rank,
          score: Rational.from(x.score).toFixed(2),
        }));
      expect(pick(battery?.rows ?? [])).toEqual(pick(now.body.rows));
      // The CLI's nominations agree with the server's.
      expect(
        recomputed.nominations.map((a) => [a.award, a.nominations.map((x) => x.competitor)]),
      ).toEqual([
        ['wuyi', ['E3']],
        ['jineng', ['E3', 'E5', 'E4']],
        ['nvzhigong', ['E5']],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses judges, the public and another competition’s chief, and changes nothing', async () => {
    const other = await buildFixture(h, 'exp-other');
    const paths = [
      `/api/competitions/${C}/events/battery/export`,
      `/api/competitions/${C}/events/battery/export?format=xlsx`,
      `/api/competitions/${C}/overall/delegations/export`,
      `/api/competitions/${C}/nominations`,
      `/api/competitions/${C}/nominations?format=xlsx`,
      `/api/competitions/${C}/export/ledger`,
    ];
    const fp = await fingerprint(h);
    for (const path of paths) {
      expect((await download(h, path, undefined)).status, path).toBe(401);
      expect((await download(h, path, f.judges['J1'])).status, path).toBe(403);
      expect((await download(h, path, other.chief)).status, path).toBe(403);
    }
    expect(await fingerprint(h)).toEqual(fp);
  });
});

describe.each(DATABASE_KINDS)('team standings export on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  const T = 'exp-teams';

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, T);
    const def = structuredClone(EV_DEFINITION) as { events: Record<string, unknown>[] };
    (def.events[0] as Record<string, unknown>)['team'] = { method: 'sum' };
    const saved = await h.call('PUT', `/api/competitions/${T}/definition`, {
      token: f.organizer,
      body: { definition: def, expectedVersion: 1 },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await importCsv(
      h,
      T,
      'teams',
      f.organizer,
      '编号,名称,代表队,成员\nT1,一队,国网厦门,E1;E3;E5\nT2,二队,厦门金龙,E2;E4;E6\n',
    );
    await completeSheets(h, f);
    await h.server.publisher.recompute(T);
  });
  afterAll(async () => {
    await h.close();
  });

  it('gives CSV a ?section=teams variant and XLSX a second sheet', async () => {
    const s = await h.call('GET', `/api/competitions/${T}/events/battery/standings?view=official`, {
      token: f.organizer,
    });
    expect(s.body.teams).toHaveLength(2);
    const csv = await download(
      h,
      `/api/competitions/${T}/events/battery/export?section=teams`,
      f.organizer,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('x-standings-hash')).toBe(s.body.hash);
    expect(
      decodeURIComponent(csv.headers.get('content-disposition')?.split("UTF-8''")[1] ?? ''),
    ).toContain('团队成绩');
    const [header, ...rows] = csvCells(new TextDecoder().decode(csv.bytes));
    expect(header).toEqual([
      '名次 (Rank)',
      '编号 (ID)',
      '团队 (Team)',
      '代表队 (Delegation)',
      '状态 (Status)',
      '成绩 (Score)',
      '队员 (Members)',
      '名次说明 (Tie-break)',
    ]);
    expect(rows.map((r) => [r[1], r[2]]).sort()).toEqual([
      ['T1', '一队'],
      ['T2', '二队'],
    ]);
    expect(
      rows
        .find((r) => r[1] === 'T1')?.[6]
        ?.split('；')
        .sort(),
    ).toEqual(['E1 选手1', 'E3 选手3', 'E5 选手5']);
    const xlsx = await download(
      h,
      `/api/competitions/${T}/events/battery/export?format=xlsx`,
      f.organizer,
    );
    const wb = await workbook(xlsx.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['成绩 (Results)', '团队 (Teams)']);
    const teamRows = valuesOf(wb.worksheets[1] as ExcelJS.Worksheet).slice(2);
    expect(teamRows.map((r) => r[1]).sort()).toEqual(['T1', 'T2']);
    expect(String(valuesOf(wb.worksheets[0] as ExcelJS.Worksheet)[0]?.[0])).toContain(
      '非正式成绩 (provisional)',
    );
  });
});
