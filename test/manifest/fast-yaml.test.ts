/**
 * The fast reader (js-yaml events) must never disagree with the located reader (`yaml`): whenever
 * it answers, `yaml` reads the same text without an error or warning, to the same data, keys in
 * the same order. Whenever they could differ it declines, and the loader reads the text with `yaml`.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type DocumentOptions,
  parseDocument,
  type SchemaOptions,
  stringify,
  type ToStringOptions,
} from 'yaml';
import { manifestText } from '../../bench/workspace.js';
import { readPlainYaml } from '../../src/manifest/fast-yaml.js';
import { makeWorkspace, yml } from './fixture.js';
import { BASE, mutate, mutation, TOKENS } from './texts.js';

/** JSON that tells NaN, ±Infinity and -0 apart and keeps key order. */
function canon(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))
      ? `#${Object.is(v, -0) ? '-0' : v}`
      : v,
  );
}

/** What the located path makes of `text`: its data, or `undefined` when yaml reports anything. */
function located(text: string): { clean: boolean; data: string } {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const clean = doc.errors.length === 0 && doc.warnings.length === 0;
  return { clean, data: clean ? canon(doc.toJS({ maxAliasCount: 1000 })) : '' };
}

/** The property: a fast answer is one that `yaml` gives too. Returns whether the fast reader answered. */
function agrees(text: string): boolean {
  const fast = readPlainYaml(text);
  if (fast === undefined) return false;
  const slow = located(text);
  expect(slow.clean, `yaml reports a problem the fast reader missed in ${JSON.stringify(text)}`).toBe(true);
  expect(canon(fast), JSON.stringify(text)).toBe(slow.data);
  return true;
}

describe('answers plain documents exactly as yaml reads them', () => {
  test.each([
    ['the base manifest', BASE],
    ['a benchmark manifest of 200 entries', manifestText(200, 4)],
    [
      'scalars of every style',
      "a: plain\nb: \"dq \\t \\u00e9 \\x41\"\nc: 'it''s'\nd: |\n  x\n  y\ne: >-\n  x\n\n  y\n",
    ],
    ['multi-line plain and quoted scalars', 'a: x\n  y\n\n  z\nb: "multi\n  line"\n'],
    [
      'numbers as yaml core reads them',
      'a: 0o17\nb: 0x1F\nc: 1e3\nd: +.5\ne: -0\nf: 1e400\ng: .NaN\nh: -.inf\ni: 010\nj: 0.\n',
    ],
    ['look-alikes that stay text', 'a: 0b11\nb: 1_000\nc: 2001-12-14\nd: yes\ne: 1:20\nf: 0x\n'],
    ['null, booleans, empty values', 'a: ~\nb: null\nc:\nd: True\ne: FALSE\n'],
    ['non-text keys', '1: a\n1.5: b\ntrue: c\n0x1F: d\n.inf: e\n'],
    ['one-line flow collections', 'a: [1, "two", {b: c}, [d]]\nb: {x: 1, y: [2]}\n'],
    ['comments, explicit keys, document markers', '--- # start\n? a\n: 1   # one\nb:   # empty\n  c\n...\n'],
    ['a __proto__ key', '__proto__: 1\nimages: {}\n'],
  ])('%s', (_name, text) => {
    expect(agrees(text)).toBe(true);
  });
});

describe('declines whatever yaml could read differently', () => {
  test.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['an anchor alone', 'a: &x 1\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a local tag', 'a: !thing 1\n'],
    ['a %YAML 1.1 directive (yes is true there)', '%YAML 1.1\n---\na: yes\n'],
    ['two documents', '--- a\n--- b\n'],
    ['no document', '# only a comment\n'],
    ['an empty text', ''],
    ['a null key', 'null: 1\n'],
    ['a ~ key', '~: 1\n'],
    ['an empty key', ': 1\n'],
    ['a quoted "null" key (spelled like a null key)', '"null": 1\n'],
    ['a flow collection closed at the start of a line', 'a: [\n  b\n]\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['keys equal once read (1 and "1")', '1: a\n"1": b\n'],
    ['a collection as a key', '[a]: b\n'],
    ['a syntax error', 'a: b: c\n'],
    ['a merge key', 'base: &b {x: 1}\nc:\n  <<: *b\n'],
  ])('%s', (_name, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });
});

describe('property: a fast answer always equals yaml', () => {
  test('edits of the base manifest', () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (muts) => {
        if (agrees(mutate(BASE, muts))) answered++;
      }),
      { numRuns: 800 },
    );
    // The property says nothing if the fast reader never answers.
    expect(answered).toBeGreaterThan(100);
  });

  test('texts made of YAML fragments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS, 'a', 'b', ' x', '1', '0x1', '.5'), { maxLength: 30 }),
        (t) => {
          agrees(t.join(''));
        },
      ),
      { numRuns: 800 },
    );
  });

  test('random data written in every scalar and collection style', () => {
    const scalar = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({
        unit: fc.constantFrom(' ', '\n', '\t', 'a', '#', ':', '-', '"', "'", '\\', '{', '}', '[', ']'),
        maxLength: 30,
      }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('prompt', 'out', '1', 'true', 'null', ''),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('tree'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
    }));
    const style = fc.record({
      defaultStringType: fc.constantFrom(
        'PLAIN',
        'QUOTE_DOUBLE',
        'QUOTE_SINGLE',
        'BLOCK_LITERAL',
        'BLOCK_FOLDED',
      ),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      lineWidth: fc.constantFrom(0, 12, 80),
      indent: fc.constantFrom(2, 4),
    });
    let answered = 0;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 5 }), style, (data, opts) => {
        const text = stringify(data, opts as DocumentOptions & SchemaOptions & ToStringOptions);
        if (agrees(text)) answered++;
      }),
      { numRuns: 600 },
    );
    expect(answered).toBeGreaterThan(100);
  });
});

describe('the loader', () => {
  const ws = makeWorkspace();

  test('reads a plain manifest on the fast path and a manifest with anchors on the located path, alike', () => {
    const plain = yml`
      version: 1
      defaults:
        quality: medium
      images:
        a:
          prompt: Lighthouse
        b:
          prompt: Harbour
          quality: medium
    `;
    const anchored = yml`
      version: 1
      defaults:
        quality: medium
      images:
        a:
          prompt: Lighthouse
        b:
          prompt: Harbour
          quality: &q medium
    `;
    expect(readPlainYaml(plain)).toBeDefined();
    expect(readPlainYaml(anchored)).toBeUndefined();
    expect(ws.parse(anchored).entries).toEqual(ws.parse(plain).entries);
  });

  test('a problem in a text the fast reader accepts is still reported at its line', () => {
    const text = yml`
      version: 1
      images:
        a:
          prompt: Lighthouse
          qualty: high
    `;
    expect(readPlainYaml(text)).toBeDefined();
    expect(ws.problems(text)).toEqual([
      expect.objectContaining({
        line: 5,
        col: 5,
        severity: 'error',
        message: expect.stringContaining('qualty'),
      }),
    ]);
  });

  test('a warning in a text the fast reader accepts keeps its position', () => {
    const text = yml`
      version: 1
      images:
        a:
          prompt: Lighthouse
          output_format: png
          output_compression: 50
    `;
    expect(readPlainYaml(text)).toBeDefined();
    expect(ws.parse(text).warnings).toEqual([
      expect.objectContaining({
        line: 6,
        severity: 'warning',
        message: expect.stringContaining('output_compression'),
      }),
    ]);
  });
});
