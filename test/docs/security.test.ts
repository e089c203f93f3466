/**
 * docs/security.md's table names, for each promise, the one mechanism that keeps it and the tests
 * that show it: every file it names must exist, so the table cannot drift from the code.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const text = readFileSync(path.join(ROOT, 'docs/security.md'), 'utf8');
const table = text.slice(text.indexOf('## Where each promise is kept'));
const rows = table
  .split('\n')
  .filter((l) => l.startsWith('| ') && !l.startsWith('| promise') && !l.startsWith('| ---'));

test('the table has a row per promise, each with a mechanism and a test', () => {
  expect(rows.length).toBeGreaterThanOrEqual(12);
  for (const row of rows) {
    const cells = row.slice(1, -1).split(/(?<!\\)\|/);
    expect(cells, row).toHaveLength(3);
    expect(cells[1], row).toMatch(/`(src|test)\//);
    expect(cells[2], row).toMatch(/`test\//);
  }
});

test.each(rows.flatMap((r) => [...r.matchAll(/`((?:src|test)\/[^`\s]+\.ts)`/g)].map((m) => m[1]!)))(
  '%s exists',
  (file) => {
    expect(existsSync(path.join(ROOT, file))).toBe(true);
  },
);
