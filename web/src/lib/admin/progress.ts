/** Sheets entered, submitted and verified, per event and judge: the organizer's dashboard. */
import type { Sheet } from '@skills/server/contract';

export interface JudgeProgress {
  readonly judge: string;
  readonly total: number;
  readonly entered: number;
  readonly submitted: number;
  readonly verified: number;
}

const SUBMITTED = new Set<Sheet['status']>(['submitted', 'verified', 'locked']);
const VERIFIED = new Set<Sheet['status']>(['verified', 'locked']);

export function progressByEvent(sheets: readonly Sheet[]): Map<string, JudgeProgress[]> {
  const byEvent = new Map<string, Map<string, JudgeProgress>>();
  for (const s of sheets) {
    const judges = byEvent.get(s.event) ?? new Map<string, JudgeProgress>();
    byEvent.set(s.event, judges);
    const p = judges.get(s.judge) ?? {
      judge: s.judge,
      total: 0,
      entered: 0,
      submitted: 0,
      verified: 0,
    };
    judges.set(s.judge, {
      judge: s.judge,
      total: p.total + 1,
      entered: p.entered + (s.marks.some((m) => m.value !== null) ? 1 : 0),
      submitted: p.submitted + (SUBMITTED.has(s.status) ? 1 : 0),
      verified: p.verified + (VERIFIED.has(s.status) ? 1 : 0),
    });
  }
  return new Map(
    [...byEvent].map(([event, judges]) => [
      event,
      [...judges.values()].sort((a, b) => a.judge.localeCompare(b.judge, 'en', { numeric: true })),
    ]),
  );
}
