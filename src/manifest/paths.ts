/**
 * Workspace containment for manifest paths (`out`, local `input_images`). A path must stay inside
 * the workspace both as written and after following symlinks, so that neither `../` nor a
 * planted link can make the action write (or upload) a file outside the repository.
 */
import { type Dirent, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
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
  // Absolute, normalized paths (path.resolve's) on POSIX: a prefix test says it, without path.relative.
  if (path.sep === '/' && root.length > 1 && path.isAbsolute(p) && p === path.normalize(p))
    return p.startsWith(`${root}/`) && p.length > root.length + 1;
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

/** A folder as `placeOf` needs it: its real path and what each of its names is (without following links). */
interface Folder {
  readonly real: string | undefined;
  readonly names: ReadonlyMap<string, Dirent> | undefined;
}

/** Folders already read, per workspace: the outputs of a manifest share a handful of folders. */
const folders = new WeakMap<Workspace, Map<string, Folder>>();

function folderOf(dir: string, ws: Workspace): Folder {
  let cache = folders.get(ws);
  if (!cache) {
    cache = new Map();
    folders.set(ws, cache);
  }
  let folder = cache.get(dir);
  if (!folder) {
    let names: Map<string, Dirent> | undefined;
    try {
      names = new Map(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d]));
    } catch {
      names = undefined;
    }
    folder = { real: names ? safeRealpath(dir) : undefined, names };
    cache.set(dir, folder);
  }
  return folder;
}

/**
 * `outsideWorkspace` and `kindOf` together. An existing plain file or folder (the outputs of a
 * manifest in use) is answered from one listing of its folder, whose real path is resolved once:
 * no system call per output. Anything else (missing, a symlink) takes the general path.
 */
export function placeOf(
  abs: string,
  ws: Workspace,
): { outside: string | undefined; kind: ReturnType<typeof kindOf> } {
  if (!within(ws.root, abs)) return { outside: 'is outside the workspace', kind: 'missing' };
  const folder = folderOf(path.dirname(abs), ws);
  const d = folder.names?.get(path.basename(abs));
  if (!d || folder.real === undefined || !(d.isFile() || d.isDirectory())) {
    const outside = outsideWorkspace(abs, ws);
    return { outside, kind: outside ? 'missing' : kindOf(abs) };
  }
  const real = path.join(folder.real, d.name);
  if (real !== ws.real && !within(ws.real, real))
    return { outside: 'leads outside the workspace through a symlink', kind: 'missing' };
  return { outside: undefined, kind: d.isFile() ? 'file' : 'directory' };
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
