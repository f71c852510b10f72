/**
 * The big screen: a table shown a page at a time, turning every few seconds; during a reveal
 * the page holding the row just revealed stays up. Also the reveal's progress from the table's
 * meta (server/src/contract/live.ts: rows at positions ≥ total − step hold their final values).
 */
import type { LiveMeta } from '@skills/server/contract';

export const DEFAULT_ROWS = 12;
export const DEFAULT_SECONDS = 8;

/** A row's least height on the big screen, in screen units (40 px at 1920×1080). */
export const ROW_UNITS = 1;

/**
 * How many rows a page holds when the screen decides: as many as fit `height` px at rows of
 * ROW_UNITS × `unit` px (at least 3); a table that fits on one page gets rows of at least
 * DEFAULT_ROWS' size (big type), not the smallest.
 */
export function fitRows(height: number, unit: number, rows: number): number {
  if (!(height > 0) || !(unit > 0)) return DEFAULT_ROWS;
  const fit = Math.max(3, Math.floor(height / (unit * ROW_UNITS)));
  return rows <= fit ? Math.min(fit, Math.max(rows, DEFAULT_ROWS)) : fit;
}

/**
 * Seconds a page stays up when the screen decides: long tables turn faster, so the whole table
 * comes round in reasonable time (16 pages: 5 s each, 80 s a round).
 */
export const pageSeconds = (pages: number): number =>
  pages <= 2 ? 10 : pages <= 5 ? DEFAULT_SECONDS : 5;

/** A whole number from a query parameter, within [min, max]; the fallback otherwise. */
export function intParam(value: string | null, fallback: number, min: number, max: number): number {
  if (value === null || !/^\d+$/.test(value.trim())) return fallback;
  return Math.min(max, Math.max(min, Number(value)));
}

export const pageCount = (rows: number, perPage: number): number =>
  Math.max(1, Math.ceil(rows / Math.max(1, perPage)));

/** The rows of page `page` (0-based; taken modulo the page count). */
export function pageSlice<T>(rows: readonly T[], page: number, perPage: number): T[] {
  const per = Math.max(1, perPage);
  const p =
    ((page % pageCount(rows.length, per)) + pageCount(rows.length, per)) %
    pageCount(rows.length, per);
  return rows.slice(p * per, p * per + per);
}

/** The page after `page`, back to the first after the last. */
export const nextPage = (page: number, rows: number, perPage: number): number =>
  (page + 1) % pageCount(rows, perPage);

/** The page holding the row at `position`. */
export const pageOf = (position: number, perPage: number): number =>
  Math.floor(Math.max(0, position) / Math.max(1, perPage));

export interface Reveal {
  readonly step: number;
  readonly total: number;
  /** Position of the row revealed last (null before the first step). */
  readonly newest: number | null;
  /** Rows at positions from here down are revealed. */
  readonly from: number;
  readonly done: boolean;
}

/** The reveal in progress, or null when the table is not in its reveal phase. */
export function revealOf(meta: LiveMeta | null): Reveal | null {
  if (meta?.phase !== 'reveal' || meta.reveal === null) return null;
  const { total } = meta.reveal;
  const step = Math.max(0, Math.min(meta.reveal.step, total));
  const from = total - step;
  return { step, total, newest: step > 0 ? from : null, from, done: step >= total };
}
