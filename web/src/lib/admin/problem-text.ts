/**
 * A refused field in the organizer's words (issue 16): "第 3 行 › 工作单位 › 不能为空", never a
 * JSON path. The server sends each problem as a path, a code and its parameters; problem-line.ts
 * places it, the messages (problem.<code>, field.<name>) word it in the chosen language.
 */
import type { ErrorDetail } from '@skills/server/contract';
import { ApiError } from '../api.ts';
import { t } from '../i18n.svelte.ts';
import { MESSAGES, type MessageKey } from '../messages.ts';
import * as line from './problem-line.ts';

const known = (key: string): key is MessageKey => Object.hasOwn(MESSAGES, key);
const say: line.Say = (key, params) => (known(key) ? t(key, params) : undefined);

export const problemWords = (d: ErrorDetail): string => line.problemWords(d, say);
export const problemLine = (d: ErrorDetail): string => line.problemLine(d, say);

/** Every problem of a refusal, as lines (none for anything but an API refusal). */
export function problemLines(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.body.details.map(problemLine);
}

/** Whether a refusal's problems say themselves why (then the headline need not guess). */
export function worded(error: unknown): boolean {
  return error instanceof ApiError && error.body.details.some((d) => known(`problem.${d.code}`));
}
