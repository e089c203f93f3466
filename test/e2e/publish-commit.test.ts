/**
 * `publish: commit` through the built action (dist/index.js), against real git: a bare "origin" and
 * clones of it in a temp dir, git isolated from the user's configuration.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitFiles, installHook, writeFiles } from '../fakes/git-repo.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import {
  annotations,
  gitEnv,
  IMAGE_FILES,
  inputsFor,
  LOCKFILE,
  logOf,
  MANIFEST,
  pullRequestEvent,
} from './fixtures.js';

const AUTHOR = 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>';

const t = setup({
  emulator: { latency: 30 },
  workspace: {
    kind: 'git',
    files: { 'README.md': '# site\n', 'images.config.yaml': MANIFEST, 'notes.txt': 'v1\n' },
  },
});

const remoteHead = async (branch = 'main') =>
  (await t.fx.git(t.fx.remote, 'rev-parse', `refs/heads/${branch}`)).trim();
const filesOf = async (sha: string) =>
  (await t.fx.git(t.fx.remote, 'show', '--name-only', '--format=', sha)).split('\n').filter(Boolean).sort();
const gatewayCalls = () => t.emu.counters.submissions + t.emu.counters.statusCalls + t.emu.counters.mediaGets;

describe('publish: commit (built action, real git)', () => {
  it('commits exactly the images and the lockfile, leaves other changes alone, and a re-run commits nothing', async () => {
    // Another step's uncommitted work: an unstaged edit, a staged file, an untracked file.
    await writeFiles(t.fx.work, {
      'notes.txt': 'v2, not committed\n',
      'staged.txt': 's\n',
      'scratch.txt': 'x\n',
    });
    await t.fx.git(t.fx.work, 'add', 'staged.txt');
    const statusBefore = await t.fx.git(t.fx.work, 'status', '--porcelain');

    const run = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(run.code, logOf(run)).toBe(0);
    const sha = run.outputs['commit-sha']!;
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await remoteHead()).toBe(sha);
    expect(await filesOf(sha)).toEqual([...IMAGE_FILES, LOCKFILE].sort());
    const [author, committer, subject] = (
      await t.fx.git(t.fx.remote, 'log', '-1', '--format=%an <%ae>%n%cn <%ce>%n%s', sha)
    ).split('\n');
    expect(author).toBe(AUTHOR);
    expect(committer).toBe(AUTHOR);
    expect(subject).toBe('chore(images): regenerate 4 images');
    // The committed blobs are the files written, and the lockfile records them.
    for (const f of IMAGE_FILES) {
      const committed = await t.fx.git(t.fx.remote, 'rev-parse', `${sha}:${f}`);
      expect(committed.trim()).toBe((await t.fx.git(t.fx.work, 'hash-object', f)).trim());
    }
    const lock = JSON.parse(await t.fx.git(t.fx.remote, 'show', `${sha}:${LOCKFILE}`)) as {
      images: Record<string, { files: { path: string; sha256: string }[] }>;
      spent_usd: number;
    };
    expect(Object.keys(lock.images).sort()).toEqual(['gulls', 'harbour', 'hero']);
    expect(lock.spent_usd).toBeCloseTo(0.048, 6);
    const hero = await readFile(path.join(t.fx.work, 'img/hero.webp'));
    expect(lock.images.hero!.files[0]!.sha256).toBe(createHash('sha256').update(hero).digest('hex'));
    // The local branch followed the push; other steps' work is as it was.
    expect((await t.fx.git(t.fx.work, 'rev-parse', 'HEAD')).trim()).toBe(sha);
    expect(await t.fx.git(t.fx.work, 'status', '--porcelain')).toBe(statusBefore);
    expect(await readFile(path.join(t.fx.work, 'notes.txt'), 'utf8')).toBe('v2, not committed\n');

    t.emu.resetCounters();
    const again = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(again.code, logOf(again)).toBe(0);
    expect(again.outputs['commit-sha']).toBe('');
    expect(again.outputs.unchanged).toBe('3');
    expect(again.stdout).toMatch(/Nothing changed: no commit/);
    expect(gatewayCalls()).toBe(0);
    expect(await remoteHead()).toBe(sha);
  });

  it('substitutes {count} and honours commit-author', async () => {
    const run = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, {
        'commit-message': 'docs: {count} new pictures [skip ci]',
        'commit-author': 'Image Bot <images@example.com>',
        only: 'hero',
      }),
      env: gitEnv(t.fx),
    });
    expect(run.code, logOf(run)).toBe(0);
    const log = await t.fx.git(t.fx.remote, 'log', '-1', '--format=%an <%ae>|%s', run.outputs['commit-sha']!);
    expect(log.trim()).toBe('Image Bot <images@example.com>|docs: 1 new pictures [skip ci]');
    expect(await filesOf(run.outputs['commit-sha']!)).toEqual([LOCKFILE, 'img/hero.webp']);
  });

  it('retries a push that lost a race: fetch, re-apply on the new head, push', async () => {
    const other = await t.fx.clone('other');
    // The first push from the workspace loses: just before it lands, another clone pushes a commit.
    const marker = path.join(t.fx.root, 'raced');
    await installHook(
      path.join(t.fx.work, '.git'),
      'pre-push',
      [
        `[ -e '${marker}' ] && exit 0`,
        `touch '${marker}'`,
        'unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX GIT_LITERAL_PATHSPECS',
        `cd '${other}' || exit 1`,
        'git fetch --quiet origin main && git reset --quiet --hard FETCH_HEAD &&',
        'echo "their change" > theirs.txt && git add theirs.txt &&',
        'git commit --quiet -m "racing commit" && git push --quiet origin HEAD:refs/heads/main',
      ].join('\n'),
    );

    const run = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(run.code, logOf(run)).toBe(0);
    expect(run.stdout).toMatch(/Push rejected/);
    const sha = run.outputs['commit-sha']!;
    expect(await remoteHead()).toBe(sha);
    const parent = (await t.fx.git(t.fx.remote, 'rev-parse', `${sha}^`)).trim();
    expect((await t.fx.git(t.fx.remote, 'log', '-1', '--format=%s', parent)).trim()).toBe('racing commit');
    // Nothing lost on either side: their file and our images are both at the head.
    const tree = (await t.fx.git(t.fx.remote, 'ls-tree', '-r', '--name-only', sha)).split('\n');
    expect(tree).toEqual(expect.arrayContaining(['theirs.txt', ...IMAGE_FILES, LOCKFILE]));
    expect(await filesOf(sha)).toEqual([...IMAGE_FILES, LOCKFILE].sort());
    expect(t.emu.counters.accepted).toBe(3);
    // The workspace caught up with both commits.
    expect((await t.fx.git(t.fx.work, 'rev-parse', 'HEAD')).trim()).toBe(sha);
    expect(await readFile(path.join(t.fx.work, 'theirs.txt'), 'utf8')).toBe('their change\n');
  });

  it('two shards checked out at the same commit both land, the lockfile merged per entry', async () => {
    const second = await t.fx.clone('shard2');
    const one = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { shard: '1/2' }),
      env: gitEnv(t.fx),
    });
    expect(one.code, logOf(one)).toBe(0);
    // The second job's checkout predates the first job's push: its push is rejected, then merged.
    const two = await runAction({
      workspace: second,
      inputs: inputsFor(t.emu, { shard: '2/2' }),
      env: gitEnv(t.fx),
    });
    expect(two.code, logOf(two)).toBe(0);
    expect(two.stdout).toMatch(/Push rejected/);
    expect(Number(one.outputs.generated) + Number(two.outputs.generated)).toBe(3);
    expect(Number(one.outputs.generated)).toBeGreaterThan(0);
    expect(Number(two.outputs.generated)).toBeGreaterThan(0);

    const head = await remoteHead();
    expect(head).toBe(two.outputs['commit-sha']);
    expect((await t.fx.git(t.fx.remote, 'rev-parse', `${head}^`)).trim()).toBe(one.outputs['commit-sha']);
    const tree = (await t.fx.git(t.fx.remote, 'ls-tree', '-r', '--name-only', head)).split('\n');
    expect(tree).toEqual(expect.arrayContaining([...IMAGE_FILES, LOCKFILE]));
    const lock = JSON.parse(await t.fx.git(t.fx.remote, 'show', `${head}:${LOCKFILE}`)) as {
      images: Record<string, unknown>;
      spent_usd: number;
    };
    expect(Object.keys(lock.images).sort()).toEqual(['gulls', 'harbour', 'hero']);
    expect(lock.spent_usd).toBeCloseTo(0.048, 6);

    // A later run anywhere sees every entry up to date.
    t.emu.resetCounters();
    const third = await t.fx.clone('third');
    const check = await runAction({ workspace: third, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(check.code, logOf(check)).toBe(0);
    expect(check.outputs.unchanged).toBe('3');
    expect(gatewayCalls()).toBe(0);
  });

  describe('on pull_request', () => {
    /** The action on the detached merge commit actions/checkout leaves by default on a PR. */
    async function onDetachedMergeCheckout() {
      await t.fx.git(t.fx.work, 'checkout', '--quiet', '--detach');
      return runAction({
        workspace: t.fx.work,
        inputs: inputsFor(t.emu),
        env: { ...gitEnv(t.fx), GITHUB_HEAD_REF: 'feature' },
        eventName: 'pull_request',
        event: pullRequestEvent({ number: 7, headRef: 'feature' }),
      });
    }

    it('fails on the detached merge checkout before any gateway call, with the checkout snippet', async () => {
      const run = await onDetachedMergeCheckout();
      expect(run.code).toBe(1);
      expect(gatewayCalls()).toBe(0);
      const [error] = annotations(run, 'error');
      expect(error).toContain('ref: ${{ github.head_ref }}');
      expect(error).toMatch(/actions\/checkout/);
      expect(error).toMatch(/before spending/);
      expect(await t.fx.git(t.fx.work, 'status', '--porcelain')).toBe('');
    });

    it('a broken manifest on the detached checkout: the checkout is reported, as if checked first', async () => {
      // The checkout is checked first, so the manifest's problems are not reached.
      await writeFiles(t.fx.work, { 'images.config.yaml': 'version: 1\nimages:\n  a:\n    qualty: high\n' });
      const run = await onDetachedMergeCheckout();
      expect(run.code).toBe(1);
      expect(gatewayCalls()).toBe(0);
      const errors = annotations(run, 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/HEAD is detached/);
    });

    it('a plan-only run (no api-key) on the same checkout does not fail', async () => {
      await t.fx.git(t.fx.work, 'checkout', '--quiet', '--detach');
      const run = await runAction({
        workspace: t.fx.work,
        inputs: inputsFor(t.emu, { 'api-key': '', comment: 'false' }),
        env: gitEnv(t.fx),
        eventName: 'pull_request',
        event: pullRequestEvent({ number: 7, headRef: 'feature' }),
      });
      expect(run.code, logOf(run)).toBe(0);
      expect(run.outputs['estimated-cost']).toBe('0.0480');
      expect(gatewayCalls()).toBe(0);
    });

    it("pushes to the PR's branch when the workflow checks out github.head_ref", async () => {
      await t.fx.git(t.fx.work, 'checkout', '--quiet', '-b', 'feature');
      await commitFiles(t.fx.git, t.fx.work, { 'notes.txt': 'feature\n' }, 'feature work');
      await t.fx.git(t.fx.work, 'push', '--quiet', 'origin', 'feature');
      const main = await remoteHead();
      const run = await runAction({
        workspace: t.fx.work,
        inputs: inputsFor(t.emu, { comment: 'false' }),
        env: gitEnv(t.fx),
        eventName: 'pull_request',
        event: pullRequestEvent({ number: 7, headRef: 'feature' }),
      });
      expect(run.code, logOf(run)).toBe(0);
      expect(await remoteHead('feature')).toBe(run.outputs['commit-sha']);
      expect(await remoteHead()).toBe(main);
    });
  });
});
