import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseLockfile } from '../../src/plan/lockfile.js';
import { checkCommitTarget, commitAndPush, PublishError } from '../../src/publish/commit.js';
import { commitMessage } from '../../src/publish/commit-message.js';
import { pushRetryWait } from '../../src/publish/commit-retry.js';
import { GitCli, GitError } from '../../src/shared/git.js';
import {
  createGitFixture,
  type GitFixture,
  installHook,
  installRacingPrePush,
  racePush,
  writeFiles,
} from '../fakes/git-repo.js';
import { fakeClock } from '../helpers/recorders.js';
import { AUTHOR, gitChecks, INITIAL, LOCK, lockText, optionsFor } from './commit-fixtures.js';

let fx: GitFixture;
let check: ReturnType<typeof gitChecks>;
beforeEach(async () => {
  fx = await createGitFixture(INITIAL);
  check = gitChecks(fx);
});
afterEach(async () => {
  await fx.cleanup();
});
describe('commitAndPush', () => {
  test('commits exactly our files with the configured author and message, leaving other changes alone', async () => {
    const clock = fakeClock();
    await check.dirtyOtherFiles(fx.work);
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const ours = ['img/a.png', LOCK];
    const statusBefore = await check.otherStatus(fx.work, ours);
    const stagedBefore = await fx.git(fx.work, 'diff', '--cached', '--', 'staged.txt');
    const unstagedBefore = await fx.git(fx.work, 'diff', '--', 'notes.txt');
    const parent = await check.head(fx.work);

    const result = await commitAndPush(optionsFor(fx.work, 'a', clock));

    expect(result).toEqual({ sha: expect.stringMatching(/^[0-9a-f]{40}$/), attempts: 1 });
    const sha = result.sha!;
    expect(await check.head(fx.remote, 'main')).toBe(sha);
    expect(await check.head(fx.work)).toBe(sha);
    expect((await fx.git(fx.work, 'rev-parse', `${sha}^`)).trim()).toBe(parent);
    expect(await check.changed(sha)).toEqual(['A\timg/a.png', `M\t${LOCK}`]);
    const meta = await fx.git(fx.work, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%s', sha);
    expect(meta.trim()).toBe(
      `${AUTHOR.name} <${AUTHOR.email}>|${AUTHOR.name} <${AUTHOR.email}>|chore(images): regenerate 1 image(s)`,
    );
    // Other steps' work is exactly as it was; ours is clean.
    expect(await check.otherStatus(fx.work, ours)).toEqual(statusBefore);
    expect(statusBefore.sort()).toEqual([' M notes.txt', '?? untracked.txt', 'M  staged.txt']);
    expect(await fx.git(fx.work, 'diff', '--cached', '--', 'staged.txt')).toBe(stagedBefore);
    expect(await fx.git(fx.work, 'diff', '--', 'notes.txt')).toBe(unstagedBefore);
    expect(await fx.git(fx.work, 'status', '--porcelain', '--', ...ours)).toBe('');
    expect(clock.sleeps).toEqual([]);
  });

  test('commits a deleted image as a deletion', async () => {
    await writeFiles(fx.work, { 'img/old.png': null, [LOCK]: lockText() });
    const { sha } = await commitAndPush(optionsFor(fx.work, 'old', fakeClock()));
    expect(await check.changed(sha!)).toEqual(['D\timg/old.png', `M\t${LOCK}`]);
    expect(await check.remoteTree()).not.toContain('img/old.png');
    expect(await fx.git(fx.work, 'status', '--porcelain')).toBe('');
  });

  test('no change: no commit, no push', async () => {
    const before = await check.head(fx.remote, 'main');
    const result = await commitAndPush(optionsFor(fx.work, 'old', fakeClock()));
    expect(result).toEqual({ sha: null, attempts: 0 });
    expect(await check.head(fx.remote, 'main')).toBe(before);
    expect(await check.head(fx.work)).toBe(before);
  });

  test('paths are relative to a workspace inside the work tree', async () => {
    await writeFiles(fx.work, { 'site/img/a.png': 'AAA', [`site/${LOCK}`]: lockText('a') });
    const { sha } = await commitAndPush(optionsFor(path.join(fx.work, 'site'), 'a', fakeClock()));
    expect(await check.changed(sha!)).toEqual([`A\tsite/${LOCK}`, 'A\tsite/img/a.png']);
  });

  test('a repository in a subfolder of the workspace (actions/checkout `path:`) is found from repoDir', async () => {
    // The fixture's root holds the clone as `work/`: the workspace is the root, the manifest in work/.
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const opts = optionsFor(fx.root, 'a', fakeClock(), {
      repoDir: fx.work,
      paths: ['work/img/a.png', `work/${LOCK}`],
      lockfile: `work/${LOCK}`,
    });
    const { sha } = await commitAndPush(opts);
    expect(await check.changed(sha!)).toEqual(['A\timg/a.png', `M\t${LOCK}`]);
    expect(await check.head(fx.work)).toBe(sha);

    await writeFiles(fx.root, { 'elsewhere/b.png': 'B' });
    const outside = { ...opts, paths: ['elsewhere/b.png', `work/${LOCK}`] };
    await expect(commitAndPush(outside)).rejects.toThrow(
      /Cannot commit elsewhere\/b\.png: it is outside the git work tree/,
    );
  });

  test('odd file names are literal paths, and ignored outputs are still committed', async () => {
    await writeFiles(fx.work, {
      '.gitignore': 'generated/\n',
      'img/a b*.png': 'STAR',
      'img/a bX.png': 'NOT OURS',
      'generated/:x.png': 'IGNORED',
    });
    const paths = ['img/a b*.png', 'generated/:x.png', LOCK];
    const { sha } = await commitAndPush({ ...optionsFor(fx.work, 'a', fakeClock()), paths });
    expect(await check.changed(sha!)).toEqual(['A\tgenerated/:x.png', 'A\timg/a b*.png']);
    expect((await fx.git(fx.work, 'status', '--porcelain', '--untracked-files=all')).split('\n')).toEqual([
      '?? .gitignore',
      '?? "img/a bX.png"',
      '',
    ]);
  });

  test('push race: retried on the remote head with the lockfile merged per entry', async () => {
    const clock = fakeClock([0.5]);
    const other = await fx.clone('other');
    const theirs = await racePush(
      fx.git,
      other,
      { 'img/b.png': 'BBB', [LOCK]: lockText('old', 'b') },
      'shard b',
    );
    await check.dirtyOtherFiles(fx.work);
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const statusBefore = await check.otherStatus(fx.work, ['img/a.png', LOCK]);
    const infos: string[] = [];
    const logger = {
      info: (m: string) => infos.push(m),
      warning: (m: string) => infos.push(`W ${m}`),
      debug() {},
    };

    const result = await commitAndPush(optionsFor(fx.work, 'a', clock, { logger }));

    expect(result.attempts).toBe(2);
    expect(clock.sleeps).toEqual([pushRetryWait(0, 0.5)]);
    expect(infos.some((m) => m.startsWith('W '))).toBe(false);
    const sha = result.sha!;
    expect(await check.head(fx.remote, 'main')).toBe(sha);
    expect((await fx.git(fx.remote, 'rev-parse', `${sha}^`)).trim()).toBe(theirs);
    expect(await check.remoteSubjects()).toEqual([
      'chore(images): regenerate 1 image(s)',
      'shard b',
      'initial',
    ]);
    const merged = parseLockfile(await check.remoteFile(LOCK), LOCK);
    expect(Object.keys(merged.images).sort()).toEqual(['a', 'b', 'old']);
    expect(await check.remoteTree()).toEqual(
      expect.arrayContaining(['img/a.png', 'img/b.png', 'img/old.png']),
    );
    expect(await check.remoteFile('img/a.png')).toBe('AAA');
    // The workspace follows: merged lockfile written back, their image checked out, branch on our commit.
    expect(await readFile(path.join(fx.work, LOCK), 'utf8')).toBe(await check.remoteFile(LOCK));
    expect(await readFile(path.join(fx.work, 'img/b.png'), 'utf8')).toBe('BBB');
    expect(await check.head(fx.work)).toBe(sha);
    expect(await check.otherStatus(fx.work, ['img/a.png', LOCK])).toEqual(statusBefore);
    expect(await fx.git(fx.work, 'status', '--porcelain', '--', 'img', LOCK)).toBe('');
  });

  test('push race with a local edit in the way: pushed, the local branch stays, with a warning', async () => {
    const other = await fx.clone('other');
    await racePush(fx.git, other, { 'notes.txt': 'their notes\n' }, 'edit notes');
    await writeFiles(fx.work, {
      'notes.txt': 'our unsaved notes\n',
      'img/a.png': 'AAA',
      [LOCK]: lockText('old', 'a'),
    });
    const before = await check.head(fx.work);
    const warnings: string[] = [];
    const logger = { info() {}, warning: (m: string) => warnings.push(m), debug() {} };

    const result = await commitAndPush(optionsFor(fx.work, 'a', fakeClock(), { logger }));

    expect(result.attempts).toBe(2);
    expect(await check.head(fx.remote, 'main')).toBe(result.sha);
    expect(await check.remoteFile('img/a.png')).toBe('AAA');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/git pull/);
    expect(await check.head(fx.work)).toBe(before);
    expect(await readFile(path.join(fx.work, 'notes.txt'), 'utf8')).toBe('our unsaved notes\n');
    expect(await fx.git(fx.work, 'diff', '--cached', '--name-only')).toBe('');
  });

  test('two shards pushing at once both land', async () => {
    const second = await fx.clone('second');
    await writeFiles(fx.work, { 'img/s1.png': 'S1', [LOCK]: lockText('old', 's1') });
    await writeFiles(second, { 'img/s2.png': 'S2', [LOCK]: lockText('old', 's2') });
    const results = await Promise.all([
      commitAndPush(optionsFor(fx.work, 's1', fakeClock([0.1]))),
      commitAndPush(optionsFor(second, 's2', fakeClock([0.9]))),
    ]);
    expect(results.every((r) => r.sha !== null)).toBe(true);
    expect(Math.max(...results.map((r) => r.attempts))).toBeGreaterThanOrEqual(2);
    const log = (await fx.git(fx.remote, 'log', '--format=%H', 'main')).split('\n');
    expect(log).toEqual(expect.arrayContaining(results.map((r) => r.sha)));
    const merged = parseLockfile(await check.remoteFile(LOCK), LOCK);
    expect(Object.keys(merged.images).sort()).toEqual(['old', 's1', 's2']);
    expect(await check.remoteTree()).toEqual(expect.arrayContaining(['img/s1.png', 'img/s2.png']));
  });

  test('gives up after maxAttempts when the branch keeps moving, leaving the files in the workspace', async () => {
    const clock = fakeClock([0, 1]);
    const other = await fx.clone('other');
    await installRacingPrePush(fx.work, other);
    const ours = lockText('old', 'a');
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: ours });
    const before = await check.head(fx.work);

    const err = await commitAndPush(optionsFor(fx.work, 'a', clock, { maxAttempts: 3 })).catch((e) => e);

    expect(err).toBeInstanceOf(PublishError);
    expect(err.attempts).toBe(3);
    expect(err.message).toMatch(/rejected 3 times/);
    expect(err.message).toMatch(/still in the workspace/);
    expect(clock.sleeps).toEqual([pushRetryWait(0, 0), pushRetryWait(1, 1)]);
    expect(await readFile(path.join(fx.work, 'img/a.png'), 'utf8')).toBe('AAA');
    expect(await readFile(path.join(fx.work, LOCK), 'utf8')).toBe(ours);
    expect(await check.head(fx.work)).toBe(before);
    expect(await check.remoteTree()).not.toContain('img/a.png');
  });

  test('a push refused for another reason fails at once with advice', async () => {
    await installHook(
      fx.remote,
      'pre-receive',
      'echo "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1',
    );
    const clock = fakeClock();
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const err = await commitAndPush(optionsFor(fx.work, 'a', clock)).catch((e) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect(err.attempts).toBe(1);
    expect(err.message).toMatch(/protected/i);
    expect(err.message).toMatch(/PAT or GitHub App token/);
    expect(clock.sleeps).toEqual([]);
    expect(existsSync(path.join(fx.work, 'img/a.png'))).toBe(true);
  });
});

