/**
 * The marking-scheme builder's document (issue 16): the definition JSON itself, as the engine's
 * schema reads it before defaults (CompetitionInput), edited in place by the form. This file
 * makes the pieces a form adds (an event, a module, a criterion of a kind, a tie-break, an
 * overall table, an award rule) with working defaults and ids no other item of their list has,
 * and turns what a field holds into what the document stores. Nothing here knows the screen.
 */
import type { CompetitionInput, CriterionKind } from '@skills/scoring';

export type Draft = CompetitionInput;
export type EventDraft = Draft['events'][number];
export type ModuleDraft = EventDraft['modules'][number];
export type CriterionDraft = ModuleDraft['criteria'][number];
export type TieBreakDraft = NonNullable<EventDraft['tieBreaks']>[number];
export type AggregationDraft = NonNullable<EventDraft['aggregation']>;
export type RoundingDraft = NonNullable<CriterionDraft['rounding']>;
export type TeamDraft = NonNullable<EventDraft['team']>;
export type OverallDraft = NonNullable<Draft['overall']>[number];
export type AwardDraft = NonNullable<Draft['awards']>[number];
export type AwardSelectDraft = AwardDraft['select'];
export type DecimalDraft = string | number;

export const CRITERION_KINDS: readonly CriterionKind[] = [
  'points',
  'check',
  'judgement',
  'time',
  'deduction',
  'penalty',
  'gate',
];

/** An id of the form `${prefix}${n}` that none of `taken` has. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `${prefix}${String(n)}`;
    if (!used.has(id)) return id;
  }
}

/** Every criterion id of an event (they are unique per event). */
export function criterionIds(event: EventDraft): string[] {
  return event.modules.flatMap((m) => m.criteria.map((c) => c.id));
}

/** What every criterion keeps when its kind changes. */
const COMMON = [
  'id',
  'name',
  'description',
  'judges',
  'aggregation',
  'spreadTolerance',
  'rounding',
] as const;

/** A criterion of a kind with the fields that kind needs, at values that pass the checks. */
export function criterionOf(
  kind: CriterionKind,
  id: string,
  name: string,
  event?: EventDraft,
): CriterionDraft {
  switch (kind) {
    case 'points':
      return { id, name, kind, min: 0, max: 10, step: 1 };
    case 'check':
      return { id, name, kind, max: 1 };
    case 'judgement':
      return { id, name, kind, max: 10, scale: { min: 0, max: 3, step: 1 } };
    case 'time':
      return { id, name, kind, precision: 2, entryRounding: 'truncate' };
    case 'deduction':
      return { id, name, kind, max: 5, step: 1 };
    case 'penalty': {
      const time = event?.modules
        .flatMap((m) => m.criteria)
        .find((c) => c.kind === 'time' && c.id !== id);
      return { id, name, kind, time: time?.id ?? '', secondsPerItem: 3 };
    }
    case 'gate':
      return { id, name, kind, effect: 'zeroModule' };
  }
}

/** Changes a criterion's kind in place: its common fields stay, the kind's own start fresh. */
export function changeKind(c: CriterionDraft, kind: CriterionKind, event?: EventDraft): void {
  const fresh = criterionOf(kind, c.id, c.name, event) as Record<string, unknown>;
  const target = c as Record<string, unknown>;
  for (const key of Object.keys(target)) {
    if (!(COMMON as readonly string[]).includes(key)) Reflect.deleteProperty(target, key);
  }
  for (const [key, value] of Object.entries(fresh)) {
    if (!(COMMON as readonly string[]).includes(key)) target[key] = value;
  }
}

export function newCriterion(event: EventDraft, name: string): CriterionDraft {
  return criterionOf('points', freshId('c', criterionIds(event)), name);
}

export function newModule(event: EventDraft, name: string, criterionName: string): ModuleDraft {
  const id = freshId(
    'm',
    event.modules.map((m) => m.id),
  );
  return { id, name, criteria: [newCriterion(event, criterionName)] };
}

