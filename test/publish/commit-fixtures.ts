/** Shared parts of the commit tests (git push and GitHub API): lockfile texts, options, git checks. */
import {
  emptyLockfile,
  type Lockfile,
  type LockRecord,
  parseLockfile,
  stableStringify,
} from '../../src/plan/lockfile.js';
import { mergeLockfiles } from '../../src/plan/lockfile-merge.js';
import type { CommitOptions } from '../../src/publish/commit.js';
import { commitMessage } from '../../src/publish/commit-message.js';
import { type FileSet, type GitFixture, writeFiles } from '../fakes/git-repo.js';
import type { FakeClock } from '../helpers/recorders.js';

function record(id: string, file: string): LockRecord {
  return {
    fingerprint: `sha256:${id}`,
    parts: { prompt: 'p', params: 'q', inputs: 'i' },
    model: 'gpt-image-2',
    files: [{ path: file, sha256: `${id}-sha`, blob: `${id}-blob`, bytes: 3 }],
    request_id: `req-${id}`,
    cost_usd: 0.01,
    generated_at: '2026-01-01T00:00:00Z',
    duration_s: 1,
  };
}

/** Lockfile text holding one record per id, each for `img/<id>.png`. */
export function lockText(...ids: string[]): string {
  const lock: Lockfile = emptyLockfile();
  for (const id of ids) lock.images[id] = record(id, `img/${id}.png`);
  return stableStringify(lock);
}

/** The caller's per-entry merge: entries this run touched come from ours, the rest from theirs. */
export function mergeTouching(...ids: string[]): CommitOptions['mergeLockfile'] {
  return (ours, theirs) =>
    stableStringify(
      mergeLockfiles(
        parseLockfile(ours, 'ours'),
        theirs ? parseLockfile(theirs, 'theirs') : emptyLockfile(),
        {
          ids: new Set(ids),
          fingerprints: new Set(),
          baseSpent: 0,
        },
      ),
    );
}

export const LOCK = 'images.lock.json';
export const AUTHOR = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};
export const INITIAL: FileSet = {
  'README.md': '# test\n',
  'notes.txt': 'notes\n',
  'staged.txt': 'staged\n',
  'img/old.png': 'OLD',
  [LOCK]: lockText('old'),
};

/** Options for the main clone committing entry `id` (image `img/<id>.png` plus the lockfile). */
export function optionsFor(
  dir: string,
  id: string,
  clock: FakeClock,
  extra: Partial<CommitOptions> = {},
): CommitOptions {
  return {
    workspace: dir,
    paths: [`img/${id}.png`, LOCK],
    lockfile: LOCK,
    mergeLockfile: mergeTouching(id),
    message: commitMessage('chore(images): regenerate {count} image(s)', {
      count: 1,
      generated: 1,
      removed: 0,
    }),
    author: AUTHOR,
    branch: 'main',
    clock,
    ...extra,
  };
}

/** Git checks on a fixture: commit ids, the remote's files, subjects and trees. */
export function gitChecks(fx: GitFixture) {
  return {
    head: async (dir: string, ref = 'HEAD') => (await fx.git(dir, 'rev-parse', ref)).trim(),
    remoteFile: (file: string) => fx.git(fx.remote, 'show', `main:${file}`),
    remoteTree: async () => (await fx.git(fx.remote, 'ls-tree', '-r', '--name-only', 'main')).split('\n'),
    remoteSubjects: async () => (await fx.git(fx.remote, 'log', '--format=%s', 'main')).trim().split('\n'),
    changed: async (sha: string) =>
      (await fx.git(fx.remote, 'show', '--name-status', '--format=', sha)).trim().split('\n').sort(),

    /** Porcelain status lines not about `ours`. */
    async otherStatus(dir: string, ours: string[]): Promise<string[]> {
      const lines = (await fx.git(dir, 'status', '--porcelain', '--untracked-files=all'))
        .split('\n')
        .filter(Boolean);
      return lines.filter((l) => !ours.some((p) => l.endsWith(` ${p}`)));
    },

    /** Uncommitted work of other steps: an unstaged edit, a staged edit and an untracked file. */
    async dirtyOtherFiles(dir: string): Promise<void> {
      await writeFiles(dir, { 'notes.txt': 'edited, not staged\n', 'staged.txt': 'edited and staged\n' });
      await fx.git(dir, 'add', 'staged.txt');
      await writeFiles(dir, { 'untracked.txt': 'new\n' });
    },
  };
}
