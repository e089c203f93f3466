/**
 * The top-level `index:` key: its path rules (located errors), where it resolves, and the alt-text
 * warning it brings.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { type Case, expectProblems, makeWorkspace } from './fixture.js';

const ws = makeWorkspace();
mkdirSync(path.join(ws.root, 'folder.json'));
afterAll(() => ws.cleanup());

/** `index: <value>` on line 2, one entry `a` with alt text on lines 3-6. */
const withIndex = (value: string, more = '') =>
  `version: 1\nindex: ${value}\nimages:\n  a:\n    prompt: p\n    alt: An a\n${more}`;

const cases: Case[] = [
  ['an absolute path', withIndex('/tmp/images.json'), [[2, 8, 'must be a relative path']]],
  ['backslashes', withIndex('data\\images.json'), [[2, 8, 'must use `/` as the folder separator']]],
  ['not JSON', withIndex('data/images.yaml'), [[2, 8, 'index: `data/images.yaml` must end in `.json`']]],
  [
    'outside the workspace',
    withIndex('../images.json'),
    [[2, 8, 'index: `../images.json` is outside the workspace; the index must stay inside the workspace']],
  ],
  [
    'through a symlink leading out',
    withIndex('outside/images.json'),
    [[2, 8, 'leads outside the workspace through a symlink']],
  ],
  ['inside .git', withIndex('.git/images.json'), [[2, 8, "is inside `.git`; `.git` is git's own folder"]]],
  ['a folder', withIndex('folder.json'), [[2, 8, 'is a folder; `index` must name a file']]],
  [
    "another entry's output",
    withIndex('b.json', '  b:\n    prompt: p\n    alt: B\n    out: B.JSON\n'),
    [
      [2, 8, 'index: `b.json` is also the output of entry `b`'],
      [10, 10, '`out` (`B.JSON`) ends in `.JSON` but output_format is webp'],
    ],
  ],
  ['not text', withIndex('[a.json]'), [[2, 8, 'index must be text (got a list)']]],
  ['empty', withIndex('""'), [[2, 8, 'index must not be empty']]],
  [
    'entries without alt are a warning each, at the entry (an empty alt is a choice)',
    'version: 1\nindex: data/images.json\nimages:\n  a:\n    prompt: p\n  b:\n    prompt: p\n    alt: ""\n  c:\n    prompt: p\n',
    [
      [4, 3, 'images.a: no `alt`, and `index:` hands this image to your site', 'warning'],
      [9, 3, 'images.c: no `alt`', 'warning'],
    ],
  ],
  [
    'an alt in defaults covers every entry',
    'version: 1\nindex: data/images.json\ndefaults:\n  alt: An illustration\nimages:\n  a:\n    prompt: p\n',
    [],
  ],
  ['without index, no alt is fine', 'version: 1\nimages:\n  a:\n    prompt: p\n', []],
];

test.each(cases)('%s', (_name, text, expected) => {
  expectProblems(ws.problems(text), expected);
});

test('resolves relative to the manifest folder, and the schema describes the key', () => {
  const m = ws.parse(withIndex('../site/data/images.json'), 'docs/images.config.yaml');
  expect(m.index).toEqual({
    abs: path.join(ws.root, 'site/data/images.json'),
    workspacePath: 'site/data/images.json',
  });
  expect(ws.parse('version: 1\nimages: {}\n').index).toBeUndefined();
});

test('a manifest written as JSON cannot name itself as the index', () => {
  const text = JSON.stringify({ version: 1, index: 'images.json', images: { a: { prompt: 'p', alt: 'A' } } });
  const problems = ws.problems(text, 'images.json');
  expect(problems.map((p) => p.message)).toEqual([
    'index: `images.json` is the manifest itself; name another file',
  ]);
});

test('an unknown top-level key near `index` gets a did-you-mean', () => {
  expectProblems(ws.problems('version: 1\nindx: a.json\nimages: {}\n'), [
    [2, 1, 'unknown key `indx`; did you mean `index`?'],
  ]);
});
