/**
 * `publish: commit` in the layouts real repositories have, through the built action (dist/index.js)
 * against real git (a bare "origin" and clones) and the local fake GitHub API (REAL @actions/github):
 * signed commits through GraphQL, a checkout in a subfolder of the workspace, a shallow pull request
 * checkout whose "before" images come from the API, carried-over files and the commit message.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitFiles, racePush } from '../fakes/git-repo.js';
import { ACTIONS_BOT, API_COMMITTER } from '../fakes/github-api.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { gitEnv, IMAGE_FILES, inputsFor, LOCKFILE, logOf, MANIFEST, pullRequestEvent } from './fixtures.js';

const TOKEN = 'ghs_e2e_token';

const t = setup({
  emulator: { latency: 30 },
  github: { users: { [TOKEN]: ACTIONS_BOT } },
  workspace: { kind: 'git', files: { 'README.md': '# site\n', 'images.config.yaml': MANIFEST } },
});

const remoteHead = async (branch = 'main') =>
  (await t.fx.git(t.fx.remote, 'rev-parse', `refs/heads/${branch}`)).trim();
const filesOf = async (sha: string) =>
  (await t.fx.git(t.fx.remote, 'show', '--name-only', '--format=', sha)).split('\n').filter(Boolean).sort();
const subjectOf = async (sha: string) =>
  (await t.fx.git(t.fx.remote, 'log', '-1', '--format=%s', sha)).trim();
const withApi = () => ({ ...gitEnv(t.fx), GITHUB_API_URL: t.api.url });

describe('sign-commits: true (built action, GraphQL createCommitOnBranch)', () => {
  it('GitHub creates the commit, authored as the token owner; the checkout follows; a moved head is retried', async () => {
    t.api.repos['octo/site'] = t.fx.remote;
    const other = await t.fx.clone('other');
    // Between the action's read of the head and its write, another job pushes.
    t.api.beforeCommit = async () => {
      t.api.beforeCommit = undefined;
      await racePush(t.fx.git, other, { 'theirs.txt': 'their change\n' }, 'racing commit');
    };

    const run = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { 'sign-commits': 'true', 'commit-author': 'Ignored <ignored@example.com>' }),
      env: withApi(),
    });

    expect(run.code, logOf(run)).toBe(0);
    expect(run.stdout).toMatch(/commit-author does not apply/);
    expect(run.stdout).toMatch(/moved before GitHub created the commit/);
    const sha = run.outputs['commit-sha']!;
    expect(sha).toBe(await remoteHead());
    expect(await filesOf(sha)).toEqual([...IMAGE_FILES, LOCKFILE].sort());
    const [author, parent] = (await t.fx.git(t.fx.remote, 'log', '-1', '--format=%an <%ae>%n%P', sha)).split(
      '\n',
    );
    expect(author).toBe(`${API_COMMITTER.name} <${API_COMMITTER.email}>`);
    expect(await subjectOf(parent!)).toBe('racing commit');
    expect(await subjectOf(sha)).toBe('chore(images): regenerate 4 images');
    const commits = t.api.requests.filter((r) => r.url === '/graphql');
    expect(commits).toHaveLength(2);
    // The committed images are the files in the workspace, and the workspace is on the new commit.
    for (const f of IMAGE_FILES)
      expect((await t.fx.git(t.fx.remote, 'rev-parse', `${sha}:${f}`)).trim()).toBe(
        (await t.fx.git(t.fx.work, 'hash-object', f)).trim(),
      );
    expect((await t.fx.git(t.fx.work, 'rev-parse', 'HEAD')).trim()).toBe(sha);
    expect(await readFile(path.join(t.fx.work, 'theirs.txt'), 'utf8')).toBe('their change\n');
    expect(await t.fx.git(t.fx.work, 'status', '--porcelain')).toBe('');
  });

  it('without a token it stops before spending, naming the input', async () => {
    const run = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { 'sign-commits': 'true', 'github-token': '' }),
      env: withApi(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/sign-commits: true .* needs github-token/);
    expect(t.emu.counters.submissions).toBe(0);
  });
});

describe('checkouts that are not the workspace root', () => {
  it('a repository checked out into a subfolder (`path: site`): git runs there, paths stay workspace-relative', async () => {
    // A committed reference image: its URL names the path in the repository, at the checkout's commit.
    const withRef = `${MANIFEST}  team:\n    prompt: Restyle the team photo\n    input_images: [refs/photo.png]\n`;
    const base = await commitFiles(
      t.fx.git,
      t.fx.work,
      { 'images.config.yaml': withRef, 'refs/photo.png': 'photo bytes' },
      'reference',
    );
    await t.fx.git(t.fx.work, 'push', '--quiet', 'origin', 'main');
    const site = await t.fx.clone('ws/site');
    const workspace = path.dirname(site);
    const written = [...IMAGE_FILES, 'img/team.webp'].sort();
    const run = await runAction({
      workspace,
      inputs: inputsFor(t.emu, { config: 'site/images.config.yaml' }),
      env: gitEnv(t.fx),
    });
    expect(run.code, logOf(run)).toBe(0);
    expect(run.outputs.files!.split('\n').sort()).toEqual(written.map((f) => `site/${f}`));
    const submit = t.emu.log.find(
      (r) => r.kind === 'submit' && JSON.stringify(r.body).includes('team photo'),
    );
    expect((submit!.body as { input_images: string[] }).input_images).toEqual([
      `https://raw.githubusercontent.com/octo/site/${base}/refs/photo.png`,
    ]);
    const sha = run.outputs['commit-sha']!;
    expect(sha).toBe(await remoteHead());
    expect(await filesOf(sha)).toEqual([...written, LOCKFILE].sort());
    expect((await t.fx.git(site, 'rev-parse', 'HEAD')).trim()).toBe(sha);
    expect(run.stdout).not.toMatch(/Also committing/);
    expect(run.summary).toContain(`/blob/${sha}/img/hero.webp?raw=true`);

    const again = await runAction({
      workspace,
      inputs: inputsFor(t.emu, { config: 'site/images.config.yaml' }),
      env: gitEnv(t.fx),
    });
    expect(again.code, logOf(again)).toBe(0);
    expect(again.outputs.unchanged).toBe('4');
    expect(again.outputs['commit-sha']).toBe('');
  });

  it('a shallow pull request checkout shows "before" images and what changed, from the base lockfile and manifest (two API reads)', async () => {
    // The images exist on main; the pull request changes one prompt.
    const onMain = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(onMain.code, logOf(onMain)).toBe(0);
    const baseSha = onMain.outputs['commit-sha']!;
    await t.fx.git(t.fx.work, 'checkout', '--quiet', '-b', 'feature');
    const manifest = MANIFEST.replace('A lighthouse on a cliff at dawn', 'A lighthouse on a cliff at dusk');
    await commitFiles(t.fx.git, t.fx.work, { 'images.config.yaml': manifest }, 'dusk');
    await t.fx.git(t.fx.work, 'push', '--quiet', 'origin', 'feature');
    // actions/checkout's default: one commit deep, so the base commit is not local.
    const shallow = `${t.fx.root}/shallow`;
    await t.fx.git(
      t.fx.root,
      'clone',
      '--quiet',
      '--depth',
      '1',
      '--branch',
      'feature',
      `file://${t.fx.remote}`,
      shallow,
    );
    await expect(t.fx.git(shallow, 'cat-file', '-e', `${baseSha}^{commit}`)).rejects.toThrow();
    const onPr = (inputs: Record<string, string>) =>
      runAction({
        workspace: shallow,
        inputs: inputsFor(t.emu, { comment: 'false', 'github-token': TOKEN, ...inputs }),
        env: withApi(),
        eventName: 'pull_request',
        event: pullRequestEvent({ number: 5, headRef: 'feature', baseSha }),
      });
    const before = `/blob/${baseSha}/img/hero.webp?raw=true`;

    // Neither git nor the API can answer (the API does not know the repository): no "before", no failure.
    const blind = await onPr({ 'dry-run': 'true' });
    expect(blind.code, logOf(blind)).toBe(0);
    expect(blind.summary).not.toContain(before);

    t.api.repos['octo/site'] = t.fx.remote;
    t.api.requests.length = 0;
    const run = await onPr({});
    expect(run.code, logOf(run)).toBe(0);
    expect(run.outputs.generated).toBe('1');
    const row = run.summary.split('\n').find((l) => l.includes('hero') && l.includes(before));
    expect(row, run.summary).toBeDefined();
    expect(row).toContain(`/blob/${run.outputs['commit-sha']}/img/hero.webp?raw=true`);
    const reads = t.api.requests.filter((r) => r.method === 'GET');
    expect(reads.map((r) => r.url)).toEqual([
      `/repos/octo/site/contents/images.config.yaml?ref=${baseSha}`,
      `/repos/octo/site/contents/${LOCKFILE}?ref=${baseSha}`,
    ]);
    // The base's manifest says what changed in the prompt.
    expect(run.summary).toContain(
      '**hero**<br>prompt: A lighthouse on a cliff at <del>dawn</del> <ins>dusk</ins>',
    );
    expect(await remoteHead('feature')).toBe(run.outputs['commit-sha']);
  });
});

describe('what the commit says', () => {
  it('"Also committing" counts only files an earlier run left uncommitted', async () => {
    // A fresh clone where nothing ran before: this run's own files are not "carried over".
    const first = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { only: 'hero' }),
      env: gitEnv(t.fx),
    });
    expect(first.code, logOf(first)).toBe(0);
    expect(first.stdout).not.toMatch(/Also committing/);

    // An earlier run with publish: none leaves harbour's image uncommitted; the next run carries it.
    const none = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { only: 'harbour', publish: 'none' }),
      env: gitEnv(t.fx),
    });
    expect(none.code, logOf(none)).toBe(0);
    const next = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { only: 'gulls,harbour' }),
      env: gitEnv(t.fx),
    });
    expect(next.code, logOf(next)).toBe(0);
    expect(next.stdout).toMatch(/Also committing 1 image file an earlier run wrote but did not commit/);
    const sha = next.outputs['commit-sha']!;
    expect(await filesOf(sha)).toEqual([
      'images.lock.json',
      'img/gulls-1.webp',
      'img/gulls-2.webp',
      'img/harbour.webp',
    ]);
    expect(await subjectOf(sha)).toBe('chore(images): regenerate 3 images');
  });

  it('placeholders {generated}, {count}, {removed}; the automatic message of a prune-only commit', async () => {
    const run = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, {
        'commit-message': 'images: {generated} entries, {count} files, {removed} removed',
      }),
      env: gitEnv(t.fx),
    });
    expect(run.code, logOf(run)).toBe(0);
    expect(await subjectOf(run.outputs['commit-sha']!)).toBe('images: 3 entries, 4 files, 0 removed');

    const without = MANIFEST.replace(/ {2}harbour:\n {4}prompt: .*\n/, '');
    await commitFiles(t.fx.git, t.fx.work, { 'images.config.yaml': without }, 'drop harbour');
    const pruned = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { prune: 'true' }),
      env: gitEnv(t.fx),
    });
    expect(pruned.code, logOf(pruned)).toBe(0);
    const sha = pruned.outputs['commit-sha']!;
    expect(await subjectOf(sha)).toBe('chore(images): remove 1 image');
    expect(await filesOf(sha)).toEqual([LOCKFILE, 'img/harbour.webp']);
  });
});