export function newEvent(
  draft: Draft,
  names: { event: string; module: string; criterion: string },
): EventDraft {
  const id = freshId(
    'e',
    draft.events.map((e) => e.id),
  );
  const event: EventDraft = { id, name: names.event, max: 100, modules: [], rounding: {} };
  event.modules.push(newModule(event, names.module, names.criterion));
  return event;
}

/** A blank scheme: one event with one module and one criterion, ready to fill in. */
export function blankDraft(
  id: string,
  name: string,
  names: { event: string; module: string; criterion: string },
): Draft {
  const draft: Draft = {
    schemaVersion: 1,
    id,
    name,
    version: 1,
    events: [],
    overall: [],
    awards: [],
  };
  draft.events.push(newEvent(draft, names));
  return draft;
}

export function newOverall(draft: Draft, name: string): OverallDraft {
  const id = freshId(
    'o',
    (draft.overall ?? []).map((o) => o.id),
  );
  return {
    id,
    name,
    scope: 'individual',
    method: { kind: 'weightedSum', events: draft.events.map((e) => ({ event: e.id, weight: 1 })) },
  };
}

export function newAward(draft: Draft, name: string): AwardDraft {
  const id = freshId(
    'a',
    (draft.awards ?? []).map((a) => a.id),
  );
  const first = draft.overall?.[0];
  const standings: AwardDraft['standings'] = first
    ? { of: 'overall', overall: first.id }
    : { of: 'event', event: draft.events[0]?.id ?? '' };
  return { id, name, standings, select: { kind: 'rankRange', from: 1, to: 1 }, moveUp: true };
}

/** The fields a selection kind needs, at working values. */
export function selectOf(kind: AwardSelectDraft['kind']): AwardSelectDraft {
  switch (kind) {
    case 'rankRange':
      return { kind, from: 1, to: 3 };
    case 'top':
      return { kind, n: 3 };
    case 'topPercent':
      return { kind, percent: 10, rounding: 'floor', base: 'entrants' };
    case 'all':
      return { kind };
  }
}

/** A tie-break link of a kind, naming the first thing of the event it can name. */
export function tieBreakOf(
  by: TieBreakDraft['by'],
  event?: EventDraft,
  draft?: Draft,
): TieBreakDraft {
  const criteria = event?.modules.flatMap((m) => m.criteria) ?? [];
  switch (by) {
    case 'module':
      return { by, module: event?.modules[0]?.id ?? '', order: 'desc' };
    case 'criterion':
      return { by, criterion: criteria[0]?.id ?? '', order: 'desc' };
    case 'time':
      return { by, criterion: criteria.find((c) => c.kind === 'time')?.id ?? '' };
    case 'deductions':
      return { by };
    case 'bestMember':
      return { by };
    case 'event':
      return { by, event: draft?.events[0]?.id ?? '' };
    case 'placeCounts':
      return { by, places: 3 };
  }
}

/**
 * What a number field stores: nothing for a blank optional field, a JSON number when the text
 * is a plain number that reads back the same ("7.5"), otherwise the text itself, which the
 * engine's parser accepts as a decimal ("7.50") or refuses with the field named.
 */
export function decimalOf(text: string): DecimalDraft | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) && String(Number(s)) === s ? Number(s) : s;
}

/** An integer field: a number when the text is a whole number, else the text (refused by the parser). */
export function integerOf(text: string): number | string | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  return /^-?\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s;
}

/** The document as saved: a plain copy without the fields a form left blank. */
export function plain(draft: Draft): unknown {
  return JSON.parse(JSON.stringify(draft)) as unknown;
}

/** Moves item i of a list one place up (-1) or down (+1), in place. */
export function move(list: unknown[], i: number, by: -1 | 1): void {
  const j = i + by;
  if (j < 0 || j >= list.length) return;
  const [item] = list.splice(i, 1);
  if (item !== undefined) list.splice(j, 0, item);
}
