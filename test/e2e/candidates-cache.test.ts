/**
 * Where candidates live without a commit (SPEC §10), through the built action with the real
 * @actions/cache and the local results service: with `publish: none` a PR run leaves the set in the
 * workspace and saves it to the image cache keyed by fingerprint and k; a checkout that lacks the
 * files picks candidate k from the cache (no key needed, no call, no commit); with neither, one reply
 * says the candidates expired and suggests `reroll`, and nothing changes.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS_BOT } from '../fakes/github-api.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { gitEnv, inputsFor, logOf, pullRequestEvent } from './fixtures.js';

const TOKEN = 'ghs_e2e_pick_cache_token';
const PR = 33;
const MANIFEST = `version: 1
defaults:
  quality: low
  out: img/{id}.{ext}
images:
  hero:
    prompt: A lighthouse on a cliff at dawn
    candidates: 2
`;

const t = setup({
  emulator: { latency: 20 },
  results: true,
  github: { users: { [TOKEN]: ACTIONS_BOT } },
  workspace: { kind: 'git', files: { 'images.config.yaml': MANIFEST } },
});
let baseSha: string;
beforeEach(async () => {
  baseSha = (await t.fx.git(t.fx.work, 'rev-parse', 'HEAD')).trim();
  await t.fx.git(t.fx.work, 'checkout', '--quiet', '-b', 'feature');
  await t.fx.git(t.fx.work, 'push', '--quiet', 'origin', 'feature');
  t.api.pulls.push({
    number: PR,
    head: 'octo:feature',
    headSha: 'f'.repeat(40),
    owner: 'octo',
    repo: 'site',
  });
  t.api.permissions = { maintainer: 'write' };
});

const env = () => ({
  ...gitEnv(t.fx),
  ...t.results.env('91', 'job-1'),
  GITHUB_API_URL: t.api.url,
  GITHUB_HEAD_REF: 'feature',
  // One path on every job of a runner (as /home/runner/work/_temp is): the cache's version hashes it.
  RUNNER_TEMP: path.join(t.fx.root, 'runner-temp'),
});
const none = (extra: Record<string, string> = {}) =>
  inputsFor(t.emu, { 'github-token': TOKEN, publish: 'none', ...extra });
const lockText = () => readFile(path.join(t.fx.work, 'images.lock.json'), 'utf8');
const replies = () => t.api.comments.filter((c) => !c.body.includes('<!-- pixazo-images:'));
const headOf = async () => (await t.fx.git(t.fx.remote, 'rev-parse', 'feature')).trim();

async function prRun(cache: boolean) {
  const run = await runAction({
    workspace: t.fx.work,
    inputs: none({ cache: String(cache) }),
    env: env(),
    eventName: 'pull_request',
    event: pullRequestEvent({ number: PR, headRef: 'feature', baseSha }),
  });
  expect(run.code, logOf(run)).toBe(0);
  // A fresh checkout: the lockfile came along (a later step committed it), the candidate files did not.
  await rm(path.join(t.fx.work, '.pixazo'), { recursive: true, force: true });
}

function pick(body: string, inputs: Record<string, string>) {
  return runAction({
    workspace: t.fx.work,
    inputs,
    env: env(),
    eventName: 'issue_comment',
    event: {
      action: 'created',
      issue: { number: PR, pull_request: { url: 'https://api.github.com/repos/octo/site/pulls/33' } },
      comment: { id: 7001, body, user: { login: 'maintainer' } },
      repository: { full_name: 'octo/site', private: false },
    },
  });
}

describe('candidates with publish: none (built action, real @actions/cache)', () => {
  it('the set is cached by fingerprint and k; a pick takes candidate k from the cache, with no key', async () => {
    const before = await headOf();
    await prRun(true);
    expect([...t.results.caches.keys()].filter((k) => !k.includes('-pending-'))).toHaveLength(1);
    const set = Object.values(JSON.parse(await lockText()).candidates) as { files: { sha256: string }[] }[];
    expect(set).toHaveLength(1);

    t.emu.resetCounters();
    const r = await pick('/pixazo pick hero 2', none({ cache: 'true', 'api-key': '' }));
    expect(r.code, logOf(r)).toBe(0);
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls + t.emu.counters.mediaGets).toBe(0);
    const lock = JSON.parse(await lockText());
    expect(lock.candidates).toEqual({});
    expect(lock.images.hero.files[0].path).toBe('img/hero.webp');
    expect(lock.images.hero.files[0].sha256).toBe(set[0]!.files[1]!.sha256);
    const bytes = await readFile(path.join(t.fx.work, 'img/hero.webp'));
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(set[0]!.files[1]!.sha256);
    // publish: none — files and lockfile for later steps, no commit.
    expect(await headOf()).toBe(before);
    expect(r.outputs['commit-sha']).toBe('');
    expect(t.api.reactions).toEqual([{ commentId: 7001, content: '+1', user: ACTIONS_BOT.login }]);
    expect(replies()).toEqual([]);
  });

  it('neither in the checkout nor in the cache: one reply that the candidates expired, suggesting reroll', async () => {
    await prRun(false);
    const lock = await lockText();
    t.emu.resetCounters();
    const r = await pick('/pixazo pick hero 1', none({ cache: 'true' }));
    expect(r.code).toBe(1);
    expect(replies().map((c) => c.body)).toEqual([
      expect.stringMatching(/candidates expired.*\/pixazo reroll hero/s),
    ]);
    expect(await lockText()).toBe(lock);
    expect(t.api.reactions).toEqual([]);
    expect(t.emu.counters.submissions).toBe(0);
  });
});
