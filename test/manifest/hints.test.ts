/**
 * The messages for the slips people make most: a colon in an unquoted prompt, a key indented one
 * level too little, a key remembered by one of its words. Each shows the fix.
 */
import { afterAll, expect, test } from 'vitest';
import { orList, suggestions } from '../../src/manifest/suggest.js';
import { quote, syntaxHint } from '../../src/manifest/yaml-hints.js';
import { type Case, entry, expectProblems, makeWorkspace, yml } from './fixture.js';

const ws = makeWorkspace();
afterAll(() => ws.cleanup());

const cases: Case[] = [
  [
    'a colon in an unquoted prompt: quote the prompt, the fixed line shown',
    yml`
      version: 1
      images:
        hero:
          prompt: Title: A lighthouse
    `,
    [[4, 13, 'quote the prompt: `prompt: "Title: A lighthouse"`']],
  ],
  [
    'a colon in another value: quote the value, its comment kept',
    yml`
      version: 1
      images:
        hero:
          prompt: a
          alt: Logo: blue # brand
    `,
    [[5, 10, 'quote the value: `alt: "Logo: blue" # brand`']],
  ],
  [
    'a key indented one level too little: named as a key of the entry above, with the indentation',
    yml`
      version: 1
      images:
        hero:
        prompt: A lighthouse
    `,
    [
      [3, 3, 'images.hero must be a map'],
      [
        4,
        3,
        'images: `prompt` looks like a key of the entry `hero` above, indented one level too little; indent it under `hero`: `    prompt: A lighthouse`',
      ],
    ],
  ],
  [
    'an unknown key that is part of a longer one: the longer one suggested, with its model',
    entry('size: 1024x1024'),
    [[5, 5, 'unknown key `size`; did you mean `image_size` (gpt-image-1.5 only)?']],
  ],
  [
    'a word shared with several keys: a few suggestions, not every key',
    entry('format: png'),
    [[5, 5, 'unknown key `format`; did you mean `output_format`?']],
  ],
  [
    'a reference past the one image of an entry: singular, and the ways to name it',
    yml`
      version: 1
      images:
        a:
          prompt: p
        b:
          prompt: q
          input_images: ["@a#2"]
    `,
    [[7, 20, '`@a#2`: entry `a` makes 1 image; use `@a` or `@a#1`']],
  ],
];

test.each(cases)('%s', (_name, text, expected) => {
  const got = ws.problems(text);
  expectProblems(got, expected);
  for (const issue of got) expect(issue.message).not.toContain('allowed keys: prompt, model');
});

const KEYS = [
  'prompt',
  'model',
  'input_images',
  'quality',
  'aspect_ratio',
  'image_size',
  'output_format',
  'output_compression',
  'number_of_images',
];
test.each([
  ['size', ['image_size']],
  ['qualty', ['quality']],
  ['compression', ['output_compression']],
  ['images', ['input_images', 'number_of_images']],
  ['output', ['output_format', 'output_compression']],
  ['imageSize', ['image_size']],
  ['colour', []],
  ['si', []],
])('suggestions(%j) = %j', (word, expected) => {
  expect(suggestions(word, KEYS)).toEqual(expected);
});

test('suggestions are capped', () => {
  expect(suggestions('image', ['image_a', 'image_b', 'image_c', 'image_d'], 3)).toEqual([
    'image_a',
    'image_b',
    'image_c',
  ]);
});

test.each([
  [[], ''],
  [['a'], 'a'],
  [['a', 'b'], 'a or b'],
  [['a', 'b', 'c'], 'a, b or c'],
])('orList(%j) = %j', (items, text) => {
  expect(orList(items)).toBe(text);
});

test.each([
  ['BLOCK_AS_IMPLICIT_KEY', '    prompt: Title: A lighthouse', '`prompt: "Title: A lighthouse"`'],
  ['BLOCK_AS_IMPLICIT_KEY', '  - prompt: a: b', '`- prompt: "a: b"`'],
  ['BLOCK_AS_IMPLICIT_KEY', '    prompt: Say "hi": now', `\`prompt: 'Say "hi": now'\``],
  ['BLOCK_AS_IMPLICIT_KEY', '    prompt: "already: quoted', ''],
  ['OTHER_CODE', '    prompt: Title: A lighthouse', ''],
])('syntaxHint(%s, %j) shows %s', (code, line, shown) => {
  const hint = syntaxHint(code, line);
  if (shown) expect(hint).toContain(shown);
  else expect(hint).toBe('');
});

test('quote keeps the value readable and valid', () => {
  expect(quote('a: b')).toBe('"a: b"');
  expect(quote('say "x": y')).toBe(`'say "x": y'`);
  expect(quote(`it's "x": y`)).toBe(JSON.stringify(`it's "x": y`));
});
