/**
 * The README and the pages under docs/ say what the code does: their tables are action.yml's,
 * their recipes are the example files, the messages they explain are ones the code prints, their
 * links lead somewhere, and the README stays a short first page that ends with the two commands a
 * newcomer runs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { marked, type Token } from 'marked';
import { describe, expect, test } from 'vitest';
import {
  ACTION_REPO,
  documents,
  exampleRefs,
  freshPage,
  inputsTable,
  outputsTable,
  pricesTable,
  readAction,
} from '../../scripts/gen-docs.js';
import { nextVersion, releaseChangelog } from '../../scripts/release.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const PAGES = documents();
const README = read('README.md');
const EXAMPLES = readdirSync(path.join(ROOT, 'examples/workflows')).map((f) => `examples/workflows/${f}`);

/** The `## ` sections of a page, by title, in order. */
function sections(page: string): [title: string, body: string][] {
  return page
    .split(/^## /m)
    .slice(1)
    .map((s) => [s.slice(0, s.indexOf('\n')), s.slice(s.indexOf('\n') + 1)]);
}

/** A markdown table's cells, trimmed (padding is formatting; the content is what counts). */
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

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as `-`. */
function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  marked.walkTokens(marked.lexer(page), (t) => {
    if (t.type !== 'heading') return;
    const base = (t as Token & { text: string }).text
      .toLowerCase()
      .trim()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replaceAll(' ', '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  });
  return out;
}

/**
 * Relative links and pictures of a markdown page (at `file`, relative to `root`) whose file or
 * anchor does not exist. Links in code are not links, so the page is read by a markdown lexer.
 */
function brokenLinks(file: string, page: string, root = ROOT): string[] {
  const hrefs: string[] = [];
  marked.walkTokens(marked.lexer(page), (t) => {
    if (t.type === 'link' || t.type === 'image') hrefs.push((t as Token & { href: string }).href);
  });
  return hrefs
    .filter((href) => !/^[a-z][a-z+.-]*:/i.test(href))
    .filter((href) => {
      const [target = '', anchor] = href.split('#');
      if (target === '') return !anchors(page).has(anchor ?? '');
      const abs = path.resolve(root, path.dirname(file), target);
      if (!existsSync(abs)) return true;
      if (anchor === undefined) return false;
      return !statSync(abs).isFile() || !anchors(readFileSync(abs, 'utf8')).has(anchor);
    });
}

describe('generated parts', () => {
  const between = (name: string): string =>
    README.slice(README.indexOf(`<!-- generated:${name} -->`), README.indexOf(`<!-- /generated:${name} -->`));

  test('the inputs and outputs tables are what scripts/gen-docs.ts makes from action.yml', () => {
    expect(between('inputs')).not.toBe('');
    expect(cells(between('inputs'))).toEqual(cells(inputsTable()));
    expect(cells(between('outputs'))).toEqual(cells(outputsTable()));
  });

  test('every input and output of action.yml has a row, with its default', () => {
    const { inputs, outputs } = readAction();
    const rows = between('inputs').split('\n');
    for (const [name, spec] of Object.entries(inputs)) {
      const row = rows.find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, name).toBeDefined();
      if (spec.default) expect(row, name).toContain(spec.default);
    }
    for (const name of Object.keys(outputs)) expect(between('outputs')).toContain(`| \`${name}\` |`);
  });

  test.each(PAGES)(
    '%s: each recipe block is its example file, verbatim, and `npm run docs` is a no-op',
    (file) => {
      const page = read(file);
      for (const example of exampleRefs(page)) {
        const block = new RegExp(
          `<!-- example: ${example} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\`\\n<!-- /example -->`,
        ).exec(page);
        expect(block?.[1], `${file}: ${example}`).toBe(read(example));
      }
      expect(freshPage(page)).toBe(page);
    },
  );

  test('the README shows the push and pull request recipes; docs/recipes.md shows the others', () => {
    expect(exampleRefs(README)).toEqual([
      'examples/workflows/images-push.yml',
      'examples/workflows/images-pr.yml',
    ]);
    const shown = PAGES.flatMap((f) => exampleRefs(read(f)));
    expect([...shown].sort()).toEqual([...EXAMPLES].sort());
    for (const example of EXAMPLES.filter((e) => !exampleRefs(README).includes(e)))
      expect(exampleRefs(read('docs/recipes.md'))).toContain(example);
  });

  test('examples use the published action reference', () => {
    // A workflow_run workflow comments on what the workflow it follows did, without the action.
    for (const f of EXAMPLES.filter((e) => !/^ {2}workflow_run:$/m.test(read(e))))
      expect(read(f)).toContain(`uses: ${ACTION_REPO}@v1\n`);
  });
});

describe('the README is a first page', () => {
  test('at most 25,000 bytes', () => {
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(25_000);
  });

  test('the pitch and its two pictures come first', () => {
    const head = README.split('\n## ')[0]!;
    expect(head).toMatch(/^# pixazo-images\n\n\S/);
    for (const png of ['docs/job-summary.png', 'docs/pr-comment.png']) {
      expect(head).toContain(`](${png})`);
      const bytes = readFileSync(path.join(ROOT, png));
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    }
  });

  test('its first screen: the uses: line, where to get a key, and the price per image', () => {
    const pitch = README.slice(0, README.indexOf('| Job summary'));
    expect(pitch).toContain(
      `- uses: ${ACTION_REPO}@v1\n  with:\n    api-key: \${{ secrets.PIXAZO_API_KEY }}`,
    );
    expect(pitch).toMatch(/Pixazo dashboard → "Get API Key"/);
    expect(pitch).toContain(`<!-- generated:prices -->\n${pricesTable()}\n<!-- /generated:prices -->`);
    expect(pricesTable()).toContain('| `gpt-image-2` | $0.012 | $0.047 | $0.128 | $0.128 |');
    expect(pricesTable()).toContain('| `gpt-image-1.5` | unpriced |');
    expect(pitch.split('\n').length).toBeLessThan(40);
  });

  test('its last section is "Try it", with exactly the two commands a newcomer runs', () => {
    const [title, body] = sections(README).at(-1)!;
    expect(title).toBe('Try it');
    const block = /```sh\n([\s\S]*?)```/.exec(body)?.[1] ?? '';
    const commands = block
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm ci && npm start', 'npm ci && npm test']);
  });

  test('it links to every page in docs/, and says which runners are supported', () => {
    for (const page of PAGES.filter((f) => f.startsWith('docs/'))) expect(README).toContain(`](${page}`);
    const runners = sections(README).find(([title]) => title === 'Supported runners')?.[1] ?? '';
    for (const word of ['Linux', 'Windows', 'macOS', 'x64', 'arm64']) expect(runners).toContain(word);
  });
});

describe('links', () => {
  test('the checker finds a missing file, a missing anchor and a link into a folder with an anchor', () => {
    const page =
      '# Title\n\n## A `code` heading: yes\n\n[ok](#a-code-heading-yes) [ok](docs/recipes.md#scheduled-refresh)\n' +
      '[bad](#nowhere) [bad](docs/missing.md) [bad](docs/recipes.md#nowhere) [bad](docs#x)\n' +
      '`[not a link](nowhere.md)` [web](https://example.com/x)\n';
    expect(brokenLinks('README.md', page)).toEqual([
      '#nowhere',
      'docs/missing.md',
      'docs/recipes.md#nowhere',
      'docs#x',
    ]);
  });

  test.each([...PAGES, 'CONTRIBUTING.md'])(
    '%s: every relative link and picture leads to a file or anchor',
    (file) => {
      expect(brokenLinks(file, read(file))).toEqual([]);
    },
  );
});

describe('troubleshooting', () => {
  test('every message it quotes is one the code prints (each piece between …)', () => {
    // Backticks inside template literals are escaped in the source.
    const src = sources().replaceAll('\\`', '`');
    const quotes = [...read('docs/troubleshooting.md').matchAll(/\*\*(`+)(.+?)\1\*\*/g)].map((m) =>
      m[2]!.trim(),
    );
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

describe('editor support, package shape and license', () => {
  test('the example manifest points editors at the committed schema, and the docs show how', () => {
    const first = read('images.config.yaml').split('\n')[0]!;
    expect(first).toBe('# yaml-language-server: $schema=./schema/images.config.schema.json');
    expect(existsSync(path.join(ROOT, 'schema/images.config.schema.json'))).toBe(true);
    const line = `# yaml-language-server: $schema=https://raw.githubusercontent.com/${ACTION_REPO}/v1/schema/images.config.schema.json`;
    expect(sections(read('docs/manifest.md')).find(([t]) => t === 'Editor support')?.[1]).toContain(line);
  });

  test('package.json: npx pixazo-images runs the CLI bundle; the package carries dist/cli/ and schema/', () => {
    const pkg = JSON.parse(read('package.json')) as {
      bin: Record<string, string>;
      files: string[];
      scripts: Record<string, string>;
    };
    expect(pkg.bin).toEqual({ 'pixazo-images': 'dist/cli/index.js' });
    expect(read('dist/cli/index.js').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist/cli/', 'schema/']));
    expect(pkg.scripts.release).toContain('scripts/release.ts');
    expect(pkg.scripts.start).toBeDefined();
  });

  test('LICENSE is the MIT license package.json names', () => {
    expect((JSON.parse(read('package.json')) as { license: string }).license).toBe('MIT');
    const license = read('LICENSE');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 pixazo-images contributors\n\n/);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  test('the changelog has an Unreleased section for the next release, on top', () => {
    expect(read('CHANGELOG.md').match(/^## .*/m)?.[0]).toBe('## [Unreleased]');
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
