/**
 * The board's first screen the server drew into the page's HTML (server/src/http/board-rows.ts):
 * shown before any script, over the app's own element, which its style hides meanwhile. The board
 * removes it once it has its own table to draw, in the same update that draws it, so there are
 * never two lists at once, and the page does not flash empty in between.
 */

/** The drawn block's id (FIRST_ROWS_ID on the server). */
const FIRST_ROWS_ID = 'first-rows';

/** Removes the server-drawn first screen, if the page still has it. */
export function dropFirstRows(): void {
  document.getElementById(FIRST_ROWS_ID)?.remove();
}
