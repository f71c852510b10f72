/**
 * A recompute makes a public face anew only for the tables whose inputs changed (expected.ts
 * keeps the last face per official table): a table no mark touched gets the very face it had,
 * a table whose rows changed gets a new one, and one whose event state alone changed (the names
 * setting, a freeze) gets a new one too, as a recompute from nothing would make it.
 */
import { describe, expect, it } from 'vitest';
import { score, type Competition } from '@skills/scoring';
import type { Tx } from '@skills/db';
import { demoDefinition, demoInput } from '../demo/engine-input.ts';
import { evBattery } from '../demo/index.ts';
import { expectedPublic, type PublicHistory } from './expected.ts';
import type { PublicEventState } from './public-stream.ts';
import { publicRosterOf } from './public-view.ts';
import { precisionOf } from './precision.ts';
import { table, type TableText } from './tables.ts';

const definition: Competition = demoDefinition(evBattery);

/** The demo's event tables, scored from its marks (all of them, or without the last `drop`). */
function tablesOf(drop = 0): TableText[] {
  const r = score(definition, demoInput(evBattery, drop));
  if (!r.success) throw new Error(JSON.stringify(r.problems.slice(0, 5)));
  return r.data.events.map((ev) =>
    table(ev.event, ev.name, ev.rows, ev.teams, precisionOf(definition, ev.event)),
  );
}

/** A table's engine rows in order (what table() was given). */
function sourceRows(t: TableText): object[] {
  return [...t.rows.source.values()];
}

const history: PublicHistory = {
  publicHead: () => Promise.resolve(null),
  officialAt: () => Promise.resolve(null),
};
const tx = {} as unknown as Tx;
const roster = publicRosterOf({ contestants: [], teams: [], members: [] });

function states(names: boolean): PublicEventState[] {
  return definition.events.map((e) => ({
    id: e.id,
    status: 'live',
    published: true,
    publicVisible: true,
    publicNames: names,
    frozenRev: null,
    revealStep: null,
  }));
}

async function faces(tables: readonly TableText[], names = true) {
  return expectedPublic(tx, 'c', tables, {
    events: states(names),
    definition,
    roster,
    heads: new Map(),
    history,
  });
}

describe('expectedPublic', () => {
  it('keeps the face of a table whose inputs did not change, and makes the others anew', async () => {
    const before = tablesOf(20);
    const first = await faces(before);
    const again = await faces(before);
    for (const t of before) expect(again.get(t.scope)).toBe(first.get(t.scope));

    // The last mark changes one table; the engine keeps the others' rows (the same objects).
    const scored = tablesOf(0);
    const after = before.map(
      (t) => scored.find((n) => n.scope === t.scope && n.hash !== t.hash) ?? t,
    );
    const changed = after.filter((t, i) => t !== before[i]);
    expect(changed.length).toBeGreaterThan(0);
    const next = await faces(after);
    for (const t of after) {
      const face = next.get(t.scope);
      const was = first.get(t.scope);
      if (changed.includes(t)) {
        expect(face).not.toBe(was);
        // As a face made from nothing would be: the same rows in a table never seen.
        const copy = table(
          t.scope,
          t.name,
          [...sourceRows(t)],
          null,
          precisionOf(definition, t.scope),
        );
        expect(copy).not.toBe(t);
        expect((await faces([copy])).get(t.scope)?.table.hash).toBe(face?.table.hash);
      } else {
        expect(face).toBe(was);
      }
    }
  });

  it('makes a face anew when only the event state changed', async () => {
    const tables = tablesOf(0);
    const named = await faces(tables, true);
    const unnamed = await faces(tables, false);
    for (const t of tables) {
      expect(unnamed.get(t.scope)).not.toBe(named.get(t.scope));
      expect(unnamed.get(t.scope)?.table.meta.names).toBe(false);
      expect(unnamed.get(t.scope)?.table.hash).not.toBe(named.get(t.scope)?.table.hash);
    }
    // And back: the named face again equals the first one made.
    const back = await faces(tables, true);
    for (const t of tables)
      expect(back.get(t.scope)?.table.hash).toBe(named.get(t.scope)?.table.hash);
  });
});
