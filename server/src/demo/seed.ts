/**
 * Writes a demo competition through the same services an organizer, the judges and the chief
 * judge use: create, import the roster, add judges, assign, draw, start the events, enter the
 * marks through the ledger, sign and verify sheets, freeze and finalize. Ids come from a seeded
 * generator, so two fresh starts hold the same data.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { competitions, sheets, users } from '@skills/db';
import type { Actor, User } from '../auth/actor.ts';
import { findUser } from '../auth/users.ts';
import type { Ctx } from '../context.ts';
import { MarkWriter } from '../ledger/mark-writer.ts';
import { setAssignments } from '../services/assignments.ts';
import { createCompetition, setEventSettings } from '../services/competitions.ts';
import { runDraw } from '../services/draws.ts';
import { setEventStatus } from '../services/events.ts';
import { createChief, createJudge } from '../services/judges.ts';
import { importRoster } from '../services/roster.ts';
import { transitionSheetRow } from '../services/sheet-workflow.ts';
import type { DemoCompetition } from './types.ts';

/** A UUID from a seed and a label: stable across runs. */
export function seededUuid(seed: string, label: string): string {
  const h = createHash('sha256').update(`${seed}\n${label}`).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function idSource(seed: string): () => string {
  let n = 0;
  return () => seededUuid(seed, `id:${n++}`);
}

async function userActor(ctx: Ctx, competitionId: string, login: string): Promise<User> {
  const row = await findUser(
    ctx.db,
    and(eq(users.competitionId, competitionId), eq(users.login, login)),
  );
  if (!row) throw new Error(`demo user ${login} is missing`);
  return row;
}

function as(user: User): Actor {
  return { kind: 'user', user, via: 'bearer' };
}

export async function isSeeded(ctx: Ctx, demo: DemoCompetition): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: competitions.id })
    .from(competitions)
    .where(eq(competitions.id, demo.id));
  return row !== undefined;
}

/**
 * Seeds one demo competition; `organizer` is the account that creates it.
 * Long on purpose: it is the demo competition's script, step by step, through the same use cases a
 * person would call.
 */
export async function seedDemo(base: Ctx, organizer: User, demo: DemoCompetition): Promise<void> {
  // Standings are computed where the lifecycle needs them (freeze, finalize) and once at the
  // end, not after every one of the thousands of seeded writes.
  const ctx: Ctx = {
    ...base,
    newId: idSource(demo.drawSeed),
    after: { competitionChanged: () => undefined, rosterChanged: () => undefined },
  };
  const writer = new MarkWriter({
    db: base.db,
    catalog: base.catalog,
    now: base.now,
    committed: () => undefined,
  });
  const org = as(organizer);
  const id = demo.id;
  await createCompetition(ctx, org, {
    id,
    name: demo.definition.name,
    definition: demo.definition,
  });
  await importRoster(ctx, org, id, {
    teams: demo.teams.map((t) => ({
      id: t.id,
      name: t.name,
      delegation: t.delegation,
      members: [...t.members],
    })),
    contestants: demo.contestants.map((c) => ({
      id: c.id,
      bib: c.bib,
      name: c.name,
      gender: c.gender,
      unit: c.unit,
      delegation: c.delegation,
      ...(c.station !== undefined ? { station: c.station } : {}),
      ...(c.team !== undefined ? { team: c.team } : {}),
      ...(c.events !== undefined ? { events: [...c.events] } : {}),
      attributes: { ...c.attributes },
    })),
  });
  await Promise.all(demo.judges.map((j) => createJudge(ctx, org, id, j)));
  await createChief(ctx, org, id, demo.chief);
  const chief = as(await userActor(ctx, id, demo.chief.username));

  for (const ev of demo.events) {
    // The demo events are public as they were before publishing was a step (issue 16).
    await setEventSettings(ctx, org, id, ev.event, {
      publicNames: ev.publicNames,
      day: ev.day,
      published: true,
    });
    await setAssignments(ctx, org, id, ev.event, {
      assignments: demo.assignments
        .filter((a) => a.event === ev.event)
        .map((a) => ({
          judge: a.judge,
          ...(a.criteria ? { criteria: [...a.criteria] } : {}),
          ...(a.entrants ? { entrants: [...a.entrants] } : {}),
        })),
    });
    await runDraw(ctx, org, id, ev.event, { seed: `${demo.drawSeed}:${ev.event}` });
    if (ev.status !== 'setup') {
      await setEventStatus(ctx, org, id, ev.event, { status: 'live', from: 'setup' });
    }
  }

  const judges = new Map<string, User>();
  for (const j of demo.judges) judges.set(j.code, await userActor(ctx, id, j.code));
  const sheetRows = await ctx.db
    .select({
      id: sheets.id,
      event: sheets.eventId,
      judge: sheets.judgeId,
      entrant: sheets.entrantId,
    })
    .from(sheets)
    .where(eq(sheets.competitionId, id));
  const sheetOf = new Map(sheetRows.map((s) => [`${s.event}|${s.judge}|${s.entrant}`, s.id]));
  const sheetFor = (event: string, judge: string, competitor: string): string => {
    const user = judges.get(judge);
    const sheet = user && sheetOf.get(`${event}|${user.id}|${competitor}`);
    if (!sheet) throw new Error(`demo: no sheet for ${event}/${judge}/${competitor}`);
    return sheet;
  };

  const results = await Promise.all(
    demo.marks.map((m) =>
      writer.write(judges.get(m.judge) as User, {
        opId: seededUuid(
          demo.drawSeed,
          `mark:${m.event}:${m.judge}:${m.competitor}:${m.criterion}`,
        ),
        sheetId: sheetFor(m.event, m.judge, m.competitor),
        criterion: m.criterion,
        value: m.value,
        expectedVersion: 0,
      }),
    ),
  );
  const refused = results.find((r) => r.status >= 400);
  if (refused) throw new Error(`demo mark refused: ${JSON.stringify(refused.body)}`);

  const pins = new Map(demo.judges.map((j) => [j.code, j.pin]));
  // A few sheets at a time: each signature checks a PIN hash, which runs off the main thread.
  const queue = [...demo.sheets];
  const signer = async (): Promise<void> => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      const judge = judges.get(s.judge) as User;
      const sheetId = sheetFor(s.event, s.judge, s.competitor);
      const submitted = await transitionSheetRow(ctx, as(judge), sheetId, 'submit', {
        revision: 0,
        pin: pins.get(s.judge) ?? '',
      });
      if (s.state === 'verified') {
        await transitionSheetRow(ctx, chief, sheetId, 'verify', {
          revision: submitted.row.revision,
        });
      }
    }
  };
  await Promise.all([signer(), signer(), signer(), signer()]);

  for (const ev of demo.events) {
    if (ev.status === 'frozen' || ev.status === 'final') {
      await setEventStatus(ctx, org, id, ev.event, { status: ev.status, from: 'live' });
    }
  }
  await ctx.publisher.recompute(id);
}
