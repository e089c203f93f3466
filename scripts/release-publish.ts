/**
 * The release workflow's own steps (.github/workflows/release.yml), run on a `vX.Y.Z` tag that
 * `npm run release` made, in the repository of the current directory:
 *
 *   node --import tsx scripts/release-publish.ts verify vX.Y.Z      the tag, package.json and a dated
 *                                                                   CHANGELOG.md section agree
 *   node --import tsx scripts/release-publish.ts notes vX.Y.Z       that section, for the GitHub release
 *   node --import tsx scripts/release-publish.ts move-major vX.Y.Z  points vX at the tag and pushes it
 *
 * The script (scripts/release.ts) prepares and tags; this verifies, publishes and moves the major
 * tag: each step has one home. Imports only node: modules, so a test can run it in a temporary
 * repository exactly as the workflow does.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TAG = /^v(\d+)\.(\d+)\.(\d+)$/;

/** `v1.2.3` → `v1`, the tag users pin (`uses: pixazo/pixazo-images@v1`). */
export function majorTag(tag: string): string {
  const m = TAG.exec(tag);
  if (!m) throw new Error(`"${tag}" is not a release tag (vX.Y.Z)`);
  return `v${m[1]}`;
}

/** The `## [version] - date` heading of CHANGELOG.md and the notes under it, or undefined. */
export function changelogSection(
  changelog: string,
  version: string,
): { date: string; notes: string } | undefined {
  const head = new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\](?: - (.+))?$`, 'm').exec(changelog);
  if (!head) return undefined;
  const start = head.index + head[0].length;
  const next = changelog.slice(start).search(/^## \[/m);
  const body = changelog.slice(start, next === -1 ? undefined : start + next);
  // Link definitions at the end of the file (`[1.0.0]: https://…`) are not notes.
  const notes = body.replace(/^\[[^\]]+\]: \S+$/gm, '').trim();
  return { date: (head[1] ?? '').trim(), notes };
}

/**
 * Why `tag` must not be published from this tree, or undefined when it may: the tag names the
 * version in package.json, and CHANGELOG.md has notes for it under a dated heading.
 */
export function tagProblem(tag: string, packageVersion: string, changelog: string): string | undefined {
  majorTag(tag);
  const version = tag.slice(1);
  if (version !== packageVersion) return `tag ${tag} but package.json says ${packageVersion}`;
  const section = changelogSection(changelog, version);
  if (!section) return `CHANGELOG.md has no "## [${version}]" section`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(section.date))
    return `CHANGELOG.md's "## [${version}]" is not dated (${section.date || 'no date'}): tag what \`npm run release\` committed`;
  if (!section.notes) return `CHANGELOG.md's "## [${version}]" section is empty`;
  return undefined;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * Points the major tag at `tag`'s commit (a lightweight tag: it only follows) and force-pushes it
 * to `remote`. Refuses to move it backwards, to a commit that does not contain the one it is on
 * (an older release's re-run must not take `v1` away from a newer one).
 */
export function moveMajorTag(cwd: string, tag: string, remote = 'origin'): string {
  const major = majorTag(tag);
  const commit = git(cwd, 'rev-parse', `${tag}^{commit}`);
  let current = '';
  try {
    current = git(cwd, 'rev-parse', `refs/tags/${major}^{commit}`);
  } catch {
    // No major tag yet: the first release of this major version.
  }
  if (current && current !== commit) {
    try {
      git(cwd, 'merge-base', '--is-ancestor', current, commit);
    } catch {
      throw new Error(`${major} is on ${current.slice(0, 12)}, which ${tag} does not contain: not moved`);
    }
  }
  git(cwd, 'tag', '--force', major, commit);
  git(cwd, 'push', '--force', remote, `refs/tags/${major}`);
  return `${major} → ${tag} (${commit.slice(0, 12)})`;
}

function main([command, tag]: string[]): void {
  const cwd = process.cwd();
  if (!tag || !['verify', 'notes', 'move-major'].includes(command ?? ''))
    throw new Error('usage: release-publish.ts <verify | notes | move-major> vX.Y.Z');
  const changelog = readFileSync(path.join(cwd, 'CHANGELOG.md'), 'utf8');
  if (command === 'verify') {
    const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { version: string };
    const problem = tagProblem(tag, pkg.version, changelog);
    if (problem) throw new Error(problem);
    console.log(`${tag}: package.json and CHANGELOG.md agree`);
  } else if (command === 'notes') {
    const section = changelogSection(changelog, majorTag(tag) && tag.slice(1));
    if (!section?.notes) throw new Error(`CHANGELOG.md has no notes for ${tag}`);
    console.log(section.notes);
  } else {
    console.log(moveMajorTag(cwd, tag));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`release: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
