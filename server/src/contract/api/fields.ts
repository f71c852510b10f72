/**
 * Building blocks every other schema uses: ids, texts, PINs, mark values, status names.
 */
import { z } from 'zod';
import { Id } from '@skills/scoring';

/** Text a person typed: trimmed, not empty, bounded. */
export const Text = (max = 200): z.ZodString => z.string().trim().min(1).max(max);

export const CompetitionId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2–63 characters');
export const EventId = Id;
export const Uuid = z.uuid();
export const Pin = z.string().regex(/^\d{6}$/, 'a PIN is six digits');
export const Password = z.string().min(8, 'at least 8 characters').max(200);
export const JudgeCode = z.string().regex(/^[A-Za-z0-9-]{1,16}$/, 'letters, digits, dashes');
export const Revision = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
export const MarkValue = z.union([z.number(), z.string().trim().min(1).max(32), z.boolean()]);
export type MarkValue = z.infer<typeof MarkValue>;

/** How a mark value is stored and shown: pass/fail as 1/0, numbers as written, text trimmed. */
export function markText(value: MarkValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return typeof value === 'number' ? String(value) : value.trim();
}

export const ROLE_NAMES = ['organizer', 'chief', 'judge'] as const;
export const EVENT_STATUS_NAMES = ['setup', 'live', 'frozen', 'final'] as const;
export const SHEET_STATUS_NAMES = ['draft', 'returned', 'submitted', 'verified', 'locked'] as const;

export const Ok = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof Ok>;
