/**
 * A board's first screen as HTML, drawn on the server from the public snapshot (the very object
 * the socket and GET …/snapshot answer with), so a phone shows real rows as soon as the page's
 * HTML arrives, before any script. It mirrors the app's board (web/src/lib/public/TablePage.svelte,
 * StandingsList.svelte): the title, the phase, the note, the search box's place and the first rows
 * with the same `data-testid`s, in the app's default language (Chinese), so the app takes over
 * without the list jumping. Rows read as the app reads them (web/src/lib/public/rows.ts): the
 * name, or the bib when the event hides names (the snapshot already left names out then); numbers
 * through the one formatter (contract/number-text.ts). A hidden table draws nothing at all.
 */
import type { LiveSnapshot, PublicPhase } from '../contract/live.ts';
import { rowResult, type OutStatus } from '../contract/number-text.ts';
import type { PublicRowWire } from '../contract/rows.ts';

/** Rows on a phone's first screen (390×844 shows about twelve; a tall tablet twice that). */
export const FIRST_SCREEN_ROWS = 24;

/** The element the app removes when its own board is drawn (web/src/lib/public/first-rows.ts). */
export const FIRST_ROWS_ID = 'first-rows';

const PHASES: Record<PublicPhase, string> = {
  hidden: '未公布',
  upcoming: '未开始',
  provisional: '实时（临时）',
  frozen: '已封榜',
  reveal: '揭晓中',
  official: '正式',
};

const NOTES: Partial<Record<PublicPhase, readonly [string, string]>> = {
  upcoming: ['info', '本项目尚未开始，开始评分后成绩将在此实时更新。'],
  provisional: ['info', '临时成绩，随评分实时更新，以正式公布为准。'],
  frozen: ['warn', '已封榜：此后的评分变化将在揭晓时公布。'],
  official: ['ok', '正式成绩。'],
};

const STATUSES: Record<OutStatus, string> = { DNF: '未完成', DNS: '未出发', DQ: '取消资格' };

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML content or a quoted attribute. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** What the result column shows: a status, a value, or '–' (not scored): the app's one rule. */
function resultOf(row: PublicRowWire): { text: string; pending: boolean } {
  const r = rowResult(row);
  if (r.kind === 'status') return { text: STATUSES[r.status], pending: true };
  if (r.kind === 'pending') return { text: '–', pending: true };
  return { text: r.text, pending: false };
}

/**
 * One row, as StandingsList draws its summary line. The first row's name carries
 * `elementtiming`, so a browser can tell when it was painted (the first-row bench reads it).
 */
function drawRow(row: PublicRowWire, index: number): string {
  const name = text(row.name);
  const bib = text(row.bib);
  const who = name ?? bib ?? row.competitor;
  const unit = text(row.delegation);
  const result = resultOf(row);
  const rank = typeof row.rank === 'number' ? String(row.rank) : '–';
  return [
    `<li class="fr-entry" data-testid="row-${escapeHtml(row.competitor)}"><div class="fr-summary">`,
    `<span class="fr-rank" data-testid="rank">${rank}</span>`,
    `<span class="fr-who"><span class="fr-name" data-testid="name"${index === 0 ? ' elementtiming="first-row"' : ''}>`,
    `${escapeHtml(who)}</span>`,
    name !== null && bib !== null ? `<span class="fr-bib">${escapeHtml(bib)}</span>` : '',
    unit !== null && !who.includes(unit) ? `<span class="fr-unit">${escapeHtml(unit)}</span>` : '',
    `</span><span class="fr-result${result.pending ? ' fr-pending' : ''}" data-testid="result">`,
    `${escapeHtml(result.text)}</span></div></li>`,
  ].join('');
}

/**
 * The inline style: the board's look without the app's scoped classes (the app's global sheet
 * still gives fonts and colours). Spaces the app fills later (the competition's name, the
 * language button, the "updated" line on a phone) are kept, so its list lands where this one is.
 */
