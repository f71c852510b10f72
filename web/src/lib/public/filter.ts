/**
 * Finding a competitor on a long board: a search over what a row shows (name, bib, unit or
 * delegation, team, the competitor's key), and "my competitor" pinned to the top, kept on the
 * device (localStorage, per competition).
 */
import type { PublicRow } from './rows.ts';

/** Text as searched: NFKC (full-width digits and letters as ASCII), lower case, no spaces. */
export const normalize = (text: string): string =>
  text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** The words of a query (split on spaces, normalized; empty words dropped). */
export const terms = (query: string): string[] =>
  query
    .normalize('NFKC')
    .split(/\s+/)
    .map(normalize)
    .filter((t) => t !== '');

/** What a row can be found by. */
function haystack(row: PublicRow): string[] {
  return [row.name, row.bib, row.key, row.delegation, row.team]
    .filter((x): x is string => x !== null)
    .map(normalize);
}

/** Whether a row matches every word of the query (each word in any of its fields). */
export function matches(row: PublicRow, query: string): boolean {
  const words = terms(query);
  if (words.length === 0) return true;
  const fields = haystack(row);
  return words.every((w) => fields.some((f) => f.includes(w)));
}

/** The rows matching the query, in their order (all of them for an empty query). */
export const filterRows = (rows: readonly PublicRow[], query: string): readonly PublicRow[] =>
  terms(query).length === 0 ? rows : rows.filter((r) => matches(r, query));

/** The pinned competitor's row, if it is on this board. */
export const pinnedRow = (rows: readonly PublicRow[], key: string | null): PublicRow | null =>
  key === null ? null : (rows.find((r) => r.key === key) ?? null);

/** Where "my competitor" is kept for a competition. */
export const pinKey = (competitionId: string): string => `skills.public.mine.${competitionId}`;

/** The storage a pin lives in (localStorage in a browser; any Storage-like object in a test). */
export interface PinStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The pinned competitor of a competition (null when none, or storage is unavailable). */
export function readPin(storage: PinStorage | null, competitionId: string): string | null {
  try {
    const v = storage?.getItem(pinKey(competitionId)) ?? null;
    return v === null || v === '' ? null : v;
  } catch {
    return null;
  }
}

/** Pins a competitor (null: unpins). Storage refusing (private mode, full) is not an error. */
export function writePin(
  storage: PinStorage | null,
  competitionId: string,
  key: string | null,
): void {
  try {
    if (key === null) storage?.removeItem(pinKey(competitionId));
    else storage?.setItem(pinKey(competitionId), key);
  } catch {
    // Kept for this page only.
  }
}

/** The browser's localStorage, or null where it cannot be used. */
export function browserStorage(): PinStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
