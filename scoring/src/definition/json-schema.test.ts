import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { competitionJsonSchemaText } from './json-schema.ts';

const committed = new URL('../../schema/competition.schema.json', import.meta.url);

describe('published JSON Schema', () => {
  it('is the one the zod schemas generate (run `npm run schema:write -w scoring` after a change)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(competitionJsonSchemaText());
  });

  it('describes every criterion kind and refuses unknown keys', () => {
    const schema = JSON.parse(competitionJsonSchemaText()) as { additionalProperties?: boolean };
    const text = JSON.stringify(schema);
    for (const kind of ['points', 'check', 'judgement', 'time', 'deduction', 'penalty', 'gate']) {
      expect(text).toContain(`"const":"${kind}"`);
    }
    expect(schema.additionalProperties).toBe(false);
  });
});
