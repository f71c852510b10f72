/**
 * The mark writer's two calls. A batch reads everything it checks in one (ledger_read: locks the
 * audit chain's head first, then reads operations, sheets with their event and assignment, and
 * the current version of each mark) and writes everything in another (ledger_write: marks,
 * operations, re-verification, audit rows, the new head), so a transaction is BEGIN, read,
 * write, COMMIT however many marks it carries. Both are PL/pgSQL functions (migration
 * 0002_ledger_functions.sql), whose statements are planned once per connection.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type SheetStatus, type Tx } from '@skills/db';
import type { AuditRow, ChainHead } from '../audit/chain.ts';

export interface SheetState {
  id: string;
  competitionId: string;
  eventId: string;
  judgeId: string;
  status: SheetStatus;
  eventStatus: string;
  definitionVersion: number;
  criteria: string[] | null;
}

export interface StoredOp {
  opId: string;
  userId: string;
  requestHash: string;
  status: number;
  response: string;
}

export interface StoredMark {
  sheetId: string;
  criterion: string;
  version: number;
  value: string | null;
  reason: string | null;
  at: string;
  byName: string;
  byLogin: string;
}

interface ReadRow {
  head: { seq: number | string; hash: string };
  ops: StoredOp[];
  sheets: SheetState[];
  cur: (Omit<StoredMark, 'at'> & { at: string })[];
}

export async function readBatch(
  tx: Tx,
  ids: { opIds: string[]; sheetIds: string[]; criteria: string[] },
): Promise<{ head: ChainHead; ops: StoredOp[]; sheets: SheetState[]; current: StoredMark[] }> {
  const result = await tx.execute(sql`select ledger_read(${JSON.stringify(ids)}::jsonb) as r`);
  const row = rowsOf<{ r: ReadRow }>(result)[0]?.r;
  if (!row?.head) throw new Error('audit_head is missing: was the database migrated?');
  return {
    head: { seq: Number(row.head.seq), hash: row.head.hash },
    ops: row.ops,
    sheets: row.sheets,
    current: row.cur.map((m) => ({ ...m, at: new Date(m.at).toISOString() })),
  };
}

export interface NewMark {
  sheetId: string;
  criterionId: string;
  version: number;
  value: string | null;
  reason: string | null;
  opId: string;
  enteredBy: string;
}

export async function writeBatch(
  tx: Tx,
  now: Date,
  data: {
    marks: NewMark[];
    ops: StoredOp[];
    reverify: string[];
    audit: AuditRow[];
    tip: ChainHead;
  },
): Promise<void> {
  const at = now.toISOString();
  const payload = JSON.stringify({
    marks: data.marks,
    ops: data.ops,
    reverify: data.reverify,
    audit: data.audit.map((r) => ({ ...r, at: r.at.toISOString() })),
  });
  await tx.execute(
    sql`select ledger_write(${payload}::jsonb, ${at}::timestamptz, ${data.tip.seq}::bigint, ${data.tip.hash}::text)`,
  );
}
