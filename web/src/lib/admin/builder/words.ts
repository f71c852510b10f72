/**
 * The builder's words: choices as Chinese (or English) labels over the values the document
 * stores, and a field's label by its key (builder.field.<key>), both from messages-builder.ts.
 */
import { t } from '../../i18n.svelte.ts';
import { MESSAGES, type MessageKey } from '../../messages.ts';
import type { Say } from '../problem-line.ts';
import type { Choice } from './fields.ts';

const known = (key: string): key is MessageKey => Object.hasOwn(MESSAGES, key);

/** A message by a key built at run time; the key itself when there is none. */
export function say(key: string, params?: Readonly<Record<string, string | number>>): string {
  return known(key) ? t(key, params) : key;
}

/** [{value: 'mean', label: '平均分'}, …] for values worded as `${prefix}.${value}`. */
export function choices(prefix: string, values: readonly string[]): Choice[] {
  return values.map((value) => ({ value, label: say(`${prefix}.${value}`) }));
}

export const field = (key: string): string => say(`builder.field.${key}`);

/** For problem lines: a message by key, or undefined when there is none (the caller falls back). */
export const sayMaybe: Say = (key, params) => (known(key) ? t(key, params) : undefined);
