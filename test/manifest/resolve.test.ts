/** What a valid manifest resolves to: defaults, params, vars, outputs, inputs. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { ResolvedEntry } from '../../src/manifest/types.js';
import { makeWorkspace, yml } from './fixture.js';

const ws = makeWorkspace();
afterAll(() => ws.cleanup());

const entries = (text: string) => Object.fromEntries(ws.parse(text).entries.map((e) => [e.id, e]));
const one = (lines: string, model = 'gpt-image-2'): ResolvedEntry =>
  ws.parse(`version: 1\nimages:\n  a:\n    prompt: p\n    model: ${model}\n${lines}`).entries[0]!;

describe('defaults', () => {
  const text = yml`
    version: 1
    defaults:
      moderation: low
      output_compression: 50
      image_size: 1536x1024
      input_images: [https://x.test/ref.png]
      quality: high
    images:
      two:
        prompt: p
      old:
        prompt: p
        model: gpt-image-1.5
  `;

  test('apply where the model takes them and are ignored elsewhere', () => {
    const { two, old } = entries(text);
    expect(two!.params).toMatchObject({ moderation: 'low', output_compression: 50, quality: 'high' });
    expect(two!.params).not.toHaveProperty('image_size');
    expect(two!.inputs).toEqual([{ kind: 'url', url: 'https://x.test/ref.png' }]);
    expect(two!.mode).toBe('image-to-image');
    expect(old!.params).toEqual({ quality: 'high', image_size: '1536x1024', output_format: 'webp' });
    expect(old!.inputs).toEqual([]);
    expect(old!.mode).toBe('text-to-image');
  });

  test('an entry overrides them', () => {
    const e = entries(text.replace('model: gpt-image-1.5', 'model: gpt-image-1.5\n    quality: low')).old!;
    expect(e.params.quality).toBe('low');
  });

  test("an entry's aspect_ratio overrides a default image_size (and the reverse)", () => {
    const byAspect = entries(
      text.replace('model: gpt-image-1.5', 'model: gpt-image-1.5\n    aspect_ratio: "2:3"'),
    ).old!;
    expect(byAspect.params.image_size).toBe('1024x1536');
    const reverse = yml`
      version: 1
      defaults:
        aspect_ratio: "3:2"
      images:
        old:
          prompt: p
          model: gpt-image-1.5
          image_size: 1024x1024
    `;
    expect(entries(reverse).old!.params.image_size).toBe('1024x1024');
  });
});

describe('spelling out a default hashes like omitting it', () => {
  test.each([
    [
      'gpt-image-2',
      'quality: auto\n    background: auto\n    moderation: auto\n    aspect_ratio: "1:1"\n    output_format: webp\n    number_of_images: 1\n    output_compression: 90',
    ],
    ['gpt-image-1.5', 'image_size: 1024x1024\n    output_format: webp\n    number_of_images: 1'],
    ['gpt-image-1.5', 'aspect_ratio: "1:1"'],
  ])('%s: %s', (model, lines) => {
    expect(one(`    ${lines}\n`, model).params).toEqual(one('', model).params);
  });

  test('gpt-image-2 carries every documented default; 1.5 only what it always sends', () => {
    expect(one('').params).toEqual({
      quality: 'auto',
      background: 'auto',
      moderation: 'auto',
      aspect_ratio: '1:1',
      output_format: 'webp',
      number_of_images: 1,
      output_compression: 90,
    });
    expect(one('', 'gpt-image-1.5').params).toEqual({ image_size: '1024x1024', output_format: 'webp' });
  });
});

test.each([
  ['1:1', '1024x1024'],
  ['3:2', '1536x1024'],
  ['2:3', '1024x1536'],
])('aspect_ratio %s is image_size %s for gpt-image-1.5', (aspect, size) => {
  const e = one(`    aspect_ratio: "${aspect}"\n`, 'gpt-image-1.5');
  expect(e.params).toEqual({ image_size: size, output_format: 'webp' });
});

test('model defaults to gpt-image-2; metadata passes through', () => {
  const m = ws.parse(yml`
    version: 1
    pricing:
      gpt-image-1.5: { medium: 0.03, default: 0.05 }
    images:
      a:
        prompt: p
        max_age: 1.5h
        alt: A lighthouse
        variant: 2
  `);
  expect(m.entries[0]).toMatchObject({
    model: 'gpt-image-2',
    maxAgeMs: 5_400_000,
    alt: 'A lighthouse',
    variant: 2,
  });
  expect(m.pricing).toEqual({ 'gpt-image-1.5': { medium: 0.03, default: 0.05 } });
  expect(m.warnings).toEqual([]);
});

test('vars are substituted in prompts, once, with or without inner spaces', () => {
  const e = ws.parse(yml`
    version: 1
    vars:
      style: flat, {{other}}
      other: never expanded
    images:
      a:
        prompt: A {{style}} lighthouse; {{ style }} again
  `).entries[0]!;
  expect(e.prompt).toBe('A flat, {{other}} lighthouse; flat, {{other}} again');
});

describe('out', () => {
  test.each([
    ['{id}.{ext}', '', ['a.webp']],
    ['img/{id}-{n}.{ext}', 'number_of_images: 3', ['img/a-1.webp', 'img/a-2.webp', 'img/a-3.webp']],
    ['img/{id}.{ext}', 'output_format: jpeg', ['img/a.jpg']],
    ['img/{id}.jpeg', 'output_format: jpeg', ['img/a.jpeg']],
    ['./img//{ext}/{id}.PNG', 'output_format: png', ['img/png/a.PNG']],
    ['{n}/{id}.{ext}', '', ['1/a.webp']],
  ])('%s with %s', (tpl, lines, expected) => {
    const e = one(`    out: "${tpl}"\n    ${lines}\n`);
    expect(e.out).toEqual(expected);
    expect(e.outWorkspace).toEqual(expected);
    expect(e.count).toBe(expected.length);
  });

  test('is relative to the manifest folder and may leave it while staying inside the workspace', () => {
    const text = 'version: 1\nimages:\n  a:\n    prompt: p\n    out: ../assets/{id}.{ext}\n';
    const e = ws.parse(text, 'site/images.config.yaml').entries[0]!;
    expect(e.out).toEqual(['../assets/a.webp']);
    expect(e.outWorkspace).toEqual(['assets/a.webp']);
  });
});

describe('input_images', () => {
  test('each kind resolves', () => {
    const { a } = entries(yml`
      version: 1
      images:
        up:
          prompt: p
          number_of_images: 2
          out: "{id}-{n}.{ext}"
        a:
          prompt: p
          input_images: ["@up", "@up#2", docs/photos/team.png, ./inner.png, HTTPS://x.test/a.png]
    `);
    expect(a!.mode).toBe('image-to-image');
    expect(a!.inputs).toEqual([
      { kind: 'ref', id: 'up' },
      { kind: 'ref', id: 'up', index: 2 },
      {
        kind: 'file',
        path: 'docs/photos/team.png',
        abs: path.join(ws.root, 'docs/photos/team.png'),
        workspacePath: 'docs/photos/team.png',
      },
      // A symlink inside the workspace is fine; the URL is built from the file it points to.
      {
        kind: 'file',
        path: 'inner.png',
        abs: path.join(ws.root, 'inner.png'),
        workspacePath: 'docs/photos/team.png',
      },
      { kind: 'url', url: 'HTTPS://x.test/a.png' },
    ]);
  });

  test('local paths are relative to the manifest folder', () => {
    mkdirSync(path.join(ws.root, 'site/refs'), { recursive: true });
    writeFileSync(path.join(ws.root, 'site/refs/r.png'), 'png');
    const text =
      'version: 1\nimages:\n  a:\n    prompt: p\n    input_images: [refs/r.png, ../docs/photos/team.png]\n';
    const e = ws.parse(text, 'site/images.config.yaml').entries[0]!;
    expect(e.inputs.map((i) => i.kind === 'file' && [i.path, i.workspacePath])).toEqual([
      ['refs/r.png', 'site/refs/r.png'],
      ['../docs/photos/team.png', 'docs/photos/team.png'],
    ]);
  });
});

test('warnings are returned with a valid manifest', () => {
  const m = ws.parse(
    'version: 1\nimages:\n  a:\n    prompt: p\n    output_format: png\n    output_compression: 10\n',
  );
  expect(m.warnings).toMatchObject([{ line: 6, col: 25, severity: 'warning' }]);
});

test('a compression default meant for other entries does not warn about a png entry', () => {
  const text =
    'version: 1\ndefaults:\n  output_compression: 70\nimages:\n  a:\n    prompt: p\n    output_format: png\n';
  expect(ws.parse(text).warnings).toEqual([]);
});
