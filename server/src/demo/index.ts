/**
 * The demo competitions `npm start` seeds: plain, deterministic data (see types.ts).
 */
import { evBattery } from './ev-battery.ts';
import { forestFirefighting } from './forest.ts';
import type { DemoCompetition } from './types.ts';

export type * from './types.ts';
export { evBattery, forestFirefighting };

export const demoCompetitions: readonly DemoCompetition[] = [evBattery, forestFirefighting];
