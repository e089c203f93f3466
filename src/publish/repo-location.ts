import path from 'node:path';
import { GitCli } from '../shared/git.js';
import { relativeInside } from '../shared/paths.js';

/** The repository that holds a folder, and how workspace-relative paths map into it and back. */
export interface RepoLocation {
  /** The work tree's top directory, as git reports it. */
  top: string;
  /** Workspace-relative → repository-relative (`/`-separated); undefined when outside the work tree. */
  toRepo(workspacePath: string): string | undefined;
  /** Repository-relative → workspace-relative; undefined when outside the workspace. */
  toWorkspace(repoPath: string): string | undefined;
}

/**
 * Find the repository that holds `dir` (the manifest's folder): the workspace itself, one above it,
 * or a checkout in a subfolder of it (actions/checkout with `path:`). Paths map lexically from where
 * `dir` sits in the work tree, so a workspace reached through a symlink maps like its real path.
 * Throws {@link GitError} when `dir` is in no work tree.
 */
export async function locateRepository(workspace: string, dir: string): Promise<RepoLocation> {
  const { top, prefix } = await new GitCli(dir).locate();
  const depth = prefix.split('/').filter(Boolean).length;
  const root = path.resolve(dir, ...Array<string>(depth).fill('..'));
  const ws = path.resolve(workspace);
  return {
    top,
    toRepo: (p) => relativeInside(root, path.resolve(ws, p)),
    toWorkspace: (p) => relativeInside(ws, path.resolve(root, p)),
  };
}
