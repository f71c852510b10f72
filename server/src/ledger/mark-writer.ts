/**
 * The write path of the marks ledger, with group commit: marks that arrive while a transaction is
 * running wait and are written together in the next one, each checked on its own. One commit
 * then carries many marks under load and one mark when quiet, and the audit chain is extended
 * once per batch.
 *
 * Under load a batch also waits a little for company (gather.ts): when marks have been arriving
 * faster than one per gathering window, many of them while the writer was busy, the first mark
 * of a batch waits at most that window, or until enough marks have joined, before the
 * transaction starts. A commit's cost is mostly per
 * transaction (round trips, the WAL flush, the chain's head), so at 200 marks/s a commit that
 * carries three marks instead of one or two costs each of them far less; when marks arrive
 * slower nobody waits.
 *
 * Every operation the ledger accepts is stored with its answer, so a resend (same operation id,
 * same request) gets that answer again and never writes twice. A refused operation stores
 * nothing (refused input changes nothing): a resend is checked again and refused again, or
 * accepted once what blocked it is gone (the event went live, the sheet was returned).
 */
import { createHash } from 'node:crypto';
import type { Db, PreparedTransaction } from '@skills/db';
import { chainRows, type AuditEntry } from '../audit/chain.ts';
import {
  ledgerTransaction,
  type LedgerTransaction,
  type LedgerTx,
  type NewMark,
  type SheetState,
  type StoredOp,
} from './batch-sql.ts';
import { canonical } from '../contract/canonical.ts';
import { entry } from '../audit/record.ts';
import { inCompetition, isOfficial, type User } from '../auth/actor.ts';
import { markText, type CurrentMark, type MarkAnswer, type MarkOp } from '../contract/api.ts';
import type { ErrorBody } from '../contract/errors.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import { unavailableCode } from '../errors/unavailable.ts';
import type { Catalog } from '../domain/catalog.ts';
import { Gathering } from './gather.ts';

export interface OpResult {
  readonly status: number;
  readonly body: MarkAnswer | ErrorBody;
  /** True when this is the stored answer to an earlier send of the same operation. */
  readonly replayed: boolean;
}

interface Pending {
  readonly op: MarkOp;
  readonly user: User;
  readonly requestHash: string;
  readonly resolve: (r: OpResult) => void;
  readonly reject: (e: unknown) => void;
}

type SheetRow = SheetState;

export interface MarkWriterDeps {
  readonly db: Db;
  /** The database's transactions of prepared statements (Database.prepared); absent: drizzle's. */
  readonly prepared?: PreparedTransaction | null;
  readonly catalog: Catalog;
  readonly now: () => Date;
  readonly committed: (competitionIds: ReadonlySet<string>) => void;
  /** Largest batch per transaction. */
  readonly maxBatch?: number;
  /**
   * Longest a batch's first mark waits for others under load (ms; 0 = never waits): see
   * gather.ts for when it waits at all.
   */
  readonly gatherMs?: number;
}

/** A refused operation's answer: the error's status and body, never a replay. */
function failure(e: ServiceError): OpResult {
  return { status: e.status, body: e.toBody() as ErrorBody, replayed: false };
}

export class MarkWriter {
  private readonly deps: MarkWriterDeps;
  private queue: Pending[] = [];
  private running = false;
  private readonly gathering: Gathering;
  private readonly transaction: LedgerTransaction;

  constructor(deps: MarkWriterDeps) {
    this.deps = deps;
    this.gathering = new Gathering(deps.gatherMs ?? 0);
    this.transaction = ledgerTransaction(deps.db, deps.prepared ?? null);
  }

