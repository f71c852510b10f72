/**
 * Changing a marking scheme after marks exist (issue 16). Names and notes may change at any
 * time, and award rules until the events they rank on are final. A change that would read the
 * stored marks differently (a marked criterion removed; its kind, range, step, scale, judges or
 * any other rule changed; a marked event's or module's rules, such as a weight, changed) is refused, naming the event and criterion and what changed, unless
 * the organizer asks for a recorded new version (`reinterpret`). `previewDefinition` recomputes
 * every table with the new version beside the current one and lists who moves from which rank
 * to which, before anything is saved.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Competition } from '@skills/scoring';
import { events, marks, sheets, type Db, type Tx } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import type { DefinitionPreview } from '../contract/api.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import { canonical } from '../contract/canonical.ts';
import type { Ctx } from '../context.ts';
import { detail } from '../errors/service-error.ts';
import { requireOrganizer } from '../domain/access.ts';
import { overallScope } from '../contract/live.ts';
import { CompetitionState } from '../standings/state.ts';

type Event = Competition['events'][number];
type Criterion = Event['modules'][number]['criteria'][number];

/** Words only: changing them never changes what a mark means. */
const WORDS = new Set(['name', 'description']);

/** event id → criteria that have stored marks. */
export async function markedCriteria(db: Db | Tx, competitionId: string) {
  const rows = await db
    .selectDistinct({ event: sheets.eventId, criterion: marks.criterionId })
    .from(marks)
    .innerJoin(sheets, eq(sheets.id, marks.sheetId))
    .where(and(eq(sheets.competitionId, competitionId), isNotNull(marks.value)));
  const out = new Map<string, Set<string>>();
  for (const r of rows) out.set(r.event, (out.get(r.event) ?? new Set()).add(r.criterion));
  return out;
}

/** The rules of an item: every field but its words and the list of items it holds. */
function rulesOf(item: object, holds: string): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const [key, value] of Object.entries(item)) {
    if (!WORDS.has(key) && key !== holds) rules[key] = canonical(value);
  }
  return rules;
}

/** Each criterion of an event with where it sits and how many judges mark it. */
function criteriaOf(ev: Event, i: number) {
  const out = new Map<string, { c: Criterion; path: string; rules: Record<string, string> }>();
  ev.modules.forEach((m, j) => {
    m.criteria.forEach((c, k) => {
      const rules = rulesOf(c, '');
      // The judges a criterion has (its own, or the event's default) decide how marks aggregate.
      rules['judges'] = canonical(c.judges ?? ev.judges ?? null);
      out.set(c.id, {
        c,
        path: `body.definition.events[${i}].modules[${j}].criteria[${k}]`,
        rules,
      });
    });
  });
  return out;
}

/**
 * An event with marks whose own rules (rank by, rounding, tie-breaks, team scoring …) or whose
 * modules' rules (weights, best N …) changed: the stored marks add up differently.
 */
function compositionChanges(old: Event, now: Event, ni: number): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const eventFields = changedRules(rulesOf(old, 'modules'), rulesOf(now, 'modules'));
  if (eventFields.length > 0) {
    out.push(
      detail(
        `body.definition.events[${ni}]`,
        'event_changed',
        `event "${now.name}" has marks: changing ${eventFields.join(', ')} would recompute its results`,
        { event: now.name, fields: eventFields.join(', ') },
      ),
    );
  }
  now.modules.forEach((m, j) => {
    const was = old.modules.find((x) => x.id === m.id);
    if (!was) return;
    const fields = changedRules(rulesOf(was, 'criteria'), rulesOf(m, 'criteria'));
    if (fields.length === 0) return;
    out.push(
      detail(
        `body.definition.events[${ni}].modules[${j}]`,
        'module_changed',
        `module "${was.name}" of event "${now.name}" has marks: changing ${fields.join(', ')} would recompute its results`,
        { event: now.name, module: was.name, fields: fields.join(', ') },
      ),
    );
  });
  return out;
}

/** What in a criterion's rules changed: "max, step". */
function changedRules(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => a[k] !== b[k]).sort();
}

/**
 * The changes from `before` to `after` that reinterpret stored marks or a final award: one
 * detail each, naming the event, criterion or award, and what changed.
 */
