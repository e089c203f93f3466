/**
 * Workspace containment for paths the run reads or writes (the manifest, its lockfile, `out`,
 * local `input_images`). A path must stay inside the workspace and outside `.git` both as written
 * and after following symlinks, so that neither `../` nor a planted link can make the action read,
 * write or upload a file outside the repository's files.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** The workspace as given and as the file system sees it (symlinks resolved). */
export interface Workspace {
  readonly root: string;
  readonly real: string;
}

/** Resolves the workspace root once; a missing root keeps its lexical form (nothing is inside it anyway). */
export function workspaceOf(root: string): Workspace {
  const abs = path.resolve(root);
  return { root: abs, real: safeRealpath(abs) ?? abs };
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function within(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

/** Converts a relative path to the `/`-separated form used in the lockfile and messages. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Why a path may not be used: it leaves the workspace, or it enters git's own `.git` folder. */
export interface PathProblem {
  /** Completes "`<path>` …", e.g. `is outside the workspace`. */
  readonly why: string;
  /** Whether the path enters `.git` (the fix differs: the path is inside the workspace). */
  readonly git: boolean;
}

/**
 * A `.git` folder in any spelling a checkout might resolve to it: case-insensitive file systems
 * (`.GIT`), and Windows dropping trailing dots and spaces (`.git.`).
 */
export function entersGit(rel: string): boolean {
  return rel.split(/[\\/]/).some((seg) => seg.toLowerCase().replace(/[. ]+$/, '') === '.git');
}

/** Whether something (a file, a folder or a link, even a broken one) is at `p`. */
function present(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why `abs` is not a place inside the workspace and outside `.git`, or `undefined` when it is.
 * The deepest existing ancestor is resolved with realpath (the file itself when it exists), so a
 * symlink that points elsewhere is caught before anything is read or written through it.
 */
export function pathProblem(abs: string, ws: Workspace): PathProblem | undefined {
  if (abs === ws.root) return { why: 'is the workspace folder itself, not a file in it', git: false };
  if (!within(ws.root, abs)) return { why: 'is outside the workspace', git: false };
  if (entersGit(path.relative(ws.root, abs))) return { why: 'is inside `.git`', git: true };
  let probe = abs;
  while (!present(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
  // Nothing of the workspace exists yet (a fresh temp dir in tests): the lexical check is all there is.
  if (probe !== ws.root && !within(ws.root, probe)) return undefined;
  const real = safeRealpath(probe);
  if (real === undefined) return { why: 'cannot be resolved (broken or looping symlink)', git: false };
  // The workspace root itself is a legitimate ancestor of a file still to be written.
  if (real === ws.real) return undefined;
  if (!within(ws.real, real)) return { why: 'leads outside the workspace through a symlink', git: false };
  if (entersGit(path.relative(ws.real, real)))
    return { why: 'leads into `.git` through a symlink', git: true };
  return undefined;
}

/** A manifest path is written relative and with `/`; returns why `p` is not, or `undefined`. */
export function badPathSyntax(p: string): string | undefined {
  if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p))
    return 'must be a relative path (relative to the manifest’s folder)';
  if (p.includes('\\')) return 'must use `/` as the folder separator';
  if (p.includes('\0')) return 'must not contain NUL characters';
  return undefined;
}

/** What kind of thing is at `abs` (following symlinks). */
export function kindOf(abs: string): 'file' | 'directory' | 'other' | 'missing' {
  try {
    const st = statSync(abs);
    return st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** The realpath of an existing file, relative to the workspace's realpath, `/`-separated. */
export function realWorkspacePath(abs: string, ws: Workspace): string | undefined {
  const real = safeRealpath(abs);
  return real === undefined ? undefined : toPosix(path.relative(ws.real, real));
}
