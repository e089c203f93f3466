/**
 * Paths and ids a run could not write, upload or check out portably, and ones that would fake lines
 * in the log or the `files` output: `out`, local `input_images` and `index` with control characters,
 * `" : < > | * ?`, names ending in a dot or a space, or Windows device names — located errors, each
 * quoting the path on one line, with a did-you-mean where the fix is obvious.
 */
import { afterAll, expect, test } from 'vitest';
import { badPathSyntax, visible } from '../../src/manifest/paths.js';
import { type Case, entry, expectProblems, makeWorkspace } from './fixture.js';

const ws = makeWorkspace();
afterAll(() => ws.cleanup());

/** A YAML double-quoted scalar: `\n`, `\t`, `\u2028` … are written as escapes, as a hostile PR would. */
const q = (s: string) => JSON.stringify(s);
const withIndex = (value: string) =>
  `version: 1\nindex: ${value}\nimages:\n  a:\n    prompt: p\n    alt: An a\n`;

const CONTROL = 'must not contain control characters (a line break, tab or the like)';
const PORTABLE = 'an artifact upload refuses it and a Windows checkout cannot create it';

const cases: Case[] = [
  [
    'out with a newline and a workflow command',
    entry(`out: ${q('img/{id}.{ext}\n::error file=x::pwned')}`),
    [
      [
        5,
        10,
        `images.a.out: \`img/{id}.{ext}\\n::error file=x::pwned\` ${CONTROL}; did you mean \`img/{id}.{ext}::error file=x::pwned\`?`,
      ],
    ],
  ],
  ['out with a tab', entry(`out: ${q('img/\t{id}.{ext}')}`), [[5, 10, `\`img/\\t{id}.{ext}\` ${CONTROL}`]]],
  [
    'out with U+2028',
    entry(`out: ${q('img/a\u2028b/{id}.{ext}')}`),
    [[5, 10, `\`img/a\\u{2028}b/{id}.{ext}\` ${CONTROL}`]],
  ],
  ['out with a carriage return', entry(`out: ${q('img/{id}\r.{ext}')}`), [[5, 10, CONTROL]]],
  ['out with NUL', entry(`out: ${q('img/\0{id}.{ext}')}`), [[5, 10, `\`img/\\u{0}{id}.{ext}\` ${CONTROL}`]]],
  ...['"', ':', '<', '>', '|', '*', '?'].map(
    (ch): Case => [
      `out with ${ch}`,
      entry(`out: ${q(`img/a${ch}b-{id}.{ext}`)}`),
      [
        [
          5,
          10,
          `must not contain \`${ch}\` (nor any of \`" : < > | * ?\`): ${PORTABLE}; did you mean \`img/a-b-{id}.{ext}\`?`,
        ],
      ],
    ],
  ),
  [
    'out with a folder ending in a dot',
    entry('out: img./{id}.{ext}'),
    [[5, 10, 'has a name ending in a dot or a space (`img.`)']],
  ],
  [
    'out with a folder ending in a space',
    entry(`out: ${q('img /{id}.{ext}')}`),
    [[5, 10, 'has a name ending in a dot or a space (`img `)']],
  ],
  [
    'out naming a Windows device',
    entry('out: nul.{ext}'),
    [[5, 10, 'uses `nul.{ext}`, a device name Windows reserves']],
  ],
  [
    'out in a folder named like a device',
    entry('out: COM1/{id}.{ext}'),
    [[5, 10, 'uses `COM1`, a device name Windows reserves']],
  ],
  [
    'an id that expands to a device name',
    'version: 1\nimages:\n  con:\n    prompt: p\n',
    [[3, 3, 'images.con: `con.webp` uses `con.webp`, a device name Windows reserves']],
  ],
  [
    'local input_images with a newline',
    entry(`input_images: [${q('docs/photos/team.png\n::warning::x')}]`),
    [[5, 20, `images.a.input_images[0]: \`docs/photos/team.png\\n::warning::x\` ${CONTROL}`]],
  ],
  [
    'local input_images with a colon',
    entry('input_images: ["docs/a:b.png"]'),
    [[5, 20, `must not contain \`:\``]],
  ],
  [
    'index with a newline',
    withIndex(q('data/i\n::error::x.json')),
    [[2, 8, `index: \`data/i\\n::error::x.json\` ${CONTROL}`]],
  ],
  ['index with a star', withIndex(q('data/*.json')), [[2, 8, `must not contain \`*\``]]],
  [
    'an id with a newline: located, on one line',
    `version: 1\nimages:\n  ${q('a\n::error::x')}:\n    prompt: p\n`,
    [[3, 3, 'images: `a\\n::error::x`: invalid id']],
  ],
];

test.each(cases)('%s', (_name, text, expected) => {
  const got = ws.problems(text);
  expectProblems(got, expected);
  // No message can fake a line (in the log, an annotation or the CLI's `file:line:col:` output).
  for (const i of got) expect(i.message).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
});

test.each([
  'img/x.png',
  'docs/img/{id}.{ext}',
  '../shared/x.png',
  'img/{id}-{n}.{ext}',
  'con-test/x.png',
  'img/.hidden.png',
  './img/x.png',
])('%s is a portable path', (p) => {
  expect(badPathSyntax(p)).toBeUndefined();
});

test('visible shows control characters as escapes and leaves the rest', () => {
  expect(visible('a\nb\tc\u2028d\u0007é')).toBe('a\\nb\\tc\\u{2028}d\\u{7}é');
});
