/** Strings of the public pages and the big screen: Chinese (zh-CN) first, English second (see messages.ts). */
import type { Messages } from './messages.ts';

export const PUBLIC_MESSAGES = {} as const satisfies Messages;
