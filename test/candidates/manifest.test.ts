/** The `candidates` key and `candidates-dir` (SPEC §2, §3): validated, located, not hashed. */
import { describe, expect, it } from 'vitest';
import { openManifest } from '../../src/engine/session.js';
import { ManifestError } from '../../src/manifest/types.js';
import { fingerprintAll } from '../../src/plan/fingerprint.js';
import { tempWorkspace } from '../helpers/workspace.js';

async function load(yaml: string) {
  const ws = await tempWorkspace({ 'images.config.yaml': yaml });
  try {
    return await openManifest({ workspace: ws.dir, config: 'images.config.yaml' });
  } finally {
    await ws.cleanup();
  }
}
async function problems(yaml: string): Promise<string> {
  try {
    await load(yaml);
  } catch (err) {
    if (err instanceof ManifestError) return err.message;
    throw err;
  }
  return '';
}

describe('the candidates key', () => {
  it('is read from the entry or defaults; defaults are ignored for an entry with number_of_images > 1', async () => {
    const { manifest } = await load(`version: 1
defaults: { candidates: 4 }
images:
  a: { prompt: x }
  b: { prompt: y, candidates: 2 }
  c: { prompt: z, number_of_images: 2, out: "c-{n}.{ext}" }
`);
    expect(manifest.entries.map((e) => [e.id, e.candidates])).toEqual([
      ['a', 4],
      ['b', 2],
      ['c', undefined],
    ]);
    expect(manifest.candidatesDir?.workspacePath).toBe('.pixazo/candidates');
  });

  it.each([
    [
      'number_of_images with candidates',
      'images:\n  a: { prompt: x, number_of_images: 2, out: "a-{n}.{ext}", candidates: 3 }\n',
      /:3:\d+: images\.a\.candidates: an entry with number_of_images 2 cannot also have candidates/,
    ],
    [
      'number_of_images (sent as num_images) with candidates on gpt-image-1.5',
      'images:\n  a:\n    model: gpt-image-1.5\n    prompt: x\n    number_of_images: 3\n    out: "a-{n}.{ext}"\n    candidates: 2\n',
      /:8:\d+: images\.a\.candidates: an entry with number_of_images 3 cannot also have candidates; remove one of the two/,
    ],
    ['out of range', 'images:\n  a: { prompt: x, candidates: 9 }\n', /:3:\d+: .*candidates/],
    [
      'candidates-dir outside',
      'candidates-dir: ../elsewhere\nimages:\n  a: { prompt: x }\n',
      /:2:\d+: candidates-dir: `\.\.\/elsewhere` .*outside the workspace/,
    ],
    [
      'candidates-dir in .git',
      'candidates-dir: .git/c\nimages:\n  a: { prompt: x }\n',
      /candidates-dir: `\.git\/c`/,
    ],
  ])('%s is a located error', async (_name, body, message) => {
    expect(await problems(`version: 1\n${body}`)).toMatch(message);
  });

  it('is not hashed', async () => {
    const a = await load('version: 1\nimages:\n  a: { prompt: x }\n');
    const b = await load('version: 1\nimages:\n  a: { prompt: x, candidates: 4 }\n');
    const fa = await fingerprintAll(a.manifest.entries);
    const fb = await fingerprintAll(b.manifest.entries);
    expect(fb.get('a')!.value).toBe(fa.get('a')!.value);
  });
});
