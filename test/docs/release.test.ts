/**
 * Releasing: package.json's version and CHANGELOG.md agree; the release workflow's steps
 * (scripts/release-publish.ts: verify, notes, move-major) do what they say, and a dry run of the
 * workflow's own `run:` lines against a temporary repository with a bare origin publishes the notes
 * of the tagged version and moves `v1` forward only. (That release.yml passes GitHub's workflow
 * parser is test/docs/workflows.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { isPrepared, releaseChangelog } from '../../scripts/release.js';
import { changelogSection, majorTag, tagProblem } from '../../scripts/release-publish.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
const CHANGELOG = read('CHANGELOG.md');
const PKG = JSON.parse(read('package.json')) as { version: string };

describe('the version', () => {
  test('package.json, the lockfile and the newest CHANGELOG.md section name the same version', () => {
    const newest = /^## \[(\d+\.\d+\.\d+)\]/m.exec(CHANGELOG)?.[1];
    expect(newest).toBe(PKG.version);
    const lock = JSON.parse(read('package-lock.json')) as {
      version: string;
      packages: { '': { version: string } };
    };
    expect([lock.version, lock.packages[''].version]).toEqual([PKG.version, PKG.version]);
  });

  test('the section is either dated (released) or prepared ("unreleased"), with notes for users', () => {
    const section = changelogSection(CHANGELOG, PKG.version)!;
    expect(section.date).toMatch(/^(\d{4}-\d{2}-\d{2}|unreleased)$/);
    expect(section.notes.length).toBeGreaterThan(200);
    // User-facing: no build tools, libraries or test machinery.
    expect(section.notes).not.toMatch(/\b(ncc|undici|zod|knip|vitest|biome|emulator|refactor\w*)\b/i);
  });

  test('the tarball the CLI page names is this version’s', () => {
    const names = [...read('docs/cli.md').matchAll(/pixazo-images-(\d+\.\d+\.\d+)\.tgz/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const v of names) expect(v).toBe(PKG.version);
  });
});

const SAMPLE = `# Changelog

## [Unreleased]

- coming

## [1.1.0] - 2026-12-01

### Fixed

- a thing

## [1.0.0] - 2026-11-01

- first

[1.1.0]: https://example.com/1.1.0
`;

describe('the workflow’s steps', () => {
  test.each([
    ['v1.2.3', 'v1'],
    ['v10.0.0', 'v10'],
  ])('%s moves %s', (tag, major) => {
    expect(majorTag(tag)).toBe(major);
  });

  test.each(['1.2.3', 'v1.2', 'v1.2.3-rc.1', 'v1'])('%s is not a release tag', (tag) => {
    expect(() => majorTag(tag)).toThrow(/not a release tag/);
  });

  test('notes: the section of that version only, without link definitions', () => {
    expect(changelogSection(SAMPLE, '1.1.0')).toEqual({
      date: '2026-12-01',
      notes: '### Fixed\n\n- a thing',
    });
    expect(changelogSection(SAMPLE, '1.0.0')).toEqual({ date: '2026-11-01', notes: '- first' });
    expect(changelogSection(SAMPLE, '1.0.1')).toBeUndefined();
  });

  test.each([
    ['v1.1.0', '1.1.0', SAMPLE, undefined],
    ['v1.1.0', '1.0.0', SAMPLE, /package\.json says 1\.0\.0/],
    ['v1.2.0', '1.2.0', SAMPLE, /no "## \[1\.2\.0\]"/],
    ['v1.2.0', '1.2.0', '## [Unreleased]\n\n## [1.2.0] - unreleased\n\n- x\n', /not dated \(unreleased\)/],
    ['v1.2.0', '1.2.0', '## [Unreleased]\n\n## [1.2.0] - 2026-12-07\n\n', /is empty/],
  ])('verify %s with package.json %s', (tag, version, changelog, problem) => {
    const found = tagProblem(tag, version, changelog);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });
});

describe('npm run release on a prepared version', () => {
  const prepared = '# Changelog\n\n## [Unreleased]\n\n- late fix\n\n## [1.0.0] - unreleased\n\n- first\n';

  test('dates the prepared section and takes the Unreleased notes into it', () => {
    expect(isPrepared(prepared, '1.0.0')).toBe(true);
    expect(isPrepared(prepared, '1.0.1')).toBe(false);
    expect(releaseChangelog(prepared, '1.0.0', '2026-12-08')).toBe(
      '# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-12-08\n\n- late fix\n\n- first\n',
    );
    const empty = prepared.replace('- late fix\n\n', '');
    expect(releaseChangelog(empty, '1.0.0', '2026-12-08')).toBe(
      '# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-12-08\n\n- first\n',
    );
  });

  test('this repository’s changelog, released, passes the workflow’s check', () => {
    const released = releaseChangelog(CHANGELOG, PKG.version, '2026-12-08');
    expect(tagProblem(`v${PKG.version}`, PKG.version, released)).toBeUndefined();
    expect(released.match(/^## .*/m)?.[0]).toBe('## [Unreleased]');
  });
});