const STYLE = `<style>
#${FIRST_ROWS_ID}~#app{display:none}
.fr-top{max-width:46rem;margin:0 auto;padding:.25rem .75rem .5rem;border-bottom:3px solid #0b3d91}
.fr-back{display:flex;align-items:center;min-height:56px;font-weight:700}
.fr-kicker{margin:.25rem 0 0;font-size:.9rem;font-weight:600}
.fr-top h1{margin:.15rem 0 .25rem;font-size:1.45rem;overflow-wrap:anywhere}
.fr-main{max-width:46rem;margin:0 auto;padding:.5rem .5rem 2rem}
.fr-status{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.25rem .25rem .5rem;font-size:.9rem}
.fr-phase{padding:.1em .6em;border:2px solid;border-radius:999px;font-size:.85rem;font-weight:800;line-height:1.3}
.fr-conn{font-weight:700}
.fr-updated{flex-basis:100%;font-size:.85rem}
@media (min-width:40rem){.fr-updated{display:none}}
.fr-note{margin:.25rem 0 .5rem;padding:.5rem .75rem;font-size:.95rem;border:2px solid;border-radius:10px}
.fr-note.info{background:#e8efff;color:#0b3d91}.fr-note.ok{background:#e3f5e9;color:#0a6b2f}
.fr-note.warn{background:#fff1cc;color:#7a4a00}
.fr-jump{display:flex;gap:0 1.25rem;margin:0 .25rem}.fr-jump a{display:inline-flex;align-items:center;min-height:44px;font-weight:700}
.fr-find{margin:.5rem .25rem}.fr-find input{box-sizing:border-box;width:100%;min-height:44px;font-size:1rem}
.fr-hint{margin:.25rem .25rem .5rem;font-size:.85rem;color:#444}
.fr-board{list-style:none;margin:0;padding:0;border-top:2px solid #6b7280}
.fr-entry{border-bottom:1px solid #c5cad3}
.fr-summary{display:grid;grid-template-columns:2.8rem minmax(0,1fr) auto 1.1rem;align-items:center;gap:.35rem;min-height:3.4rem;padding:.35rem .5rem;box-sizing:border-box}
.fr-rank{text-align:center;font-size:1.35rem;font-weight:800}
.fr-who{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 .4rem;min-width:0}
.fr-name{font-weight:700;font-size:1.05rem;overflow-wrap:anywhere}
.fr-bib,.fr-unit{color:#444;font-size:.85rem}
.fr-unit{flex-basis:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.fr-result{grid-column:3;font-size:1.3rem;font-weight:800;text-align:right;white-space:nowrap}
.fr-result.fr-pending{color:#444;font-size:1rem}
</style>`;

/** The list and what stands above it in the app: the team jump, the search box, the hint. */
function drawList(snapshot: LiveSnapshot): string {
  const rows = snapshot.rows.slice(0, FIRST_SCREEN_ROWS) as readonly PublicRowWire[];
  if (rows.length === 0) return '<p>暂无成绩。</p>';
  return [
    snapshot.teams === null
      ? ''
      : '<nav class="fr-jump"><a href="#standings">个人成绩</a><a href="#teams">团体成绩</a></nav>',
    '<div class="fr-find"><input type="search" disabled placeholder="搜索姓名、编号、单位、代表队" aria-label="搜索选手"></div>',
    '<p class="fr-hint" id="standings">点击一行查看分项成绩，以及同分时的排序依据。',
    '↑ 上升 / ↓ 下降的名次数，仅显示最近一次更新中名次变化的选手。</p>',
    `<ol class="fr-board" data-testid="standings">${rows.map((row, i) => drawRow(row, i)).join('')}</ol>`,
  ].join('');
}

/** What the board's HTML needs besides the snapshot: where its back link goes. */
export interface BoardPlace {
  readonly competitionId: string;
}

/**
 * The first screen of a public table, or null when the public may see nothing of it (hidden, or
 * not stored yet): then the page is the plain shell, without even the table's name.
 */
export function drawBoard(snapshot: LiveSnapshot, place: BoardPlace): string | null {
  const meta = snapshot.meta;
  if (meta === null || meta.phase === 'hidden') return null;
  const note = NOTES[meta.phase];
  const title = escapeHtml(meta.name || snapshot.name);
  const back = `/c/${encodeURIComponent(place.competitionId)}`;
  return [
    `<div id="${FIRST_ROWS_ID}">${STYLE}`,
    `<header class="fr-top"><a class="fr-back" href="${escapeHtml(back)}">← 赛程与成绩</a>`,
    `<p class="fr-kicker">&#8203;</p><h1>${title}</h1></header><main class="fr-main">`,
    `<div class="fr-status"><span class="fr-phase" data-testid="phase" data-phase="${meta.phase}">`,
    `${PHASES[meta.phase]}</span><span class="fr-conn">正在连接…</span>`,
    '<span class="fr-updated">&#8203;</span></div>',
    note === undefined ? '' : `<p class="fr-note ${note[0]}">${note[1]}</p>`,
    drawList(snapshot),
    '</main></div>',
  ].join('');
}
