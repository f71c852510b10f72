/**
 * What a judge has typed in a field and not confirmed yet, kept on the device as it is typed so
 * a reload or a crash loses nothing, with the version of the mark it was typed against. A draft
 * ends when it is confirmed (it becomes an operation in the outbox) or dropped (Escape), and a
 * draft whose base the server has moved past is never confirmed as it is: it becomes a conflict,
 * or it is dropped when it agrees with what the field shows now.
 */
import type { LocalMark } from '../sheet-view.ts';

export interface Draft {
  /** What is in the field. */
  readonly text: string;
  /** The version of the mark the field showed when typing began (LocalMark.base). */
  readonly base: number;
  /** When it was last typed in (ISO), shown beside a conflict; empty when not known. */
  readonly at: string;
}

/** The drafts of a device, per sheet and criterion. */
export interface DraftStore {
  all(sheetId: string): Record<string, Draft>;
  put(sheetId: string, criterion: string, draft: Draft): void;
  remove(sheetId: string, criterion: string): void;
}

const PREFIX = 'skills.draft.';
const keyOf = (sheetId: string, criterion: string): string => `${PREFIX}${sheetId}.${criterion}`;

/** A stored draft; one kept before drafts had a base (plain text) was typed against no mark. */
function read(raw: string): Draft | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { text: raw, base: 0, at: '' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { text: raw, base: 0, at: '' };
  const { text, base, at } = parsed as Record<string, unknown>;
  if (typeof text !== 'string' || typeof base !== 'number' || !Number.isInteger(base)) {
    return undefined;
  }
  return { text, base, at: typeof at === 'string' ? at : '' };
}

/**
 * Drafts in the browser's storage (localStorage, reached through a getter: merely naming it
 * throws where the browser blocks storage); a browser refusing storage keeps none.
 */
export function storageDrafts(storageOf: () => Storage): DraftStore {
  const attempt = <T>(fn: () => T, otherwise: T): T => {
    try {
      return fn();
    } catch {
      return otherwise; // private mode, storage full: the draft lasts as long as the page
    }
  };
  return {
    all(sheetId) {
      return attempt(() => {
        const storage = storageOf();
        const prefix = keyOf(sheetId, '');
        const out: Record<string, Draft> = {};
        for (let i = 0; i < storage.length; i++) {
          const key = storage.key(i);
          if (key === null || !key.startsWith(prefix)) continue;
          const draft = read(storage.getItem(key) ?? '');
          if (draft) out[key.slice(prefix.length)] = draft;
        }
        return out;
      }, {});
    },
    put(sheetId, criterion, draft) {
      attempt(() => {
        storageOf().setItem(keyOf(sheetId, criterion), JSON.stringify(draft));
      }, undefined);
    },
    remove(sheetId, criterion) {
      attempt(() => {
        storageOf().removeItem(keyOf(sheetId, criterion));
      }, undefined);
    },
  };
}

/**
 * What becomes of a draft, given what its field shows now: kept while the field still shows
 * the version it was typed against (or an older one: the page has not caught up with the
 * tablet's own accepted change yet); past that version, dropped when it agrees with the field,
 * else a conflict the judge settles.
 */
export function draftFate(draft: Draft, field: LocalMark): 'keep' | 'drop' | 'conflict' {
  if (field.base <= draft.base) return 'keep';
  const typed = draft.text.trim();
  return typed === (field.text ?? '') ? 'drop' : 'conflict';
}
