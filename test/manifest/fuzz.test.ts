/**
 * Property: whatever the text, the loader either returns a manifest or throws a ManifestError
 * whose every issue is located (line ≥ 1, col ≥ 1, within the text) — never any other exception.
 */
import fc from 'fast-check';
import { afterAll, expect, test, vi } from 'vitest';
import { stringify } from 'yaml';
import { ENTRY_KEYS } from '../../src/manifest/schema.js';
import { ManifestError } from '../../src/manifest/types.js';
import { makeWorkspace } from './fixture.js';
import { BASE, mutate, mutation, TOKENS } from './texts.js';

const ws = makeWorkspace();
// The YAML library reports some oddities through process.emitWarning; the loader must catch them first.
const warn = vi.spyOn(process, 'emitWarning');
afterAll(() => {
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
  ws.cleanup();
});

function check(text: string): void {
  let issues: readonly { line: number; col: number; message: string; file: string }[];
  try {
    issues = ws.parse(text).warnings;
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    issues = err.issues;
    expect(err.issues.some((i) => i.severity === 'error')).toBe(true);
  }
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const i of issues) {
    expect(
      Number.isInteger(i.line) && i.line >= 1 && i.line <= lines + 1,
      `line of ${JSON.stringify(i)}`,
    ).toBe(true);
    expect(Number.isInteger(i.col) && i.col >= 1, `col of ${JSON.stringify(i)}`).toBe(true);
    expect(i.message.length).toBeGreaterThan(0);
    expect(i.file).toBe('images.config.yaml');
  }
}

test('the base manifest is valid', () => {
  expect(ws.parse(BASE).entries).toHaveLength(3);
});

test('mutated manifests: a Manifest or a located ManifestError, nothing else', () => {
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (muts) => check(mutate(BASE, muts))),
    { numRuns: 600 },
  );
});

test('arbitrary text: a Manifest or a located ManifestError, nothing else', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join('')),
      ),
      check,
    ),
    { numRuns: 400 },
  );
});

test('structurally plausible manifests with random values', () => {
  const value = fc.oneof(
    fc.constantFrom(
      'low',
      'auto',
      'standard',
      'transparent',
      'png',
      'jpeg',
      '3:2',
      '1024x1024',
      '30d',
      '@a',
      '@b#2',
      '{id}-{n}.{ext}',
      '../x.png',
      'gpt-image-1.5',
      'gpt-image-2',
    ),
    fc.integer({ min: -2, max: 20 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(
      fc.constantFrom('@a', '@b', '@c#1', 'docs/photos/team.png', 'https://x.test/i.png', 'missing.png'),
      { maxLength: 4 },
    ),
    fc.string({ maxLength: 8 }),
  );
  const entry = fc.dictionary(fc.constantFrom(...ENTRY_KEYS, 'qualty', 'prompt'), value, { maxKeys: 6 });
  const manifest = fc.record(
    {
      version: fc.constantFrom(1, 2, '1'),
      defaults: fc.dictionary(fc.constantFrom(...ENTRY_KEYS), value, { maxKeys: 4 }),
      vars: fc.dictionary(
        fc.constantFrom('style', 'x', '1bad', 'constructor', '__proto__'),
        fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
      ),
      images: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'bad id', 'constructor', '__proto__'), entry, {
        maxKeys: 3,
      }),
    },
    { requiredKeys: ['images'] },
  );
  fc.assert(
    fc.property(manifest, (m) => check(stringify(m))),
    { numRuns: 400 },
  );
});
