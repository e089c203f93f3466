/** Landing a commit with git: `commit-tree` on the built tree, then `git push`. */

import { type GitCli, GitError, type Identity } from '../shared/git.js';
import { KEPT, PublishError } from './commit-error.js';
import type { Lander } from './commit-types.js';

/** Commits a tree with git as `author` and pushes it to `branch`; a lost race asks for another try. */
export function pushLander(
  git: GitCli,
  o: { remote: string; branch: string; message: string; author: Identity },
): Lander {
  const where = `${o.remote}/${o.branch}`;
  return {
    what: `Push to ${where}`,
    async land(tree, parent, attempt) {
      const sha = await git.commitTree(tree, parent, o.message, o.author);
      try {
        await git.push(o.remote, sha, o.branch);
        return { sha, local: true };
      } catch (err) {
        if (isPushRace(err)) return { race: `Push rejected: ${where} moved.` };
        throw pushError(err, where, attempt);
      }
    },
  };
}

// What a refused push means, by git's (or GitHub's) words, and what the user can do about it.
const PUSH_HINTS: [RegExp, string][] = [
  [
    /GH006|GH013|protected branch|rule violation/i,
    ' The branch is protected and GITHUB_TOKEN cannot bypass its rules: use a PAT or GitHub App token allowed ' +
      "to push to it (actions/checkout `token:` or this action's `github-token`), or publish: artifact. " +
      'If the rules require signed commits, set sign-commits: true.',
  ],
  [
    /\b40[13]\b|permission to .* denied|not granted|could not read username|authentication failed/i,
    ' The token may not push: give the workflow `permissions: contents: write` (a pull request from a fork ' +
      'only ever gets a read-only token); protected branches need a PAT or GitHub App token.',
  ],
];

function pushError(err: unknown, where: string, attempt: number): PublishError {
  const detail = err instanceof GitError ? err.stderr : String(err);
  const first = detail.split('\n').find((l) => l.trim()) ?? detail;
  const hint = PUSH_HINTS.find(([re]) => re.test(detail))?.[1] ?? '';
  return new PublishError(`git push to ${where} failed: ${first}.${hint} ${KEPT}.`, attempt, { cause: err });
}

/**
 * Whether a push failed only because the branch moved under us (worth a fetch and another try): a
 * rejected ref whose reason is a lost race, not a hook, a permission or a protection rule.
 */
export function isPushRace(err: unknown): boolean {
  if (!(err instanceof GitError)) return false;
  return err.stderr
    .split('\n')
    .some(
      (line) =>
        /^\s*!\s*\[(remote )?rejected\]/.test(line) &&
        /\((non-fast-forward|fetch first|stale info|failed to update ref|cannot lock ref|incorrect old value)/i.test(
          line,
        ),
    );
}
