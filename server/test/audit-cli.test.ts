import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '@skills/db';
import { openTestDatabase } from '@skills/db/testing';
import { main, type Io } from '../src/cli/audit.ts';
import { createServer } from '../src/server.ts';
import { ensureOrganizer } from '../src/services/bootstrap.ts';
import { EV_DEFINITION } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function io(env: Record<string, string | undefined>): Io & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
    env,
    cwd: dir,
  };
}

/** Writes a few audited actions through the app. */
async function activity(database: Database): Promise<void> {
  const server = createServer({ database });
  await ensureOrganizer(server.ctx, 'admin', '组委会', 'organizer-pass-1');
  const login = await server.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'organizer-pass-1', bearer: true }),
  });
  const { token } = (await login.json()) as { token: string };
  const created = await server.app.request('/api/competitions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ id: 'cli-test', name: 'CLI', definition: EV_DEFINITION }),
  });
  expect(created.status).toBe(201);
  await server.close();
}

describe('skills-audit on PGlite', () => {
  const dataDir = join(dir, 'pglite');
  const env = { DATA_DIR: dataDir };

  it('says the chain is intact, exports it, and verifies the export without a database', async () => {
    const database = await openDatabase({ dataDir });
    await activity(database);
    await database.close();
    const a = io(env);
    expect(await main(['verify'], a)).toBe(0);
    expect(a.lines.join('\n')).toMatch(/intact: 3 rows/);
    expect(await main(['export', '--out', 'ledger.json'], io(env))).toBe(0);
    const b = io({});
    expect(await main(['verify', '--file', 'ledger.json'], b)).toBe(0);
  });

  it('finds an edited row in an exported file', async () => {
    const ledger = JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8')) as {
      rows: { data: Record<string, unknown> }[];
    };
    const row = ledger.rows[2];
    if (row) row.data['name'] = 'forged';
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(ledger));
    const c = io({});
    expect(await main(['verify', '--file', 'forged.json'], c)).toBe(1);
    expect(c.lines.join('\n')).toMatch(/BROKEN at row 3 \(hash_mismatch\)/);
  });

  it('finds a row edited in the database', async () => {
    const database = await openDatabase({ dataDir });
    await database.db.execute(
      sql`update audit_log set data = jsonb_set(data, '{name}', '"forged"') where seq = 3`,
    );
    await database.close();
    const d = io(env);
    expect(await main(['verify'], d)).toBe(1);
    expect(d.lines.join('\n')).toMatch(/BROKEN at row 3 \(hash_mismatch\)/);
  });

  it('answers a usage error with 2', async () => {
    expect(await main(['nonsense'], io(env))).toBe(2);
    expect(await main(['verify', '--file'], io(env))).toBe(2);
    writeFileSync(join(dir, 'bad.json'), '{"head":1}');
    const e = io({});
    expect(await main(['verify', '--file', 'bad.json'], e)).toBe(2);
    expect(e.lines.join('\n')).toContain('bad.json: head');
  });
});

describe('skills-audit on Postgres', () => {
  it('finds rows removed from the end of the chain', async () => {
    const database = await openTestDatabase('postgres');
    try {
      await activity(database);
      const env = { DATABASE_URL: database.location };
      expect(await main(['verify'], io(env))).toBe(0);
      await database.db.execute(sql`delete from audit_log where seq >= 3`);
      const f = io(env);
      expect(await main(['verify'], f)).toBe(1);
      expect(f.lines.join('\n')).toMatch(/BROKEN at row 3 \(head_mismatch\)/);
    } finally {
      await database.close();
    }
  });
});
