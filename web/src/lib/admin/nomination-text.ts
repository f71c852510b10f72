/**
 * The nominations' codes in the reader's language (issue 16): why someone was passed over
 * ("不是职工"), and what an award or the whole list waits for, events by name. The server sends
 * codes and parameters (server/src/services/nomination-reasons.ts); the wording lives here.
 */
import type { ErrorDetail, Nominations } from '@skills/server/contract';
import type { MessageKey } from '../messages.ts';

/** The translator (i18n's `t`; a fixed language in tests). */
export type Say = (key: MessageKey, params?: Record<string, string | number>) => string;

type PassedOver = Nominations['awards'][number]['passedOver'][number];
type Waiting = Nominations['pending'][number]['waiting'][number];

const REASONS: Record<string, MessageKey> = {
  not_attribute: 'nom.reason.not_attribute',
  is_attribute: 'nom.reason.is_attribute',
  not_recorded: 'nom.reason.not_recorded',
  not_allowed: 'nom.reason.not_allowed',
  below_min_score: 'nom.reason.below_min_score',
};

const STATUS: Record<string, MessageKey> = {
  setup: 'event.setup',
  live: 'event.live',
  frozen: 'event.frozen',
  final: 'event.final',
};

const statusText = (say: Say, status: string | null | undefined): string => {
  const key = STATUS[status ?? 'setup'];
  return key ? say(key) : (status ?? '');
};

/** Why someone was passed over; a code this app does not know shows the server's own text. */
export function passedOverText(p: PassedOver, say: Say, english = false): string {
  const key = REASONS[p.code];
  if (!key) return p.reason;
  // The server sends each word in both languages: "attribute" and "attributeEn".
  const params = Object.fromEntries(
    Object.entries(p.params)
      .filter(([name]) => !name.endsWith('En'))
      .map(([name, value]) => [name, english ? (p.params[`${name}En`] ?? value) : value]),
  );
  return say(key, params);
}

/** One thing a pending award waits for. */
export function waitingText(w: Waiting, say: Say): string {
  return say(`nom.wait.${w.code}`, { name: w.name, status: statusText(say, w.status) });
}

/** One event a refused list waits for (a not_ready detail), by name. */
export function notReadyText(d: ErrorDetail, say: Say): string {
  const name = String(d.params?.['event'] ?? d.path.replace(/^events\./, ''));
  return d.code === 'changed_since_final'
    ? say('nom.wait.changed_since_final', { name })
    : say('nom.wait.not_final', {
        name,
        status: statusText(say, String(d.params?.['status'] ?? '')),
      });
}
