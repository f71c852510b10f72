/**
 * The ledger's present: the highest version of each (sheet, criterion). One query for every
 * reader of current marks (a sheet's marks, the engine's state, the ledger export), so "current"
 * means one thing. The write path reads the same set inside the database: `ledger_read` (db
 * migration 0002) runs it in PL/pgSQL, in the batch's one round trip, and must stay its twin.
 */
import { desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { marks, sheets, users, type Db, type Tx } from '@skills/db';

/** Current marks matching `where` (on marks or sheets), ordered by sheet and criterion. */
export function currentMarks(db: Db | Tx, where: SQL | undefined) {
  const judge = alias(users, 'judge');
  const enteredBy = alias(users, 'entered_by');
  return db
    .selectDistinctOn([marks.sheetId, marks.criterionId], {
      id: marks.id,
      sheetId: marks.sheetId,
      event: sheets.eventId,
      competitor: sheets.entrantId,
      /** The login of the sheet's judge. */
      judge: judge.login,
      criterion: marks.criterionId,
      version: marks.version,
      value: marks.value,
      reason: marks.reason,
      at: marks.enteredAt,
      /** Who entered this version. */
      byName: enteredBy.name,
      byLogin: enteredBy.login,
    })
    .from(marks)
    .innerJoin(sheets, eq(sheets.id, marks.sheetId))
    .innerJoin(judge, eq(judge.id, sheets.judgeId))
    .innerJoin(enteredBy, eq(enteredBy.id, marks.enteredBy))
    .where(where)
    .orderBy(marks.sheetId, marks.criterionId, desc(marks.version));
}

export type CurrentMarkRow = Awaited<ReturnType<typeof currentMarks>>[number];
