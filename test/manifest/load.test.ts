/** loadManifest: reading the file, naming it, and reporting everything at once. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadManifest } from '../../src/manifest/load.js';
import { ManifestError } from '../../src/manifest/types.js';
import { makeWorkspace } from './fixture.js';

const ws = makeWorkspace();
afterAll(() => ws.cleanup());

async function loadError(opts: Parameters<typeof loadManifest>[0]): Promise<ManifestError> {
  const err = await loadManifest(opts).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ManifestError);
  return err as ManifestError;
}

describe('loadManifest', () => {
  test('reads the file; cwd-relative paths work; the display path is workspace-relative', async () => {
    writeFileSync(path.join(ws.root, 'images.config.yaml'), 'version: 1\nimages:\n  a:\n    prompt: p\n');
    const m = await loadManifest({
      path: path.relative(process.cwd(), path.join(ws.root, 'images.config.yaml')),
      workspace: ws.root,
    });
    expect(m).toMatchObject({
      path: path.join(ws.root, 'images.config.yaml'),
      displayPath: 'images.config.yaml',
      dir: ws.root,
      workspace: ws.root,
    });
    expect(m.entries.map((e) => e.id)).toEqual(['a']);
  });

  test('a missing file is a ManifestError about the file as a whole (no line), not a stack trace', async () => {
    const err = await loadError({
      path: path.join(ws.root, 'nope.yaml'),
      workspace: ws.root,
      displayPath: 'cfg/nope.yaml',
    });
    expect(err.issues).toEqual([
      expect.objectContaining({
        file: 'cfg/nope.yaml',
        line: 0,
        col: 0,
        severity: 'error',
        message: 'no such file; create the manifest, or point the `config` input at it',
      }),
    ]);
    expect(err.message).toBe(
      'cfg/nope.yaml: no such file; create the manifest, or point the `config` input at it',
    );
  });

  test('a folder instead of a file is a clear error', async () => {
    const err = await loadError({ path: path.join(ws.root, 'docs'), workspace: ws.root });
    expect(err.issues[0]!.message).toContain('is a folder');
  });

  test('every problem is reported together, in source order, with file:line:col in the message', async () => {
    const file = path.join(ws.root, 'many.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'images:',
        '  a:',
        '    prompt: hi {{missing}}',
        '    qualty: high',
        '    out: ../../../a.{ext}',
        '  b:',
        '    prompt: p',
        '    model: gpt-image-1.5',
        '    moderation: low',
        '    input_images: ["@zz"]',
        '',
      ].join('\n'),
    );
    const err = await loadError({ path: file, workspace: ws.root });
    expect(err.issues.map((i) => [i.line, i.col])).toEqual([
      [4, 16],
      [5, 5],
      [6, 10],
      [10, 5],
      [11, 5],
    ]);
    expect(err.message.split('\n')).toHaveLength(5);
    expect(err.message).toContain('many.yaml:5:5: images.a: unknown key `qualty`; did you mean `quality`?');
  });
});

describe('YAML itself', () => {
  test.each([
    [
      'unclosed flow sequence',
      'version: 1\nimages:\n  a:\n    prompt: p\n    input_images: [a.png\n  b: 1\n',
      6,
      3,
    ],
    ['tab indentation', 'version: 1\nimages:\n\ta: 1\n', 3, 1],
    ['two documents', 'version: 1\n---\nimages: {}\n', 2, 1],
  ])('%s is reported with its position', (_name, text, line, col) => {
    const issues = ws.problems(text);
    expect(issues[0]).toMatchObject({
      line,
      col,
      severity: 'error',
      message: expect.stringContaining('YAML syntax error'),
    });
    // Nothing else: a broken tree would only produce follow-up noise.
    expect(issues.every((i) => i.message.startsWith('YAML syntax error'))).toBe(true);
  });

  test('a byte-order mark does not shift columns', () => {
    expect(ws.problems('\uFEFFversion: 1\nimages: {}\nx: 1\n')).toMatchObject([{ line: 3, col: 1 }]);
  });

  test('alias bombs are refused, not expanded', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const issues = ws.problems(`${lines.join('\n')}\n`);
    expect(issues[0]).toMatchObject({
      line: 1,
      col: 1,
      message: expect.stringContaining('cannot read the YAML'),
    });
  });

  test('unknown tags are warnings and the value is used as text', () => {
    const m = ws.parse('version: 1\nimages:\n  a:\n    prompt: !fancy p\n');
    expect(m.entries[0]!.prompt).toBe('p');
    expect(m.warnings).toMatchObject([{ line: 4, col: 13, severity: 'warning' }]);
  });
});
