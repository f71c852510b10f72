/**
 * verify-standings, as an operator runs it after an incident (`skills-audit verify-standings`)
 * and as GET /api/audit/verify reports it: every table recomputed from the ledger matches its
 * stored head; a stored head that does not (here: edited in the database) is listed with its
 * competition, scope, view, stored revision and hash and the recomputed hash, and the command
 * exits 1. A chief judge's report covers their own competition only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '@skills/db';
import { openTestDatabase, type DatabaseKind } from '@skills/db/testing';
import { main, type Io } from '../src/cli/audit.ts';
import { createServer, type Server } from '../src/server.ts';
import { ensureOrganizer } from '../src/services/bootstrap.ts';
import { buildFixture, harnessOf, ORGANIZER, type Fixture, type Harness } from './harness.ts';
import { mark, sheetId } from './helpers.ts';

function io(env: Record<string, string>): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), env, cwd: tmpdir() };
}

describe.each<DatabaseKind>(['pglite', 'postgres'])('verify-standings on %s', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-standings-'));
  /** The CLI's view of the database: PGlite in a folder (the app closed), or the Postgres URL. */
  let env: Record<string, string>;
  let database: Database;
  let server: Server;
  let h: Harness;
  let a: Fixture;
  let b: Fixture;

  beforeAll(async () => {
    if (kind === 'pglite') {
      env = { DATA_DIR: join(dir, 'pglite') };
      database = await openDatabase({ dataDir: join(dir, 'pglite') });
    } else {
      database = await openTestDatabase('postgres');
      env = { DATABASE_URL: database.url ?? '' };
    }
    server = createServer({ database, config: { recomputeWindowMs: 5 } });
    await ensureOrganizer(server.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
    h = harnessOf(server, database, () => server.close());
    a = await buildFixture(h, 'verify-a');
    b = await buildFixture(h, 'verify-b');
    await mark(h, a, a.judges['J1'], await sheetId(h, a, 'J1', 'E1'), 'seal', 31);
    await mark(h, b, b.judges['J1'], await sheetId(h, b, 'J1', 'E2'), 'seal', 33);
    await server.publisher.settle();
  });
  afterAll(async () => {
    await h.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The CLI, with the app's database closed first where only one process may open it. */
  async function cli(args: string[]): Promise<{ code: number; lines: string[] }> {
    const out = io(env);
    if (kind === 'pglite') {
      await server.close();
      await database.close();
    }
    const code = await main(args, out);
    if (kind === 'pglite') {
      database = await openDatabase({ dataDir: join(dir, 'pglite') });
      server = createServer({ database, config: { recomputeWindowMs: 5 } });
      h = harnessOf(server, database, () => server.close());
    }
    return { code, lines: out.lines };
  }

  it('finds every table equal to a recompute, in the CLI and the verify route', async () => {
    const run = await cli(['verify-standings']);
    expect(run.lines.join('\n')).toMatch(/standings match the ledger: 8 tables recomputed/);
    expect(run.code).toBe(0);
    const r = await h.call('GET', '/api/audit/verify', { token: a.organizer });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      ok: true,
      break: null,
      standings: { ok: true, checked: 8, differing: [] },
    });
  });

  it('lists a stored table that differs, and exits 1', async () => {
    const [head] = rowsOf<{ rev: number; hash: string }>(
      await database.db.execute(
        sql`select rev, hash from standings where competition_id = 'verify-b' and scope = 'battery'
            and view = 'public' order by rev desc limit 1`,
      ),
    );
    if (!head) throw new Error('no public head');
    await database.db.execute(
      sql`update standings set hash = ${'0'.repeat(64)} where competition_id = 'verify-b'
          and scope = 'battery' and view = 'public' and rev = ${head.rev}`,
    );
    const difference = {
      competitionId: 'verify-b',
      scope: 'battery',
      view: 'public',
      storedRev: head.rev,
      storedHash: '0'.repeat(64),
      recomputedHash: head.hash,
      staleSince: null,
    };
    const organizer = await h.call('GET', '/api/audit/verify', { token: a.organizer });
    expect(organizer.body.ok).toBe(true);
    expect(organizer.body.standings).toEqual({ ok: false, checked: 8, differing: [difference] });
    // A chief judge of the other competition sees the chain and their own tables only.
    const chief = await h.call('GET', '/api/audit/verify', { token: a.chief });
    expect(chief.body.standings).toEqual({ ok: true, checked: 4, differing: [] });
    const run = await cli(['verify-standings']);
    expect(run.code).toBe(1);
    expect(run.lines.join('\n')).toContain(
      `verify-b battery public: stored rev ${head.rev} ${'0'.repeat(64)}, recomputed ${head.hash}`,
    );
    const own = await cli(['verify-standings', '--competition', 'verify-a']);
    expect(own.code).toBe(0);
    expect((await cli(['verify-standings', '--competition'])).code).toBe(2);
    expect((await cli(['verify-standings', '--competition', 'nope'])).code).toBe(2);
  });
});
