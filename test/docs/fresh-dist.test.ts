/**
 * The end-to-end tests run what the current source builds (test/helpers/fresh-dist.ts, vitest's
 * global setup): dist/'s stamp is compared with a hash of what the build reads, and the setup
 * rebuilds when they differ. Here: what the hash covers, when a run needs the bundle, and that
 * after the setup this run's dist/ is the source's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { STAMP, sourceHash } from '../../scripts/source-hash.js';
import { mayRunBundle, staleReason } from '../helpers/fresh-dist.js';

describe('which runs wait for a fresh dist/', () => {
  test.each([
    [[], true],
    [['test/e2e'], true],
    [['test/e2e/action.test.ts'], true],
    [['test/cli/', 'test/engine'], true],
    [['./test/docs'], true],
    [['test'], true],
    [['action'], true],
    [['test/engine'], false],
    [['test/engine', 'test\\site'], false],
  ])('%j → %s', (filters, expected) => {
    expect(mayRunBundle(filters)).toBe(expected);
  });
});

describe('the source hash', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pixazo-source-hash-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const lock = (own: string, dep: string) =>
    JSON.stringify({
      name: 'x',
      version: own,
      packages: { '': { version: own }, 'node_modules/y': { version: dep } },
    });

  test('covers src/, the build scripts and the dependencies, not the project’s own version', () => {
    write('src/a.ts', 'export const a = 1;\n');
    write('src/deep/b.ts', 'export const b = 2;\n');
    for (const s of ['scripts/build.mjs', 'scripts/licenses.mjs', 'scripts/gen-schema.ts'])
      write(s, '// build\n');
    write('package-lock.json', lock('1.0.0', '2.0.0'));
    const first = sourceHash(root);
    expect(staleReason(root)).toBe(`${STAMP} is missing`);
    write(STAMP, `${first}\n`);
    expect(staleReason(root)).toBeUndefined();

    write('package-lock.json', lock('1.0.1', '2.0.0')); // a release bumps the version only
    expect(sourceHash(root)).toBe(first);
    write('README.md', 'docs are not built\n');
    expect(sourceHash(root)).toBe(first);

    for (const change of [
      () => write('src/deep/b.ts', 'export const b = 3;\n'),
      () => write('src/c.ts', ''),
      () => write('scripts/build.mjs', '// build differently\n'),
      () => write('package-lock.json', lock('1.0.1', '2.0.1')),
    ]) {
      const before = sourceHash(root);
      change();
      expect(sourceHash(root)).not.toBe(before);
    }
    expect(staleReason(root)).toBe('src/ changed since it was built');
  });

  test('this run’s dist/ is what the current source builds (the global setup saw to it)', () => {
    expect(staleReason()).toBeUndefined();
  });
});
