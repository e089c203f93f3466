/** The tree a commit gets: the parent's, plus this run's files, on a throwaway index. */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { GitCli } from '../shared/git.js';
import type { DerivedFile } from './commit-types.js';

// The id of the empty tree, the parent tree of a first commit.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The tree of `parent` + our files on a throwaway index; null when it equals the parent's. */
export async function buildTree(
  git: GitCli,
  top: string,
  parent: string | null,
  files: string[],
  blobs: readonly DerivedFile[],
): Promise<string | null> {
  const present: string[] = [];
  const gone: string[] = [];
  const asBlobs = new Set(blobs.map((b) => b.path));
  for (const f of files) {
    if (!asBlobs.has(f)) ((await exists(path.join(top, f))) ? present : gone).push(f);
  }
  const tree = await git.withTempIndex(async (idx) => {
    await idx.exec(parent ? ['read-tree', parent] : ['read-tree', '--empty']);
    // `--force` because the lockfile records these files: leaving out one that .gitignore matches would
    // make every later run regenerate it, and pay again.
    await idx.add(present, { force: true });
    await idx.removeFromIndex(gone);
    for (const b of blobs) await idx.addBlob(b.path, await idx.hashObject(b.text, b.path));
    return idx.writeTree();
  });
  return tree === (parent ? await git.treeOf(parent) : EMPTY_TREE) ? null : tree;
}

/** Up to five paths, for messages. */
export function preview(files: string[]): string {
  return files.length > 5 ? `${files.slice(0, 5).join(', ')} and ${files.length - 5} more` : files.join(', ');
}

/** Whether a path exists; only "not there" counts as deleted, so an unreadable image is never dropped. */
async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw err;
  }
}
