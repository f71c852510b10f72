/**
 * The published JSON Schema of the definition format, generated from the zod schemas (the input
 * side: defaults are optional). Editors validate definition files against it through `$schema`;
 * scoring/schema/competition.schema.json is the committed copy, and a test fails when it is stale.
 */
import { z } from 'zod';
import { Competition, DEFINITION_SCHEMA_VERSION } from './schema.ts';

export const JSON_SCHEMA_ID = `https://skills-scoring.example/schema/competition.v${DEFINITION_SCHEMA_VERSION}.json`;

export function competitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Competition, { io: 'input', target: 'draft-2020-12' }),
    $id: JSON_SCHEMA_ID,
    title: 'Skills competition definition',
    description:
      'Events, modules, criteria, judge aggregation, time conversion, team and overall standings, tie-breaks and award rules. Semantic checks (references, weights adding to 100 %, trims within the panel …) are applied by parseCompetition.',
  };
}

/** The committed file's exact text. */
export function competitionJsonSchemaText(): string {
  return `${JSON.stringify(competitionJsonSchema(), null, 2)}\n`;
}
