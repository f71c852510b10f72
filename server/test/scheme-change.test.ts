/**
 * Changing a marking scheme after marks exist (issue 16): names go through; a change that would
 * reread stored marks (a marked criterion's max changed, a marked criterion removed) is refused
 * naming the event, the criterion and what changed, and stores nothing; the preview recomputes
 * every table and says who moves from which rank to which; saving with `reinterpret` records the
 * new version and what it rereads in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@skills/db/testing';
import type { DefinitionPreview } from '../src/contract/api.ts';
import {
  EV_DEFINITION,
  buildFixture,
  startHarness,
  type Fixture,
  type Harness,
} from './harness.ts';
import { fingerprint, mark, sheetId } from './helpers.ts';

const C = 'scheme-change';

interface Def {
  events: {
    name: string;
    modules: {
      name: string;
      weight?: number;
      criteria: { id: string; name: string; max?: number | string }[];
    }[];
  }[];
}

const definition = (): Def => structuredClone(EV_DEFINITION) as unknown as Def;
const criterion = (d: Def, id: string) => {
  const c = d.events[0]?.modules.flatMap((m) => m.criteria).find((x) => x.id === id);
  if (!c) throw new Error(`no criterion ${id}`);
  return c;
};

/** The definition without the seal criterion (its module keeps its other criteria). */
function withoutSeal(): Def {
  const def = definition();
  for (const m of def.events[0]?.modules ?? []) {
    m.criteria = m.criteria.filter((c) => c.id !== 'seal');
  }
  return def;
}

describe.each(DATABASE_KINDS)('scheme changes after marks on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let version = 1;

  const save = (def: Def, extra: Record<string, unknown> = {}) =>
    h.call('PUT', `/api/competitions/${C}/definition`, {
      token: f.organizer,
      body: { definition: def, expectedVersion: version, ...extra },
    });

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    // Three judges mark seal: E1 ahead of E2.
    for (const judge of ['J1', 'J2', 'J3']) {
      await mark(h, f, f.judges[judge], await sheetId(h, f, judge, 'E1'), 'seal', 30);
      await mark(h, f, f.judges[judge], await sheetId(h, f, judge, 'E2'), 'seal', 20);
    }
  });
  afterAll(async () => {
    await h.close();
  });

  it('saves a change of names and notes', async () => {
    const def = definition();
    criterion(def, 'seal').name = '密封性测试（改名）';
    const r = await save(def);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    version = r.body.definitionVersion as number;
  });

  it('refuses a change that rereads marks, naming the event, criterion and change; stores nothing', async () => {
    const before = await fingerprint(h);
    const def = definition();
    criterion(def, 'seal').max = 100;
    const r = await save(def);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('conflict');
    expect(r.body.details).toEqual([
      expect.objectContaining({
        code: 'criterion_changed',
        path: expect.stringMatching(
          /^body\.definition\.events\[0\]\.modules\[\d+\]\.criteria\[\d+\]$/,
        ),
        params: {
          event: def.events[0]?.name,
          // As the version in force names it (renamed above).
          criterion: '密封性测试（改名）',
          fields: 'max',
        },
      }),
    ]);
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses changing the weight of a marked module, naming the event, module and field', async () => {
    const before = await fingerprint(h);
    const def = definition();
    const [theory, practical] = def.events[0]?.modules ?? [];
    if (!theory || !practical) throw new Error('the EV event has two modules');
    theory.weight = 30;
    practical.weight = 70;
    const r = await save(def);
    expect(r.status).toBe(409);
    expect(r.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'module_changed',
          path: 'body.definition.events[0].modules[1]',
          params: { event: def.events[0]?.name, module: practical.name, fields: 'weight' },
        }),
      ]),
    );
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses removing a criterion that has marks', async () => {
    const r = await save(withoutSeal());
    expect(r.status).toBe(409);
    expect(r.body.details.map((d: { code: string }) => d.code)).toContain('criterion_removed');
  });

  it('previews the new version: the change and who moves from which rank to which, storing nothing', async () => {
    const before = await fingerprint(h);
    // Without seal, the only marks entered, E1 no longer leads E2.
    const def = withoutSeal();
    const r = await h.call('POST', `/api/competitions/${C}/definition/preview`, {
      token: f.organizer,
      body: { definition: def, expectedVersion: version },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const preview = r.body as DefinitionPreview;
    expect(preview.changes.map((c) => c.code)).toEqual(['criterion_removed']);
    const battery = preview.tables.find((t) => t.scope === 'battery');
    const e2 = battery?.moves.find((m) => m.competitor === 'E2');
    expect(e2).toMatchObject({ name: '选手2', from: 2 });
    expect(e2?.to).not.toBe(2);
    for (const t of preview.tables) {
      for (const m of t.moves) expect(m.from).not.toBe(m.to);
    }
    expect(await fingerprint(h)).toEqual(before);
  });

  it('records the new version on an explicit request, with what it rereads in the audit log', async () => {
    const def = definition();
    criterion(def, 'seal').max = 100;
    const r = await save(def, { reinterpret: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.definitionVersion).toBe(version + 1);
    const audit = await h.call('GET', `/api/audit?limit=5000`, { token: f.organizer });
    const text = JSON.stringify(audit.body);
    expect(text).toContain('reinterprets');
    expect(text).toContain('criterion_changed');
  });
});
