/**
 * The app's shell for a board path (`/c/:competition/e/:event`, `/c/:competition/o/:overall`, the
 * paths web/src/app.html fetches a snapshot for) with the board's first screen drawn in
 * (board-rows.ts), its stylesheets written in, and optionally the snapshot itself inlined so the
 * app needs no fetch for it.
 * Pure text work: which table a path names, and the shell with the drawing put in; web-app.ts
 * answers and caches it per snapshot.
 */
import { CompetitionId } from '../contract/api.ts';
import { overallScope, publicSnapshotPath } from '../contract/live-names.ts';
import { Scope, type LiveSnapshot } from '../contract/live.ts';
import { escapeHtml } from './board-rows.ts';

/** The public table a board path shows. */
export interface BoardPath {
  readonly competitionId: string;
  readonly scope: string;
}

/** The public snapshot of a table (rejects for a table the public may not see or that is not). */
export type BoardSnapshots = (competitionId: string, scope: string) => Promise<LiveSnapshot>;

/** Where the snapshot is inlined, and the marker app.html reads so it fetches nothing. */
export const INLINE_SNAPSHOT_ID = 'live-snapshot';

const BOARD_PATH = /^\/c\/([^/]+)\/([eo])\/([^/]+)\/?$/;

/** The table a board path names (as app.html reads it), or null for any other path. */
export function boardPathOf(path: string): BoardPath | null {
  const m = BOARD_PATH.exec(path);
  if (m === null) return null;
  try {
    const competitionId = decodeURIComponent(m[1] ?? '');
    const id = decodeURIComponent(m[3] ?? '');
    const scope = m[2] === 'o' ? overallScope(id) : id;
    if (!CompetitionId.safeParse(competitionId).success || !Scope.safeParse(scope).success) {
      return null;
    }
    return { competitionId, scope };
  } catch {
    // A malformed escape (%E0%A4%A): not a board.
    return null;
  }
}

/**
 * The shell's stylesheets written into it, so the drawn rows paint without waiting for another
 * request (a stylesheet link blocks rendering: on a slow phone link that was about a third of a
 * second after the rows had arrived). Each link stays, loading without blocking, so the app's
 * module loader finds it and does not ask again. A stylesheet that names other files (`url(`) or
 * could end the style element is left linked.
 */
export function inlineStylesheets(shell: string, css: (href: string) => string | null): string {
  return shell.replace(/<link\b[^>]*\brel="stylesheet"[^>]*>/g, (link) => {
    const href = /\bhref="([^"]+)"/.exec(link)?.[1];
    const text = href === undefined ? null : css(href);
    if (href === undefined || text === null || text.includes('</') || text.includes('url(')) {
      return link;
    }
    return `<style>${text}</style><link href="${href}" rel="stylesheet" media="print" onload="this.media='all'">`;
  });
}

/** JSON that cannot end the script element it sits in. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028');

/**
 * The shell with the drawn board first in its body (before the app's own element, which its
 * style hides until the app removes the drawing), the page titled after the table, and with
 * `inline`, the snapshot as JSON the app reads instead of fetching it. Null when the shell is not
 * shaped as expected (then the plain shell is answered).
 */
export function shellWithBoard(
  shell: string,
  drawn: string,
  snapshot: LiveSnapshot,
  inline: boolean,
): string | null {
  const body = /<body[^>]*>/.exec(shell);
  const head = /<head[^>]*>/.exec(shell);
  if (body === null || head === null) return null;
  const at = body.index + body[0].length;
  const title = snapshot.meta?.name || snapshot.name;
  const data = inline
    ? `<script type="application/json" id="${INLINE_SNAPSHOT_ID}" data-url="${escapeHtml(
        publicSnapshotPath(snapshot.competitionId, snapshot.scope),
      )}">${scriptJson(snapshot)}</script>`
    : '';
  const marker = inline ? `<meta name="${INLINE_SNAPSHOT_ID}" content="inline">` : '';
  const headAt = head.index + head[0].length;
  return (
    shell.slice(0, headAt) +
    marker +
    shell
      .slice(headAt, at)
      // A function, so a `$&` or `$'` in a table's name is text, not a replacement pattern.
      .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(title)} · 成绩公布</title>`) +
    drawn +
    data +
    shell.slice(at)
  );
}
