/**
 * The payload of the delivery-cost phase: a one-mark public patch of the EV battery event as the
 * live protocol (src/contract/live.ts) shapes it. One contestant's row changes whole (a practical
 * mark raised their score) and passes three others, which only move: their placements go out
 * alone. The row fields are those of the public standings (GET …/standings?view=public).
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
    rows: [
      {
        competitor: 'E0042',
        position: 3,
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
      },
      { competitor: 'E0017', position: 4, rank: 5, tie: { kind: 'first' }, partial: true },
      { competitor: 'E0230', position: 5, rank: 6, tie: { kind: 'first' }, partial: true },
      { competitor: 'E0108', position: 6, rank: 7, tie: { kind: 'first' }, partial: true },
    ],
    teams: [],
    removed: { rows: [], teams: [] },
    at: '2026-05-01T09:41:07.512Z',
  };
}
