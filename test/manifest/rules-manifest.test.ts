/**
 * Rules on the manifest as a whole — vars, top-level keys, defaults, pricing, YAML itself — and
 * across entries (shared outputs, references). Exact line and column, and a message substring.
 */
import { afterAll, test } from 'vitest';
import { type Case, entry, expectProblems, makeWorkspace, yml } from './fixture.js';

const ws = makeWorkspace();
afterAll(() => ws.cleanup());

const cases: Case[] = [
  [
    'unknown variable, pointed at inside the prompt',
    yml`
    version: 1
    images:
      a:
        prompt: hi {{nope}}
  `,
    [[4, 16, 'unknown variable `{{nope}}`; define it under a top-level `vars:` map']],
  ],
  [
    'unknown variable, with did-you-mean',
    yml`
    version: 1
    vars:
      style: flat
    images:
      a:
        prompt: "{{stlye}} art"
  `,
    [[6, 14, 'unknown variable `{{stlye}}`; did you mean `{{style}}`?']],
  ],
  [
    'vars value not text',
    yml`
    version: 1
    vars:
      year: 2024
    images: {}
  `,
    [[3, 9, 'vars.year must be text (got 2024); quote it']],
  ],
  [
    'missing prompt points at the entry map',
    yml`
    version: 1
    images:
      a:
        model: gpt-image-2
  `,
    [[4, 5, 'images.a: missing required key `prompt`']],
  ],
  [
    'empty prompt',
    entry('').replace('prompt: p', 'prompt: "  "'),
    [[4, 13, 'images.a.prompt must not be empty']],
  ],
  // The gateway refuses an empty prompt (after charging a request slot): caught here instead.
  [
    'a prompt empty after substitution',
    'version: 1\nvars:\n  empty: ""\nimages:\n  a:\n    prompt: "{{empty}}"\n',
    [
      [
        6,
        13,
        'images.a.prompt is empty after variable substitution (`vars.empty` is empty); give it text or write the prompt out',
      ],
    ],
  ],
  [
    'a prompt of only blank variables and spaces',
    'version: 1\nvars:\n  a: "  "\n  b: ""\nimages:\n  x:\n    prompt: " {{a}} {{ b }} "\n',
    [
      [
        7,
        13,
        'images.x.prompt is empty after variable substitution (`vars.a`, `vars.b` are empty); give them text',
      ],
    ],
  ],
  [
    'a prompt with text beside an empty variable is fine',
    'version: 1\nvars:\n  empty: ""\nimages:\n  a:\n    prompt: "{{empty}} a lighthouse"\n',
    [],
  ],
  ['missing version', 'images: {}\n', [[1, 1, 'missing required key `version`; add `version: 1`']]],
  ['unsupported version', 'version: 2\nimages: {}\n', [[1, 10, 'version must be 1 (got 2)']]],
  [
    'quoted version',
    'version: "1"\nimages: {}\n',
    [[1, 10, 'version must be 1 (got `1`); write the number without quotes']],
  ],
  [
    'bad id',
    'version: 1\nimages:\n  "a b":\n    prompt: p\n',
    [[3, 3, '`a b`: invalid id; ids start with a letter or digit']],
  ],
  ['entry not a map', 'version: 1\nimages:\n  a: hello\n', [[3, 6, 'images.a must be a map']]],
  [
    'entry left empty points at its key',
    'version: 1\nimages:\n  a:\n',
    [[3, 3, 'images.a must be a map (`key: value` lines) (got an empty value)']],
  ],
  ['root not a map', '- a\n', [[1, 1, 'the manifest must be a map']]],
  ['empty file', '# nothing\n', [[1, 1, 'the manifest is empty']]],
  [
    'unknown top-level key and the missing one',
    'version: 1\nimges: {}\n',
    [
      [1, 1, 'missing required key `images`'],
      [2, 1, 'unknown key `imges`; did you mean `images`?'],
    ],
  ],
  [
    'prompt in defaults',
    'version: 1\ndefaults:\n  prompt: x\nimages: {}\n',
    [[3, 3, '`prompt` cannot have a default']],
  ],
  [
    'both image_size and aspect_ratio in defaults',
    'version: 1\ndefaults:\n  aspect_ratio: "1:1"\n  image_size: 1024x1024\nimages: {}\n',
    [[4, 3, 'defaults: set `image_size` or `aspect_ratio`, not both']],
  ],
  [
    'a defaults value some entries’ model does not allow: reported once, not per entry',
    'version: 1\ndefaults:\n  quality: standard\nimages:\n  a:\n    prompt: p\n  b:\n    prompt: p\n  c:\n    prompt: p\n    model: gpt-image-1.5\n',
    [
      [
        3,
        12,
        'defaults.quality: `standard` is not allowed for gpt-image-2; allowed: low, medium, high, auto (or use model gpt-image-1.5); entries using gpt-image-2 inherit it from defaults',
      ],
    ],
  ],
  [
    'an out in defaults entering .git is reported at defaults, for each path',
    'version: 1\ndefaults:\n  out: .git/img/{id}.{ext}\nimages:\n  a:\n    prompt: p\n  b:\n    prompt: p\n',
    [
      [3, 8, 'defaults.out: `.git/img/a.webp` is inside `.git`'],
      [3, 8, 'defaults.out: `.git/img/b.webp` is inside `.git`'],
    ],
  ],
  [
    'pricing for an unknown model',
    'version: 1\npricing:\n  gpt-image-3: { low: 1 }\nimages: {}\n',
    [
      [
        3,
        3,
        'pricing: unknown model `gpt-image-3`; known models: gpt-image-2, gpt-image-1.5; did you mean `gpt-image-2`?',
      ],
    ],
  ],
  [
    'pricing with a mistyped quality',
    'version: 1\npricing:\n  gpt-image-1.5: { meduim: 0.03 }\nimages: {}\n',
    [
      [
        3,
        20,
        '`meduim` is not a quality of gpt-image-1.5; use default, low, medium, high, auto, standard; did you mean `medium`?',
      ],
    ],
  ],
  [
    'negative price',
    'version: 1\npricing:\n  gpt-image-1.5: { default: -1 }\nimages: {}\n',
    [[3, 29, 'pricing.gpt-image-1.5.default must be ≥ 0']],
  ],
  ['duplicate key', entry('quality: low', 'quality: high'), [[6, 5, 'duplicate key `quality`']]],
  ['YAML merge key', entry('<<: {quality: low}'), [[5, 5, 'YAML merge keys (`<<`) are not supported']]],
  ['alias without anchor', entry('quality: *q'), [[5, 14, 'alias `*q` has no anchor `&q`']]],
  // Names that live on Object.prototype must not be mistaken for defined ones.
  [
    '{{constructor}} is an unknown variable',
    entry('').replace('prompt: p', 'prompt: "{{constructor}}"'),
    [[4, 14, 'unknown variable `{{constructor}}`']],
  ],
  [
    'pricing for `constructor`',
    'version: 1\npricing:\n  constructor: { low: 1 }\nimages: {}\n',
    [[3, 3, 'unknown model `constructor`']],
  ],
  [
    '`__proto__` as an id',
    'version: 1\nimages:\n  __proto__:\n    prompt: p\n',
    [[3, 3, '`__proto__`: invalid id']],
  ],
  [
    '`toString` in defaults',
    'version: 1\ndefaults:\n  toString: x\nimages: {}\n',
    [[3, 3, 'unknown key `toString`']],
  ],
  ['complex key', entry('? [a]', ': 1'), [[5, 7, 'keys must be plain text']]],
  // Across entries.
  [
    'two entries writing one path: an error on both',
    'version: 1\nimages:\n  a:\n    prompt: p\n    out: x.webp\n  b:\n    prompt: p\n    out: x.webp\n',
    [
      [5, 10, 'images.a: writes `x.webp`, which entry `b` also writes (the same path);'],
      [8, 10, 'images.b: writes `x.webp`, which entry `a` also writes (the same path);'],
    ],
  ],
  [
    'identical paths are the same path, never "differ only in case"; a case twin is named as such',
    'version: 1\nimages:\n  a:\n    prompt: p\n    out: x.webp\n  b:\n    prompt: p\n    out: x.webp\n  c:\n    prompt: p\n    out: X.webp\n',
    [
      [
        5,
        10,
        'which entry `b` also writes (the same path), and entry `c` writes as `X.webp` (the paths differ only in case',
      ],
      [8, 10, 'which entry `a` also writes (the same path), and entry `c` writes as `X.webp`'],
      [
        11,
        10,
        'images.c: writes `X.webp`, which entry `a` writes as `x.webp` (the paths differ only in case',
      ],
    ],
  ],
  [
    'paths differing only in case clash too; an inherited out is reported at the id',
    'version: 1\ndefaults:\n  out: X.{ext}\nimages:\n  a:\n    prompt: p\n  b:\n    prompt: p\n    out: x.webp\n',
    [
      [5, 3, 'which entry `b` writes as `x.webp` (the paths differ only in case'],
      [9, 10, 'which entry `a` writes as `X.webp`'],
    ],
  ],
  [
    'a cycle through two entries is named on both edges',
    'version: 1\nimages:\n  a:\n    prompt: p\n    input_images: ["@b"]\n  b:\n    prompt: p\n    input_images: ["@a"]\n',
    [
      [5, 20, '`@b` makes a cycle: a → b → a'],
      [8, 20, '`@a` makes a cycle: b → a → b'],
    ],
  ],
  [
    'an image number beyond the upstream count',
    'version: 1\nimages:\n  a:\n    prompt: p\n    input_images: ["@b#3"]\n  b:\n    prompt: p\n    number_of_images: 2\n    out: "{id}-{n}.{ext}"\n',
    [[5, 20, '`@b#3`: entry `b` makes 2 images; use #1..#2']],
  ],
  [
    'a missing local input that another entry generates gets an @id hint',
    'version: 1\nimages:\n  a:\n    prompt: p\n    input_images: [b.webp]\n  b:\n    prompt: p\n',
    [
      [
        5,
        20,
        "does not exist (paths are relative to the manifest's folder); it is an output of entry `b`: use `@b`",
      ],
    ],
  ],
];

test.each(cases)('%s', (_name, text, expected) => {
  expectProblems(ws.problems(text), expected);
});
