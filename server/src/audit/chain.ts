/**
 * The hash-chained audit log. Appends happen inside the caller's transaction, under a row lock on
 * audit_head, so rows are chained in commit order across every server instance. verifyChain()
 * re-derives every hash and says where the chain breaks.
 */
import { createHash } from 'node:crypto';
import { asc, eq, gt } from 'drizzle-orm';
import { auditHead, auditLog, GENESIS_HASH, type Db, type Tx } from '@skills/db';
import { canonical } from './canonical.ts';

export interface AuditEntry {
  readonly actorId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly competitionId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface AuditRow extends AuditEntry {
  readonly seq: number;
  readonly at: Date;
  readonly prevHash: string;
  readonly hash: string;
}

/** hash_n = SHA-256(hash_{n-1} ‖ "\n" ‖ canonical(row n without its hashes)). */
export function rowHash(prevHash: string, row: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  const body = canonical({
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actor: row.actor,
    action: row.action,
    competitionId: row.competitionId,
    data: row.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Appends entries at `at`, chained after the current head; returns their sequence numbers. */
export async function appendAudit(
  tx: Tx,
  entries: readonly AuditEntry[],
  at: Date,
): Promise<number[]> {
  if (entries.length === 0) return [];
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  if (!head) throw new Error('audit_head is missing: was the database migrated?');
  let seq = head.seq;
  let prev = head.hash;
  const rows: AuditRow[] = [];
  for (const e of entries) {
    seq += 1;
    const row = { ...e, seq, at };
    const hash = rowHash(prev, row);
    rows.push({ ...row, prevHash: prev, hash });
    prev = hash;
  }
  await tx.insert(auditLog).values(rows.map((r) => ({ ...r, data: r.data })));
  await tx.update(auditHead).set({ seq, hash: prev }).where(eq(auditHead.id, 1));
  return rows.map((r) => r.seq);
}

export type ChainBreak =
  | { readonly seq: number; readonly reason: 'gap'; readonly message: string }
  | { readonly seq: number; readonly reason: 'prev_mismatch'; readonly message: string }
  | { readonly seq: number; readonly reason: 'hash_mismatch'; readonly message: string }
  | { readonly seq: number; readonly reason: 'head_mismatch'; readonly message: string };

export interface ChainReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly break: ChainBreak | null;
}

/** Walks the whole chain in pages and reports the first row that does not fit. */
export async function verifyChain(db: Db, pageSize = 2000): Promise<ChainReport> {
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const tip = { seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH };
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of page) {
      const fail = (reason: ChainBreak['reason'], message: string): ChainReport => ({
        ok: false,
        checked,
        head: tip,
        break: { seq: row.seq, reason, message },
      });
      if (row.seq !== expectedSeq) {
        return fail('gap', `row ${expectedSeq} is missing (next row is ${row.seq})`);
      }
      if (row.prevHash !== prev) {
        return fail('prev_mismatch', `row ${row.seq} does not follow row ${row.seq - 1}`);
      }
      const data = (row.data ?? {}) as Record<string, unknown>;
      const hash = rowHash(prev, { ...row, data });
      if (hash !== row.hash) {
        return fail('hash_mismatch', `row ${row.seq} was changed after it was written`);
      }
      prev = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (page.length < pageSize) break;
  }
  if (tip.seq !== checked || tip.hash !== prev) {
    return {
      ok: false,
      checked,
      head: tip,
      break: {
        seq: checked + 1,
        reason: 'head_mismatch',
        message: `the chain ends at row ${checked} but its head says ${tip.seq}: rows were removed`,
      },
    };
  }
  return { ok: true, checked, head: tip, break: null };
}
