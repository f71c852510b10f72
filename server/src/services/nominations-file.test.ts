/**
 * The nominations workbook prints what a nominee ranked on as the board does: a time as m:ss.xx,
 * a score at its table's places with the trailing zeros (83.00, not 83).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCompetition, type Competition } from '@skills/scoring';
import type { Nominations } from '../contract/api.ts';
import { forestFirefighting } from '../demo/index.ts';
import { nominationsFile } from './nominations-file.ts';

function forest(): Competition {
  const r = parseCompetition(forestFirefighting.definition);
  if (!r.success) throw new Error(JSON.stringify(r.problems));
  return r.data;
}

const nominee = (competitor: string, value: string) => ({
  competitor,
  bib: '01-01',
  name: '选手',
  unit: null,
  delegation: null,
  rank: 1,
  place: 1,
  movedUp: false,
  over: [],
  score: null,
  value,
  sheets: [],
});

const award = (
  id: string,
  standings: Nominations['awards'][number]['standings'],
  value: string,
) => ({
  award: id,
  name: id,
  standings,
  scope: standings.id,
  nominations: [nominee('C1', value)],
  passedOver: [],
});

const nominations: Nominations = {
  competitionId: 'forest',
  competitionName: '森林消防',
  definitionVersion: 1,
  rulesVersion: 1,
  snapshotHash: 'a'.repeat(64),
  snapshots: [],
  awards: [
    award('fastest', { of: 'event', id: 'run' }, '286.60'),
    award('best', { of: 'overall', id: 'teams' }, '83.00'),
  ],
  pending: [],
};

describe('nominations workbook', () => {
  it('prints a time as m:ss.xx and a score with its trailing zeros', async () => {
    const file = await nominationsFile(nominations, forest());
    const wb = new ExcelJS.Workbook();
    if (typeof file.bytes === 'string') throw new Error('a workbook is bytes');
    await wb.xlsx.load(file.bytes.buffer);
    // Title line, header row, then the nominee; the value is the 9th column (after the entrant).
    const cellOf = (sheet: string): ExcelJS.Cell => {
      const ws = wb.getWorksheet(sheet);
      if (ws === undefined) throw new Error(`no sheet ${sheet}`);
      const header = ws.getRow(2).values as unknown[];
      const col = header.findIndex((v) => v === '成绩 (Score)');
      return ws.getRow(3).getCell(col);
    };
    expect(cellOf('fastest').value).toBe('4:46.60');
    const best = cellOf('best');
    expect(best.value).toBe(83);
    expect(best.numFmt).toBe('0.00');
  });
});
