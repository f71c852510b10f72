/**
 * A definition problem in the organizer's words (issue 16): where, by the labels the builder's
 * form shows ("赛项 1「烹饪」 › 模块「实际操作」 › 权重"), and what, in the console's existing
 * wording (problem.<zod code> of messages-setup.ts, rule.<engine code> of messages-builder.ts),
 * never a JSON path. Without the i18n runtime (a `say` function words keys), so it is tested
 * alone; problems the engine's parser finds and the server's refusals (body.definition.…) read
 * the same.
 */
import type { PathSegment } from '@skills/scoring';
import type { Say } from '../problem-line.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** Lists whose items are named by what they are and their name. */
const ITEM_KEYS: Readonly<Record<string, string>> = {
  events: 'builder.at.event',
  modules: 'builder.at.module',
  criteria: 'builder.at.criterion',
  overall: 'builder.at.overall',
  awards: 'builder.at.award',
};

/** Lists whose items are named by their place (1-based). */
const NUMBERED_KEYS: Readonly<Record<string, string>> = {
  tieBreaks: 'builder.at.tieBreak',
  eligibility: 'builder.at.eligibility',
  values: 'builder.at.value',
  in: 'builder.at.value',
  exclusiveWith: 'builder.at.value',
  statusOrder: 'builder.at.value',
};

/** "events[0].modules[1].weight" (a server refusal's path, after body.definition) as segments. */
export function segmentsOf(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const i of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

/** Each step of a path as a label, reading names from the document as it stands. */
export function placeLabels(doc: unknown, path: readonly PathSegment[], say: Say): string[] {
  const out: string[] = [];
  let here: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const next = path[i + 1];
    if (seg === undefined || typeof seg === 'number') continue;
    const child = isObj(here) ? here[seg] : undefined;
    if (typeof next === 'number') {
      const item = Array.isArray(child) ? (child[next] as unknown) : undefined;
      const named = ITEM_KEYS[seg];
      const numbered = NUMBERED_KEYS[seg];
      const name = isObj(item) && typeof item['name'] === 'string' ? item['name'] : '';
      const label = named
        ? say(named, { n: next + 1, name })
        : say(numbered ?? 'builder.at.value', { n: next + 1, field: fieldLabel(seg, say) });
      out.push(label ?? `${seg} ${String(next + 1)}`);
      here = item;
      i++;
      continue;
    }
    if (i === 0 && ITEM_KEYS[seg] !== undefined) {
      // A whole list of the document (the server's "body.definition.events"): its heading.
      out.push(say(`builder.${seg}`) ?? seg);
    } else if (seg !== 'method' || next === undefined) {
      // method of an overall table is a wrapper the form does not show as its own step.
      out.push(fieldLabel(seg, say));
    }
    here = child;
  }
  return out;
}

export function fieldLabel(name: string, say: Say): string {
  return say(`builder.field.${name}`) ?? name;
}

/** The problem itself: the engine's own code worded, else the parser's, else its sentence. */
export function problemWords(code: string, message: string, say: Say): string {
  return say(`rule.${code}`) ?? say(`problem.${code}`) ?? message;
}

export interface DefinitionProblem {
  readonly path: readonly PathSegment[];
  readonly code: string;
  readonly message: string;
}

/** One problem as a line: "赛项 1「烹饪」 › 模块「实际操作」 › 权重 › 各模块权重之和必须为 100". */
export function problemLine(doc: unknown, p: DefinitionProblem, say: Say): string {
  const where = placeLabels(doc, p.path, say);
  const words = problemWords(p.code, p.message, say);
  return where.length === 0 ? words : [...where, words].join(' › ');
}

/** A server refusal's detail (path body.definition.…) as a definition problem. */
export function fromDetail(d: { path: string; code: string; message: string }): DefinitionProblem {
  const rest = d.path.replace(/^body\.definition\.?/, '');
  return { path: rest === '' ? [] : segmentsOf(rest), code: d.code, message: d.message };
}
