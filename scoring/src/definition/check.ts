/**
 * Semantic checks of a parsed definition: what the zod shapes cannot say (references, weights
 * adding up, a trim larger than the panel, max below min …). Returns every problem with its path.
 */
import { Rational } from '../exact/rational.ts';
import { problem, type PathSegment, type Problem } from '../problem.ts';
import { overallEvents } from './overall-events.ts';
import type { Competition, Criterion, Event, TieBreak } from './schema.ts';

const HUNDRED = Rational.int(100);

function dec(v: string | number): Rational {
  return Rational.from(v);
}

/** Finds duplicate ids in a list and reports each repeat. */
function checkUnique(
  items: readonly { id: string }[],
  path: readonly PathSegment[],
  what: string,
  out: Problem[],
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) {
      out.push(
        problem(
          [...path, i, 'id'],
          'duplicate_id',
          `${what} id "${item.id}" is used more than once`,
        ),
      );
    }
    seen.add(item.id);
  });
}

/** Whether a criterion adds points to its module (what "best N" chooses among). */
export function scoresPoints(c: Criterion): boolean {
  return (
    c.kind === 'points' ||
    c.kind === 'check' ||
    c.kind === 'judgement' ||
    (c.kind === 'time' && c.conversion !== undefined)
  );
}

/** Judges on a criterion: its own setting, else the event's. */
export function panelSize(event: Event, criterion: Criterion): number | undefined {
  return criterion.judges ?? event.judges;
}

function checkStep(
  min: Rational,
  max: Rational,
  step: Rational,
  path: readonly PathSegment[],
  out: Problem[],
): void {
  if (step.sign() <= 0) {
    out.push(problem([...path, 'step'], 'bad_step', 'step must be greater than zero'));
    return;
  }
  if (!max.sub(min).div(step).isInteger()) {
    out.push(
      problem(
        [...path, 'step'],
        'step_does_not_divide_range',
        `step ${step.toString()} does not divide the range ${min.toString()}..${max.toString()}`,
      ),
    );
  }
}

