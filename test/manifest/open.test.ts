/**
 * openManifest: the manifest (`config`) and its lockfile resolve inside the workspace and outside
 * `.git`, symlinks followed, or the run stops with an input error before either file is read.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/engine/errors.js';
import { openManifest } from '../../src/engine/session.js';
import { makeWorkspace } from './fixture.js';

const ws = makeWorkspace();
afterAll(() => ws.cleanup());

// Not a manifest: were it read, the error would be a ManifestError about its content instead.
const SECRET = 'root:x:0:0:SECRET-LINE\n';
writeFileSync(path.join(ws.outside, 'passwd'), SECRET);
writeFileSync(path.join(ws.outside, 'x.lock.json'), '{"SECRET-LINE": 1}\n');
writeFileSync(path.join(ws.root, 'images.config.yaml'), 'version: 1\nimages:\n  a:\n    prompt: p\n');
writeFileSync(path.join(ws.root, 'other.yaml'), 'version: 1\nimages:\n  a:\n    prompt: p\n');
symlinkSync(path.join(ws.outside, 'passwd'), path.join(ws.root, 'linked.yaml'));
symlinkSync(path.join(ws.root, 'images.config.yaml'), path.join(ws.root, 'alias.yaml'));
// other.yaml's default lockfile, other.lock.json, is a link to a file outside.
symlinkSync(path.join(ws.outside, 'x.lock.json'), path.join(ws.root, 'other.lock.json'));

async function refusal(opts: { config: string; lockfile?: string }): Promise<string> {
  const err = await openManifest({ workspace: ws.root, ...opts }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  const message = (err as Error).message;
  expect(message).not.toContain('SECRET-LINE');
  return message;
}

describe('config outside the workspace is refused, not read', () => {
  test.each([
    ['a relative path climbing out', '../elsewhere/passwd', 'is outside the workspace'],
    ['far up', '../../../../../../../../etc/passwd', 'is outside the workspace'],
    ['an absolute path elsewhere', path.join(ws.outside, 'passwd'), 'is outside the workspace'],
    ['a symlink pointing outside', 'linked.yaml', 'leads outside the workspace through a symlink'],
    ['a symlinked folder leading out', 'outside/passwd', 'leads outside the workspace through a symlink'],
    ['a file in .git', '.git/config', 'is inside `.git`'],
    ['a file in .git through a symlink', 'gitlink/config', 'leads into `.git` through a symlink'],
  ])('%s', async (_name, config, why) => {
    const message = await refusal({ config });
    expect(message).toBe(
      `config \`${config}\` ${why}: the manifest must be inside the workspace (${ws.root}) and outside \`.git\`; use a path inside it`,
    );
  });
});

describe('a lockfile outside the workspace is refused, not read', () => {
  test.each([
    ['an input climbing out', '../elsewhere/x.lock.json', 'is outside the workspace'],
    ['an input naming a link to outside', 'other.lock.json', 'leads outside the workspace through a symlink'],
    [
      'a new file under a symlinked folder leading out',
      'outside/new.lock.json',
      'leads outside the workspace through a symlink',
    ],
    ['an input in .git', '.git/images.lock.json', 'is inside `.git`'],
  ])('%s', async (_name, lockfile, why) => {
    const message = await refusal({ config: 'images.config.yaml', lockfile });
    expect(message).toBe(
      `lockfile \`${lockfile}\` ${why}: the lockfile must be inside the workspace (${ws.root}) and outside \`.git\`; use a path inside it`,
    );
  });

  test('the default lockfile next to the manifest, when it is a link to outside', async () => {
    expect(await refusal({ config: 'other.yaml' })).toMatch(
      /^lockfile other\.lock\.json leads outside the workspace through a symlink: the lockfile must be inside/,
    );
  });
});

describe('inside the workspace', () => {
  test('the manifest and its default lockfile', async () => {
    const { manifest, lockfilePath } = await openManifest({
      workspace: ws.root,
      config: 'images.config.yaml',
    });
    expect(manifest.entries.map((e) => e.id)).toEqual(['a']);
    expect(manifest.displayPath).toBe('images.config.yaml');
    expect(lockfilePath).toBe(path.join(ws.root, 'images.lock.json'));
  });

  test('a symlink that stays inside, and a lockfile input inside', async () => {
    const { manifest, lockfilePath } = await openManifest({
      workspace: ws.root,
      config: 'alias.yaml',
      lockfile: 'docs/images.lock.json',
    });
    expect(manifest.displayPath).toBe('alias.yaml');
    expect(lockfilePath).toBe(path.join(ws.root, 'docs/images.lock.json'));
  });
});
