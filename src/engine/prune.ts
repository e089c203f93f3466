import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { entersGit } from '../manifest/paths.js';
import { hashFileBoth } from '../plan/files.js';
import type { RecordedFile } from '../plan/lockfile.js';
import { isInside } from '../shared/paths.js';
import { insideWorkspace, removeFile } from './store.js';

/**
 * Delete a file this tool recorded, but only when it is still exactly what was recorded: inside
 * the workspace (symlinks resolved), outside `.git`, and with the recorded bytes. A file someone
 * replaced or edited, or a path a bad lockfile merge points elsewhere, is kept; the reason says why.
 */
export async function deleteRecorded(
  workspace: string,
  dir: string,
  file: RecordedFile,
): Promise<{ deleted: string } | { kept: string } | undefined> {
  const abs = await insideWorkspace(workspace, dir, file.path);
  if (!abs) return { kept: 'it is outside the workspace' };
  if (entersGit(path.relative(workspace, abs))) return { kept: 'it is inside .git' };
  let sha256: string;
  try {
    sha256 = (await hashFileBoth(abs)).sha256;
  } catch {
    return undefined; // already gone
  }
  if (sha256 !== file.sha256) return { kept: 'its content is not what this tool wrote (edited or replaced)' };
  return (await removeFile(abs)) ? { deleted: abs } : undefined;
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