export function reinterpretations(
  before: Competition,
  after: Competition,
  marked: ReadonlyMap<string, ReadonlySet<string>>,
  finalEvents: ReadonlySet<string>,
): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  before.events.forEach((old, oi) => {
    const used = marked.get(old.id);
    const ni = after.events.findIndex((e) => e.id === old.id);
    const now = after.events[ni];
    if (!used || !now) return; // a removed event with sheets is refused by syncEvents
    out.push(...compositionChanges(old, now, ni));
    const was = criteriaOf(old, oi);
    const is = criteriaOf(now, ni);
    for (const id of used) {
      const a = was.get(id);
      const b = is.get(id);
      if (!a) continue;
      const params = { event: now.name, criterion: a.c.name };
      if (!b) {
        out.push(
          detail(
            `body.definition.events[${ni}]`,
            'criterion_removed',
            `criterion "${a.c.name}" of event "${now.name}" has marks and cannot be removed`,
            params,
          ),
        );
        continue;
      }
      const fields = changedRules(a.rules, b.rules);
      if (fields.length > 0) {
        out.push(
          detail(
            b.path,
            'criterion_changed',
            `criterion "${a.c.name}" of event "${now.name}" has marks: changing ${fields.join(', ')} would reread them`,
            { ...params, fields: fields.join(', ') },
          ),
        );
      }
    }
  });
  before.awards.forEach((old) => {
    const s = old.standings;
    const evs = s.of === 'overall' ? [] : [s.event];
    if (evs.length === 0 || !evs.every((e) => finalEvents.has(e))) return;
    const ni = after.awards.findIndex((a) => a.id === old.id);
    const now = after.awards[ni];
    const rules = (a: typeof old) => canonical({ ...a, name: null });
    if (now && rules(now) === rules(old)) return;
    out.push(
      detail(
        ni >= 0 ? `body.definition.awards[${ni}]` : 'body.definition.awards',
        'award_final',
        `award "${old.name}" ranks on a final event: its rules cannot change`,
        { award: old.name },
      ),
    );
  });
  return out;
}

/** The events that are final. */
export async function finalEvents(db: Db | Tx, competitionId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.competitionId, competitionId), eq(events.status, 'final')));
  return new Set(rows.map((r) => r.id));
}

/** Ranks by competitor, per table scope. */
function ranksOf(state: CompetitionState) {
  const s = state.standings();
  const tables = [
    ...s.events.map((e) => ({ scope: e.event, name: e.name, rows: e.rows })),
    ...s.overall.map((o) => ({ scope: overallScope(o.overall), name: o.name, rows: o.rows })),
  ];
  return new Map(
    tables.map((t) => [
      t.scope,
      {
        name: t.name,
        rows: new Map(t.rows.map((r) => [r.competitor, { name: r.name, rank: r.rank }])),
      },
    ]),
  );
}

/**
 * POST …/definition/preview: the changes that reinterpret marks, and who moves from which rank to
 * which when every table is recomputed with the new definition. Stores nothing.
 */
export async function previewDefinition(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  after: Competition,
): Promise<DefinitionPreview> {
  requireOrganizer(actor);
  const current = await ctx.catalog.current(competitionId);
  return ctx.db.transaction(
    async (tx) => {
      const versions = await CompetitionState.versions(tx, competitionId);
      if (!versions) return { changes: [], tables: [] };
      const changes = reinterpretations(
        current.definition,
        after,
        await markedCriteria(tx, competitionId),
        await finalEvents(tx, competitionId),
      );
      const now = ranksOf(await CompetitionState.build(tx, ctx.catalog, competitionId, versions));
      const next = ranksOf(
        await CompetitionState.build(tx, ctx.catalog, competitionId, versions, after),
      );
      const tables = [...next].map(([scope, t]) => {
        const was = now.get(scope)?.rows ?? new Map<string, never>();
        const ids = new Set([...was.keys(), ...t.rows.keys()]);
        const moves = [...ids].flatMap((id) => {
          const from = was.get(id)?.rank ?? null;
          const to = t.rows.get(id)?.rank ?? null;
          if (from === to) return [];
          const name = t.rows.get(id)?.name ?? was.get(id)?.name ?? null;
          return [{ competitor: id, name, from, to }];
        });
        moves.sort((a, b) => (a.to ?? Infinity) - (b.to ?? Infinity));
        return { scope, name: t.name, moves };
      });
      return { changes, tables };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
