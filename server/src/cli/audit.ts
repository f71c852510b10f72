/**
 * `skills-audit`: verify the audit hash chain of a database, or of an exported ledger file, and
 * say where it breaks; check that the stored standings equal a recompute from the ledger; export
 * the ledger for independent checking.
 *
 *   skills-audit verify                    the database (DATABASE_URL, or PGlite in DATA_DIR)
 *   skills-audit verify --file ledger.json an exported ledger, with no database at all
 *   skills-audit verify-standings [--competition id]
 *                                          recompute every table from the ledger, list those
 *                                          whose stored head differs (what to run after an
 *                                          incident; on PGlite, with the server stopped)
 *   skills-audit export --out ledger.json  write {head, rows} for someone else to verify
 *
 * Exit codes: 0 intact, 1 broken (or a table differs), 2 usage or input error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditHead, auditLog, openDatabase, type Database } from '@skills/db';
import { verifyChain, verifyRows, type ChainReport } from '../audit/chain.ts';
import type { StandingsReport } from '../contract/api.ts';
import { verifyStandings } from '../standings/verify.ts';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const USAGE = `usage: skills-audit verify [--file ledger.json]
       skills-audit verify-standings [--competition id]
       skills-audit export --out ledger.json
The database is DATABASE_URL if set, else PGlite in DATA_DIR (default .data/pglite).`;

const Ledger = z.object({
  head: z.object({ seq: z.number().int().min(0), hash: z.string() }),
  rows: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actorId: z.string().nullable(),
      actor: z.string(),
      action: z.string(),
      competitionId: z.string().nullable(),
      data: z.unknown(),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
});

function report(r: ChainReport, io: Io): number {
  if (r.ok) {
    io.out(`audit chain intact: ${r.checked} rows, head ${r.head.seq} ${r.head.hash}`);
    return 0;
  }
  io.out(
    `audit chain BROKEN at row ${r.break?.seq ?? '?'} (${r.break?.reason ?? '?'}): ${r.break?.message ?? ''}`,
  );
  io.out(`${r.checked} rows verified before the break; head says ${r.head.seq} ${r.head.hash}`);
  return 1;
}

function reportStandings(r: StandingsReport, io: Io): number {
  if (r.ok) {
    io.out(`standings match the ledger: ${r.checked} tables recomputed, none differs`);
    return 0;
  }
  io.out(`standings DIFFER from the ledger: ${r.differing.length} of ${r.checked} tables`);
  for (const d of r.differing) {
    io.out(
      `  ${d.competitionId} ${d.scope} ${d.view}: stored rev ${d.storedRev} ${d.storedHash ?? '(none)'}, recomputed ${d.recomputedHash}${d.staleSince !== null ? `, stale since ${d.staleSince}` : ''}`,
    );
  }
  io.out('starting the server republishes stale competitions; a table that still differs is a bug');
  return 1;
}

async function withDatabase<T>(io: Io, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    url: io.env['DATABASE_URL'],
    dataDir: resolve(io.cwd, io.env['DATA_DIR'] ?? '.data/pglite'),
  });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function option(args: readonly string[], name: string): string | undefined | null {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  return args[i + 1] ?? null;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'verify') {
    const file = option(args, '--file');
    if (file === null) {
      io.err(USAGE);
      return 2;
    }
    if (file === undefined) return report(await withDatabase(io, (d) => verifyChain(d.db)), io);
    let parsed: z.infer<typeof Ledger>;
    try {
      const raw: unknown = JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8'));
      const r = Ledger.safeParse(raw);
      if (!r.success) {
        for (const issue of r.error.issues)
          io.err(`${file}: ${issue.path.join('.')}: ${issue.message}`);
        return 2;
      }
      parsed = r.data;
    } catch (e) {
      io.err(`${file}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    return report(await verifyRows([parsed.rows], parsed.head), io);
  }
  if (command === 'verify-standings') {
    const competition = option(args, '--competition');
    if (competition === null) {
      io.err(USAGE);
      return 2;
    }
    const report = await withDatabase(io, (d) =>
      verifyStandings(d.db, competition === undefined ? {} : { competitionIds: [competition] }),
    );
    if (competition !== undefined && report.checked === 0) {
      io.err(`no competition "${competition}"`);
      return 2;
    }
    return reportStandings(report, io);
  }
  if (command === 'export') {
    const out = option(args, '--out');
    if (typeof out !== 'string') {
      io.err(USAGE);
      return 2;
    }
    const ledger = await withDatabase(io, async ({ db }) => {
      const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
      const rows = await db.select().from(auditLog).orderBy(asc(auditLog.seq));
      return {
        head: { seq: head?.seq ?? 0, hash: head?.hash ?? '' },
        rows: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
      };
    });
    writeFileSync(resolve(io.cwd, out), `${JSON.stringify(ledger, null, 1)}\n`);
    io.out(`exported ${ledger.rows.length} audit rows to ${out}`);
    return 0;
  }
  io.err(USAGE);
  return 2;
}
