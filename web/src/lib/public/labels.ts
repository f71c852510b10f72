/**
 * Names the public rows refer to by id (modules, criteria, events, overall tables), read from
 * the competition's definition (GET /api/competitions/:id/definition, public). Read loosely: a
 * page shows the id when a name is missing.
 */

export interface EventInfo {
  readonly id: string;
  readonly name: string;
  /** Team standings derived from members (a team section under the event's table). */
  readonly teamStandings: boolean;
  readonly rankBy: 'score' | 'time';
  readonly modules: ReadonlyMap<string, string>;
  readonly criteria: ReadonlyMap<string, string>;
}

export interface OverallInfo {
  readonly id: string;
  readonly name: string;
  readonly scope: 'individual' | 'team' | 'delegation';
}

export interface Labels {
  readonly events: ReadonlyMap<string, EventInfo>;
  readonly overall: ReadonlyMap<string, OverallInfo>;
}

type Obj = Record<string, unknown>;
const objects = (v: unknown): Obj[] =>
  Array.isArray(v) ? v.filter((x): x is Obj => typeof x === 'object' && x !== null) : [];
const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

export const NO_LABELS: Labels = { events: new Map(), overall: new Map() };

export function labelsOf(definition: unknown): Labels {
  if (typeof definition !== 'object' || definition === null) return NO_LABELS;
  const d = definition as Obj;
  const events = new Map<string, EventInfo>();
  for (const e of objects(d['events'])) {
    const id = text(e['id'], '');
    if (id === '') continue;
    const modules = new Map<string, string>();
    const criteria = new Map<string, string>();
    for (const m of objects(e['modules'])) {
      const mid = text(m['id'], '');
      modules.set(mid, text(m['name'], mid));
      for (const c of objects(m['criteria'])) {
        const cid = text(c['id'], '');
        criteria.set(cid, text(c['name'], cid));
      }
    }
    const rankBy = (e['rankBy'] as Obj | undefined)?.['by'] === 'time' ? 'time' : 'score';
    events.set(id, {
      id,
      name: text(e['name'], id),
      teamStandings: typeof e['team'] === 'object' && e['team'] !== null,
      rankBy,
      modules,
      criteria,
    });
  }
  const overall = new Map<string, OverallInfo>();
  for (const o of objects(d['overall'])) {
    const id = text(o['id'], '');
    if (id === '') continue;
    const scope = o['scope'] === 'team' || o['scope'] === 'delegation' ? o['scope'] : 'individual';
    overall.set(id, { id, name: text(o['name'], id), scope });
  }
  return { events, overall };
}

/** A module's name in an event (the id when unknown). */
export const moduleName = (labels: Labels, event: string | null, module: string): string =>
  (event === null ? undefined : labels.events.get(event)?.modules.get(module)) ?? module;

/** A criterion's name in an event (the id when unknown). */
export const criterionName = (labels: Labels, event: string | null, criterion: string): string =>
  (event === null ? undefined : labels.events.get(event)?.criteria.get(criterion)) ?? criterion;

export const eventName = (labels: Labels, event: string): string =>
  labels.events.get(event)?.name ?? event;
