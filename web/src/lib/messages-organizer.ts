/** Strings of the organizer's console: Chinese (zh-CN) first, English second (see messages.ts). */
import type { Messages } from './messages.ts';

export const ORGANIZER_MESSAGES = {} as const satisfies Messages;
