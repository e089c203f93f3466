/**
 * The pages a new user reads for the CLI and the refresh-as-PR recipe say what trips people up:
 * every command is named (from the CLI's own list), `index:` and the gallery are explained, and the
 * recipe and its example workflow carry the two repository gotchas.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { COMMANDS } from '../../src/cli/args.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const COMMAND_NAMES = Object.keys(COMMANDS);

test("the README's CLI line names every command", () => {
  const line = read('README.md')
    .split('\n')
    .find((l) => l.startsWith('- [The CLI](docs/cli.md)'))!;
  for (const c of COMMAND_NAMES) expect(line, c).toContain(`\`${c}\``);
});

test('docs/cli.md shows every command, the gallery and index:', () => {
  const page = read('docs/cli.md');
  for (const c of COMMAND_NAMES) expect(page, c).toMatch(new RegExp(`pixazo-images ${c}\\b`));
  expect(page).toContain('`index:`');
  expect(page).toContain('`gallery`');
  expect(page).toContain('the git repository that holds the manifest');
});

test.each([['docs/recipes.md'], ['examples/workflows/images-refresh-pr.yml']])(
  '%s names the setting that lets Actions open PRs, and that a GITHUB_TOKEN PR starts no CI',
  (file) => {
    const text = read(file).replace(/\s*\n\s*#?\s*/g, ' ');
    expect(text).toContain('Allow GitHub Actions to create and approve pull requests');
    expect(text).toMatch(/opened with `?GITHUB_TOKEN`? starts no (CI|workflow)/);
  },
);
