/**
 * One case per entry-level validation rule: the exact line and column the problem is reported at
 * and a substring of its message. `entry(...)` builds the common shape.
 */
import { afterAll, test } from 'vitest';
import { type Case, entry, expectProblems, makeWorkspace } from './fixture.js';

const ws = makeWorkspace();
afterAll(() => ws.cleanup());

const cases: Case[] = [
  [
    'unknown key, with did-you-mean',
    entry('qualty: high'),
    [[5, 5, 'unknown key `qualty`; did you mean `quality`?']],
  ],
  [
    'unknown key without a plausible meaning: no list of every key',
    entry('colour: red'),
    [[5, 5, 'unknown key `colour`; remove it (every key is in docs/manifest.md)']],
  ],
  ['wrong type', entry('number_of_images: two'), [[5, 23, 'must be an integer from 1 to 10 (got `two`)']]],
  [
    'a quoted number',
    entry('number_of_images: "2"'),
    [[5, 23, '(got `2`); write the number without quotes']],
  ],
  ['not an integer', entry('number_of_images: 1.5'), [[5, 23, 'must be an integer from 1 to 10']]],
  ['out of range', entry('output_compression: 101'), [[5, 25, 'must be an integer from 0 to 100']]],
  // The values offered are those of the entry's model (own, else from defaults, else gpt-image-2),
  // which is named where its values are not every model's.
  [
    'value outside the allowed set: gpt-image-2 lists its own values only',
    entry('quality: ultra'),
    [[5, 14, 'images.a.quality must be one of low, medium, high, auto for gpt-image-2 (got `ultra`)']],
  ],
  [
    'value outside the allowed set: gpt-image-1.5 lists its own, standard included',
    entry('model: gpt-image-1.5', 'quality: ultra'),
    [[6, 14, 'images.a.quality must be one of low, medium, high, auto, standard (got `ultra`)']],
  ],
  [
    'value outside the allowed set: the model inherited from defaults decides',
    'version: 1\ndefaults:\n  model: gpt-image-1.5\nimages:\n  a:\n    prompt: p\n    quality: ultra\n',
    [[7, 14, 'images.a.quality must be one of low, medium, high, auto, standard (got `ultra`)']],
  ],
  [
    'value outside the allowed set: a misspelt model leaves every model’s values',
    entry('model: gpt-image-3', 'quality: ultra'),
    [
      [5, 12, 'images.a.model must be one of gpt-image-2, gpt-image-1.5'],
      [6, 14, 'images.a.quality must be one of low, medium, high, auto, standard (got `ultra`)'],
    ],
  ],
  [
    'value with did-you-mean among the model’s values',
    entry('quality: hgh'),
    [[5, 14, 'must be one of low, medium, high, auto for gpt-image-2 (got `hgh`); did you mean `high`?']],
  ],
  [
    'values every model shares are listed without a model',
    entry('output_format: gif'),
    [[5, 20, 'images.a.output_format must be one of png, jpeg, webp (got `gif`)']],
  ],
  ['value with did-you-mean', entry('background: transparant'), [[5, 17, 'did you mean `transparent`?']]],
  [
    'value allowed for another model only',
    entry('quality: standard'),
    [
      [
        5,
        14,
        '`standard` is not allowed for gpt-image-2; allowed: low, medium, high, auto (or use model gpt-image-1.5)',
      ],
    ],
  ],
  [
    'key the model does not take',
    entry('model: gpt-image-1.5', 'moderation: low'),
    [[6, 5, '`moderation` is not taken by gpt-image-1.5; remove it or use model gpt-image-2']],
  ],
  [
    'input_images for a text-only model',
    entry('model: gpt-image-1.5', 'input_images: [https://x.test/a.png]'),
    [[6, 5, '`input_images` is not taken by gpt-image-1.5']],
  ],
  [
    'image_size and aspect_ratio together',
    entry('model: gpt-image-1.5', 'aspect_ratio: "3:2"', 'image_size: 1024x1024'),
    [[7, 5, 'set `image_size` or `aspect_ratio`, not both']],
  ],
  [
    'transparent background with jpeg',
    entry('background: transparent', 'output_format: jpeg'),
    [[5, 17, '`background: transparent` needs output_format png or webp, not jpeg']],
  ],
  [
    'output_compression with png is a warning',
    entry('output_format: png', 'output_compression: 50'),
    [[6, 25, 'no effect on png', 'warning']],
  ],
  [
    'several images without {n}',
    entry('number_of_images: 2'),
    [[5, 23, 'number_of_images is 2 but `out` (`{id}.{ext}`) has no `{n}`; add it, e.g. `{id}-{n}.{ext}`']],
  ],
  [
    'literal extension disagreeing with the format',
    entry('out: a.png'),
    [[5, 10, 'ends in `.png` but output_format is webp']],
  ],
  ['no extension', entry('out: img/{id}'), [[5, 10, 'has no file extension']]],
  [
    'unknown placeholder (pointed at inside the value)',
    entry('out: img/{name}.{ext}'),
    [[5, 14, 'unknown placeholder `{name}`']],
  ],
  ['stray brace', entry('out: img/{id.{ext}'), [[5, 14, 'stray `{`']]],
  ['absolute out', entry('out: /tmp/x.{ext}'), [[5, 10, 'must be a relative path']]],
  ['backslashes in out', entry('out: img\\x.{ext}'), [[5, 10, 'must use `/`']]],
  [
    'out escaping the workspace',
    entry('out: ../../x.{ext}'),
    [[5, 10, '`../../x.webp` is outside the workspace']],
  ],
  [
    'out through a symlink leading out',
    entry('out: outside/x.{ext}'),
    [[5, 10, 'leads outside the workspace through a symlink']],
  ],
  [
    'out naming a broken symlink (writing through it could land anywhere)',
    entry('out: dangling.{ext}'),
    [[5, 10, '`dangling.webp` cannot be resolved (broken or looping symlink)']],
  ],
  ['out naming a folder', entry('out: folder.{ext}'), [[5, 10, '`folder.webp` is a folder']]],
  // `.git` is git's own folder: an image there is never pushed, and every clone pays for it again.
  ...(
    [
      ['.git/{id}.{ext}', '.git/a.webp', 'is inside `.git`'],
      ['.GIT/{id}.{ext}', '.GIT/a.webp', 'is inside `.git`'],
      ['.git./{id}.{ext}', '.git./a.webp', 'is inside `.git`'],
      ['docs/../.git/{id}.{ext}', '.git/a.webp', 'is inside `.git`'],
      ['vendor/lib/.git/{id}.{ext}', 'vendor/lib/.git/a.webp', 'is inside `.git`'],
      ['gitlink/{id}.{ext}', 'gitlink/a.webp', 'leads into `.git` through a symlink'],
    ] as const
  ).map(
    ([out, rel, why]): Case => [
      `out entering .git: ${out}`,
      entry(`out: ${out}`),
      [[5, 10, `images.a.out: \`${rel}\` ${why}; \`.git\` is git's own folder`]],
    ],
  ),
  ['max_age not a duration', entry('max_age: 3 days'), [[5, 14, 'must be a positive number and a unit']]],
  ['max_age zero', entry('max_age: 0s'), [[5, 14, 'must be a positive number and a unit']]],
  ['variant of the wrong type', entry('variant: true'), [[5, 14, 'must be text or an integer (got true)']]],
  ['alt not text', entry('alt: [a]'), [[5, 10, 'must be text (got a list)']]],
  ['input_images empty', entry('input_images: []'), [[5, 19, 'needs 1 to 16 items (got 0)']]],
  [
    'input_images over 16',
    entry(`input_images: [${Array(17).fill('"https://x.test/a.png"').join(', ')}]`),
    [[5, 19, 'needs 1 to 16 items (got 17)']],
  ],
  [
    'unknown @id, with did-you-mean',
    entry('input_images: ["@aa"]'),
    [[5, 20, '`@aa` names no entry; did you mean `@a`?']],
  ],
  ['reference to itself', entry('input_images: ["@a"]'), [[5, 20, 'makes a cycle: a → a']]],
  [
    'image number zero',
    entry('input_images: ["@a#0"]'),
    [[5, 20, 'the image number after `#` is a whole number from 1']],
  ],
  ['unsupported scheme', entry('input_images: ["ftp://x.test/a.png"]'), [[5, 20, '`ftp:` is not supported']]],
  ['invalid URL', entry('input_images: ["https://"]'), [[5, 20, 'is not a valid URL']]],
  ['missing local input', entry('input_images: [missing.png]'), [[5, 20, '`missing.png` does not exist']]],
  [
    'local input outside the workspace',
    entry('input_images: [../elsewhere/secret.png]'),
    [[5, 20, 'is outside the workspace']],
  ],
  [
    'local input symlinked out',
    entry('input_images: [link.png]'),
    [[5, 20, 'leads outside the workspace through a symlink']],
  ],
  ...(
    [
      ['.git/config', 'is inside `.git`'],
      ['.Git/config', 'is inside `.git`'],
      ['docs/../.git/config', 'is inside `.git`'],
      ['gitlink/config', 'leads into `.git` through a symlink'],
    ] as const
  ).map(
    ([input, why]): Case => [
      `local input entering .git: ${input}`,
      entry(`input_images: [${input}]`),
      [
        [
          5,
          20,
          `images.a.input_images[0]: \`${input}\` ${why}; input images must be files of the repository, not inside \`.git\``,
        ],
      ],
    ],
  ),
  [
    'local input that is a folder',
    entry('input_images: [docs]'),
    [[5, 20, 'is a folder, not an image file']],
  ],
];

test.each(cases)('%s', (_name, text, expected) => {
  expectProblems(ws.problems(text), expected);
});
