/**
 * The reveal ceremony (ICPC-resolver style): the public table goes from the standings as of the
 * freeze to the final standings one row at a time, from the bottom up. After step k the last k
 * rows of the final table stand at the bottom with their final values; above them, the rows not
 * yet revealed keep their frozen values in frozen order. After the last step the table is the
 * final table, so the winner is revealed last.
 */

export interface Keyed {
  readonly key: string;
}

/** The number of steps: one per row of the final table. */
export function revealTotal(final: readonly Keyed[]): number {
  return final.length;
}

/** The table after `step` rows have been revealed. */
export function revealRows<R extends Keyed>(
  frozen: readonly R[],
  final: readonly R[],
  step: number,
): R[] {
  const k = Math.max(0, Math.min(step, final.length));
  const revealed = final.slice(final.length - k);
  const shown = new Set(revealed.map((r) => r.key));
  const inFinal = new Set(final.map((r) => r.key));
  // A competitor the final table no longer holds leaves at once; one the frozen table did not
  // hold appears when its turn comes.
  const pending = frozen.filter((r) => inFinal.has(r.key) && !shown.has(r.key));
  return [...pending, ...revealed];
}

/** The step at which `remaining` rows are still to be revealed. */
export function stepLeaving(total: number, remaining: number): number {
  return Math.max(0, total - remaining);
}
