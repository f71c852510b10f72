/**
 * Parsed definitions and their mark rules, cached by (competition, version). A version never
 * changes once stored, so entries never go stale; the current version is read with each request.
 */
import { and, eq } from 'drizzle-orm';
import { MarkRules, parseCompetition, type Competition } from '@skills/scoring';
import { competitions, definitions, type Db, type Tx } from '@skills/db';
import { notFound } from '../errors/service-error.ts';

export interface CompiledDefinition {
  readonly competitionId: string;
  readonly version: number;
  readonly definition: Competition;
  readonly rules: MarkRules;
}

export class Catalog {
  private readonly cache = new Map<string, CompiledDefinition>();
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /**
   * The definition in force for a competition; 404 when the competition does not exist. Inside
   * a transaction pass it as `db`: PGlite has one connection, and a query outside the open
   * transaction would wait for it forever.
   */
  async current(competitionId: string, db: Db | Tx = this.db): Promise<CompiledDefinition> {
    const [row] = await db
      .select({ version: competitions.definitionVersion })
      .from(competitions)
      .where(eq(competitions.id, competitionId));
    if (!row) throw notFound(`competition "${competitionId}"`, 'params.competitionId');
    return this.at(competitionId, row.version, db);
  }

  async at(
    competitionId: string,
    version: number,
    db: Db | Tx = this.db,
  ): Promise<CompiledDefinition> {
    const key = `${competitionId}@${version}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const [row] = await db
      .select({ body: definitions.body })
      .from(definitions)
      .where(and(eq(definitions.competitionId, competitionId), eq(definitions.version, version)));
    if (!row) throw notFound(`definition ${version} of "${competitionId}"`, 'params.competitionId');
    const parsed = parseCompetition(row.body);
    // Stored definitions passed the same parse before they were written.
    if (!parsed.success) throw new Error(`stored definition ${key} no longer parses`);
    const compiled: CompiledDefinition = {
      competitionId,
      version,
      definition: parsed.data,
      rules: MarkRules.of(parsed.data),
    };
    this.cache.set(key, compiled);
    return compiled;
  }

  /** Seeds the cache with a definition just written (it parsed moments ago). */
  remember(competitionId: string, version: number, definition: Competition): void {
    this.cache.set(`${competitionId}@${version}`, {
      competitionId,
      version,
      definition,
      rules: MarkRules.of(definition),
    });
  }
}
