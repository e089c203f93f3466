import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { hashFileBoth } from '../plan/files.js';
import type { RecordedFile } from '../plan/lockfile.js';
import { guardedUnlink, pathRefusal, symlinkOnPath } from '../shared/guard.js';
import { isInside, toPosix } from '../shared/paths.js';

/**
 * Delete a file this tool recorded, but only when it is still exactly what was recorded: inside
 * the workspace and outside `.git` (the path guard, on the real path at this moment), reached
 * through no symlink, and with the recorded bytes. A file someone replaced or edited, or a path a
 * bad lockfile merge points elsewhere, is kept; the reason says why.
 */
export async function deleteRecorded(
  workspace: string,
  dir: string,
  file: RecordedFile,
): Promise<{ deleted: string } | { kept: string } | undefined> {
  const abs = path.resolve(dir, file.path);
  const refused = await pathRefusal(workspace, abs);
  if (refused !== undefined) return { kept: refused };
  const link = await symlinkOnPath(workspace, abs);
  if (link !== undefined)
    return {
      kept:
        link === toPosix(path.relative(workspace, abs))
          ? 'it is a symlink'
          : `it runs through the symlink ${link}`,
    };
  let sha256: string;
  try {
    sha256 = (await hashFileBoth(abs)).sha256;
  } catch {
    return undefined; // already gone
  }
  if (sha256 !== file.sha256) return { kept: 'its content is not what this tool wrote (edited or replaced)' };
  return (await guardedUnlink(workspace, abs)) ? { deleted: abs } : undefined;
}

/**
 * Whether a recorded file is gone: it, or its folder, no longer exists. A path outside the workspace
 * (a bad lockfile merge) is never looked at and never counts as gone.
 */
export async function recordedFileGone(workspace: string, dir: string, rel: string): Promise<boolean> {
  const abs = path.resolve(dir, rel);
  if (!isInside(workspace, abs)) return false;
  try {
    await lstat(abs);
    return false;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}
