/**
 * Writes schema/images.config.schema.json from the zod schema that validates manifests.
 *   node --import tsx scripts/gen-schema.ts          regenerate
 *   node --import tsx scripts/gen-schema.ts --check  exit 1 when the committed file is stale
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { manifestJsonSchema } from '../src/manifest/schema.js';

/** Where the committed schema lives. */
export const SCHEMA_FILE = fileURLToPath(new URL('../schema/images.config.schema.json', import.meta.url));

/** The file's exact expected content: two-space JSON with a trailing newline. */
export function renderSchema(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}

async function main(): Promise<number> {
  const fresh = renderSchema();
  if (process.argv.includes('--check')) {
    const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (current === fresh) return 0;
    console.error(`${SCHEMA_FILE} is stale; run: node --import tsx scripts/gen-schema.ts`);
    return 1;
  }
  await writeFile(SCHEMA_FILE, fresh);
  console.log(`wrote ${SCHEMA_FILE}`);
  return 0;
}

// Only run when executed, not when a test imports renderSchema().
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
