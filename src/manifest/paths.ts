/**
 * Workspace containment for manifest paths (`out`, local `input_images`). A path must stay inside
 * the workspace both as written and after following symlinks, so that neither `../` nor a
 * planted link can make the action write (or upload) a file outside the repository.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
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

/**
 * Why `abs` is not a place inside the workspace, or `undefined` when it is. The deepest existing
 * ancestor is resolved with realpath (the file itself when it exists), so a symlinked folder
 * that points elsewhere is caught before anything is written through it.
 */
export function outsideWorkspace(abs: string, ws: Workspace): string | undefined {
  if (!within(ws.root, abs)) return 'is outside the workspace';
  let probe = abs;
  while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
  // Nothing of the workspace exists yet (a fresh temp dir in tests): the lexical check is all there is.
  if (probe !== ws.root && !within(ws.root, probe)) return undefined;
  const real = safeRealpath(probe);
  if (real === undefined) return 'cannot be resolved (broken or looping symlink)';
  // The workspace root itself is a legitimate ancestor of a file still to be written.
  if (real !== ws.real && !within(ws.real, real)) return 'leads outside the workspace through a symlink';
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