function checkCriterion(
  event: Event,
  c: Criterion,
  path: readonly PathSegment[],
  out: Problem[],
): void {
  const judges = panelSize(event, c);
  const aggregation = c.aggregation ?? event.aggregation;
  if (aggregation && judges !== undefined) {
    if (
      (aggregation.method === 'trimmedMean' || aggregation.method === 'trimmedSum') &&
      aggregation.drop * 2 >= judges
    ) {
      out.push(
        problem(
          [...path, 'aggregation', 'drop'],
          'trim_larger_than_panel',
          `dropping ${aggregation.drop} highest and ${aggregation.drop} lowest of ${judges} judges leaves no mark`,
        ),
      );
    }
    if (aggregation.method === 'single' && judges > 1) {
      out.push(
        problem(
          [...path, 'aggregation'],
          'single_with_panel',
          `aggregation "single" takes one mark but ${judges} judges are set`,
        ),
      );
    }
  }
  if (
    aggregation &&
    (aggregation.method === 'trimmedMean' || aggregation.method === 'trimmedSum') &&
    judges === undefined
  ) {
    out.push(
      problem(
        [...path, 'judges'],
        'panel_size_required',
        `${aggregation.method} needs the number of judges (criterion or event "judges")`,
      ),
    );
  }
  const tolerance = c.spreadTolerance ?? event.spreadTolerance;
  if (tolerance !== undefined && dec(tolerance).sign() < 0) {
    out.push(
      problem([...path, 'spreadTolerance'], 'negative', 'spreadTolerance cannot be negative'),
    );
  }
  switch (c.kind) {
    case 'points': {
      const min = dec(c.min);
      const max = dec(c.max);
      if (max.cmp(min) <= 0) {
        out.push(
          problem(
            [...path, 'max'],
            'max_below_min',
            `max ${max.toString()} must be greater than min ${min.toString()}`,
          ),
        );
      } else {
        checkStep(min, max, dec(c.step), path, out);
      }
      break;
    }
    case 'check':
      if (dec(c.max).sign() <= 0)
        out.push(problem([...path, 'max'], 'not_positive', 'max must be greater than zero'));
      break;
    case 'judgement':
      if (dec(c.max).sign() <= 0)
        out.push(problem([...path, 'max'], 'not_positive', 'max must be greater than zero'));
      if (c.scale.max <= c.scale.min) {
        out.push(
          problem(
            [...path, 'scale', 'max'],
            'max_below_min',
            `scale max ${c.scale.max} must be greater than scale min ${c.scale.min}`,
          ),
        );
      } else {
        checkStep(
          Rational.int(c.scale.min),
          Rational.int(c.scale.max),
          dec(c.scale.step),
          [...path, 'scale'],
          out,
        );
      }
      break;
    case 'time': {
      if (c.limit !== undefined && dec(c.limit).sign() <= 0) {
        out.push(problem([...path, 'limit'], 'not_positive', 'limit must be greater than zero'));
      }
      const conv = c.conversion;
      if (conv) {
        if (dec(conv.max).sign() <= 0)
          out.push(
            problem(
              [...path, 'conversion', 'max'],
              'not_positive',
              'max must be greater than zero',
            ),
          );
        if (conv.method === 'linear') {
          if (dec(conv.target).sign() < 0)
            out.push(
              problem([...path, 'conversion', 'target'], 'negative', 'target cannot be negative'),
            );
          if (dec(conv.cutoff).cmp(dec(conv.target)) <= 0) {
            out.push(
              problem(
                [...path, 'conversion', 'cutoff'],
                'cutoff_not_after_target',
                `cutoff ${String(conv.cutoff)} must be longer than target ${String(conv.target)}`,
              ),
            );
          }
        }
      }
      break;
    }
    case 'deduction':
      if (dec(c.max).sign() <= 0)
        out.push(problem([...path, 'max'], 'not_positive', 'max must be greater than zero'));
      else if (c.perItem === undefined)
        checkStep(Rational.ZERO, dec(c.max), dec(c.step), path, out);
      if (c.perItem !== undefined && dec(c.perItem).sign() <= 0) {
        out.push(
          problem([...path, 'perItem'], 'not_positive', 'perItem must be greater than zero'),
        );
      }
      break;
    case 'penalty':
      if (dec(c.secondsPerItem).sign() <= 0) {
        out.push(
          problem(
            [...path, 'secondsPerItem'],
            'not_positive',
            'secondsPerItem must be greater than zero',
          ),
        );
      }
      break;
    case 'gate':
      break;
  }
}

interface EventIndex {
  criteria: Map<string, Criterion>;
  modules: Set<string>;
}

function indexEvent(event: Event): EventIndex {
  const criteria = new Map<string, Criterion>();
  for (const m of event.modules) for (const c of m.criteria) criteria.set(c.id, c);
  return { criteria, modules: new Set(event.modules.map((m) => m.id)) };
}

