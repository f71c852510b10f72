/**
 * A board page is drawn from names the organizer and the roster import typed: whatever they
 * contain is text on the page, never markup, script or a replacement pattern.
 */
import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../contract/live.ts';
import { drawBoard } from './board-rows.ts';
import { shellWithBoard } from './board-shell.ts';

const SHELL =
  '<!doctype html><html><head><title>职工技能竞赛 · 评分</title></head>' +
  '<body><div id="app"></div></body></html>';
const HOSTILE = `<img src=x onerror="alert(1)">'&$'$&</script>`;

const snapshot: LiveSnapshot = {
  competitionId: 'c1',
  scope: 'run',
  view: 'public',
  rev: 3,
  hash: 'h',
  name: HOSTILE,
  meta: { name: HOSTILE, phase: 'provisional', names: true, reveal: null },
  rows: [
    {
      competitor: `x"><script>alert(2)</script>`,
      position: 1,
      rank: 1,
      name: HOSTILE,
      bib: '7',
      delegation: `</li><script>alert(3)</script>`,
      score: '83.5',
      status: 'ok',
    },
  ],
  teams: null,
  at: null,
};

describe('a board page drawn from hostile names', () => {
  const drawn = drawBoard(snapshot, { competitionId: 'c"1' }) ?? '';
  const page = shellWithBoard(SHELL, drawn, snapshot, true) ?? '';

  it('writes them as text: no element, attribute or script of theirs reaches the page', () => {
    expect(page).not.toBe('');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('onerror="');
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    // One inline script element only: the snapshot's JSON, with no "</script>" of its own inside.
    expect(page.match(/<script/g)?.length).toBe(1);
    expect(page.match(/<\/script>/g)?.length).toBe(1);
  });

  it("keeps the shell whole when a name holds replacement patterns ($&, $')", () => {
    const title = /<title>(.*?)<\/title>/.exec(page)?.[1];
    expect(title).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;$&#39;$&amp;&lt;/script&gt; · 成绩公布',
    );
    expect(page.match(/<body>/g)?.length).toBe(1);
    expect(page.match(/<\/html>/g)?.length).toBe(1);
  });
});
