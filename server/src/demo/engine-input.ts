/**
 * A demo competition as the engine's input: its definition parsed, and its contestants, teams and
 * marks (all, or without the last few). For the checks that score the demo without a database
 * (the demo's own consistency, the standings text and public faces built from it).
 */
import {
  parseCompetition,
  type Competition,
  type Contestant,
  type ScoringInputFile,
} from '@skills/scoring';
import type { DemoCompetition, DemoContestant } from './types.ts';

/** The demo's definition, parsed; throws with the problems when it does not parse. */
export function demoDefinition(demo: DemoCompetition): Competition {
  const parsed = parseCompetition(demo.definition);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.problems, null, 2));
  return parsed.data;
}

function engineContestant(c: DemoContestant): Contestant {
  return {
    id: c.id,
    name: c.name,
    delegation: c.delegation,
    attributes: { ...c.attributes },
    ...(c.team === undefined ? {} : { team: c.team }),
    ...(c.events === undefined ? {} : { events: [...c.events] }),
  };
}

/** The demo's roster and marks as the engine takes them, without the last `drop` marks. */
export function demoInput(demo: DemoCompetition, drop = 0): ScoringInputFile {
  return {
    contestants: demo.contestants.map(engineContestant),
    teams: demo.teams.map((t) => ({ ...t, members: [...t.members] })),
    marks: demo.marks.slice(0, demo.marks.length - drop).map((m) => ({
      event: m.event,
      criterion: m.criterion,
      competitor: m.competitor,
      judge: m.judge,
      value: m.value,
    })),
  };
}
