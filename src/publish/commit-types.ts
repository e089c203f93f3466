/**
 * What the parts of a commit share: the landers (git push in `commit-push.ts`, GitHub's API in
 * `commit-api.ts`) that `commit.ts` drives, and the derived files it re-applies after a race.
 */

/** A file derived from the lockfile, rebuilt after a merge: workspace-relative path and contents. */
export interface DerivedFile {
  path: string;
  text: string;
}

/** What one attempt to put a tree on the branch came to. */
export type Landing =
  /** Landed as `sha`; `local` says whether the commit is in the local repository too. */
  | { sha: string; local: boolean }
  /** The branch moved first (`unknown`: or the answer was lost, so it may have landed): catch up, retry. */
  | { race: string; unknown?: boolean };

/** One way of putting a tree on the branch as a commit: git push, or GitHub's API. */
export interface Lander {
  /** What is tried, for messages: "Push to origin/main". */
  readonly what: string;
  land(tree: string, parent: string | null, attempt: number): Promise<Landing>;
}
