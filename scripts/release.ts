/**
 * Cuts a release: `npm run release -- <X.Y.Z | patch | minor | major> [--push] [--dry-run]`.
 * Run by hand on a clean main, never in tests or CI.
 *
 *  1. checks: clean work tree, on main, the tag is new, CHANGELOG.md has notes under [Unreleased];
 *  2. builds, and fails when dist/ or schema/ differ from what is committed (commit the build first);
 *  3. runs the tests and the lint;
 *  4. sets the version in package.json (and the lockfile), dates the changelog section, commits
 *     "Release vX.Y.Z" and tags vX.Y.Z (annotated);
 *  5. with --push, pushes main and vX.Y.Z. Otherwise prints that command.
 * --dry-run does 1–3 and says what 4–5 would do.
 *
 * The pushed tag starts .github/workflows/release.yml, which verifies the tree (fresh dist/ and
 * schema/, the suite), publishes the GitHub release from the changelog section and moves the major
 * tag vX (scripts/release-publish.ts): this script prepares and tags, the workflow publishes.
 *
 * A version may be prepared ahead: package.json already at X.Y.Z and CHANGELOG.md with a
 * `## [X.Y.Z] - unreleased` section (the first release, 1.0.0, is). `npm run release -- X.Y.Z`
 * then dates that section, taking any notes under `## [Unreleased]` into it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

/** The version after `current` for a bump word, or `spec` itself when it is a version above `current`. */
export function nextVersion(current: string, spec: string): string {
  const cur = SEMVER.exec(current);
  if (!cur) throw new Error(`package.json has a version that is not X.Y.Z: ${current}`);
  const [major, minor, patch] = cur.slice(1).map(Number) as [number, number, number];
  if (spec === 'major') return `${major + 1}.0.0`;
  if (spec === 'minor') return `${major}.${minor + 1}.0`;
  if (spec === 'patch') return `${major}.${minor}.${patch + 1}`;
  const next = SEMVER.exec(spec);
  if (!next) throw new Error(`expected X.Y.Z, patch, minor or major; got "${spec}"`);
  const a = next.slice(1).map(Number);
  const b = [major, minor, patch];
  const cmp = a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  if (cmp <= 0) throw new Error(`${spec} is not above the current version ${current}`);
  return spec;
}

/**
 * The changelog with the `## [Unreleased]` notes moved under `## [version] - date`, and a new,
 * empty `## [Unreleased]` above them. Refuses an empty Unreleased section: a release says what changed.
 */
export function releaseChangelog(text: string, version: string, date: string): string {
  const head = /^## \[Unreleased\][^\n]*\n/m.exec(text);
  if (!head) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
  const start = head.index + head[0].length;
  const nextSection = text.slice(start).search(/^## \[/m);
  const end = nextSection === -1 ? text.length : start + nextSection;
  const notes = text.slice(start, end).trim();
  const prepared = new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\](?: - (.*))?\\n`, 'm').exec(text);
  if (prepared && prepared[1]?.trim() !== 'unreleased')
    throw new Error(`CHANGELOG.md already has a section for ${version}`);
  if (prepared) {
    // A version prepared ahead: date its heading, with the newer notes on top of its own.
    const rest = text.slice(prepared.index + prepared[0].length).replace(/^\n+/, '');
    return `${text.slice(0, head.index)}## [Unreleased]\n\n## [${version}] - ${date}\n\n${notes ? `${notes}\n\n` : ''}${rest}`;
  }
  if (!notes) throw new Error('CHANGELOG.md: nothing under "## [Unreleased]"; write the release notes first');
  return `${text.slice(0, head.index)}## [Unreleased]\n\n## [${version}] - ${date}\n\n${notes}\n\n${text.slice(end)}`;
}

/** Whether CHANGELOG.md prepares `version` ahead (`## [X.Y.Z] - unreleased`). */
export function isPrepared(changelog: string, version: string): boolean {
  return new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\] - unreleased$`, 'm').test(changelog);
}

function sh(cmd: string, args: string[], opts: { quiet?: boolean } = {}): string {
  if (!opts.quiet) console.log(`$ ${cmd} ${args.join(' ')}`);
  return execFileSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
}

const git = (...args: string[]): string => sh('git', args, { quiet: true }).trim();

function main(argv: string[]): void {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const [spec, ...rest] = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--push' && f !== '--dry-run');
  if (!spec || rest.length > 0 || unknown.length > 0)
    throw new Error('usage: npm run release -- <X.Y.Z | patch | minor | major> [--push] [--dry-run]');
  const dryRun = flags.has('--dry-run');

  const pkgFile = path.join(ROOT, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  const changelogFile = path.join(ROOT, 'CHANGELOG.md');
  const current = readFileSync(changelogFile, 'utf8');
  const version = spec === pkg.version && isPrepared(current, spec) ? spec : nextVersion(pkg.version, spec);
  const tag = `v${version}`;
  const changelog = releaseChangelog(current, version, new Date().toISOString().slice(0, 10));

  if (git('status', '--porcelain') !== '')
    throw new Error('the work tree has changes: commit or stash them first');
  const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
  if (branch !== 'main') throw new Error(`releases are cut from main, not ${branch}`);
  if (git('tag', '--list', tag) !== '') throw new Error(`tag ${tag} exists already`);

  sh('npm', ['run', 'build']);
  const stale = git('status', '--porcelain', '--', 'dist', 'schema');
  if (stale !== '') {
    git('checkout', '--', 'dist', 'schema');
    git('clean', '-fdq', '--', 'dist', 'schema');
    throw new Error(`dist/ or schema/ is not what the build produces; commit a fresh build first:\n${stale}`);
  }
  sh('npm', ['test']);
  sh('npm', ['run', 'lint']);

  const push = `git push origin main ${tag}`;
  if (dryRun) {
    console.log(`\nDry run: checks, build, tests and lint passed. A release would now:`);
    console.log(`  set version ${pkg.version} → ${version}, date the changelog, commit "Release ${tag}",`);
    console.log(`  tag ${tag}, then: ${push}`);
    return;
  }
  sh('npm', ['version', version, '--no-git-tag-version', '--allow-same-version']);
  writeFileSync(changelogFile, changelog);
  sh('git', ['add', 'package.json', 'package-lock.json', 'CHANGELOG.md']);
  sh('git', ['commit', '-m', `Release ${tag}`]);
  sh('git', ['tag', '-a', tag, '-m', `Release ${tag}`]);
  if (flags.has('--push')) sh('sh', ['-c', push]);
  else console.log(`\nTagged ${tag}. Push it:\n  ${push}`);
  console.log(
    'The tag starts the release workflow: it verifies the build and the suite, publishes the GitHub release ' +
      'from the changelog and moves the major tag. Then `npm publish` for the CLI.',
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`release: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