function checkTieBreaks(
  tieBreaks: readonly TieBreak[],
  context: 'event' | 'team' | 'overall',
  index: EventIndex | undefined,
  overallEvents: ReadonlySet<string> | undefined,
  path: readonly PathSegment[],
  out: Problem[],
): void {
  tieBreaks.forEach((tb, i) => {
    const p = [...path, i];
    switch (tb.by) {
      case 'module':
        if (!index)
          out.push(
            problem([...p, 'by'], 'tie_break_not_here', 'a module tie-break belongs to an event'),
          );
        else if (!index.modules.has(tb.module))
          out.push(
            problem([...p, 'module'], 'unknown_module', `no module "${tb.module}" in this event`),
          );
        break;
      case 'criterion':
        if (!index)
          out.push(
            problem(
              [...p, 'by'],
              'tie_break_not_here',
              'a criterion tie-break belongs to an event',
            ),
          );
        else if (!index.criteria.has(tb.criterion))
          out.push(
            problem(
              [...p, 'criterion'],
              'unknown_criterion',
              `no criterion "${tb.criterion}" in this event`,
            ),
          );
        break;
      case 'time': {
        if (!index) {
          out.push(
            problem([...p, 'by'], 'tie_break_not_here', 'a time tie-break belongs to an event'),
          );
          break;
        }
        const c = index.criteria.get(tb.criterion);
        if (!c)
          out.push(
            problem(
              [...p, 'criterion'],
              'unknown_criterion',
              `no criterion "${tb.criterion}" in this event`,
            ),
          );
        else if (c.kind !== 'time')
          out.push(
            problem(
              [...p, 'criterion'],
              'not_a_time',
              `criterion "${tb.criterion}" is ${c.kind}, not time`,
            ),
          );
        break;
      }
      case 'deductions':
        if (!index)
          out.push(
            problem(
              [...p, 'by'],
              'tie_break_not_here',
              'a deductions tie-break belongs to an event',
            ),
          );
        break;
      case 'bestMember':
        if (context !== 'team')
          out.push(
            problem(
              [...p, 'by'],
              'tie_break_not_here',
              'bestMember applies to team standings only',
            ),
          );
        break;
      case 'placeCounts':
        if (context !== 'overall') {
          out.push(
            problem(
              [...p, 'by'],
              'tie_break_not_here',
              'place counts apply to overall standings only',
            ),
          );
        }
        break;
      case 'event':
        if (context !== 'overall')
          out.push(
            problem(
              [...p, 'by'],
              'tie_break_not_here',
              'an event tie-break applies to overall standings only',
            ),
          );
        else if (!overallEvents?.has(tb.event))
          out.push(
            problem(
              [...p, 'event'],
              'unknown_event',
              `event "${tb.event}" is not part of these overall standings`,
            ),
          );
        break;
    }
  });
}

