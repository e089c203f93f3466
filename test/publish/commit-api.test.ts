/**
 * `sign-commits: true`: commits created through GraphQL `createCommitOnBranch` with the REAL
 * `@actions/github` octokit, against the local fake API, which applies them to a real bare remote.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseLockfile } from '../../src/plan/lockfile.js';
import { type CommitOptions, commitAndPush, PublishError } from '../../src/publish/commit.js';
import type { ApiTarget } from '../../src/publish/commit-api.js';
import { pushRetryWait } from '../../src/publish/commit-retry.js';
import { createGitFixture, type GitFixture, racePush, writeFiles } from '../fakes/git-repo.js';
import {
  API_COMMITTER,
  type CommitOnBranchInput,
  type GitHubApi,
  startGitHubApi,
} from '../fakes/github-api.js';
import { fakeClock, recordingLogger } from '../helpers/recorders.js';
import { gitChecks, INITIAL, LOCK, lockText, mergeTouching, optionsFor } from './commit-fixtures.js';

const TOKEN = 'ghs_signing_token';

let api: GitHubApi;
let fx: GitFixture;
let check: ReturnType<typeof gitChecks>;
beforeAll(async () => {
  api = await startGitHubApi({ users: { [TOKEN]: { login: 'github-actions[bot]', type: 'Bot' } } });
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  api.reset();
  fx = await createGitFixture(INITIAL);
  check = gitChecks(fx);
  api.repos['octo/site'] = fx.remote;
});
afterEach(async () => {
  await fx.cleanup();
});

const graphqlCalls = () => api.requests.filter((r) => r.url === '/graphql');
const target = (extra: Partial<ApiTarget> = {}): ApiTarget => ({
  token: TOKEN,
  apiUrl: api.url,
  owner: 'octo',
  repo: 'site',
  ...extra,
});

/** Signed-commit options for the main clone committing entry `id`. */
function signed(
  id: string,
  extra: Partial<CommitOptions> = {},
  apiExtra: Partial<ApiTarget> = {},
): CommitOptions {
  return optionsFor(fx.work, id, fakeClock(), { api: target(apiExtra), ...extra });
}

/** Moves main with a commit from another clone when GitHub is asked for the next commit (once). */
async function raceNextCommit(files: Record<string, string>): Promise<string[]> {
  const other = await fx.clone('other');
  const pushed: string[] = [];
  api.beforeCommit = async () => {
    api.beforeCommit = undefined;
    pushed.push(await racePush(fx.git, other, files, 'racing commit'));
  };
  return pushed;
}