describe('checkCommitTarget', () => {
  test('returns the checked-out branch', async () => {
    await expect(checkCommitTarget(fx.work, 'push')).resolves.toEqual({ branch: 'main' });
  });

  test('detached HEAD on pull_request: the actions/checkout snippet, before spending', async () => {
    await fx.git(fx.work, 'checkout', '--quiet', '--detach');
    const err = await checkCommitTarget(fx.work, 'pull_request', 'feature').catch((e) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect(err.message).toContain('- uses: actions/checkout@v5\n  with:\n    ref: ${{ github.head_ref }}');
    expect(err.message).toMatch(/stopped before spending anything/);
  });

  test('detached HEAD on another event: check out a branch', async () => {
    await fx.git(fx.work, 'checkout', '--quiet', '--detach');
    await expect(checkCommitTarget(fx.work, 'workflow_dispatch')).rejects.toThrow(/Check out a branch/);
  });

  test('not a git repository', async () => {
    await expect(checkCommitTarget(fx.root, 'push')).rejects.toThrow(/is not in one/);
  });
});

describe('GitCli', () => {
  test('sends the token as a basic auth header on fetch only, and never shows it', async () => {
    const token = 'ghs_s3cr3tT0ken';
    const b64 = Buffer.from(`x-access-token:${token}`).toString('base64');
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end(`denied ${token}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const git = new GitCli(fx.work, { token, env: { no_proxy: '127.0.0.1' } });
      const err = await git.fetchRemoteHead(`http://127.0.0.1:${port}/repo.git`, 'main').catch((e) => e);
      expect(err).toBeInstanceOf(GitError);
      expect(seen[0]).toBe(`basic ${b64}`);
      for (const text of [err.message, err.command, err.stderr, String(err.stack)]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(b64);
      }
      // Only fetch and push carry it: other commands do not even see the setting.
      await expect(git.exec(['config', '--get-all', 'http.extraheader'])).rejects.toBeInstanceOf(GitError);
    } finally {
      server.close();
    }
  });

  test('currentBranch is null when detached', async () => {
    const git = new GitCli(fx.work);
    expect(await git.currentBranch()).toBe('main');
    await fx.git(fx.work, 'checkout', '--quiet', '--detach');
    expect(await git.currentBranch()).toBeNull();
  });
});

describe('helpers', () => {
  test.each([
    [
      'chore(images): regenerate {count} image(s)',
      { count: 3, generated: 2, removed: 0 },
      'chore(images): regenerate 3 image(s)',
    ],
    [
      '{generated} updated, {removed} gone, {count} files',
      { count: 3, generated: 2, removed: 1 },
      '2 updated, 1 gone, 3 files',
    ],
    ['', { count: 4, generated: 3, removed: 0 }, 'chore(images): regenerate 4 images'],
    ['', { count: 0, generated: 0, removed: 2 }, 'chore(images): remove 2 images'],
    ['', { count: 1, generated: 1, removed: 2 }, 'chore(images): regenerate 1 image, remove 2'],
    ['', { count: 0, generated: 0, removed: 1 }, 'chore(images): remove 1 image'],
    ['', { count: 0, generated: 0, removed: 0 }, 'chore(images): update the lockfile'],
  ])('commitMessage(%j, %j) is %j', (template, counts, expected) => {
    expect(commitMessage(template, counts)).toBe(expected);
  });
});
