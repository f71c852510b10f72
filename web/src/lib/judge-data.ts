/**
 * The judge's data, server first and the device's copy when the server cannot be reached:
 * sheets, the competition definition (criteria, ranges, running totals) and the list of
 * competitions for the sign-in page. Every answer from the server is kept on the device.
 */
import type { CompetitionSummary, Sheet } from '@skills/server/contract';
import type { Competition } from '@skills/scoring';
import { NetworkError, api } from './api.ts';
import { getValue, saveSheets, setValue, sheetsOf } from './offline/store.ts';
import { readDefinition } from './totals.ts';

export interface Loaded<T> {
  readonly value: T;
  /** Read from the device because the server did not answer. */
  readonly offline: boolean;
}

async function serverFirst<T>(
  fetchIt: () => Promise<T>,
  keep: (value: T) => Promise<void>,
  stored: () => Promise<T | undefined>,
): Promise<Loaded<T> | null> {
  try {
    const value = await fetchIt();
    await keep(value);
    return { value, offline: false };
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    const value = await stored();
    return value === undefined ? null : { value, offline: true };
  }
}

export async function loadSheets(userId: string): Promise<Loaded<Sheet[]>> {
  const loaded = await serverFirst(
    async () => (await api('get /api/judge/sheets')).sheets,
    (sheets) => saveSheets(userId, sheets),
    () => sheetsOf(userId),
  );
  return loaded ?? { value: [], offline: true };
}

export async function loadDefinition(competitionId: string): Promise<Competition | null> {
  const key = `definition:${competitionId}`;
  const loaded = await serverFirst(
    async () =>
      (await api('get /api/competitions/:competitionId/definition', { params: { competitionId } }))
        .definition,
    (definition) => setValue(key, definition),
    () => getValue<unknown>(key),
  );
  return loaded === null ? null : readDefinition(loaded.value);
}

export async function loadCompetitions(): Promise<CompetitionSummary[]> {
  const loaded = await serverFirst(
    async () => (await api('get /api/competitions')).competitions,
    (list) => setValue('competitions', list),
    () => getValue<CompetitionSummary[]>('competitions'),
  );
  return loaded?.value ?? [];
}

/** Event names of a competition's definition. */
export function eventNames(definition: Competition | null): Map<string, string> {
  return new Map((definition?.events ?? []).map((e) => [e.id, e.name]));
}