describe('commitAndPush through the GitHub API (sign-commits)', () => {
  test('GitHub creates the commit of exactly our files; the local branch follows; other changes stay', async () => {
    await check.dirtyOtherFiles(fx.work);
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const ours = ['img/a.png', LOCK];
    const statusBefore = await check.otherStatus(fx.work, ours);
    const parent = await check.head(fx.work);

    const result = await commitAndPush(signed('a'));

    expect(result).toEqual({ sha: expect.stringMatching(/^[0-9a-f]{40}$/), attempts: 1 });
    const sha = result.sha!;
    expect(await check.head(fx.remote, 'main')).toBe(sha);
    expect((await fx.git(fx.remote, 'rev-parse', `${sha}^`)).trim()).toBe(parent);
    expect(await check.changed(sha)).toEqual(['A\timg/a.png', `M\t${LOCK}`]);
    expect(await check.remoteFile('img/a.png')).toBe('AAA');
    expect(await check.remoteFile(LOCK)).toBe(lockText('old', 'a'));
    // Authored as the token's owner (commit-author does not apply), with the configured message.
    const meta = await fx.git(fx.remote, 'log', '-1', '--format=%an <%ae>|%B', sha);
    expect(meta.trim()).toBe(
      `${API_COMMITTER.name} <${API_COMMITTER.email}>|chore(images): regenerate 1 image(s)`,
    );
    const [call] = graphqlCalls();
    const input = (call!.body as { variables: { input: CommitOnBranchInput } }).variables.input;
    expect(input.expectedHeadOid).toBe(parent);
    expect(input.branch).toEqual({ repositoryNameWithOwner: 'octo/site', branchName: 'main' });
    expect(call!.authorized).toBe(true);
    // The local checkout caught up; other steps' work is as it was.
    expect(await check.head(fx.work)).toBe(sha);
    expect(await check.otherStatus(fx.work, ours)).toEqual(statusBefore);
    expect(await fx.git(fx.work, 'status', '--porcelain', '--', ...ours)).toBe('');
  });

  test('a pruned image is sent as a deletion; nothing changed sends nothing', async () => {
    await writeFiles(fx.work, { 'img/old.png': null, [LOCK]: lockText() });
    const { sha } = await commitAndPush(signed('old'));
    expect(await check.changed(sha!)).toEqual(['D\timg/old.png', `M\t${LOCK}`]);
    expect(await check.remoteTree()).not.toContain('img/old.png');

    api.requests.length = 0;
    expect(await commitAndPush(signed('old'))).toEqual({ sha: null, attempts: 0 });
    expect(graphqlCalls()).toHaveLength(0);
  });

  test('a head that moves between read and write: re-read, lockfile merged per entry, retried', async () => {
    const raced = await raceNextCommit({ 'img/b.png': 'BBB', [LOCK]: lockText('old', 'b') });
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const clock = fakeClock([0.5]);
    const log = recordingLogger();

    const result = await commitAndPush(signed('a', { clock, logger: log.logger }));

    expect(result.attempts).toBe(2);
    expect(clock.sleeps).toEqual([pushRetryWait(0, 0.5)]);
    expect(log.info.some((m) => /moved before GitHub created the commit/.test(m))).toBe(true);
    const sha = result.sha!;
    expect((await fx.git(fx.remote, 'rev-parse', `${sha}^`)).trim()).toBe(raced[0]);
    expect(Object.keys(parseLockfile(await check.remoteFile(LOCK), LOCK).images).sort()).toEqual([
      'a',
      'b',
      'old',
    ]);
    expect(await check.remoteFile('img/b.png')).toBe('BBB');
    expect(await check.remoteFile('img/a.png')).toBe('AAA');
    const heads = graphqlCalls().map(
      (c) => (c.body as { variables: { input: CommitOnBranchInput } }).variables.input,
    );
    expect(heads.map((i) => i.expectedHeadOid)).toEqual([
      (await fx.git(fx.remote, 'rev-parse', `${raced[0]}^`)).trim(),
      raced[0],
    ]);
    // The workspace has their image, the merged lockfile, and the branch on our commit.
    expect(await readFile(path.join(fx.work, 'img/b.png'), 'utf8')).toBe('BBB');
    expect(await readFile(path.join(fx.work, LOCK), 'utf8')).toBe(await check.remoteFile(LOCK));
    expect(await check.head(fx.work)).toBe(sha);
    expect(log.warning).toEqual([]);
  });

  test('two shards signing at once both land', async () => {
    const second = await fx.clone('second');
    await writeFiles(fx.work, { 'img/s1.png': 'S1', [LOCK]: lockText('old', 's1') });
    await writeFiles(second, { 'img/s2.png': 'S2', [LOCK]: lockText('old', 's2') });
    const results = await Promise.all([
      commitAndPush(signed('s1', { clock: fakeClock([0.1]) })),
      commitAndPush(optionsFor(second, 's2', fakeClock([0.9]), { api: target() })),
    ]);
    expect(results.every((r) => r.sha !== null)).toBe(true);
    const merged = parseLockfile(await check.remoteFile(LOCK), LOCK);
    expect(Object.keys(merged.images).sort()).toEqual(['old', 's1', 's2']);
    expect(await check.remoteTree()).toEqual(expect.arrayContaining(['img/s1.png', 'img/s2.png']));
  });

  test('a change over the request budget goes as several commits in order, the lockfile with the last', async () => {
    const image = (c: string) => c.repeat(900);
    await writeFiles(fx.work, {
      'img/a.png': image('a'),
      'img/b.png': image('b'),
      'img/c.png': image('c'),
      'img/old.png': null,
      [LOCK]: lockText('a', 'b', 'c'),
    });
    const paths = ['img/a.png', 'img/b.png', 'img/c.png', 'img/old.png', LOCK];
    const budget = 4000;
    const before = await check.head(fx.remote, 'main');

    const result = await commitAndPush(
      signed('a', { paths, mergeLockfile: mergeTouching('a', 'b', 'c') }, { budget }),
    );

    const log = (await fx.git(fx.remote, 'log', '--reverse', '--format=%H %s', `${before}..main`))
      .trim()
      .split('\n');
    expect(log).toHaveLength(2);
    expect(log[1]!.split(' ')[0]).toBe(result.sha);
    expect(log.map((l) => l.slice(41))).toEqual([
      'chore(images): regenerate 1 image(s) (1/2)',
      'chore(images): regenerate 1 image(s) (2/2)',
    ]);
    const [first, last] = log.map((l) => l.slice(0, 40));
    expect(await check.changed(first!)).toEqual(['A\timg/a.png', 'A\timg/b.png', 'A\timg/c.png']);
    expect(await check.changed(last!)).toEqual(['D\timg/old.png', `M\t${LOCK}`]);
    expect(await fx.git(fx.remote, 'log', '-1', '--format=%b', first!)).toMatch(/lockfile comes with part 2/);
    // Every request stayed within the budget (plus the JSON around the files).
    for (const call of graphqlCalls()) expect(call.bytes).toBeLessThan(budget + 1200);
    expect(await check.head(fx.work)).toBe(result.sha);
  });

  test('an image too large for one request fails before anything is sent; the files stay', async () => {
    await writeFiles(fx.work, { 'img/a.png': 'x'.repeat(3000), [LOCK]: lockText('old', 'a') });
    const before = await check.head(fx.remote, 'main');
    const err = await commitAndPush(signed('a', {}, { budget: 2000 })).catch((e) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect(err.message).toMatch(
      /img\/a\.png is 0\.0 MiB, more than one commit through GitHub's API can carry/,
    );
    expect(err.message).toMatch(/sign-commits: false/);
    expect(err.message).toMatch(/still in the workspace/);
    expect(graphqlCalls()).toHaveLength(0);
    expect(await check.head(fx.remote, 'main')).toBe(before);
    expect(existsSync(path.join(fx.work, 'img/a.png'))).toBe(true);
  });

  test('files under a .gitattributes filter (Git LFS) are refused before anything is sent', async () => {
    await writeFiles(fx.work, {
      '.gitattributes': 'img/*.png filter=lfs diff=lfs merge=lfs -text\n',
      'img/a.png': 'AAA',
      [LOCK]: lockText('old', 'a'),
    });
    const err = await commitAndPush(signed('a')).catch((e) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect(err.message).toMatch(/cannot commit img\/a\.png: a \.gitattributes filter \(such as Git LFS\)/);
    expect(graphqlCalls()).toHaveLength(0);
  });

  test('a token that may not write fails at once with the permission to add, never showing the token', async () => {
    api.readOnly = true;
    const clock = fakeClock();
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const err = await commitAndPush(signed('a', { clock })).catch((e) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect(err.attempts).toBe(1);
    expect(err.message).toMatch(/Resource not accessible by integration/);
    expect(err.message).toMatch(/permissions: contents: write/);
    expect(err.message).not.toContain(TOKEN);
    expect(clock.sleeps).toEqual([]);
  });

  test('a lost answer is retried without committing twice: the head that holds our files is the commit', async () => {
    api.afterCommit = () => {
      api.afterCommit = undefined;
      throw new Error('connection reset');
    };
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const before = await check.head(fx.remote, 'main');

    const result = await commitAndPush(signed('a', { clock: fakeClock() }));

    const added = (await fx.git(fx.remote, 'rev-list', `${before}..main`)).trim().split('\n');
    expect(added).toEqual([result.sha]);
    expect(graphqlCalls()).toHaveLength(1);
    expect(await check.head(fx.work)).toBe(result.sha);
  });

  test('a local branch ahead of the remote is never moved back: committed on the remote head, with a warning', async () => {
    await writeFiles(fx.work, { 'notes.txt': 'local, not pushed\n' });
    await fx.git(fx.work, 'commit', '--quiet', '-am', 'local work');
    const local = await check.head(fx.work);
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const log = recordingLogger();

    const result = await commitAndPush(signed('a', { logger: log.logger }));

    expect(result.attempts).toBe(2);
    expect(await check.remoteFile('img/a.png')).toBe('AAA');
    expect(await check.remoteFile('notes.txt')).toBe('notes\n');
    expect(await check.head(fx.work)).toBe(local);
    expect(log.warning).toHaveLength(1);
    expect(log.warning[0]).toMatch(/has commits the remote lacks.*git pull/);
  });
});
