/**
 * The README says what the code does: its tables are action.yml's, its recipes are the example
 * files, the messages it explains are ones the code prints, its pictures exist, and the package
 * and the example manifest are shaped as it tells users.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ACTION_REPO, exampleRefs, freshReadme, inputsTable, outputsTable } from '../../scripts/gen-docs.js';
import { nextVersion, releaseChangelog } from '../../scripts/release.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const README = read('README.md');

/** The text of the README section under `## title`, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThan(-1);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

/** A markdown table's cells, trimmed (the formatter pads columns; the content is what counts). */
function cells(table: string): string[][] {
  return table
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/^-+$/, '---')),
    );
}

/** Every .ts file under src/, concatenated: where printed messages live. */
function sources(dir = path.join(ROOT, 'src')): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((d) =>
      d.isDirectory()
        ? sources(path.join(dir, d.name))
        : d.name.endsWith('.ts')
          ? readFileSync(path.join(dir, d.name), 'utf8')
          : '',
    )
    .join('\n');
}

describe('generated parts', () => {
  test('the inputs and outputs tables are what scripts/gen-docs.ts makes from action.yml', () => {
    const between = (name: string): string =>
      README.slice(
        README.indexOf(`<!-- generated:${name} -->`),
        README.indexOf(`<!-- /generated:${name} -->`),
      );
    expect(cells(between('inputs'))).toEqual(cells(inputsTable()));
    expect(cells(between('outputs'))).toEqual(cells(outputsTable()));
  });

  test('every input and output of action.yml has a row, with its default', () => {
    const { inputs, outputs } = parse(read('action.yml')) as {
      inputs: Record<string, { default?: string }>;
      outputs: Record<string, unknown>;
    };
    const rows = section('Inputs').split('\n');
    for (const [name, spec] of Object.entries(inputs)) {
      const row = rows.find((l) => new RegExp(`^\\| \`${name}\` +\\|`).test(l));
      expect(row, name).toBeDefined();
      if (spec.default) expect(row, name).toContain(spec.default);
    }
    for (const name of Object.keys(outputs))
      expect(section('Outputs')).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
  });

  test('each recipe block is its example file, verbatim, and every example is shown', () => {
    const refs = exampleRefs(README);
    const files = readdirSync(path.join(ROOT, 'examples/workflows')).map((f) => `examples/workflows/${f}`);
    expect([...refs].sort()).toEqual([...files].sort());
    for (const file of refs) {
      const block = new RegExp(
        `<!-- example: ${file} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\`\\n<!-- /example -->`,
      ).exec(README);
      expect(block?.[1], file).toBe(read(file));
    }
    // And so the whole README is what the generator (and the formatter) make: `npm run docs` is a no-op.
    expect(freshReadme(README)).toBe(README);
  });

  test('examples use the published action reference', () => {
    for (const f of readdirSync(path.join(ROOT, 'examples/workflows')))
      expect(read(`examples/workflows/${f}`)).toContain(`uses: ${ACTION_REPO}@v1\n`);
  });
});

