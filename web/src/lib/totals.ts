/**
 * Running totals on the tablet, computed by the scoring engine itself from the judge's own
 * marks on one sheet: each module's score out of its maximum, and the event score. This is what
 * this sheet alone gives; the published score aggregates every judge's sheet.
 */
import {
  parseCompetition,
  Scoring,
  type Competition,
  type EventRow,
  type MarkInput,
} from '@skills/scoring';

export interface ModuleTotal {
  readonly id: string;
  readonly name: string;
  readonly score: string;
  readonly max: string;
}

export interface SheetTotals {
  readonly modules: readonly ModuleTotal[];
  /** The event score from this sheet, or null while nothing is entered or the row has a status. */
  readonly score: string | null;
  readonly max: string;
  /** Events ranked by time: the final time in seconds, penalties included. */
  readonly time: string | null;
  /** DNF / DNS / DQ, or a gate that disqualifies. */
  readonly status: string | null;
}

const ME = 'sheet';

export function readDefinition(definition: unknown): Competition | null {
  const parsed = parseCompetition(definition);
  return parsed.success ? parsed.data : null;
}

/** The totals of one sheet's marks (criterion → value as entered); null if they cannot be scored. */
export function sheetTotals(
  definition: Competition,
  eventId: string,
  values: ReadonlyMap<string, string>,
): SheetTotals | null {
  const event = definition.events.find((e) => e.id === eventId);
  if (!event) return null;
  const marks: MarkInput[] = [...values].map(([criterion, value]) => ({
    event: eventId,
    criterion,
    competitor: ME,
    judge: 'judge',
    value,
  }));
  const team = event.entrants === 'team';
  const run = Scoring.create(definition, {
    contestants: team ? [] : [{ id: ME, events: [eventId] }],
    teams: team ? [{ id: ME, members: [], events: [eventId] }] : [],
    marks,
  });
  if (!run.success) return null;
  const row: EventRow | undefined = run.data
    .standings()
    .events.find((e) => e.event === eventId)
    ?.rows.find((r) => r.competitor === ME);
  if (!row) return null;
  const names = new Map(event.modules.map((m) => [m.id, m.name]));
  const modules = row.modules.map((m) => ({
    id: m.module,
    name: names.get(m.module) ?? m.module,
    score: m.score.toFixed(2),
    max: m.max.toFixed(2),
  }));
  return {
    modules,
    score: row.score === null ? null : row.score.toFixed(2),
    max: String(event.max),
    time: row.time === null ? null : row.time.toFixed(2),
    status: row.status === 'ok' || row.status === 'pending' ? null : row.status,
  };
}
