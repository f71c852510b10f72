/** The competition's contestants by id, for print views that join codes and ranks to names. */
import { api } from '../api.ts';

export async function contestantsById(
  competitionId: string,
): Promise<Map<string, { bib: string; name: string }>> {
  const roster = await api('get /api/competitions/:competitionId/contestants', {
    params: { competitionId },
  });
  return new Map(roster.contestants.map((x) => [x.id, { bib: x.bib, name: x.name }]));
}