describe('what a newcomer sees first', () => {
  test('the pitch, its pictures, then the two commands for a fresh clone', () => {
    const head = README.split('\n## ')[0]!;
    expect(head).toMatch(/^# pixazo-images\n\n/);
    for (const png of ['docs/job-summary.png', 'docs/pr-comment.png']) {
      expect(head).toContain(`](${png})`);
      const bytes = readFileSync(path.join(ROOT, png));
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    }
    const tryIt = section('Try it');
    expect(tryIt).toContain('npm ci && npm start');
    expect(tryIt).toContain('npm ci && npm test');
    expect(README.indexOf('## Try it')).toBeLessThan(README.indexOf('## Quickstart'));
  });

  test('sections in the order of the issue', () => {
    const order = [
      'Quickstart',
      'Recipes',
      'The manifest',
      'Inputs',
      'Outputs',
      'Permissions',
      'Publishing',
      'Costs and budgets',
      'Security',
      'Troubleshooting',
      'The CLI',
    ].map((t) => README.indexOf(`\n## ${t}\n`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('every local link and picture points at a file that exists', () => {
    for (const m of README.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g))
      expect(existsSync(path.join(ROOT, m[1]!)), m[1]).toBe(true);
  });
});

describe('troubleshooting', () => {
  test('every message it explains is one the code prints (each piece between …)', () => {
    // Backticks inside template literals are escaped in the source.
    const src = sources().replaceAll('\\`', '`');
    const quotes = [...section('Troubleshooting').matchAll(/\*\*(`+)(.+?)\1\*\*/g)].map((m) => m[2]!.trim());
    expect(quotes.length).toBeGreaterThan(40);
    for (const quote of quotes) {
      for (const piece of quote
        .split('…')
        .map((p) => p.trim())
        .filter(Boolean))
        expect(src, `"${piece}" (from "${quote}")`).toContain(piece);
    }
  });
});

describe('editor support and package shape', () => {
  test('the example manifest points editors at the committed schema, and the README shows how', () => {
    const first = read('images.config.yaml').split('\n')[0]!;
    expect(first).toBe('# yaml-language-server: $schema=./schema/images.config.schema.json');
    expect(existsSync(path.join(ROOT, 'schema/images.config.schema.json'))).toBe(true);
    expect(section('The manifest')).toContain(
      `# yaml-language-server: $schema=https://raw.githubusercontent.com/${ACTION_REPO}/v1/schema/images.config.schema.json`,
    );
  });

  test('package.json: npx pixazo-images runs the CLI bundle; the package carries dist/ and schema/', () => {
    const pkg = JSON.parse(read('package.json')) as {
      bin: Record<string, string>;
      files: string[];
      scripts: Record<string, string>;
    };
    expect(pkg.bin).toEqual({ 'pixazo-images': 'dist/cli/index.js' });
    expect(read('dist/cli/index.js').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist/', 'schema/']));
    expect(pkg.scripts.release).toContain('scripts/release.ts');
    expect(pkg.scripts.start).toBeDefined();
  });

  test('the changelog has an Unreleased section for the next release', () => {
    expect(read('CHANGELOG.md')).toMatch(/^## \[Unreleased\]\n\n\S/m);
  });
});

describe('release helpers (the script itself only runs by hand)', () => {
  test.each([
    ['0.1.0', 'patch', '0.1.1'],
    ['0.1.0', 'minor', '0.2.0'],
    ['0.1.0', 'major', '1.0.0'],
    ['0.1.0', '1.0.0', '1.0.0'],
    ['1.2.3', '1.10.0', '1.10.0'],
  ])('%s + %s → %s', (current, spec, next) => {
    expect(nextVersion(current, spec)).toBe(next);
  });

  test.each([
    ['1.2.3', '1.2.3'],
    ['1.2.3', '1.2.2'],
    ['1.2.3', 'v2'],
    ['1.2.3', '2.0'],
  ])('%s + %s is refused', (current, spec) => {
    expect(() => nextVersion(current, spec)).toThrow();
  });

  test('the Unreleased notes become the dated release section', () => {
    const before =
      '# Changelog\n\nintro\n\n## [Unreleased]\n\n- new thing\n\n## [1.0.0] - 2026-01-01\n\n- old\n';
    expect(releaseChangelog(before, '1.1.0', '2026-11-24')).toBe(
      '# Changelog\n\nintro\n\n## [Unreleased]\n\n## [1.1.0] - 2026-11-24\n\n- new thing\n\n## [1.0.0] - 2026-01-01\n\n- old\n',
    );
    expect(() => releaseChangelog('## [Unreleased]\n\n## [1.0.0]\n', '1.1.0', 'x')).toThrow(/nothing under/);
    expect(() => releaseChangelog(before, '1.0.0', 'x')).toThrow(/already has/);
  });
});
