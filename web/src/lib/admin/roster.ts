/** The competition's contestants by id, for print views that join codes and ranks to names. */
import type { ContestantInput } from '@skills/server/contract';
import { get } from '../api.ts';

export async function contestantsById(
  competitionId: string,
): Promise<Map<string, { bib: string; name: string }>> {
  const roster = await get<{ contestants: ContestantInput[] }>(
    `/api/competitions/${competitionId}/contestants`,
  );
  return new Map(roster.contestants.map((x) => [x.id, { bib: x.bib, name: x.name }]));
}