function checkEvent(event: Event, path: readonly PathSegment[], out: Problem[]): void {
  checkUnique(event.modules, [...path, 'modules'], 'module', out);
  // Criterion ids are unique within an event: marks name (event, criterion).
  const seen = new Set<string>();
  event.modules.forEach((m, mi) => {
    m.criteria.forEach((c, ci) => {
      const cp = [...path, 'modules', mi, 'criteria', ci];
      if (seen.has(c.id))
        out.push(
          problem(
            [...cp, 'id'],
            'duplicate_id',
            `criterion id "${c.id}" is used more than once in this event`,
          ),
        );
      seen.add(c.id);
      checkCriterion(event, c, cp, out);
    });
  });
  const index = indexEvent(event);
  // A time may serve only to break ties (灯具: equal totals → shorter assembly time first).
  const tieBreakTimes = new Set(
    [...event.tieBreaks, ...(event.team?.tieBreaks ?? [])].flatMap((tb) =>
      tb.by === 'time' || tb.by === 'criterion' ? [tb.criterion] : [],
    ),
  );

  event.modules.forEach((m, mi) => {
    m.criteria.forEach((c, ci) => {
      const cp = [...path, 'modules', mi, 'criteria', ci];
      if (c.kind === 'penalty') {
        const target = index.criteria.get(c.time);
        if (!target)
          out.push(
            problem([...cp, 'time'], 'unknown_criterion', `no criterion "${c.time}" in this event`),
          );
        else if (target.kind !== 'time')
          out.push(
            problem(
              [...cp, 'time'],
              'not_a_time',
              `criterion "${c.time}" is ${target.kind}, not time`,
            ),
          );
      }
      if (
        c.kind === 'time' &&
        !c.conversion &&
        !(event.rankBy.by === 'time' && event.rankBy.criterion === c.id) &&
        !tieBreakTimes.has(c.id)
      ) {
        out.push(
          problem(
            [...cp, 'conversion'],
            'conversion_required',
            'a time that the event neither ranks by nor breaks ties with needs a conversion to points',
          ),
        );
      }
    });
  });

  event.modules.forEach((m, mi) => {
    if (m.best === undefined) return;
    const scoring = m.criteria.filter((c) => scoresPoints(c)).length;
    if (m.best > scoring) {
      out.push(
        problem(
          [...path, 'modules', mi, 'best'],
          'best_more_than_criteria',
          `best ${m.best} of a module with ${scoring} scoring criteria`,
        ),
      );
    }
  });
  const weighted = event.modules.filter((m) => m.weight !== undefined);
  if (weighted.length > 0 && weighted.length < event.modules.length) {
    event.modules.forEach((m, mi) => {
      if (m.weight === undefined)
        out.push(
          problem(
            [...path, 'modules', mi, 'weight'],
            'weight_missing',
            'either every module has a weight or none has',
          ),
        );
    });
  } else if (weighted.length > 0) {
    let sum = Rational.ZERO;
    weighted.forEach((m, mi) => {
      const w = dec(m.weight ?? 0);
      if (w.sign() < 0)
        out.push(
          problem([...path, 'modules', mi, 'weight'], 'negative', 'weight cannot be negative'),
        );
      sum = sum.add(w);
    });
    if (!sum.equals(HUNDRED)) {
      out.push(
        problem(
          [...path, 'modules'],
          'weights_do_not_add_up',
          `module weights add up to ${sum.toString()} %, not 100 %`,
        ),
      );
    }
  }
  if (dec(event.max).sign() <= 0)
    out.push(problem([...path, 'max'], 'not_positive', 'max must be greater than zero'));

  if (event.rankBy.by === 'time') {
    const c = index.criteria.get(event.rankBy.criterion);
    if (!c)
      out.push(
        problem(
          [...path, 'rankBy', 'criterion'],
          'unknown_criterion',
          `no criterion "${event.rankBy.criterion}" in this event`,
        ),
      );
    else if (c.kind !== 'time')
      out.push(
        problem(
          [...path, 'rankBy', 'criterion'],
          'not_a_time',
          `criterion "${event.rankBy.criterion}" is ${c.kind}, not time`,
        ),
      );
  }
  if (new Set(event.statusOrder).size !== event.statusOrder.length) {
    out.push(
      problem(
        [...path, 'statusOrder'],
        'duplicate_status',
        'statusOrder lists DNF, DNS and DQ once each',
      ),
    );
  }
  checkTieBreaks(event.tieBreaks, 'event', index, undefined, [...path, 'tieBreaks'], out);
  if (event.team) {
    const tp = [...path, 'team'];
    if (event.entrants === 'team') {
      out.push(
        problem(
          tp,
          'team_scoring_on_team_event',
          'a team event is scored as one competitor; team scoring from members applies to individual events',
        ),
      );
    }
    if (event.team.method === 'best' && event.team.count === undefined) {
      out.push(problem([...tp, 'count'], 'count_required', 'best N of M needs count'));
    }
    if (event.team.method !== 'best' && event.team.count !== undefined) {
      out.push(
        problem(
          [...tp, 'count'],
          'count_not_used',
          `count applies to method "best" only, not "${event.team.method}"`,
        ),
      );
    }
    if (event.team.method === 'slowest' && event.rankBy.by !== 'time') {
      out.push(
        problem(
          [...tp, 'method'],
          'slowest_needs_time',
          'slowest member applies to events ranked by time',
        ),
      );
    }
    checkTieBreaks(event.team.tieBreaks, 'team', index, undefined, [...tp, 'tieBreaks'], out);
  }
}

/**
 * Every semantic problem of a parsed definition, with its path. An empty list means the
 * definition can be scored.
 */
