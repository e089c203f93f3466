/**
 * Manifest texts for property tests: a valid base manifest, fragments that matter to YAML or to
 * the manifest rules, and random edits of a text.
 */
import fc from 'fast-check';
import { ENTRY_KEYS } from '../../src/manifest/schema.js';
import { yml } from './fixture.js';

export const BASE = yml`
  version: 1
  defaults:
    quality: medium
    output_format: webp
    out: docs/img/{id}.{ext}
  vars:
    style: flat vector illustration
  pricing:
    gpt-image-1.5: { low: 0.009, medium: 0.034, default: 0.1 }
  images:
    hero:
      prompt: A lighthouse at dawn, {{style}}
      aspect_ratio: "3:2"
    hero-anime:
      prompt: Anime version
      input_images: ["@hero", docs/photos/team.png, https://example.com/ref.png, "@hero#1"]
      number_of_images: 2
      out: docs/img/hero-anime-{n}.{ext}
    legacy:
      model: gpt-image-1.5
      prompt: Banner
      quality: high
      image_size: 1536x1024
      output_format: png
      max_age: 30d
      variant: 2
`;

/** Fragments that matter to YAML or to the manifest rules. */
export const TOKENS = [
  ':',
  ': ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '&a ',
  '*a',
  '!t ',
  '!!str ',
  '\n',
  '  ',
  '\t',
  '#',
  '? ',
  '<<: ',
  '---\n',
  '|\n',
  '>\n',
  '~',
  'null',
  '@hero',
  '@hero#9',
  '@nope',
  '@legacy',
  '{{style}}',
  '{{x}}',
  '{n}',
  '{ext}',
  '{bad}',
  '../',
  '/abs',
  'outside/',
  'link.png',
  'gpt-image-1.5',
  'standard',
  'transparent',
  'jpeg',
  'png',
  '0s',
  '1e309',
  '-1',
  '1.5',
  '\uFEFF',
  '\u2028',
  '\0',
  'prompt',
  'out',
  'images',
  'defaults',
  'version',
  '__proto__',
  'constructor',
  'toString',
  '{{constructor}}',
  '@constructor',
  'hasOwnProperty: ',
  ...ENTRY_KEYS.map((k) => `${k}: `),
];

export type Mutation = { at: number; del: number; insert: string };
export const mutation = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 12 }),
  insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.constant('')),
});

export function mutate(text: string, muts: readonly Mutation[]): string {
  let s = text;
  for (const m of muts) {
    const at = m.at % (s.length + 1);
    s = s.slice(0, at) + m.insert + s.slice(at + m.del);
  }
  return s;
}
