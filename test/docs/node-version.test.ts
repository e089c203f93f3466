/**
 * The Node version is stated one way, derived from two sources: `engines.node` in package.json for
 * the CLI ("Node.js 22.19 or later", the same minimum src/cli/node-version.ts checks) and
 * `.node-version` for developing this repository and for the action's runtime ("Node.js 24": the
 * npm scripts' Node, CI's, and `runs.using: node24`). Every mention of a Node version in the README,
 * CONTRIBUTING and docs/ is one of those two phrasings, and the files that pin a Node agree.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { documents } from '../../scripts/gen-docs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const DEV = read('.node-version').trim();
const MIN = /^>=(\d+\.\d+)$/.exec(pkg.engines.node)?.[1];

/** The two sanctioned phrasings. */
const PHRASES = { cli: `Node.js ${MIN} or later`, dev: `Node.js ${DEV}` };

/** Every mention of a Node version in `text` that is not one of the sanctioned phrasings. */
function strayMentions(text: string): string[] {
  const mentions = text.match(
    /\bNode(?:\.js)?\s*(?:[<>≥=]+\s*)?v?\d+(?:\.\d+)*(?:\+|\s+or\s+(?:later|newer|above|higher))?/g,
  );
  return (mentions ?? []).filter((m) => m !== PHRASES.cli && m !== PHRASES.dev);
}

describe('the sources', () => {
  test('engines is a minimum and .node-version a major version', () => {
    expect(MIN).toMatch(/^\d+\.\d+$/);
    expect(DEV).toMatch(/^\d+$/);
    expect(Number(DEV)).toBeGreaterThanOrEqual(Number(MIN!.split('.')[0]));
  });

  test('what pins a Node agrees with .node-version: the node dev dependency, the action runtime, CI', () => {
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\^${DEV}\\.`));
    expect((parse(read('action.yml')) as { runs: { using: string } }).runs.using).toBe(`node${DEV}`);
    const ci = read('.github/workflows/ci.yml');
    expect(ci).toContain('node-version-file: .node-version');
    // The CLI job covers each LTS line from the minimum up to the development one.
    expect(ci).toMatch(new RegExp(`node: \\[${MIN!.split('.')[0]}, ${DEV}\\]`));
    // The npm scripts' check reads .node-version rather than repeating it.
    expect(read('scripts/check-node.mjs')).toContain("'../.node-version'");
  });
});

describe('the docs', () => {
  test.each([
    ['Node 24 or later', ['Node 24 or later']],
    ['Node.js 22.19+', ['Node.js 22.19+']],
    ['needs Node 20', ['Node 20']],
    ['Node >= 22', ['Node >= 22']],
    [`runs on ${PHRASES.cli}`, []],
    [`scripts run on ${PHRASES.dev} (the dev dependency)`, []],
    ['the `node24` runtime, an older Node', []],
  ])('the check flags %j', (text, stray) => {
    expect(strayMentions(text)).toEqual(stray);
  });

  const files = [...documents(ROOT), 'CONTRIBUTING.md'];
  test.each(files)('%s states a Node version only as one of the two phrasings', (file) => {
    expect(strayMentions(read(file))).toEqual([]);
  });

  test('the CLI page gives the CLI’s, the README and CONTRIBUTING the development one', () => {
    expect(read('docs/cli.md')).toContain(PHRASES.cli);
    expect(read('README.md')).toContain(PHRASES.dev);
    expect(read('CONTRIBUTING.md')).toContain(PHRASES.dev);
  });
});
