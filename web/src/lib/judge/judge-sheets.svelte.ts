/**
 * The judge's sheets as the sheet list and list entry hold them: read from the server (the
 * device's copy when it cannot be reached), read again from the device when a sync or a signed
 * batch changed it, and from the server when the network comes back. One piece, so both pages
 * follow the same sheets the same way. Create it while a component is set up (it registers its
 * effects there) and call start() once mounted.
 */
import type { Sheet } from '@skills/server/contract';
import type { Competition } from '@skills/scoring';
import { goto } from '$app/navigation';
import { untrack } from 'svelte';
import { errorText } from '$lib/errors.ts';
import { loadDefinition, loadSheets } from '$lib/judge-data.ts';
import { outbox } from '$lib/offline/outbox.svelte.ts';
import { sheetsOf } from '$lib/offline/store.ts';
import { session } from '$lib/session.svelte.ts';

/** How the device's new copy replaces what is shown (list entry keeps its rows in place). */
export type Merge = (shown: Sheet[], stored: Sheet[]) => Sheet[];

export class JudgeSheets {
  sheets = $state<Sheet[]>([]);
  definition = $state<Competition | null>(null);
  /** The device's copy is shown: the server did not answer. */
  offline = $state(false);
  error = $state<string | null>(null);
  /** The first read is done (an empty list means no sheets, not "still loading"). */
  ready = $state(false);

  constructor(merge: Merge = (_shown, stored) => stored) {
    // A synced change or a signed batch updated the device's copy: read it there.
    $effect(() => {
      if (outbox.sheetsChanged > 0 && session.me) {
        void sheetsOf(session.me.id).then((stored) => {
          this.sheets = merge(this.sheets, stored);
        });
      }
    });
    // The network is back: the sheets may have changed meanwhile (returned, verified).
    let seenReconnects = outbox.reconnects;
    $effect(() => {
      const n = outbox.reconnects;
      if (n === seenReconnects) return;
      seenReconnects = n;
      void untrack(() => this.refresh());
    });
  }

  async refresh(): Promise<void> {
    const me = session.me;
    if (!me) return;
    try {
      const loaded = await loadSheets(me.id);
      this.sheets = loaded.value;
      this.offline = loaded.offline;
      this.error = null;
    } catch (e) {
      this.error = errorText(e);
    }
  }

  /**
   * Signed in as a judge (anyone else goes to the judge's sign-in page, and false): the sheets,
   * then the competition's definition. `first` runs once the judge is known, before the read.
   */
  async start(first?: () => void): Promise<boolean> {
    const me = await session.load();
    if (me?.role !== 'judge') {
      await goto('/judge', { replaceState: true });
      return false;
    }
    first?.();
    await this.refresh();
    this.ready = true;
    if (me.competitionId !== null) this.definition = await loadDefinition(me.competitionId);
    return true;
  }
}
