/**
 * Why a row stands where it does, in words: a row with the same result as the row above shares
 * its rank; a row the tie-break chain separated says which rule decided (and the values compared);
 * a DNF/DNS/DQ row stands after the finishers. The row above is named as "the row above", never by
 * its id (the public may not be shown ids when names are hidden).
 */
import type { PUBLIC_MESSAGES } from '../messages-public.ts';
import { criterionName, eventName, moduleName, type Labels } from './labels.ts';
import type { PublicRow, TieRule } from './rows.ts';

export type PublicKey = keyof typeof PUBLIC_MESSAGES;
export type Translate = (
  key: PublicKey,
  params?: Readonly<Record<string, string | number>>,
) => string;

/** The rule that decided, in words ("higher 实际操作 score first"). */
export function ruleText(
  rule: TieRule,
  labels: Labels,
  event: string | null,
  tr: Translate,
): string {
  const asc = rule.order === 'asc';
  switch (rule.by) {
    case 'module':
      return tr(asc ? 'pub.rule.moduleAsc' : 'pub.rule.moduleDesc', {
        name: moduleName(labels, event, rule.module ?? ''),
      });
    case 'criterion':
      return tr(asc ? 'pub.rule.criterionAsc' : 'pub.rule.criterionDesc', {
        name: criterionName(labels, event, rule.criterion ?? ''),
      });
    case 'time':
      return tr('pub.rule.time', { name: criterionName(labels, event, rule.criterion ?? '') });
    case 'deductions':
      return tr('pub.rule.deductions');
    case 'bestMember':
      return tr('pub.rule.bestMember');
    case 'event':
      return tr('pub.rule.event', { name: eventName(labels, rule.event ?? '') });
    case 'placeCounts':
      return tr('pub.rule.placeCounts', { places: rule.places ?? 3 });
    default:
      return tr('pub.rule.other');
  }
}

/** Why rows[index] stands below the row above, in words; null when it simply did worse. */
function placing(
  rows: readonly PublicRow[],
  index: number,
  labels: Labels,
  event: string | null,
  tr: Translate,
): string | null {
  const row = rows[index];
  const tie = row?.tie ?? null;
  if (row === undefined || tie === null) return null;
  switch (tie.kind) {
    case 'shared':
      return tr('pub.tie.shared', { rank: row.rank ?? '–' });
    case 'status':
      return tr('pub.tie.status');
    case 'unranked':
      return tr('pub.tie.unranked');
    case 'tieBreak': {
      const [above, mine] = tie.values;
      const params = { n: tie.index + 1, rule: ruleText(tie.rule, labels, event, tr) };
      return above !== null && mine !== null
        ? tr('pub.tie.breakValues', { ...params, above, mine })
        : tr('pub.tie.break', params);
    }
    default:
      return null;
  }
}

/**
 * The placing of rows[index] in words: how it stands against the row above (a shared rank, the
 * tie-break that decided, its status), and, for the first row of a shared rank, that the row
 * below shares it. Empty when there is nothing to explain (a row simply below a better result).
 * `event` is the event whose modules and criteria the rules name (null for an overall table).
 */
export function tieText(
  rows: readonly PublicRow[],
  index: number,
  labels: Labels,
  event: string | null,
  tr: Translate,
): string[] {
  const row = rows[index];
  if (row === undefined) return [];
  const out: string[] = [];
  const own = placing(rows, index, labels, event, tr);
  if (own !== null) out.push(own);
  if (row.tie?.kind !== 'shared' && rows[index + 1]?.tie?.kind === 'shared') {
    out.push(tr('pub.tie.sharedHead', { rank: row.rank ?? '–' }));
  }
  return out;
}

/** A short badge for a row placed by a tie: "并列" (shares its rank) or "决胜" (a tie-break). */
export function tieBadge(rows: readonly PublicRow[], index: number): PublicKey | null {
  const kind = rows[index]?.tie?.kind;
  if (kind === 'shared' || rows[index + 1]?.tie?.kind === 'shared') return 'pub.tie.sharedShort';
  if (kind === 'tieBreak') return 'pub.tie.breakShort';
  return null;
}
