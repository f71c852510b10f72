/**
 * Which events an overall table adds up, in the order its definition names them. One home for a
 * fact the definition check, the public stream, the standings read, exports and nominations all
 * need: a weighted sum names its events with their weights, rank points by id alone.
 */
import type { Overall } from './schema.ts';

export function overallEvents(o: Overall): string[] {
  return o.method.kind === 'weightedSum'
    ? o.method.events.map((e) => e.event)
    : [...o.method.events];
}
