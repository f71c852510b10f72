/** Audit entries for what a user (or the system) did, appended in the caller's transaction. */
import type { Tx } from '@skills/db';
import { userLabel, type User } from '../auth/actor.ts';
import { appendAudit, type AuditEntry } from './chain.ts';

export function entry(
  user: User | null,
  action: string,
  competitionId: string | null,
  data: Record<string, unknown>,
): AuditEntry {
  return {
    actorId: user?.id ?? null,
    actor: user ? userLabel(user) : 'system',
    action,
    competitionId,
    data,
  };
}

export async function record(
  tx: Tx,
  at: Date,
  user: User | null,
  action: string,
  competitionId: string | null,
  data: Record<string, unknown>,
): Promise<void> {
  await appendAudit(tx, [entry(user, action, competitionId, data)], at);
}
