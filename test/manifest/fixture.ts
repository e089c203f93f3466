/** Shared fixture for manifest tests: a temp workspace with a few files and symlinks. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { parseManifestText } from '../../src/manifest/parse.js';
import { type Manifest, ManifestError, type ManifestIssue } from '../../src/manifest/types.js';

/** Strips the first newline and the common indentation, so cases read like the YAML they are. */
export function yml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export interface Workspace {
  /** Workspace root (realpath, so expectations need no symlink juggling). */
  readonly root: string;
  /** A folder outside the workspace, holding `secret.png`. */
  readonly outside: string;
  /** Parses `text` as `<root>/<manifest>` (default `images.config.yaml`). */
  parse(text: string, manifest?: string): Manifest;
  /** The problems `text` produces: the thrown ManifestError's issues, or the warnings of a success. */
  problems(text: string, manifest?: string): ManifestIssue[];
  cleanup(): void;
}

/**
 * Creates:
 *   docs/photos/team.png        a local input image
 *   folder.webp/                a folder named like an output
 *   outside -> <outside>        a symlinked folder leading out
 *   link.png -> <outside>/secret.png
 *   inner.png -> docs/photos/team.png   a symlink that stays inside
 *   .git/config                 git's own folder
 *   gitlink -> .git             a symlink leading into it
 *   dangling.webp -> <outside>/missing.webp   a broken symlink leading out
 */
export function makeWorkspace(): Workspace {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'pixazo-manifest-')));
  const root = path.join(base, 'ws');
  const outside = path.join(base, 'elsewhere');
  mkdirSync(path.join(root, 'docs/photos'), { recursive: true });
  mkdirSync(path.join(root, 'folder.webp'));
  mkdirSync(outside);
  writeFileSync(path.join(root, 'docs/photos/team.png'), 'png');
  writeFileSync(path.join(outside, 'secret.png'), 'png');
  symlinkSync(outside, path.join(root, 'outside'));
  symlinkSync(path.join(outside, 'secret.png'), path.join(root, 'link.png'));
  symlinkSync(path.join(root, 'docs/photos/team.png'), path.join(root, 'inner.png'));
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git/config'), '[core]\n');
  symlinkSync(path.join(root, '.git'), path.join(root, 'gitlink'));
  symlinkSync(path.join(outside, 'missing.webp'), path.join(root, 'dangling.webp'));
  const parse = (text: string, manifest = 'images.config.yaml') =>
    parseManifestText(text, { path: path.join(root, manifest), workspace: root });
  return {
    root,
    outside,
    parse,
    problems(text, manifest) {
      try {
        return [...parse(text, manifest).warnings];
      } catch (err) {
        if (err instanceof ManifestError) return [...err.issues];
        throw err;
      }
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** version (1), images (2), entry `a` (3), prompt (4), then the given lines from line 5. */
export const entry = (...lines: string[]): string =>
  ['version: 1', 'images:', '  a:', '    prompt: p', ...lines.map((l) => `    ${l}`), ''].join('\n');

/** An expected problem: position, message substring, and `warning` where it is not an error. */
export type Expect = readonly [line: number, col: number, message: string, severity?: 'warning'];
export type Case = readonly [name: string, text: string, expected: readonly Expect[]];

/** Exactly the expected problems, in source order. */
export function expectProblems(got: readonly ManifestIssue[], expected: readonly Expect[]): void {
  expect(got.map((i) => `${i.line}:${i.col} ${i.severity} ${i.message}`)).toHaveLength(expected.length);
  expected.forEach(([line, col, message, severity = 'error'], i) => {
    expect(got[i]).toMatchObject({ line, col, severity, file: 'images.config.yaml' });
    expect(got[i]!.message).toContain(message);
  });
}
