import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { SCHEMAS } from '../../scripts/gen-schema.js';
import { ENTRY_KEYS, manifestJsonSchema } from '../../src/manifest/schema.js';

test.each(SCHEMAS.map((s) => [s.file.replace(/.*\//, ''), s] as const))(
  'the committed %s is fresh (regenerate: node --import tsx scripts/gen-schema.ts)',
  (_name, { file, render }) => {
    expect(readFileSync(file, 'utf8')).toBe(render());
  },
);

test('the JSON Schema is draft-07, strict, and lists exactly the entry keys', () => {
  const schema = manifestJsonSchema() as {
    $schema: string;
    additionalProperties: boolean;
    required: string[];
    properties: {
      images: {
        additionalProperties: { properties: object; required: string[]; additionalProperties: boolean };
      };
    };
  };
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  expect(schema.additionalProperties).toBe(false);
  expect(schema.required).toEqual(['version', 'images']);
  const entry = schema.properties.images.additionalProperties;
  expect(Object.keys(entry.properties)).toEqual([...ENTRY_KEYS]);
  expect(entry.required).toEqual(['prompt']);
  expect(entry.additionalProperties).toBe(false);
});