  /** Queues one operation; resolves with its answer once its batch has committed. */
  write(user: User, op: MarkOp): Promise<OpResult> {
    // The request without its id: the same change resent under a new id is a new operation.
    const request = { ...op, opId: undefined };
    const requestHash = createHash('sha256')
      .update(user.id)
      .update('\n')
      .update(canonical(request))
      .digest('hex');
    return new Promise((resolve, reject) => {
      this.queue.push({ op, user, requestHash, resolve, reject });
      this.gathering.arrived(this.queue.length, this.running);
      if (!this.running) {
        // Start on the next turn, so requests already read by the server join the batch.
        this.running = true;
        setImmediate(() => {
          void this.drain();
        });
      }
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        await this.gathering.gather(this.queue.length);
        const batch = this.queue.splice(0, this.deps.maxBatch ?? 256);
        await this.commitBatch(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    try {
      const { results, touched } = await this.transaction((tx) => this.apply(tx, batch));
      batch.forEach((p, i) => {
        p.resolve(results[i] as OpResult);
      });
      if (touched.size > 0) this.deps.committed(touched);
    } catch (error) {
      if (unavailableCode(error) !== null) {
        // The database cannot be reached: each operation is answered 503 and sent again by its
        // client (under its operation id, so one that did commit is answered, not written twice).
        for (const p of batch) p.reject(error);
        return;
      }
      if (batch.length > 1) {
        // Another instance raced one of these marks: retry each alone so only it is affected.
        for (const p of batch) await this.commitBatch([p]);
        return;
      }
      const [p] = batch as [Pending];
      if (isUniqueViolation(error)) {
        // The version we read was overtaken between our read and insert: answer from fresh state.
        try {
          const { results, touched } = await this.transaction((tx) => this.apply(tx, [p]));
          p.resolve(results[0] as OpResult);
          if (touched.size > 0) this.deps.committed(touched);
        } catch (again) {
          p.reject(again);
        }
        return;
      }
      p.reject(error);
    }
  }

  /**
   * Applies a batch in one transaction. Long on purpose: one read, every check and one write of the
   * whole batch stay in one place, in the order the chain needs.
   */
  private async apply(
    tx: LedgerTx,
    batch: readonly Pending[],
  ): Promise<{ results: OpResult[]; touched: Set<string> }> {
    // The chain's head first: writers queue here, so mark ids grow in commit order (what the
    // standings' incremental catch-up relies on).
    // One statement reads what the batch checks, the chain's head (locked) first.
    const now = this.deps.now();
    const state = await tx.read({
      opIds: [...new Set(batch.map((p) => p.op.opId))],
      sheetIds: [...new Set(batch.map((p) => p.op.sheetId))],
      criteria: [...new Set(batch.map((p) => p.op.criterion))],
    });
    const seen = new Map(state.ops.map((o) => [o.opId, o]));
    const sheetById = new Map<string, SheetRow>(state.sheets.map((s) => [s.id, s]));
    const current = new Map<string, CurrentMark>(
      state.current.map((m) => [
        `${m.sheetId}|${m.criterion}`,
        {
          criterion: m.criterion,
          version: m.version,
          value: m.value,
          by: `${m.byName} (${m.byLogin})`,
          at: m.at,
          reason: m.reason,
        },
      ]),
    );

    const results: OpResult[] = [];
    const newMarks: NewMark[] = [];
    const newOps: StoredOp[] = [];
    const audit: AuditEntry[] = [];
    const reverify = new Set<string>();
    const touched = new Set<string>();
    const decided = new Map<string, { requestHash: string; userId: string; result: OpResult }>();

    for (const p of batch) {
      const earlier = seen.get(p.op.opId);
      const inBatch = decided.get(p.op.opId);
      const prior = earlier
        ? {
            requestHash: earlier.requestHash,
            userId: earlier.userId,
            result: {
              status: earlier.status,
              body: JSON.parse(earlier.response) as MarkAnswer | ErrorBody,
              replayed: true,
            },
          }
        : inBatch && { ...inBatch, result: { ...inBatch.result, replayed: true } };
      if (prior) {
        results.push(
          prior.requestHash === p.requestHash && prior.userId === p.user.id
            ? prior.result
            : failure(
                new ServiceError(
                  'op_id_reused',
                  'this operation id was already used for a different request',
                  {
                    details: [detail('body.opId', 'op_id_reused', 'generate a new id per change')],
                  },
                ),
              ),
        );
        continue;
      }
      let result: OpResult;
      try {
        const sheet = sheetById.get(p.op.sheetId);
        const mark = await this.decide(tx, p, sheet, current, now);
        const s = sheet as SheetRow;
        const key = `${s.id}|${p.op.criterion}`;
        const previous = current.get(key);
        current.set(key, mark);
        newMarks.push({
          sheetId: s.id,
          criterionId: p.op.criterion,
          version: mark.version,
          value: mark.value,
          reason: mark.reason,
          opId: p.op.opId,
          enteredBy: p.user.id,
        });
        const demote = s.status === 'verified';
        if (demote) {
          reverify.add(s.id);
          s.status = 'submitted';
        }
        touched.add(s.competitionId);
        audit.push(
          entry(p.user, 'mark.write', s.competitionId, {
            sheet: s.id,
            event: s.eventId,
            criterion: p.op.criterion,
            version: mark.version,
            value: mark.value,
            previous: previous ? { version: previous.version, value: previous.value } : null,
            reason: mark.reason,
            opId: p.op.opId,
            ...(demote ? { sheetStatus: 'submitted' } : {}),
          }),
        );
        result = {
          status: 201,
          body: { opId: p.op.opId, sheetId: s.id, mark, sheetStatus: s.status },
          replayed: false,
        };
      } catch (e) {
        if (!(e instanceof ServiceError)) throw e;
        result = failure(e);
      }
      results.push(result);
      if (result.status !== 201) continue;
      decided.set(p.op.opId, { requestHash: p.requestHash, userId: p.user.id, result });
      newOps.push({
        opId: p.op.opId,
        userId: p.user.id,
        requestHash: p.requestHash,
        status: result.status,
        response: JSON.stringify(result.body),
      });
    }
    // One statement writes it all, and moves the chain's head.
    const chained = chainRows(audit, now, state.head);
    await tx.write(now, {
      marks: newMarks,
      ops: newOps,
      reverify: [...reverify],
      audit: chained.rows,
      tip: chained.tip,
    });
    return { results, touched };
  }

  /**
   * Checks one operation against the sheet, the assignment, the rules and the current version.
   * Long on purpose: every refusal an operation can meet, in the order it is checked, reads as one
   * list.
   */
  private async decide(
    tx: LedgerTx,
    p: Pending,
    sheet: SheetRow | undefined,
    current: ReadonlyMap<string, CurrentMark>,
    now: Date,
  ): Promise<CurrentMark> {
    const { op, user } = p;
    if (!sheet || !inCompetition(user, sheet.competitionId)) {
      throw new ServiceError('not_found', 'score sheet not found', {
        details: [detail('params.sheetId', 'not_found', `no sheet ${op.sheetId}`)],
      });
    }
    if (sheet.status === 'locked') {
      throw new ServiceError('sheet_locked', 'this sheet is locked: the event was finalized', {
        details: [detail('params.sheetId', 'sheet_locked', 'ask the chief judge to reopen it')],
      });
    }
    if (sheet.eventStatus === 'setup') {
      throw new ServiceError('event_not_live', 'marking has not started for this event', {
        details: [detail('params.sheetId', 'event_not_live', 'its event is still being set up')],
      });
    }
    const official = isOfficial(user);
    const afterSubmit = sheet.status === 'submitted' || sheet.status === 'verified';
    if (!official) {
      if (sheet.judgeId !== user.id) {
        throw new ServiceError('not_assigned', 'this sheet belongs to another judge', {
          details: [
            detail('params.sheetId', 'not_assigned', 'this sheet belongs to another judge'),
          ],
        });
      }
      if (afterSubmit) {
        const message = `this sheet is ${sheet.status}: changes now go through the chief judge`;
        throw new ServiceError('wrong_state', message, {
          details: [detail('params.sheetId', 'wrong_state', message)],
        });
      }
      if (sheet.criteria !== null && !sheet.criteria.includes(op.criterion)) {
        throw new ServiceError('not_assigned', `you are not assigned to mark "${op.criterion}"`, {
          details: [detail('body.criterion', 'not_assigned', `not in your assignment`)],
        });
      }
    } else if (!afterSubmit) {
      const message = `this sheet is ${sheet.status}: the judge enters it until it is submitted`;
      throw new ServiceError('wrong_state', message, {
        details: [detail('params.sheetId', 'wrong_state', message)],
      });
    }
    const previous = current.get(`${sheet.id}|${op.criterion}`);
    // Any change to a signed sheet is explained; on a returned sheet, any change to a mark.
    const needsReason = afterSubmit || (sheet.status === 'returned' && previous !== undefined);
    if (needsReason && op.reason === undefined) {
      throw new ServiceError('invalid_input', 'a correction needs a reason', {
        details: [detail('body.reason', 'required', 'say why the mark changes')],
      });
    }
    const { rules } = await this.deps.catalog.at(
      sheet.competitionId,
      sheet.definitionVersion,
      tx.reader,
    );
    if (op.value === null) {
      if (!previous || previous.value === null) {
        throw new ServiceError('invalid_mark', 'there is no mark to clear', {
          details: [detail('body.value', 'nothing_to_clear', `${op.criterion} has no mark`)],
        });
      }
    } else {
      const problem = rules.check(sheet.eventId, op.criterion, op.value);
      if (problem) {
        const field = problem.path[0] === 'value' ? 'body.value' : 'body.criterion';
        throw new ServiceError('invalid_mark', problem.message, {
          details: [detail(field, problem.code, problem.message)],
        });
      }
    }
    const version = previous?.version ?? 0;
    if (op.expectedVersion !== version) {
      throw new ServiceError(
        'stale_version',
        previous
          ? `${op.criterion} is at version ${version} (${previous.value ?? 'cleared'}, by ${previous.by} at ${previous.at}), not ${op.expectedVersion}`
          : `${op.criterion} has no mark yet: expectedVersion must be 0`,
        {
          details: [
            detail('body.expectedVersion', 'stale_version', `the current version is ${version}`),
          ],
          current: previous ?? { criterion: op.criterion, version: 0, value: null },
        },
      );
    }
    return {
      criterion: op.criterion,
      version: version + 1,
      value: op.value === null ? null : markText(op.value),
      by: `${user.name} (${user.login})`,
      at: now.toISOString(),
      reason: op.reason ?? null,
    };
  }
}

function isUniqueViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    if (typeof e === 'object' && (e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
