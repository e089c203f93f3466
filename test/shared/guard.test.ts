/**
 * The one path guard (SPEC §9): resolved at use, on the real path, for every write, rename and
 * delete. Real folders and real symlinks; nothing of our own code is faked.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  guardedMkdir,
  guardedRename,
  guardedUnlink,
  guardedWriteFile,
  PathRefusedError,
  pathRefusal,
  symlinkOnPath,
} from '../../src/shared/guard.js';

const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'pixazo-guard-')));
const ws = path.join(base, 'ws');
const outside = path.join(base, 'outside');
mkdirSync(path.join(ws, '.git'), { recursive: true });
writeFileSync(path.join(ws, '.git/HEAD'), 'ref: refs/heads/main\n');
mkdirSync(path.join(ws, 'docs/img'), { recursive: true });
mkdirSync(path.join(ws, 'vendor/lib/.git'), { recursive: true });
mkdirSync(outside, { recursive: true });
symlinkSync(path.join(ws, '.git'), path.join(ws, 'g'));
symlinkSync(outside, path.join(ws, 'out'));
symlinkSync(path.join(ws, 'docs'), path.join(ws, 'site'));
symlinkSync(path.join(ws, 'vendor/lib/.git'), path.join(ws, 'docs/nested'));
symlinkSync(path.join(outside, 'missing'), path.join(ws, 'dangling'));
symlinkSync(path.join(ws, 'loop'), path.join(ws, 'loop'));
writeFileSync(path.join(ws, 'docs/img/a.webp'), 'a');
symlinkSync(path.join(ws, 'docs/img/a.webp'), path.join(ws, 'docs/img/link.webp'));

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('pathRefusal', () => {
  it.each([
    ['a plain file in a real folder', 'docs/img/x.webp', undefined],
    ['a file in folders still to be made', 'new/deep/x.webp', undefined],
    ['through a symlink that stays inside', 'site/img/x.webp', undefined],
    ['`..` out of the workspace', '../x.webp', 'it is outside the workspace'],
    ['an absolute path elsewhere', path.join(outside, 'x.webp'), 'it is outside the workspace'],
    ['inside .git as written', '.git/HEAD', 'it is inside .git'],
    ['inside .GIT (case variant)', '.GIT/x', 'it is inside .git'],
    ['inside .Git. (Windows trailing dot)', 'a/.Git./x', 'it is inside .git'],
    ['a nested .git', 'vendor/lib/.git/config', 'it is inside .git'],
    ['a symlink to .git', 'g/HEAD', 'it resolves inside .git through the symlink g'],
    [
      'a symlink to .git, missing folders below',
      'g/x/y/z.webp',
      'it resolves inside .git through the symlink g',
    ],
    [
      'a symlink into a nested .git',
      'docs/nested/x.webp',
      'it resolves inside .git through the symlink docs/nested',
    ],
    ['a symlink leading out', 'out/x.webp', 'it resolves outside the workspace through the symlink out'],
    [
      'a symlink leading out, missing folders below',
      'out/a/b/x.webp',
      'it resolves outside the workspace through the symlink out',
    ],
    ['a broken symlink as a folder', 'dangling/x.webp', 'it runs through a broken symlink'],
    ['a looping symlink', 'loop/x.webp', 'it cannot be resolved (a looping symlink)'],
  ])('%s: %s', async (_name, rel, why) => {
    expect(await pathRefusal(ws, path.resolve(ws, rel))).toBe(why);
  });

  it('the workspace reached through a symlink of its own is still the workspace', async () => {
    const alias = path.join(base, 'alias');
    symlinkSync(ws, alias);
    expect(await pathRefusal(alias, path.join(alias, 'docs/img/x.webp'))).toBeUndefined();
    expect(await pathRefusal(alias, path.join(ws, 'docs/img/x.webp'))).toBeUndefined();
    expect(await pathRefusal(alias, path.join(alias, 'g/HEAD'))).toBe(
      'it resolves inside .git through the symlink g',
    );
  });
});

describe('with the file system root as the root (a folder chosen outside the workspace)', () => {
  it.each([
    ['a plain folder elsewhere', path.join(outside, 'gallery.html'), undefined],
    ['a real .git', path.join(ws, '.git/gallery.html'), 'it is inside .git'],
    [
      'a link into .git',
      path.join(ws, 'g/gallery.html'),
      expect.stringMatching(/^it resolves inside \.git through the symlink .*\/g$/),
    ],
  ])('%s', async (_name, abs, why) => {
    expect(await pathRefusal(path.parse(abs).root, abs)).toEqual(why);
  });
});

describe('symlinkOnPath', () => {
  it.each([
    ['docs/img/a.webp', undefined],
    ['site/img/a.webp', 'site'],
    ['g/HEAD', 'g'],
    ['docs/img/link.webp', 'docs/img/link.webp'],
    ['new/x.webp', undefined],
  ])('%s → %s', async (rel, link) => {
    expect(await symlinkOnPath(ws, path.join(ws, rel))).toBe(link);
  });
});

describe('guarded operations refuse before touching anything', () => {
  it('a write through a symlink into .git names the path, the reason and the link', async () => {
    const err = await guardedWriteFile(ws, path.join(ws, 'g/x.webp'), 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PathRefusedError);
    expect((err as Error).message).toBe(
      'refusing to write g/x.webp: it resolves inside .git through the symlink g',
    );
  });

  it('a rename onto .git/HEAD through the link leaves HEAD as it was', async () => {
    writeFileSync(path.join(ws, 'docs/tmp.txt'), 'evil');
    await expect(guardedRename(ws, path.join(ws, 'docs/tmp.txt'), path.join(ws, 'g/HEAD'))).rejects.toThrow(
      'refusing to write g/HEAD: it resolves inside .git through the symlink g',
    );
    expect(readFileSync(path.join(ws, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  it('a delete through the link leaves HEAD in place', async () => {
    await expect(guardedUnlink(ws, path.join(ws, 'g/HEAD'))).rejects.toThrow(
      'refusing to delete g/HEAD: it resolves inside .git through the symlink g',
    );
    expect(readFileSync(path.join(ws, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  it('folders are not created through a link leading out', async () => {
    await expect(guardedMkdir(ws, path.join(ws, 'out/made'))).rejects.toThrow(
      'refusing to create the folder out/made: it resolves outside the workspace through the symlink out',
    );
    expect(() => readFileSync(path.join(outside, 'made'))).toThrow(/ENOENT/);
  });

  it('allowed writes land, folders made on the way', async () => {
    await guardedWriteFile(ws, path.join(ws, 'new/deep/ok.txt'), 'ok');
    expect(readFileSync(path.join(ws, 'new/deep/ok.txt'), 'utf8')).toBe('ok');
    expect(await guardedUnlink(ws, path.join(ws, 'new/deep/ok.txt'))).toBe(true);
    expect(await guardedUnlink(ws, path.join(ws, 'new/deep/ok.txt'))).toBe(false);
  });
});
