/**
 * Where the repository is (the workspace, above it, or a subfolder of it) and which images a pull
 * request's base commit has (git, else the base lockfile through the fake contents API), against real
 * git: a bare remote, a full clone and a shallow one.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { repositoryFolder } from '../../src/action/context.js';
import { imagesAtBase } from '../../src/publish/base-images.js';
import { locateRepository } from '../../src/publish/repo-location.js';
import { createGitFixture, type GitFixture, racePush } from '../fakes/git-repo.js';
import { ACTIONS_BOT, type GitHubApi, startGitHubApi } from '../fakes/github-api.js';
import { recordingLogger } from '../helpers/recorders.js';
import { LOCK, lockText } from './commit-fixtures.js';

const TOKEN = 'ghs_base_token';
let api: GitHubApi;
let fx: GitFixture;
beforeAll(async () => {
  api = await startGitHubApi({ users: { [TOKEN]: ACTIONS_BOT } });
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  api.reset();
  fx = await createGitFixture({
    'site/img/a.png': 'A',
    'site/img/b.png': 'B',
    [`site/${LOCK}`]: lockText('a'),
  });
});
afterEach(async () => {
  await fx.cleanup();
});

describe('locateRepository', () => {
  test.each([
    // [workspace, folder git starts from, workspace path, repository path]
    ['work', 'work/site', 'site/img/a.png', 'site/img/a.png'],
    ['work/site', 'work/site', 'img/a.png', 'site/img/a.png'],
    ['.', 'work/site', 'work/site/img/a.png', 'site/img/a.png'],
  ])('workspace %s, from %s: %s is %s in the repository', async (ws, from, wsPath, repoPath) => {
    const repo = await locateRepository(path.join(fx.root, ws), path.join(fx.root, from));
    expect(repo.toRepo(wsPath)).toBe(repoPath);
    expect(repo.toWorkspace(repoPath)).toBe(wsPath);
  });

  test('paths outside the work tree (or the workspace) map to nothing', async () => {
    const repo = await locateRepository(fx.root, fx.work);
    expect(repo.toRepo('remote.git/config')).toBeUndefined();
    expect(repo.toRepo('work')).toBeUndefined();
    const inner = await locateRepository(path.join(fx.work, 'site'), path.join(fx.work, 'site'));
    expect(inner.toWorkspace('README.md')).toBeUndefined();
  });

  test('no repository: a GitError', async () => {
    await expect(locateRepository(fx.root, fx.root)).rejects.toThrow(/not a git repository/);
  });
});

describe('repositoryFolder (where the action starts git)', () => {
  test.each([
    ['work/site/images.config.yaml', 'work/site'],
    ['work/images.config.yaml', 'work'],
    ['images.config.yaml', '.'],
    ['missing/images.config.yaml', '.'],
    ['../outside/images.config.yaml', '.'],
  ])('config %s: %s', (config, expected) => {
    expect(repositoryFolder(fx.root, config)).toBe(path.join(fx.root, expected));
  });
});

describe('imagesAtBase', () => {
  const options = (workspace: string, baseSha: string, withApi = true) => ({
    workspace,
    repoDir: path.join(workspace, 'site'),
    baseSha,
    wanted: ['site/img/a.png', 'site/img/b.png', 'site/img/new.png'],
    lockfile: `site/${LOCK}`,
    manifest: 'site/images.config.yaml',
    ...(withApi ? { api: { token: TOKEN, apiUrl: api.url, owner: 'octo', repo: 'site' } } : {}),
    logger: recordingLogger().logger,
  });

  test('git answers when the base commit is in the checkout, from the tree, without the API', async () => {
    const base = (await fx.git(fx.work, 'rev-parse', 'HEAD')).trim();
    const found = await imagesAtBase(options(fx.work, base));
    expect([...found.present].sort()).toEqual(['site/img/a.png', 'site/img/b.png']);
    expect(api.requests).toHaveLength(0);
  });

  test('a shallow checkout asks the API once for the base lockfile, and takes the files it records', async () => {
    const base = (await fx.git(fx.work, 'rev-parse', 'HEAD')).trim();
    await racePush(fx.git, fx.work, { 'site/notes.txt': 'later\n' }, 'a later commit');
    const shallow = path.join(fx.root, 'shallow');
    await fx.git(fx.root, 'clone', '--quiet', '--depth', '1', `file://${fx.remote}`, shallow);
    api.repos['octo/site'] = fx.remote;

    const found = await imagesAtBase(options(shallow, base));

    // The base lockfile records a only (b is in the tree but not recorded: not ours).
    expect([...found.present]).toEqual(['site/img/a.png']);
    expect(api.requests.map((r) => r.url)).toEqual([`/repos/octo/site/contents/site/${LOCK}?ref=${base}`]);
    expect(found.toRepo('site/img/a.png')).toBe('site/img/a.png');
  });

  test('neither git nor the API: nothing, silently', async () => {
    const shallow = path.join(fx.root, 'shallow');
    await fx.git(fx.root, 'clone', '--quiet', '--depth', '1', `file://${fx.remote}`, shallow);
    const unknown = 'f'.repeat(40);
    expect([...(await imagesAtBase(options(shallow, unknown))).present]).toEqual([]);
    expect(api.requests).toHaveLength(1); // answered 404: the fake does not know the repository
    expect([...(await imagesAtBase(options(shallow, unknown, false))).present]).toEqual([]);
  });
});
