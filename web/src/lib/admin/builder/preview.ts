/**
 * The builder's live preview (issue 16): five sample competitors with marks the organizer can
 * change, ranked by the scoring engine itself (@skills/scoring runs in the browser: it is pure
 * TypeScript), so the organizer sees what a rule does before any judge marks. Sample marks
 * start at values every criterion accepts; nothing here is stored or sent.
 */
import {
  Rational,
  panelSize,
  parseCompetition,
  score,
  type Competition,
  type Criterion,
  type Event,
  type EventStandings,
  type MarkInput,
  type Problem,
  type ScoringInputFile,
} from '@skills/scoring';

export const SAMPLE_NAMES = ['选手甲', '选手乙', '选手丙', '选手丁', '选手戊'] as const;
export const sampleId = (i: number): string => `p${String(i + 1)}`;

/** A sample mark's place: criterion, competitor (p1…p5), judge (1-based). */
export const markKey = (criterion: string, competitor: string, judge: number): string =>
  `${criterion}|${competitor}|${String(judge)}`;

/** How many judges mark a criterion in the preview: its panel, or one. */
export function judgesOf(event: Event, c: Criterion): number {
  return Math.min(panelSize(event, c) ?? 1, 9);
}

/** What share of the range each sample competitor earns, judge by judge (varied, not equal). */
const SHARE = [0.9, 0.8, 0.8, 0.7, 0.6];

/** points in [min, max] on the step grid, near share × the range. */
function onGrid(
  min: string | number,
  max: string | number,
  step: string | number,
  share: number,
): string {
  const lo = Rational.from(min);
  const st = Rational.from(step);
  const steps = Number(Rational.from(max).sub(lo).div(st).floor());
  const k = Math.max(0, Math.min(steps, Math.round(steps * share)));
  return lo.add(st.mulInt(k)).toString();
}

/** A sample mark every criterion of its kind accepts. */
export function sampleMark(c: Criterion, who: number, judge: number): string {
  const share = Math.min(1, (SHARE[who] ?? 0.5) + (judge % 2 === 0 ? 0.1 : 0));
  switch (c.kind) {
    case 'points':
      return onGrid(c.min, c.max, c.step, share);
    case 'judgement':
      return onGrid(c.scale.min, c.scale.max, c.scale.step, share);
    case 'check':
      return who === 4 ? '0' : '1';
    case 'gate':
      return '0';
    case 'time':
      return String(60 + who * 5 + judge);
    case 'deduction':
      return c.perItem !== undefined
        ? String(who % 2)
        : onGrid(0, c.max, c.step, who === 1 ? 0.2 : 0);
    case 'penalty':
      return String(who % 2);
  }
}

/**
 * The sample marks of an event: every judge of every criterion for five competitors, each the
 * organizer's own where they changed it (`changed`), else a value the criterion accepts.
 */
export function sampleMarks(
  event: Event,
  changed: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of event.modules) {
    for (const c of m.criteria) {
      for (let who = 0; who < SAMPLE_NAMES.length; who++) {
        for (let j = 1; j <= judgesOf(event, c); j++) {
          const key = markKey(c.id, sampleId(who), j);
          out.set(key, changed.get(key) ?? sampleMark(c, who, j));
        }
      }
    }
  }
  return out;
}

export type PreviewResult =
  | {
      readonly ok: true;
      readonly event: Event;
      readonly marks: ReadonlyMap<string, string>;
      readonly standings: EventStandings;
    }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** The engine's input for one event: the sample competitors (teams in a team event) and marks. */
export function sampleInput(event: Event, marks: ReadonlyMap<string, string>): ScoringInputFile {
  const people = SAMPLE_NAMES.map((name, i) => ({ id: sampleId(i), name }));
  const list: MarkInput[] = [];
  for (const [key, value] of marks) {
    const [criterion, competitor, judge] = key.split('|');
    if (value.trim() === '' || criterion === undefined || competitor === undefined) continue;
    list.push({
      event: event.id,
      criterion,
      competitor,
      judge: `J${judge ?? '1'}`,
      value: value.trim(),
    });
  }
  return event.entrants === 'team'
    ? { teams: people.map((p) => ({ ...p, events: [event.id] })), contestants: [], marks: list }
    : {
        contestants: people.map((p) => ({ ...p, events: [event.id] })),
        marks: list,
      };
}

/**
 * Ranks the samples of one event by the document as it stands: the document's problems when
 * it does not parse, the marks' problems when one is refused, else the event's standings.
 */
export function runPreview(
  doc: unknown,
  eventId: string,
  changed: ReadonlyMap<string, string>,
): PreviewResult {
  const parsed = parseCompetition(doc);
  if (!parsed.success) return { ok: false, problems: parsed.problems };
  const definition = parsed.data;
  const event = definition.events.find((e) => e.id === eventId) ?? definition.events[0];
  if (event === undefined) return { ok: false, problems: [] };
  // Only this event is scored: the others have no samples.
  const single: Competition = { ...definition, events: [event], overall: [], awards: [] };
  const marks = sampleMarks(event, changed);
  const result = score(single, sampleInput(event, marks));
  if (!result.success) return { ok: false, problems: result.problems };
  const standings = result.data.events[0];
  return standings ? { ok: true, event, marks, standings } : { ok: false, problems: [] };
}
