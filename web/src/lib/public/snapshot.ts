/**
 * A public board's first rows over HTTP: the table's current snapshot (the one the socket's first
 * answer would carry), fetched while the page's scripts load. The shell (src/app.html) starts the
 * fetch for board paths before any script runs; the page takes that answer, or fetches it itself
 * when it was not started (a board reached by navigating inside the app). When the server put the
 * snapshot into the page itself (a JSON script element, server/src/http/board-shell.ts), it is
 * read from there and nothing is fetched.
 */
import { publicSnapshotPath } from '@skills/server/live-client';
import type { LiveSnapshot } from '@skills/server/contract';

declare global {
  interface Window {
    /** Snapshot fetches the shell started, by URL (app.html). */
    __liveSnapshots?: Record<string, Promise<Response> | undefined>;
  }
}

/** The id of the JSON script element holding an inlined snapshot (INLINE_SNAPSHOT_ID). */
const INLINE_ID = 'live-snapshot';

/** The snapshot the server inlined for `url`, taken once; null when there is none. */
function inlined(url: string): LiveSnapshot | null {
  const element = document.getElementById(INLINE_ID);
  if (element === null || element.dataset['url'] !== url) return null;
  element.remove();
  try {
    return JSON.parse(element.textContent) as LiveSnapshot;
  } catch {
    return null;
  }
}

/** The table's snapshot, or null when it could not be had (the socket brings it then). */
export async function fetchSnapshot(
  competitionId: string,
  scope: string,
): Promise<LiveSnapshot | null> {
  const url = publicSnapshotPath(competitionId, scope);
  const inline = inlined(url);
  if (inline !== null) return inline;
  const started = window.__liveSnapshots?.[url];
  if (window.__liveSnapshots) window.__liveSnapshots[url] = undefined;
  try {
    const res = await (started ?? fetch(url, { credentials: 'same-origin' }));
    if (!res.ok) return null;
    return (await res.json()) as LiveSnapshot;
  } catch {
    return null;
  }
}

/** Resolves after the browser has painted what is on screen now. */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      setTimeout(resolve, 0);
    });
  });
}
