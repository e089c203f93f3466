/**
 * The one path guard (SPEC §9): every write, rename and delete the tool makes goes through it,
 * at the moment it happens. The real path of the target's folder is resolved then (symlinks
 * followed; for a folder still to be made, its nearest existing ancestor), and a target outside
 * the root's real path or inside any `.git` is refused. Checks made earlier (the manifest's
 * validation) are a courtesy; this one holds whatever changed on disk since.
 */

import { randomBytes } from 'node:crypto';
import {
  copyFile,
  type FileHandle,
  lstat,
  mkdir,
  open,
  realpath,
  rename,
  rm,
  unlink,
} from 'node:fs/promises';
import path from 'node:path';
import { entersGit, isInside, relativeInside, toPosix } from './paths.js';

/** What the guarded call is about to do; it completes "refusing to <op> <path>". */
export type GuardOp = 'write' | 'rename' | 'delete' | 'create the folder';

/** A write, rename or delete the guard refused: names the path and why. */
export class PathRefusedError extends Error {
  constructor(
    readonly op: GuardOp,
    /** The path as shown: relative to the root with `/`, or absolute when outside it. */
    readonly shown: string,
    readonly why: string,
  ) {
    super(`refusing to ${op} ${shown}: ${why}`);
    this.name = 'PathRefusedError';
  }
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

function show(root: string, abs: string): string {
  return relativeInside(root, abs) ?? abs;
}

/**
 * The first symlink on the way from `root` to `abs` (the file itself included), relative to the
 * root with `/`, or `undefined` when every existing segment is a plain folder or file.
 */
export async function symlinkOnPath(root: string, abs: string): Promise<string | undefined> {
  const rel = path.relative(root, abs);
  if (rel === '' || !isInside(root, abs)) return undefined;
  let at = root;
  for (const seg of rel.split(path.sep)) {
    at = path.join(at, seg);
    try {
      if ((await lstat(at)).isSymbolicLink()) return toPosix(path.relative(root, at));
    } catch {
      return undefined; // the rest does not exist: no link further down
    }
  }
  return undefined;
}

/**
 * The real path `abs` stands for now: its nearest existing ancestor resolved (symlinks followed),
 * the missing rest appended. `folderOnly`: resolve from the parent, so a file that is itself a link
 * is taken as the link (rename and unlink act on the link, not on what it points to).
 */
async function realTarget(abs: string, folderOnly: boolean): Promise<string | { why: string }> {
  let probe = folderOnly ? path.dirname(abs) : abs;
  const rest: string[] = folderOnly ? [path.basename(abs)] : [];
  for (;;) {
    try {
      return path.join(await realpath(probe), ...rest.reverse());
    } catch (err) {
      const c = code(err);
      if (c === 'ELOOP') return { why: 'it cannot be resolved (a looping symlink)' };
      if (c !== 'ENOENT' && c !== 'ENOTDIR') return { why: `it cannot be resolved (${c ?? 'error'})` };
      // A link whose target is missing would be followed by mkdir: never write through one.
      const linked = await lstat(probe).then(
        (s) => s.isSymbolicLink(),
        () => false,
      );
      if (linked) return { why: 'it runs through a broken symlink' };
      const up = path.dirname(probe);
      if (up === probe) return { why: 'it cannot be resolved' };
      rest.push(path.basename(probe));
      probe = up;
    }
  }
}

/**
 * Why `abs` may not be written, renamed or deleted under `root`, or `undefined` when it may.
 * Both the path as written and its real path must be inside the root and outside any `.git`.
 */
export async function pathRefusal(root: string, abs: string, folder = false): Promise<string | undefined> {
  const target = path.resolve(abs);
  if (path.relative(root, target) === '') return folder ? undefined : 'it is the root folder itself';
  // As written: a `.git` segment is refused even where a link would take it elsewhere. Whether it
  // is inside at all is the real path's question (the root may be spelled through a link).
  if (isInside(root, target) && entersGit(path.relative(root, target))) return 'it is inside .git';
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return `the folder ${root} does not exist`;
  }
  const real = await realTarget(target, !folder);
  if (typeof real !== 'string') return real.why;
  if (folder && path.relative(realRoot, real) === '') return undefined;
  const through = async (): Promise<string> => {
    const link = await symlinkOnPath(root, target);
    return link === undefined ? '' : ` through the symlink ${link}`;
  };
  if (!isInside(realRoot, real))
    return isInside(root, target) || isInside(realRoot, target)
      ? `it resolves outside the workspace${await through()}`
      : 'it is outside the workspace';
  if (entersGit(path.relative(realRoot, real))) return `it resolves inside .git${await through()}`;
  return undefined;
}

/** Throws {@link PathRefusedError} unless `abs` may be the target of `op` under `root`. */
export async function guardPath(root: string, abs: string, op: GuardOp): Promise<void> {
  const why = await pathRefusal(root, abs, op === 'create the folder');
  if (why !== undefined) throw new PathRefusedError(op, show(root, path.resolve(abs)), why);
}

/** A path for a temp file beside `target`, so the final rename stays on one filesystem. */
export function tempBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** `mkdir -p` of `dir`, guarded. */
export async function guardedMkdir(root: string, dir: string): Promise<void> {
  await guardPath(root, dir, 'create the folder');
  await mkdir(dir, { recursive: true });
}

/** Renames `from` to `to`, both guarded (the temp file and its final place). */
export async function guardedRename(root: string, from: string, to: string): Promise<void> {
  await guardPath(root, from, 'rename');
  await guardPath(root, to, 'write');
  await rename(from, to);
}

/**
 * Opens `file` for writing, guarded; the caller closes it. `exclusive`: created only when it does
 * not exist yet (`wx`, e.g. a run's lock file), else created or truncated (`w`).
 */
export async function guardedOpenForWrite(
  root: string,
  file: string,
  exclusive = false,
): Promise<FileHandle> {
  await guardPath(root, file, 'write');
  return open(file, exclusive ? 'wx' : 'w');
}

/** Deletes `file` (guarded); false when it was not there. A missing file is not an error. */
export async function guardedUnlink(root: string, file: string): Promise<boolean> {
  await guardPath(root, file, 'delete');
  try {
    await unlink(file);
    return true;
  } catch (err) {
    if (code(err) === 'ENOENT') return false;
    throw err;
  }
}

/** Best-effort removal of a temp file this run made beside a target (guarded, errors ignored). */
export async function removeTemp(root: string, file: string): Promise<void> {
  if ((await pathRefusal(root, file)) !== undefined) return;
  await rm(file, { force: true }).catch(() => undefined);
}

/** Writes `file` atomically (temp file beside it, then rename), its folder created; all guarded. */
export async function guardedWriteFile(
  root: string,
  file: string,
  data: string | Uint8Array,
  opts: { flush?: boolean } = {},
): Promise<void> {
  await guardPath(root, file, 'write'); // named in the refusal, rather than a folder on its way
  await guardedMkdir(root, path.dirname(file));
  const tmp = tempBeside(file);
  try {
    const fh = await guardedOpenForWrite(root, tmp);
    try {
      await fh.writeFile(data);
      if (opts.flush) await fh.sync();
    } finally {
      await fh.close();
    }
    await guardedRename(root, tmp, file);
  } catch (err) {
    await removeTemp(root, tmp);
    throw err;
  }
}

/** Copies `src` to `dest` (guarded at `dest`): the copy lands at a checked place only. */
export async function guardedCopyFile(root: string, src: string, dest: string): Promise<void> {
  await guardPath(root, dest, 'write');
  await copyFile(src, dest);
}
