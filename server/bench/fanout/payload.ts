/**
 * The payload of the delivery-cost phase: a one-mark public patch of the EV battery event as the
 * live protocol (src/contract/live.ts, src/contract/patch.ts) shapes it. A practical mark raises
 * one contestant's score: their row goes out whole (`set`), and they pass twelve others, which
 * travel as one move and one rank range, not row by row. The row fields are those of the public
 * standings (GET …/standings?view=public).
 */
import type { LivePatch } from '../../src/contract/live.ts';

export function onePatch(competitionId: string, scope: string): LivePatch {
  return {
    competitionId,
    scope,
    view: 'public',
    rev: 17,
    baseRev: 16,
    hash: '798be24ad0d1e2d4836e3da6e64e4e158293a7ebc6f4689863bf9ffc15755a34',
    meta: { name: '电池包密封性测试与模组配平', phase: 'provisional', names: true, reveal: null },
    rows: {
      set: [
        {
          competitor: 'E0042',
          name: '王伟42',
          delegation: '厦门金龙',
          team: null,
          rank: 4,
          tie: { kind: 'first' },
          status: 'ok',
          score: '71.5',
          time: null,
          deductions: '0',
          bib: '042',
          flags: [{ code: 'incomplete', message: 'some marks are not entered yet' }],
          moduleScores: [
            { module: 'theory', score: '24', weighted: '24' },
            { module: 'practical', score: '47.5', weighted: '47.5' },
          ],
        },
      ],
      // From position 15 to 3: the rows at 4…15 after the move each drop one rank.
      moved: [['E0042', 3]],
      ranks: [[4, 15, 1]],
    },
    at: '2026-05-01T09:41:07.512Z',
  };
}
