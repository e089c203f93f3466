/**
 * The pure path rules, checked with each OS's own `node:path` flavour whatever the machine running
 * the tests: Windows runners have drive letters, backslashes and case-insensitive folders.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { badPathSyntax } from '../../src/manifest/paths.js';
import { entersGit, isInside, isWithin, relativeInside, toPosix } from '../../src/shared/paths.js';

describe('isInside', () => {
  test.each([
    ['D:\\a\\site\\site', 'D:\\a\\site\\site\\img\\hero.webp', true],
    ['D:\\a\\site\\site', 'd:\\A\\SITE\\site\\img\\hero.webp', true], // one folder, however spelled
    ['D:\\a\\site\\site', 'D:/a/site/site/img/hero.webp', true], // forward slashes are separators too
    ['D:\\a\\site\\site', 'D:\\a\\site\\site', false], // the root itself is not inside
    ['D:\\a\\site\\site', 'D:\\a\\site\\site-other\\x.png', false], // a prefix is not a parent
    ['D:\\a\\site\\site', 'D:\\a\\site\\site\\..\\x.png', false],
    ['D:\\a\\site\\site', 'C:\\a\\site\\site\\x.png', false], // another drive
    ['D:\\a\\site\\site', '\\\\server\\share\\x.png', false], // a network share
    ['D:\\a\\site\\site', 'D:\\a\\site\\site\\..x\\y.png', true], // `..x` is a name, not a step up
  ])('win32: %s holds %s: %s', (root, p, inside) => {
    expect(isInside(root, p, path.win32)).toBe(inside);
  });

  test.each([
    ['/home/runner/work/site', '/home/runner/work/site/img/hero.webp', true],
    ['/home/runner/work/site', '/home/runner/work/SITE/img/hero.webp', false], // case matters here
    ['/home/runner/work/site', '/home/runner/work/site', false],
    ['/home/runner/work/site', '/home/runner/work/site2/x.png', false],
    ['/home/runner/work/site', '/home/runner/work/site/../x.png', false],
    ['/home/runner/work/site', '/home/runner/work/site/..x/y.png', true],
  ])('posix: %s holds %s: %s', (root, p, inside) => {
    expect(isInside(root, p, path.posix)).toBe(inside);
  });
});

describe('isWithin and relativeInside', () => {
  test.each([
    ['D:\\a\\site', 'D:\\a\\site', true, undefined, path.win32], // the root itself: within, but no inside path
    ['D:\\a\\site', 'd:\\A\\SITE', true, undefined, path.win32],
    ['D:\\a\\site', 'D:\\a\\site\\docs\\hero.webp', true, 'docs/hero.webp', path.win32],
    ['D:\\a\\site', 'D:\\a\\site-other\\x.png', false, undefined, path.win32],
    ['D:\\a\\site', 'C:\\a\\site\\x.png', false, undefined, path.win32],
    ['/w/site', '/w/site', true, undefined, path.posix],
    ['/w/site', '/w/site/docs/a\\b.webp', true, 'docs/a\\b.webp', path.posix],
    ['/w/site', '/w/site/../x.png', false, undefined, path.posix],
    ['/w/site', '/w', false, undefined, path.posix],
  ])('%s and %s: within %s, inside as %s', (root, p, within, rel, flavour) => {
    expect(isWithin(root, p, flavour)).toBe(within);
    expect(relativeInside(root, p, flavour)).toBe(rel);
  });
});

describe('toPosix', () => {
  test('turns Windows separators into the `/` the lockfile, reports and git use', () => {
    expect(toPosix(path.win32.relative('D:\\a\\site', 'D:\\a\\site\\docs\\img\\hero.webp'), path.win32)).toBe(
      'docs/img/hero.webp',
    );
  });

  test('leaves a backslash in a POSIX file name alone: it is a character there, not a separator', () => {
    expect(toPosix('img/a\\b.webp', path.posix)).toBe('img/a\\b.webp');
  });
});

describe('entersGit', () => {
  test.each([
    '.git/config',
    '.GIT/config', // case-insensitive file systems (Windows, macOS)
    'sub/.Git/hooks/pre-commit',
    '.git./config', // Windows drops trailing dots and spaces
    '.git /config',
    'GIT~1/config', // the NTFS short name of .git
    '.git::$INDEX_ALLOCATION/config', // an NTFS stream of the folder
    'a\\.git\\config',
  ])('%s enters .git', (rel) => {
    expect(entersGit(rel)).toBe(true);
  });

  test.each(['.github/workflows/x.yml', 'git/x.png', '.gitignore', 'img/.git-logo.png', 'git~2/x'])(
    '%s does not',
    (rel) => {
      expect(entersGit(rel)).toBe(false);
    },
  );
});

describe('badPathSyntax', () => {
  test.each([
    ['C:\\img\\x.png', /relative path/],
    ['C:/img/x.png', /relative path/],
    ['C:img/x.png', /relative path/], // drive-relative: the current folder of drive C, not the manifest's
    ['\\\\server\\share\\x.png', /relative path/],
    ['/img/x.png', /relative path/],
    ['img\\x.png', /folder separator/],
  ])('%s is refused', (p, why) => {
    expect(badPathSyntax(p)).toMatch(why);
  });

  test.each(['img/x.png', 'docs/img/{id}.{ext}', '../shared/x.png', 'img/{id}-{n}.{ext}'])(
    '%s is fine',
    (p) => {
      expect(badPathSyntax(p)).toBeUndefined();
    },
  );
});