export function checkCompetition(def: Competition): Problem[] {
  const out: Problem[] = [];
  checkUnique(def.events, ['events'], 'event', out);
  def.events.forEach((e, i) => {
    checkEvent(e, ['events', i], out);
  });
  const events = new Map(def.events.map((e) => [e.id, e]));

  checkUnique(def.overall, ['overall'], 'overall', out);
  def.overall.forEach((o, oi) => {
    const p: PathSegment[] = ['overall', oi];
    const ids = overallEvents(o);
    ids.forEach((id, ei) => {
      const ep =
        o.method.kind === 'weightedSum'
          ? [...p, 'method', 'events', ei, 'event']
          : [...p, 'method', 'events', ei];
      const event = events.get(id);
      if (!event) {
        out.push(problem(ep, 'unknown_event', `no event "${id}"`));
        return;
      }
      if (o.method.kind === 'weightedSum' && event.rankBy.by === 'time') {
        out.push(
          problem(
            ep,
            'time_event_in_weighted_sum',
            `event "${id}" is ranked by time; use rankPoints to combine it`,
          ),
        );
      }
      if (o.scope === 'individual' && event.entrants === 'team') {
        out.push(
          problem(
            ep,
            'team_event_in_individual_overall',
            `event "${id}" is a team event; individual overall standings cannot use it`,
          ),
        );
      }
      if (o.scope === 'team' && event.entrants === 'individual' && !event.team) {
        out.push(
          problem(
            ep,
            'no_team_standings',
            `event "${id}" has no team standings (entrants "team" or team scoring)`,
          ),
        );
      }
    });
    if (new Set(ids).size !== ids.length)
      out.push(problem([...p, 'method', 'events'], 'duplicate_event', 'an event is listed twice'));
    if (o.method.kind === 'rankPoints' && o.method.points.kind === 'table') {
      o.method.points.values.forEach((v, vi) => {
        if (dec(v).sign() < 0)
          out.push(
            problem(
              [...p, 'method', 'points', 'values', vi],
              'negative',
              'points cannot be negative',
            ),
          );
      });
    }
    if (o.delegation.method === 'best' && o.delegation.count === undefined) {
      out.push(problem([...p, 'delegation', 'count'], 'count_required', 'best N needs count'));
    }
    checkTieBreaks(o.tieBreaks, 'overall', undefined, new Set(ids), [...p, 'tieBreaks'], out);
  });
  const overall = new Set(def.overall.map((o) => o.id));

  checkUnique(def.awards, ['awards'], 'award', out);
  const earlier = new Set<string>();
  def.awards.forEach((a, ai) => {
    const p: PathSegment[] = ['awards', ai];
    const s = a.standings;
    if (s.of === 'overall') {
      if (!overall.has(s.overall))
        out.push(
          problem(
            [...p, 'standings', 'overall'],
            'unknown_overall',
            `no overall standings "${s.overall}"`,
          ),
        );
    } else {
      const event = events.get(s.event);
      if (!event)
        out.push(problem([...p, 'standings', 'event'], 'unknown_event', `no event "${s.event}"`));
      else if (s.of === 'eventTeams' && event.entrants === 'individual' && !event.team) {
        out.push(
          problem(
            [...p, 'standings', 'event'],
            'no_team_standings',
            `event "${s.event}" has no team standings`,
          ),
        );
      }
    }
    if (a.select.kind === 'rankRange' && a.select.to < a.select.from) {
      out.push(
        problem(
          [...p, 'select', 'to'],
          'max_below_min',
          `rank range ${a.select.from}..${a.select.to} is empty`,
        ),
      );
    }
    if (a.select.kind === 'topPercent') {
      const pc = dec(a.select.percent);
      if (pc.sign() <= 0 || pc.gt(HUNDRED))
        out.push(
          problem(
            [...p, 'select', 'percent'],
            'out_of_range',
            'percent must be above 0 and at most 100',
          ),
        );
    }
    a.exclusiveWith.forEach((id, xi) => {
      if (!earlier.has(id))
        out.push(
          problem(
            [...p, 'exclusiveWith', xi],
            'unknown_award',
            `award "${id}" must be defined before this one`,
          ),
        );
    });
    earlier.add(a.id);
  });
  return out;
}
