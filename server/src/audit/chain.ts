/**
 * The hash-chained audit log. Appends happen inside the caller's transaction, under a row lock on
 * audit_head, so rows are chained in commit order across every server instance. verifyChain()
 * re-derives every hash and says where the chain breaks.
 */
import { createHash } from 'node:crypto';
import { asc, eq, gt } from 'drizzle-orm';
import { auditHead, auditLog, GENESIS_HASH, type Db, type Tx } from '@skills/db';
import { canonical } from '../contract/canonical.ts';

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

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** The rows that chain `entries` after `head`, and the new tip; nothing is written. */
export function chainRows(
  entries: readonly AuditEntry[],
  at: Date,
  head: ChainHead,
): { rows: AuditRow[]; tip: ChainHead } {
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
  return { rows, tip: { seq, hash: prev } };
}

/**
 * Appends entries at `at`, chained after the head, which it locks until the transaction ends:
 * every writer of the chain queues there, so rows chain in commit order. Returns their sequence
 * numbers. (The mark writer does the same through ledger_read / ledger_write.)
 */
export async function appendAudit(
  tx: Tx,
  entries: readonly AuditEntry[],
  at: Date,
): Promise<number[]> {
  if (entries.length === 0) return [];
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  if (!head) throw new Error('audit_head is missing: was the database migrated?');
  const { rows, tip } = chainRows(entries, at, head);
  const seq = tip.seq;
  const prev = tip.hash;
  // Sent together: postgres pipelines them on the transaction's connection.
  await Promise.all([
    tx.insert(auditLog).values(rows.map((r) => ({ ...r, data: r.data }))),
    tx.update(auditHead).set({ seq, hash: prev }).where(eq(auditHead.id, 1)),
  ]);
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

/** Rows as stored or exported: `at` as a Date or an ISO string. */
export interface StoredRow extends Omit<AuditRow, 'at' | 'data'> {
  readonly at: Date | string;
  readonly data: unknown;
}

/**
 * Re-derives every hash of a chain given in order and reports the first row that does not fit,
 * then compares the end with the head (the last seq and hash the writer recorded), which catches
 * rows removed from the end.
 */
export async function verifyRows(
  rows: AsyncIterable<readonly StoredRow[]> | Iterable<readonly StoredRow[]>,
  tip: { seq: number; hash: string },
): Promise<ChainReport> {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let checked = 0;
  const fail = (seq: number, reason: ChainBreak['reason'], message: string): ChainReport => ({
    ok: false,
    checked,
    head: tip,
    break: { seq, reason, message },
  });
  for await (const page of rows) {
    for (const row of page) {
      if (row.seq !== expectedSeq) {
        return fail(expectedSeq, 'gap', `row ${expectedSeq} is missing (next row is ${row.seq})`);
      }
      if (row.prevHash !== prev) {
        return fail(row.seq, 'prev_mismatch', `row ${row.seq} does not follow row ${row.seq - 1}`);
      }
      const at = typeof row.at === 'string' ? new Date(row.at) : row.at;
      const data = (row.data ?? {}) as Record<string, unknown>;
      if (Number.isNaN(at.getTime()) || rowHash(prev, { ...row, at, data }) !== row.hash) {
        return fail(row.seq, 'hash_mismatch', `row ${row.seq} was changed after it was written`);
      }
      prev = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  if (tip.seq !== checked || tip.hash !== prev) {
    return fail(
      checked + 1,
      'head_mismatch',
      `the chain ends at row ${checked} but its head says ${tip.seq}: rows were removed`,
    );
  }
  return { ok: true, checked, head: tip, break: null };
}

async function* pages(db: Db, pageSize: number): AsyncGenerator<AuditRow[]> {
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, after))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    if (page.length === 0) return;
    yield page.map((r) => ({ ...r, data: (r.data ?? {}) as Record<string, unknown> }));
    after = page[page.length - 1]?.seq ?? after;
    if (page.length < pageSize) return;
  }
}

/** Verifies the chain stored in the database against its head. */
export async function verifyChain(db: Db, pageSize = 2000): Promise<ChainReport> {
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  return verifyRows(pages(db, pageSize), {
    seq: head?.seq ?? 0,
    hash: head?.hash ?? GENESIS_HASH,
  });
}
