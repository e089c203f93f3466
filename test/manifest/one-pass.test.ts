/**
 * Every problem in one pass: a refused value (schema) does not hide the rules that do not read it
 * (vars, out, paths, references, files), and a refused value is never replaced by a guess that
 * produces a false follow-up (a default format judged against `out`, a stand-in count against `@id#n`).
 */
import { afterAll, test } from 'vitest';
import { type Case, expectProblems, makeWorkspace, yml } from './fixture.js';

const ws = makeWorkspace();
afterAll(() => ws.cleanup());

const cases: Case[] = [
  [
    'one entry, eleven independent mistakes of every class, all located',
    yml`
      version: 1
      images:
        a:
          prompt: "{{nope}} lighthouse"
          colour: red
          quality: ultra
          number_of_images: 11
          output_format: gif
          out: ../../x-{n}.{ext}
          max_age: 3 days
          input_images: [missing.png, "@nope", .git/config, "ftp://x.test/a.png", "@a"]
    `,
    [
      [4, 14, 'images.a.prompt: unknown variable `{{nope}}`'],
      [5, 5, 'images.a: unknown key `colour`'],
      [6, 14, 'images.a.quality must be one of low, medium, high, auto for gpt-image-2 (got `ultra`)'],
      [7, 23, 'images.a.number_of_images must be an integer from 1 to 10 (got 11)'],
      [8, 20, 'images.a.output_format must be one of png, jpeg, webp (got `gif`)'],
      [9, 10, 'images.a.out: `../../x-1.webp` is outside the workspace'],
      [10, 14, 'images.a.max_age must be a positive number and a unit'],
      [11, 20, 'images.a.input_images[0]: `missing.png` does not exist'],
      [11, 33, 'images.a.input_images[1]: `@nope` names no entry'],
      [11, 42, 'images.a.input_images[2]: `.git/config` is inside `.git`'],
      [11, 55, 'images.a.input_images[3]: `ftp:` is not supported'],
      [11, 77, 'images.a.input_images[4]: `@a` makes a cycle: a → a'],
    ],
  ],
  [
    'a misspelt model: the rules that need it are skipped, the others run',
    yml`
      version: 1
      images:
        a:
          prompt: "{{nope}}"
          model: gpt-image-3
          image_size: 1024x1024
          out: ../x.{ext}
          input_images: [missing.png]
    `,
    [
      [4, 14, 'unknown variable `{{nope}}`'],
      [5, 12, 'images.a.model must be one of gpt-image-2, gpt-image-1.5 (got `gpt-image-3`)'],
      [7, 10, '`../x.webp` is outside the workspace'],
      [8, 20, '`missing.png` does not exist'],
    ],
  ],
  [
    'a misspelt model in defaults: its entries are still checked',
    yml`
      version: 1
      defaults:
        model: gpt-image-3
      images:
        a:
          prompt: "{{nope}}"
          input_images: ["@b"]
    `,
    [
      [3, 10, 'defaults.model must be one of'],
      [6, 14, 'unknown variable `{{nope}}`'],
      [7, 20, '`@b` names no entry'],
    ],
  ],
  [
    'a refused count is no stand-in: @id#n into it is not judged, out without {n} is not blamed',
    yml`
      version: 1
      images:
        a:
          prompt: p
          number_of_images: 12
          out: a.{ext}
        b:
          prompt: p
          input_images: ["@a#3"]
    `,
    [[5, 23, 'images.a.number_of_images must be an integer from 1 to 10 (got 12)']],
  ],
  [
    'a refused format is no stand-in: out is not judged against a default format, nor clashes through {ext}',
    yml`
      version: 1
      images:
        a:
          prompt: p
          output_format: PNG
          out: a.png
        b:
          prompt: p
          output_format: jpg
          out: b.{ext}
        c:
          prompt: p
          out: b.webp
    `,
    [
      [5, 20, 'images.a.output_format must be one of png, jpeg, webp (got `PNG`); did you mean `png`?'],
      [9, 20, 'images.b.output_format must be one of png, jpeg, webp (got `jpg`)'],
    ],
  ],
  [
    'a refused out is not replaced by the default one (nor by defaults.out)',
    yml`
      version: 1
      defaults:
        out: shared.{ext}
      images:
        a:
          prompt: p
          number_of_images: 2
          out: ""
        b:
          prompt: p
          out: shared.webp
    `,
    [[8, 10, 'images.a.out must not be empty']],
  ],
  [
    'a refused list of inputs still has each item checked',
    yml`
      version: 1
      images:
        a:
          prompt: p
          input_images: ["", missing.png, "@nope"]
    `,
    [
      [5, 20, 'images.a.input_images[0] must not be empty'],
      [5, 24, '`missing.png` does not exist'],
      [5, 37, '`@nope` names no entry'],
    ],
  ],
  [
    'a repeated key and a key that is a list do not hide the rest',
    yml`
      version: 1
      images:
        a:
          prompt: p
          prompt: "{{nope}}"
          ? [x]
          : 1
          out: ../x.{ext}
    `,
    [
      [5, 5, 'duplicate key `prompt`'],
      [5, 14, 'unknown variable `{{nope}}`'],
      [6, 7, 'keys must be plain text'],
      [8, 10, '`../x.webp` is outside the workspace'],
    ],
  ],
];

test.each(cases)('%s', (_name, text, expected) => {
  expectProblems(ws.problems(text), expected);
});