// The workflow's own run: lines, in bash as on the runner (Linux), in a temporary repository.
describe.skipIf(process.platform === 'win32')('a dry run of release.yml', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'pixazo-release-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const repo = path.join(work, 'repo');
  const origin = path.join(work, 'origin.git');
  const runnerTemp = path.join(work, 'runner');
  const env = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    RUNNER_TEMP: runnerTemp,
  };
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

  const steps = (
    parse(read('.github/workflows/release.yml')) as {
      jobs: { release: { steps: { name?: string; run?: string }[] } };
    }
  ).jobs.release.steps;
  const stepRun = (pattern: RegExp) => {
    const step = steps.find((s) => s.run && pattern.test(s.run));
    expect(step, String(pattern)).toBeDefined();
    return step!.run!;
  };
  /** Runs one of the workflow's `run:` lines for `tag`; its exit code and output. */
  function runStep(script: string, tag: string): { code: number; out: string } {
    try {
      const out = execFileSync('bash', ['-eo', 'pipefail', '-c', script], {
        cwd: repo,
        env: { ...env, GITHUB_REF_NAME: tag },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { code: 0, out };
    } catch (err) {
      const e = err as { status: number; stderr: string };
      return { code: e.status, out: e.stderr };
    }
  }
  /** What `npm run release` commits and tags, done by its own helper. */
  function release(version: string, note: string): void {
    const file = path.join(repo, 'CHANGELOG.md');
    const text = readFileSync(file, 'utf8').replace('## [Unreleased]\n', `## [Unreleased]\n\n${note}\n`);
    writeFileSync(file, releaseChangelog(text, version, '2026-12-08'));
    writeFileSync(path.join(repo, 'package.json'), `${JSON.stringify({ name: 'x', version })}\n`);
    git(repo, 'commit', '-qam', `Release v${version}`);
    git(repo, 'tag', '-a', `v${version}`, '-m', `Release v${version}`);
    git(repo, 'push', '-q', 'origin', 'HEAD:main', `v${version}`);
  }

  test('verify, notes, and v1 moved forward only', () => {
    mkdirSync(path.join(repo, 'scripts'), { recursive: true });
    mkdirSync(runnerTemp);
    git(work, 'init', '-q', '--bare', origin);
    git(repo, 'init', '-q');
    git(repo, 'remote', 'add', 'origin', origin);
    copyFileSync(
      path.join(ROOT, 'scripts/release-publish.ts'),
      path.join(repo, 'scripts/release-publish.ts'),
    );
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    writeFileSync(path.join(repo, 'package.json'), '{"name":"x","version":"1.0.0"}\n');
    writeFileSync(
      path.join(repo, 'CHANGELOG.md'),
      '# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - unreleased\n\n- first\n',
    );
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'start');
    // Before the release commit (a tag pushed by hand): the changelog is not dated, nothing is published.
    expect(runStep(stepRun(/ verify /), 'v1.0.0')).toMatchObject({
      code: 1,
      out: expect.stringMatching(/not dated/),
    });

    release('1.0.0', '- late fix');
    expect(runStep(stepRun(/ verify /), 'v1.0.0').code).toBe(0);
    expect(runStep(stepRun(/ notes /), 'v1.0.0').code).toBe(0);
    expect(readFileSync(path.join(runnerTemp, 'notes.md'), 'utf8')).toBe('- late fix\n\n- first\n');
    expect(runStep(stepRun(/ move-major /), 'v1.0.0').code).toBe(0);
    const v100 = git(repo, 'rev-parse', 'v1.0.0^{commit}');
    expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(v100);

    release('1.0.1', '- a fix');
    expect(runStep(stepRun(/ notes /), 'v1.0.1').code).toBe(0);
    expect(readFileSync(path.join(runnerTemp, 'notes.md'), 'utf8')).toBe('- a fix\n');
    expect(runStep(stepRun(/ move-major /), 'v1.0.1').code).toBe(0);
    const v101 = git(repo, 'rev-parse', 'v1.0.1^{commit}');
    expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(v101);

    // A re-run of the older release's workflow must not take v1 back.
    expect(runStep(stepRun(/ move-major /), 'v1.0.0')).toMatchObject({
      code: 1,
      out: expect.stringMatching(/not moved/),
    });
    expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(v101);
    // A tag that does not name package.json's version is refused.
    expect(runStep(stepRun(/ verify /), 'v1.0.0').code).toBe(1);
  });

  test('the workflow checks freshness and runs the suite before it publishes', () => {
    const runs = steps.map((s) => s.run ?? '');
    const at = (p: RegExp) => runs.findIndex((r) => p.test(r));
    // The rebuild and the comparison are one step.
    expect(at(/git diff --exit-code --stat -- dist schema/)).toBe(at(/npm run build/));
    const publish = at(/gh release create/);
    for (const before of [/ verify /, /npm run build/, /^npm test$/, /^npm run lint$/])
      expect(at(before), String(before)).toBeLessThan(publish);
    expect(at(/ move-major /)).toBeGreaterThan(publish);
  });
});

describe('what users are told', () => {
  test('the README says how to pin: @v1, or a full commit SHA', () => {
    const versions = read('README.md').split('\n## Versions\n')[1]?.split('\n## ')[0] ?? '';
    expect(versions).toContain('pixazo/pixazo-images@v1');
    expect(versions).toMatch(/full commit SHA/);
  });

  test('npm run release no longer moves the major tag: the workflow does', () => {
    const script = read('scripts/release.ts');
    expect(script).not.toMatch(/'tag', '-f'|--force origin/);
    expect(read('.github/workflows/release.yml')).toMatch(/release-publish\.ts move-major/);
  });
});
