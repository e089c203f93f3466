/**
 * What an earlier run left uncommitted: images it wrote (cancelled, or `publish: none`) that the
 * lockfile records as ours, so `publish: commit` carries them along instead of committing a lockfile
 * that names files the repository does not have. Read from one `git status`.
 */
import type { RunReport } from '../report/types.js';
import { GitCli } from '../shared/git.js';
import { locateRepository } from './repo-location.js';

/**
 * Files of up-to-date entries (and the lockfile) that git reports as untracked or modified although
 * this run did not write them: an earlier run's. One `git status` over the workspace's part of the
 * repository, no image read. Hand-edited (`kept`) files are never included.
 */
export async function uncommittedOutputs(
  workspace: string,
  repoDir: string,
  report: RunReport,
  lockRel: string,
): Promise<{ files: string[]; ids: string[]; lockfile: boolean; index: boolean }> {
  const none = { files: [], ids: [], lockfile: false, index: false };
  const dirty = new Set<string>();
  try {
    const repo = await locateRepository(workspace, repoDir);
    // The workspace's part of the repository: all of it when the checkout is a subfolder (`path:`).
    const cwd = repo.toRepo('x') === undefined ? repo.top : workspace;
    const out = await new GitCli(cwd).exec([
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--',
      '.',
    ]);
    for (const rec of out.split('\0')) {
      // "XY path" (repository-relative); renames add a second NUL-separated path, the old one, not ours.
      const file = rec.length > 3 && rec[2] === ' ' ? repo.toWorkspace(rec.slice(3)) : undefined;
      if (file !== undefined) dirty.add(file);
    }
  } catch {
    return none;
  }
  if (dirty.size === 0) return none;
  const thisRun = new Set([...report.filesWritten, ...report.filesDeleted]);
  const files: string[] = [];
  const ids: string[] = [];
  for (const e of report.entries) {
    if (e.status !== 'unchanged' && e.status !== 'reused' && e.status !== 'generated') continue;
    const earlier = e.files.filter((f) => dirty.has(f) && !thisRun.has(f));
    if (earlier.length > 0) {
      files.push(...earlier);
      ids.push(e.id);
    }
  }
  return { files, ids, lockfile: dirty.has(lockRel), index: !!report.index && dirty.has(report.index.file) };
}
