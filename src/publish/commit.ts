import path from 'node:path';
import { type Clock, realClock } from '../shared/clock.js';
import { formatDuration } from '../shared/format.js';
import { readTextIfExists, writeFileAtomic } from '../shared/fs.js';
import { GitCli, type Identity } from '../shared/git.js';
import { type Logger, silentLogger } from '../shared/logger.js';
import type { ApiTarget } from './commit-api.js';
import { KEPT, PublishError } from './commit-error.js';
import { pushLander } from './commit-push.js';
import { DEFAULT_PUSH_ATTEMPTS, gaveUpMessage, pushRetryWait } from './commit-retry.js';
import { buildTree, preview } from './commit-tree.js';
import type { DerivedFile, Landing } from './commit-types.js';
import { locateRepository } from './repo-location.js';

export { PublishError } from './commit-error.js';

const CHECKOUT_SNIPPET = '- uses: actions/checkout@v5\n  with:\n    ref: ${{ github.head_ref }}';

/**
 * Check that the repository holding `dir` (the manifest's folder) has a branch to commit to. Called
 * before any spend, so that a pull_request run on actions/checkout's detached merge commit stops for
 * free instead of after paying for images.
 */
export async function checkCommitTarget(
  dir: string,
  eventName: string,
  headRef?: string,
): Promise<{ branch: string }> {
  let branch: string | null;
  try {
    branch = await new GitCli(dir).currentBranch();
  } catch (err) {
    throw new PublishError(
      `publish: commit needs a git checkout, but ${dir} is not in one (${(err as Error).message}). ` +
        'Run actions/checkout first, or use publish: artifact. The run stopped before spending anything.',
      0,
      { cause: err },
    );
  }
  if (branch) return { branch };
  if (eventName.startsWith('pull_request')) {
    throw new PublishError(
      'publish: commit needs a branch, but HEAD is detached: on pull_request, actions/checkout checks out ' +
        `a merge commit${headRef ? ` instead of ${headRef}` : ''}. The run stopped before spending anything. ` +
        `Check out the pull request's branch:\n\n${CHECKOUT_SNIPPET}\n\nor use publish: artifact.`,
    );
  }
  throw new PublishError(
    `publish: commit needs a branch, but HEAD is detached (event ${eventName}). The run stopped before ` +
      'spending anything. Check out a branch (actions/checkout with `ref: <branch>`), or use publish: artifact.',
  );
}

/** Options of {@link commitAndPush}. */
export interface CommitOptions {
  /** The folder `paths` are relative to. */
  workspace: string;
  /** A folder of the repository to commit to (the manifest's); default `workspace`. */
  repoDir?: string;
  /** Workspace-relative image files written or deleted in this run, plus the lockfile. */
  paths: string[];
  /** Workspace-relative lockfile path (added to `paths` if missing). */
  lockfile: string;
  /** Per-entry merge of our lockfile text with the remote's (`''` when the remote has none). */
  mergeLockfile: (ours: string, theirs: string) => string;
  /** Commit message. */
  message: string;
  /** Author and committer of the commit (git only: GitHub authors an API commit as the token's owner). */
  author: Identity;
  /** Branch to commit to (from {@link checkCommitTarget}). */
  branch: string;
  /** Remote name or URL; default `origin`. */
  remote?: string;
  /** Token for HTTPS push and fetch where actions/checkout did not persist credentials. */
  token?: string;
  /** Create the commit through GitHub's GraphQL API (signed by GitHub) instead of pushing it. */
  api?: ApiTarget;
  /**
   * After a push race, the files derived from the lockfile (the image index), rebuilt from the merged
   * lockfile text; `theirs` reads a workspace-relative file at the remote head. Returns
   * workspace-relative paths and their new contents, committed instead of the workspace's copies.
   */
  rebuild?: (merged: string, theirs: (file: string) => Promise<string | undefined>) => Promise<DerivedFile[]>;
  /** Whether the images are in the image cache, so a re-run after giving up pays nothing again. */
  cached?: boolean;
  /** Commits to try before giving up on a moving branch; default 8, about a minute of waits. */
  maxAttempts?: number;
  /** Sleep and randomness for the waits between attempts; default the system clock. */
  clock?: Clock;
  /** Progress messages; default silent. */
  logger?: Logger;
}

/** What {@link commitAndPush} did: the commit that holds our files (null when nothing changed), commits tried. */
export interface CommitResult {
  sha: string | null;
  attempts: number;
}

/**
 * Commit exactly `paths` on top of HEAD, to `branch` on the remote, without touching anything else
 * in the workspace: the tree is built on a temporary index, so other staged and unstaged changes stay
 * as they were. With `api` the commit is created by GitHub (signed), else pushed with git. When the
 * branch moved meanwhile the commit is rebuilt on the remote head, with this run's files re-applied
 * and the lockfile merged per entry (and what derives from it rebuilt), after growing, jittered waits
 * that add up to about a minute (see ./commit-retry.ts).
 * Throws {@link PublishError} when the commit is refused, or the branch still moves after `maxAttempts`.
 */
