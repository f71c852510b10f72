/**
 * Which running totals a judge's sheet shows. The engine scores the sheet as if it were the whole
 * result (totals.ts): for a judge who marks only some criteria that gives wrong numbers, a theory
 * subtotal of 0.00 beside a practical judge's marks, or an event score that is the practical part
 * alone. So a module's subtotal is shown only when the judge marks a criterion of it (and it
 * is scored in points: a time event's module has none), and the event score only when they mark
 * every criterion of the event; what is hidden is combined by the chief judge from every judge's
 * sheets.
 */
import type { Competition } from '@skills/scoring';
import type { SheetTotals } from '../totals.ts';

export interface OwnTotals extends SheetTotals {
  /** Something was left out: the sheet holds only part of a module or of the event. */
  readonly partial: boolean;
}

export function ownTotals(
  definition: Competition,
  eventId: string,
  totals: SheetTotals,
  marked: readonly string[],
): OwnTotals {
  const mine = new Set(marked);
  const event = definition.events.find((e) => e.id === eventId);
  const whole = (criteria: readonly { id: string }[]): boolean =>
    criteria.length > 0 && criteria.every((c) => mine.has(c.id));
  const touched = new Set(
    (event?.modules ?? []).filter((m) => m.criteria.some((c) => mine.has(c.id))).map((m) => m.id),
  );
  const modules = totals.modules.filter((m) => touched.has(m.id) && Number(m.max) > 0);
  const all = event !== undefined && whole(event.modules.flatMap((m) => m.criteria));
  return {
    ...totals,
    modules,
    score: all ? totals.score : null,
    time: all ? totals.time : null,
    status: all ? totals.status : null,
    partial: !all || modules.length < totals.modules.length,
  };
}
