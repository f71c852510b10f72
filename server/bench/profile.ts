/**
 * A CPU profile of the server process over one phase (BENCH_PROFILE=1), through the inspector,
 * written as a .cpuprofile (open it in Chrome DevTools or speedscope) and summarised as the
 * functions with the most self time, and the share of time by package.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

export class Profiler {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.session.post('Profiler.start');
  }

  /** Stops, writes the profile to `file` and returns a printable summary. */
  async stop(file: string): Promise<string> {
    const { profile } = (await this.session.post('Profiler.stop')) as unknown as {
      profile: Profile;
    };
    this.session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    return summarise(profile);
  }
}

/** Line (and column) of a frame; code loaded through tsx reports line 0, so then the column. */
function lineOf(n: ProfileNode): string {
  const { url, lineNumber, columnNumber } = n.callFrame;
  if (url === '') return '';
  return lineNumber > 0 ? `:${lineNumber + 1}` : `:col ${columnNumber + 1}`;
}

function where(url: string): string {
  if (url === '') return '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] ?? url;
  if (url.startsWith('node:')) return 'node core';
  const repo = /\/(server|db|scoring)\/src\/(.*)$/.exec(url);
  if (repo) return `${repo[1] ?? ''}/src/${repo[2] ?? ''}`;
  return url.replace(/^file:\/\//, '');
}

/** Samples under each function of the repository (server, db, scoring), each sample once. */
function inclusive(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  const root = profile.nodes[0];
  if (!root) return out;
  const visit = (node: ProfileNode, active: ReadonlySet<string>): number => {
    let hits = node.hitCount ?? 0;
    const place = where(node.callFrame.url);
    const mine = /^(server|db|scoring)\/src\//.test(place)
      ? `${node.callFrame.functionName || '(anonymous)'}  ${place}${lineOf(node)}`
      : null;
    const next = mine !== null && !active.has(mine) ? new Set([...active, mine]) : active;
    for (const id of node.children ?? []) {
      const child = byId.get(id);
      if (child) hits += visit(child, next);
    }
    if (mine !== null && !active.has(mine)) out.set(mine, (out.get(mine) ?? 0) + hits);
    return hits;
  };
  visit(root, new Set());
  return out;
}

export function summarise(profile: Profile, top = 20): string {
  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  if (total === 0) return '(empty profile)';
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const place = where(n.callFrame.url);
    const name = `${n.callFrame.functionName || '(anonymous)'}  ${place}${lineOf(n)}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    const area = place.startsWith('server/src/')
      ? place.split('/').slice(0, 3).join('/')
      : place.startsWith('scoring/src/')
        ? 'scoring/src'
        : place;
    byPlace.set(area, (byPlace.get(area) ?? 0) + hits);
  }
  const pct = (h: number): string => `${((100 * h) / total).toFixed(1).padStart(5)} %`;
  const lines = [`self time by function (top ${top}):`];
  for (const [name, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${pct(hits)}  ${name}`);
  }
  lines.push(`total time (self + callees) by function, repository code only (top ${top}):`);
  for (const [name, hits] of [...inclusive(profile)].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${pct(hits)}  ${name}`);
  }
  lines.push('self time by package / source folder:');
  for (const [area, hits] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    lines.push(`  ${pct(hits)}  ${area}`);
  }
  return lines.join('\n');
}
