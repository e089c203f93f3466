/**
 * Workspace containment for paths the run reads or writes (the manifest, its lockfile, `out`,
 * local `input_images`). A path must stay inside the workspace and outside `.git` both as written
 * and after following symlinks, so that neither `../` nor a planted link can make the action read,
 * write or upload a file outside the repository's files.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { entersGit, toPosix, isInside as within } from '../shared/paths.js';

export { toPosix };

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

/** Why a path may not be used: it leaves the workspace, or it enters git's own `.git` folder. */
export interface PathProblem {
  /** Completes "`<path>` …", e.g. `is outside the workspace`. */
  readonly why: string;
  /** Whether the path enters `.git` (the fix differs: the path is inside the workspace). */
  readonly git: boolean;
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
  // `relative`, not `===`: on Windows `C:\Work` and `c:\work` are one folder.
  if (path.relative(ws.root, abs) === '')
    return { why: 'is the workspace folder itself, not a file in it', git: false };
  if (!within(ws.root, abs)) return { why: 'is outside the workspace', git: false };
  if (entersGit(path.relative(ws.root, abs))) return { why: 'is inside `.git`', git: true };
  let probe = abs;
  while (!present(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
  // Nothing of the workspace exists yet (a fresh temp dir in tests): the lexical check is all there is.
  if (probe !== ws.root && !within(ws.root, probe)) return undefined;
  const real = safeRealpath(probe);
  if (real === undefined) return { why: 'cannot be resolved (broken or looping symlink)', git: false };
  // The workspace root itself is a legitimate ancestor of a file still to be written.
  if (path.relative(ws.real, real) === '') return undefined;
  if (!within(ws.real, real)) return { why: 'leads outside the workspace through a symlink', git: false };
  if (entersGit(path.relative(ws.real, real)))
    return { why: 'leads into `.git` through a symlink', git: true };
  return undefined;
}

/** Control characters and the Unicode line/paragraph separators: they fake lines in logs and outputs. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Characters an artifact upload refuses, and a Windows checkout cannot create (`\` is the separator rule). */
const NOT_PORTABLE = /[":<>|*?]/;
/** Names Windows reserves for devices, with any extension (`nul.png` too). */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * `text` with control characters shown as escapes (`\n`, `\u{2028}`): a message quoting a hostile
 * path stays one line, and shows what is there.
 */
export function visible(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, (ch) =>
    ch === '\n'
      ? '\\n'
      : ch === '\r'
        ? '\\r'
        : ch === '\t'
          ? '\\t'
          : `\\u{${ch.codePointAt(0)!.toString(16)}}`,
  );
}

/**
 * A manifest path is written relative, with `/`, and portable: no control characters (they would
 * fake lines in the log and in the `files` output), none of `" : < > | * ?` (an artifact upload
 * refuses them, a Windows checkout cannot create them), no name ending in a dot or a space (Windows
 * drops it) and no reserved device name (`CON`, `NUL`, `COM1` …). Returns why `p` is not, with a
 * did-you-mean where a fix is obvious, or `undefined`.
 */
export function badPathSyntax(p: string): string | undefined {
  if (CONTROL.test(p)) {
    const fix = p.replace(/[\p{Cc}\u2028\u2029]+/gu, '');
    return `must not contain control characters (a line break, tab or the like)${fix ? `; did you mean \`${fix}\`?` : ''}`;
  }
  // `C:img/x.png` is relative to drive C's current folder on Windows: not relative to the manifest.
  if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p) || /^[A-Za-z]:/.test(p))
    return 'must be a relative path (relative to the manifest’s folder)';
  if (p.includes('\\')) return 'must use `/` as the folder separator';
  const odd = NOT_PORTABLE.exec(p);
  if (odd)
    return `must not contain \`${odd[0]}\` (nor any of \`" : < > | * ?\`): an artifact upload refuses it and a Windows checkout cannot create it; did you mean \`${p.replace(/[":<>|*?]/g, '-')}\`?`;
  for (const seg of p.split('/')) {
    if (seg === '.' || seg === '..' || seg === '') continue;
    // `.git.` is `.git` on Windows: the `.git` rule names that better.
    if (/[. ]$/.test(seg) && !entersGit(seg))
      return `has a name ending in a dot or a space (\`${seg}\`), which Windows drops; remove it`;
    // A placeholder may still expand to a reserved name: the expanded path is checked too.
    if (RESERVED.test(seg))
      return `uses \`${seg}\`, a device name Windows reserves (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any extension); rename it`;
  }
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
