/**
 * The competition home page: events by day (the schedule), each with what the public sees of it
 * (its phase). The phase comes from the live competition summary (`client.watch`); before that
 * arrives it is worked out from the event's status and settings as the server does
 * (server/src/standings/public-stream.ts), a reveal aside.
 */
import type { CompetitionSummary, LiveCompetition, PublicPhase } from '@skills/server/contract';

type EventSummary = CompetitionSummary['events'][number];

export interface ScheduledEvent {
  readonly id: string;
  readonly name: string;
  readonly day: number | null;
  readonly phase: PublicPhase;
}

export interface Day {
  /** null: not yet scheduled (listed last). */
  readonly day: number | null;
  readonly events: readonly ScheduledEvent[];
}

/** What the public sees of an event, from its status and settings. */
export function phaseOfSummary(
  e: Pick<EventSummary, 'status' | 'publicVisible' | 'published'>,
): PublicPhase {
  if (!e.published || (!e.publicVisible && e.status !== 'final')) return 'hidden';
  if (e.status === 'frozen') return 'frozen';
  if (e.status === 'final') return 'official';
  if (e.status === 'setup') return 'upcoming';
  return 'provisional';
}

/** The events to list: the live summary's when it has come, else the summary's. */
export function scheduledEvents(
  summary: CompetitionSummary | null,
  live: LiveCompetition | null,
): ScheduledEvent[] {
  if (live !== null) {
    return live.events.map((e) => ({ id: e.id, name: e.name, day: e.day, phase: e.phase }));
  }
  return (summary?.events ?? []).map((e) => ({
    id: e.id,
    name: e.name,
    day: e.day,
    phase: phaseOfSummary(e),
  }));
}

/** Events grouped by day, days in order, the unscheduled last; events keep their order. */
export function byDay(events: readonly ScheduledEvent[]): Day[] {
  const days = new Map<number | null, ScheduledEvent[]>();
  for (const e of events) {
    const list = days.get(e.day) ?? [];
    list.push(e);
    days.set(e.day, list);
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a - b))
    .map(([day, list]) => ({ day, events: list }));
}

/** The overall tables with their phases (null until the live summary says). */
export function overallTables(
  summary: CompetitionSummary | null,
  live: LiveCompetition | null,
): { readonly id: string; readonly name: string; readonly phase: PublicPhase | null }[] {
  if (live !== null) return live.overall.map((o) => ({ id: o.id, name: o.name, phase: o.phase }));
  return (summary?.overall ?? []).map((o) => ({ id: o.id, name: o.name, phase: null }));
}
