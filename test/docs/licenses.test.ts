/**
 * dist/ ships other people's code: each bundled package's license notice must ship with it
 * (scripts/licenses.mjs completes ncc's list, which misses concatenated ES modules such as zod).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const DIST = path.resolve(import.meta.dirname, '../../dist');

test('every package bundled in dist/ has its notice in dist/licenses.txt', () => {
  const files = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  const bundled = new Set<string>();
  for (const f of files)
    for (const m of readFileSync(path.join(DIST, f), 'utf8').matchAll(
      /\.\/node_modules\/((?:@[^/\s"'`]+\/)?[^/\s"'`]+)\//g,
    ))
      bundled.add(m[1]!);
  const lines = new Set(readFileSync(path.join(DIST, 'licenses.txt'), 'utf8').split('\n'));
  // The libraries the entry chunk is made of, at least.
  for (const name of ['zod', 'yaml', 'picomatch']) expect(bundled).toContain(name);
  expect([...bundled].filter((name) => !lines.has(name))).toEqual([]);
});
