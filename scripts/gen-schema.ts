/**
 * Writes the committed JSON Schemas from the zod schemas that define them:
 * schema/images.config.schema.json (the manifest) and schema/images.index.schema.json (the image index).
 *   node --import tsx scripts/gen-schema.ts          regenerate
 *   node --import tsx scripts/gen-schema.ts --check  exit 1 when a committed file is stale
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { manifestJsonSchema } from '../src/manifest/schema.js';
import { indexJsonSchema } from '../src/site/index-schema.js';

/** Each committed schema: its file and its exact expected content (two-space JSON, trailing newline). */
export const SCHEMAS: readonly { file: string; render(): string }[] = [
  { file: schemaFile('images.config.schema.json'), render: () => json(manifestJsonSchema()) },
  { file: schemaFile('images.index.schema.json'), render: () => json(indexJsonSchema()) },
];

function schemaFile(name: string): string {
  return fileURLToPath(new URL(`../schema/${name}`, import.meta.url));
}

function json(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

async function main(): Promise<number> {
  let status = 0;
  for (const { file, render } of SCHEMAS) {
    const fresh = render();
    if (process.argv.includes('--check')) {
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current === fresh) continue;
      console.error(`${file} is stale; run: node --import tsx scripts/gen-schema.ts`);
      status = 1;
      continue;
    }
    await writeFile(file, fresh);
    console.log(`wrote ${file}`);
  }
  return status;
}

// Only run when executed, not when a test imports SCHEMAS.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
