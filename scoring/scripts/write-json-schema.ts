/** Writes scoring/schema/competition.schema.json from the zod schemas. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { competitionJsonSchemaText } from '../src/definition/json-schema.ts';

const out = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'schema',
  'competition.schema.json',
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, competitionJsonSchemaText());
console.log(`wrote ${out}`);