export async function commitAndPush(opts: CommitOptions): Promise<CommitResult> {
  const remote = opts.remote ?? 'origin';
  const maxAttempts = Math.max(1, opts.maxAttempts ?? DEFAULT_PUSH_ATTEMPTS);
  const clock = opts.clock ?? realClock;
  const log = opts.logger ?? silentLogger;
  // Our paths are literal file names: `*` or `:` in an image name must not act as pathspec magic.
  const env = { GIT_LITERAL_PATHSPECS: '1' };
  const repo = await locateRepository(opts.workspace, opts.repoDir ?? opts.workspace);
  const git = new GitCli(repo.top, { env, ...(opts.token ? { token: opts.token } : {}) });
  const toRepo = (p: string) => {
    const rel = repo.toRepo(p);
    if (rel === undefined) throw new PublishError(`Cannot commit ${p}: it is outside the git work tree.`);
    return rel;
  };
  const lockPath = toRepo(opts.lockfile);
  const files = [...new Set([...opts.paths, opts.lockfile].map(toRepo))].sort();
  const lockAbs = path.join(repo.top, lockPath);
  const where = `${remote}/${opts.branch}`;
  const lander = opts.api
    ? (await import('./commit-api.js')).apiLander(git, {
        ...opts.api,
        remote,
        branch: opts.branch,
        lockfile: lockPath,
        message: opts.message,
        logger: log,
      })
    : pushLander(git, { remote, branch: opts.branch, message: opts.message, author: opts.author });

  const head = await git.revParse('HEAD');
  const ours = await readTextIfExists(lockAbs);
  let parent = head;
  // The merged lockfile and what was rebuilt from it, repository-relative: committed as blobs.
  let blobs: DerivedFile[] = [];
  let maybeLanded = false;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    const tree = await buildTree(git, repo.top, parent, files, blobs);
    const landing: Landing =
      tree === null
        ? // After a lost answer, a remote head that already holds our files is the commit that landed.
          { sha: (maybeLanded && parent) || '', local: true }
        : await lander.land(tree, parent, attempt);
    if ('sha' in landing) {
      const sha = landing.sha || null;
      log.info(sha ? `Committed ${sha.slice(0, 7)} to ${where} (attempt ${attempt}).` : 'Nothing to commit.');
      const target = sha ?? parent;
      if (target && target !== head) {
        if (landing.local) {
          const synced = [...new Set([...files, ...blobs.map((b) => b.path)])];
          await syncWorkspace(git, opts.branch, head, target, synced, repo.top, blobs, log, opts.workspace);
        } else log.warning(notFollowed(opts.branch, target, head, 'the new commit could not be fetched'));
      }
      return { sha, attempts: tree === null ? attempt - 1 : attempt };
    }
    maybeLanded ||= landing.unknown === true;
    if (attempt >= maxAttempts) {
      throw new PublishError(
        gaveUpMessage({
          what: lander.what,
          branch: opts.branch,
          attempts: attempt,
          waitedMs: waited,
          lostAnswers: maybeLanded,
          cached: opts.cached === true,
          kept: KEPT,
          files: preview(files),
        }),
        attempt,
      );
    }
    const delay = pushRetryWait(attempt - 1, clock.random());
    log.info(`${landing.race} Retrying on the new head of ${where} in ${formatDuration(delay / 1000)}.`);
    await clock.sleep(delay);
    waited += delay;
    try {
      parent = await git.fetchRemoteHead(remote, opts.branch);
      const at = parent;
      const theirs = at ? ((await git.showFile(at, lockPath)) ?? '') : '';
      if (ours !== undefined) {
        const merged = opts.mergeLockfile(ours, theirs);
        const derived = opts.rebuild
          ? await opts.rebuild(merged, async (f) =>
              at ? ((await git.showFile(at, toRepo(f))) ?? undefined) : undefined,
            )
          : [];
        blobs = [
          { path: lockPath, text: merged },
          ...derived.map((d) => ({ path: toRepo(d.path), text: d.text })),
        ];
      }
    } catch (err) {
      const why = `Could not catch up with ${where} after a push race: ${(err as Error).message}`;
      throw new PublishError(`${why} ${KEPT}.`, attempt, { cause: err });
    }
  }
}

/**
 * After a commit landed: write the merged lockfile (and what was rebuilt from it) back for later steps, and bring the local branch
 * to `target` the way a fast-forward would: our paths' index entries first, then a two-way
 * `read-tree` that checks out what others pushed meanwhile and carries every local change along, or
 * refuses as a whole when a local change is in the way. Then the workspace is left on its old HEAD,
 * with a warning; also when the local branch has commits `target` lacks (never moved backwards).
 */
async function syncWorkspace(
  git: GitCli,
  branch: string,
  head: string | null,
  target: string,
  files: string[],
  top: string,
  blobs: readonly DerivedFile[],
  log: Logger,
  workspace: string,
): Promise<void> {
  try {
    for (const b of blobs) await writeFileAtomic(path.join(top, b.path), b.text, workspace);
    if ((await git.currentBranch()) !== branch) {
      log.debug(`The workspace is not on ${branch}: its HEAD and index are left as they were.`);
      return;
    }
    if (head && !(await git.isAncestor(head, target))) {
      log.warning(notFollowed(branch, target, head, `the local ${branch} has commits the remote lacks`));
      return;
    }
    await git.resetPaths(target, files);
    try {
      if (head) await git.exec(['read-tree', '-m', '-u', head, target]);
      await git.updateRef(`refs/heads/${branch}`, target, head, 'pixazo-images: publish');
    } catch (err) {
      if (head) await git.resetPaths(head, files);
      throw err;
    }
  } catch (err) {
    // The commit landed: nothing is lost, and failing the step now would only hide that.
    log.warning(notFollowed(branch, target, head, `it would touch local changes: ${(err as Error).message}`));
  }
}

function notFollowed(branch: string, target: string, head: string | null, why: string): string {
  return (
    `Committed, but the local ${branch} could not follow ${target.slice(0, 7)} (${why}); it stays at ` +
    `${head?.slice(0, 7) ?? 'its old commit'}: run git pull before later steps use the branch.`
  );
}
