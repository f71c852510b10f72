/**
 * The mark writer's transaction and its two calls. A batch reads everything it checks in one
 * (ledger_read: locks the audit chain's head first, then reads operations, sheets with their
 * event and assignment, and the current version of each mark) and writes everything in another
 * (ledger_write: marks, operations, re-verification, audit rows, the new head). Both are
 * PL/pgSQL functions (migration 0002_ledger_functions.sql), whose statements are planned once
 * per connection.
 *
 * On Postgres both are prepared statements (@skills/db prepared.ts): BEGIN, read, write, COMMIT
 * are four round trips however many marks the batch carries (through drizzle, which sends them
 * unnamed, six). PGlite, in process, runs the same two calls in a drizzle transaction.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type PreparedTransaction, type SheetStatus, type Tx } from '@skills/db';
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

export interface BatchIds {
  opIds: string[];
  sheetIds: string[];
  criteria: string[];
}

export interface BatchState {
  head: ChainHead;
  ops: StoredOp[];
  sheets: SheetState[];
  current: StoredMark[];
}

function stateOf(rows: unknown): BatchState {
  const row = rowsOf<{ r: ReadRow }>(rows)[0]?.r;
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

export interface BatchWrite {
  marks: NewMark[];
  ops: StoredOp[];
  reverify: string[];
  audit: AuditRow[];
  tip: ChainHead;
}

function writePayload(data: BatchWrite): string {
  return JSON.stringify({
    marks: data.marks,
    ops: data.ops,
    reverify: data.reverify,
    audit: data.audit.map((r) => ({ ...r, at: r.at.toISOString() })),
  });
}

/** One batch's transaction: `read` once, then `write` once; it commits when the batch's function returns. */
export interface LedgerTx {
  read(ids: BatchIds): Promise<BatchState>;
  write(now: Date, data: BatchWrite): Promise<void>;
  /**
   * Where a definition the catalog has not cached is read: the pool on Postgres (definitions
   * never change once stored), the transaction itself on PGlite's one connection.
   */
  readonly reader: Db | Tx;
}

export type LedgerTransaction = <T>(fn: (tx: LedgerTx) => Promise<T>) => Promise<T>;

// Text parameters: their types are known without asking, and values go as they are.
const READ = 'select ledger_read($1::text::jsonb) as r';
const WRITE =
  'select ledger_write($1::text::jsonb, $2::text::timestamptz, $3::text::bigint, $4::text)';

/** The ledger's transactions: of prepared statements when the database offers them, else drizzle's. */
export function ledgerTransaction(db: Db, prepared: PreparedTransaction | null): LedgerTransaction {
  if (prepared) {
    return (fn) =>
      prepared((run) =>
        fn({
          read: async (ids) => stateOf(await run(READ, [JSON.stringify(ids)])),
          write: async (now, data) => {
            const { seq, hash } = data.tip;
            await run(WRITE, [writePayload(data), now.toISOString(), String(seq), hash]);
          },
          reader: db,
        }),
      );
  }
  return (fn) =>
    db.transaction((tx) =>
      fn({
        read: async (ids) =>
          stateOf(await tx.execute(sql`select ledger_read(${JSON.stringify(ids)}::jsonb) as r`)),
        write: async (now, data) => {
          const { seq, hash } = data.tip;
          await tx.execute(
            sql`select ledger_write(${writePayload(data)}::jsonb, ${now.toISOString()}::timestamptz, ${seq}::bigint, ${hash}::text)`,
          );
        },
        reader: tx,
      }),
    );
}
