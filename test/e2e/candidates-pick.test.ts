/**
 * Candidates picked in the pull request (SPEC §10), end to end through the built action with real git
 * (a bare origin with the PR's head branch checked out) and the GitHub fake: the PR run buys a set and
 * shows the grid; `/pixazo pick hero 2` from a collaborator lands candidate 2 in one commit on the head
 * branch, updates the comment and reacts 👍; the base branch after the merge makes no call. The
 * refusals each get one reply and change nothing; a reroll is budget-checked.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS_BOT } from '../fakes/github-api.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { gitEnv, inputsFor, logOf, pullRequestEvent } from './fixtures.js';

const TOKEN = 'ghs_e2e_pick_token';
const PR = 21;
const MANIFEST = `version: 1
defaults:
  quality: low
  out: img/{id}.{ext}
images:
  hero:
    prompt: A lighthouse on a cliff at dawn
    candidates: 3
  harbour:
    prompt: A quiet harbour at night
`;

const t = setup({
  emulator: { latency: 20 },
  github: { users: { [TOKEN]: ACTIONS_BOT } },
  workspace: { kind: 'git', files: { 'README.md': '# site\n', 'images.config.yaml': MANIFEST } },
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
  t.api.permissions = { maintainer: 'maintain', reader: 'read' };
});

const env = () => ({ ...gitEnv(t.fx), GITHUB_API_URL: t.api.url, GITHUB_HEAD_REF: 'feature' });

function runOnPr(inputs: Record<string, string> = {}) {
  return runAction({
    workspace: t.fx.work,
    inputs: inputsFor(t.emu, { 'github-token': TOKEN, ...inputs }),
    env: env(),
    eventName: 'pull_request',
    event: pullRequestEvent({ number: PR, headRef: 'feature', baseSha }),
  });
}

let commentIds = 5000;
function comment(body: string, login = 'maintainer', inputs: Record<string, string> = {}) {
  const id = commentIds++;
  return {
    id,
    run: runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { 'github-token': TOKEN, ...inputs }),
      env: env(),
      eventName: 'issue_comment',
      event: {
        action: 'created',
        issue: { number: PR, pull_request: { url: 'https://api.github.com/repos/octo/site/pulls/21' } },
        comment: { id, body, user: { login } },
        repository: { full_name: 'octo/site', private: false },
      },
    }),
  };
}

const headOf = async (branch: string) => (await t.fx.git(t.fx.remote, 'rev-parse', branch)).trim();
const replies = () => t.api.comments.filter((c) => !c.body.includes('<!-- pixazo-images:'));
const sticky = () => t.api.comments.find((c) => c.body.includes('<!-- pixazo-images:'))!;
const exists = (rel: string) =>
  stat(path.join(t.fx.work, rel)).then(
    () => true,
    () => false,
  );
const lockOf = async () => JSON.parse(await readFile(path.join(t.fx.work, 'images.lock.json'), 'utf8'));

async function prRunWithSet() {
  const run = await runOnPr();
  expect(run.code, logOf(run)).toBe(0);
  return run;
}

describe('candidates picked in the pull request (built action)', () => {
  it('PR run → grid → /pixazo pick hero 2 → one commit, byte-identical, 👍 → merged base run makes 0 calls', async () => {
    const pr = await prRunWithSet();
    expect(t.emu.counters.submissions).toBe(2); // hero's set of 3 in ONE request, harbour
    const body = sticky().body;
    expect(body).toContain('Candidates awaiting a pick');
    expect(body).toContain('/pixazo pick hero <1-3>');
    expect(body).toContain('/pixazo reroll hero');
    expect(body).toContain(`/blob/${pr.outputs['commit-sha']}/.pixazo/candidates/hero/2.webp?raw=true`);
    const two = await readFile(path.join(t.fx.work, '.pixazo/candidates/hero/2.webp'));

    // A re-run of the PR workflow with the set awaiting: nothing spent.
    t.emu.resetCounters();
    const again = await runOnPr();
    expect(again.code, logOf(again)).toBe(0);
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls).toBe(0);

    const before = await headOf('feature');
    const { id, run } = comment('Looks good!\n/pixazo pick hero 2');
    const picked = await run;
    expect(picked.code, logOf(picked)).toBe(0);
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls).toBe(0);
    const after = await headOf('feature');
    expect((await t.fx.git(t.fx.remote, 'rev-list', `${before}..${after}`)).trim().split('\n')).toHaveLength(
      1,
    );
    expect((await t.fx.git(t.fx.remote, 'log', '-1', '--format=%s', after)).trim()).toBe(
      'chore(images): pick hero #2',
    );
    // Byte-identical: the same git blob as candidate 2 in the PR run's commit.
    const blob = (spec: string) => t.fx.git(t.fx.remote, 'rev-parse', spec).then((s) => s.trim());
    expect(await blob(`${after}:img/hero.webp`)).toBe(
      await blob(`${pr.outputs['commit-sha']}:.pixazo/candidates/hero/2.webp`),
    );
    expect((await readFile(path.join(t.fx.work, 'img/hero.webp'))).equals(two)).toBe(true);
    const tree = await t.fx.git(t.fx.remote, 'ls-tree', '-r', '--name-only', after);
    expect(tree).not.toContain('.pixazo/candidates/hero');
    const lock = await lockOf();
    expect(lock.candidates).toEqual({});
    expect(lock.images.hero.files[0].path).toBe('img/hero.webp');
    expect(t.api.reactions).toEqual([{ commentId: id, content: '+1', user: ACTIONS_BOT.login }]);
    // The full run's section shows the pick in place of the grid; no section of its own for the command.
    const shown = sticky().body;
    expect(t.api.comments.filter((c) => c.body.includes('<!-- pixazo-images:'))).toHaveLength(1);
    expect(shown).toContain('✅ **hero** — picked candidate 2 of 3: `img/hero.webp`');
    expect(shown).toContain(`/blob/${after}/img/hero.webp?raw=true`);
    expect(shown).not.toContain('/pixazo pick hero <1-3>');
    expect(shown).not.toContain('only: hero');
    expect(shown).toContain('harbour');
    expect(shown.match(/<!-- pixazo-images:results -->/g)).toHaveLength(1);
    expect(replies()).toHaveLength(0);

    // Merged: the base branch's run finds the picked image recorded for the fingerprint.
    await t.fx.git(t.fx.work, 'checkout', '--quiet', 'main');
    await t.fx.git(t.fx.work, 'merge', '--quiet', '--ff-only', 'origin/feature');
    t.emu.resetCounters();
    const onMain = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(onMain.code, logOf(onMain)).toBe(0);
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls).toBe(0);
    expect(onMain.outputs['commit-sha']).toBe('');
  });

  it.each([
    ['no permission', '/pixazo pick hero 2', 'reader', /write, maintain or admin permission/],
    ['unknown id', '/pixazo pick heros 2', 'maintainer', /no entry `heros`.*did you mean `hero`/],
    ['k out of range', '/pixazo pick hero 4', 'maintainer', /candidates 1 to 3/],
    ['malformed', '/pixazo pick hero', 'maintainer', /not a command I know/],
    ['k not a number', '/pixazo pick hero two', 'maintainer', /not a command I know/],
    ['a path as id', '/pixazo pick ../../x 1', 'maintainer', /no entry `\.\.\/\.\.\/x`/],
    ['a shell word as id', '/pixazo pick $(touch${IFS}pwned) 1', 'maintainer', /no entry `\$\(touch/],
    ['one bad line of two', '/pixazo pick hero 1\n/pixazo reroll nope', 'maintainer', /no entry `nope`/],
  ])('%s: one reply, nothing changed', async (_name, text, login, reply) => {
    await prRunWithSet();
    const head = await headOf('feature');
    const lock = await readFile(path.join(t.fx.work, 'images.lock.json'), 'utf8');
    t.emu.resetCounters();
    const { run } = comment(text, login);
    const r = await run;
    expect(r.code, logOf(r)).toBe(0);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]!.body).toMatch(reply);
    expect(replies()[0]!.body).toContain('/pixazo pick <id> <k>');
    expect(await headOf('feature')).toBe(head);
    expect(await readFile(path.join(t.fx.work, 'images.lock.json'), 'utf8')).toBe(lock);
    expect(t.api.reactions).toEqual([]);
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls).toBe(0);
    // Matched against the manifest, never used as a path or a shell word.
    expect(await exists('pwned')).toBe(false);
    expect(await exists('../../x')).toBe(false);
  });

  it('sharded: each shard shows its own sets in its section, and the pick updates that section only', async () => {
    // Entries enough for both shards to have some (the split is a hash of the id).
    const more = ['gulls', 'pier', 'boats', 'dunes', 'cliffs', 'storm']
      .map((id) => `  ${id}:\n    prompt: ${id} at the coast\n`)
      .join('');
    await writeFile(path.join(t.fx.work, 'images.config.yaml'), MANIFEST + more);
    for (const shard of ['1/2', '2/2']) {
      const run = await runOnPr({ shard });
      expect(run.code, logOf(run)).toBe(0);
    }
    const sections = (body: string) =>
      new Map(
        [
          ...body.matchAll(
            /<!-- pixazo-images:section (\S+) [^\n]*-->\n([\s\S]*?)<!-- pixazo-images:section-end \1 -->/g,
          ),
        ].map((m) => [m[1]!, m[2]!]),
      );
    const before = sections(sticky().body);
    expect([...before.keys()].sort()).toEqual(['shard-1-of-2', 'shard-2-of-2']);
    const mine = [...before.keys()].find((k) => before.get(k)!.includes('/pixazo pick hero <1-3>'))!;
    const other = [...before.keys()].find((k) => k !== mine)!;
    expect(before.get(other)).not.toContain('pixazo-images:set hero');

    const r = await comment('/pixazo pick hero 3').run;
    expect(r.code, logOf(r)).toBe(0);
    const after = sections(sticky().body);
    expect([...after.keys()].sort()).toEqual(['shard-1-of-2', 'shard-2-of-2']);
    expect(after.get(mine)).toContain('✅ **hero** — picked candidate 3 of 3');
    expect(after.get(mine)).not.toContain('/pixazo pick hero <1-3>');
    expect(after.get(other)).toBe(before.get(other));
    expect(replies()).toHaveLength(0);
  });

  it('a fork pull request is refused with one reply', async () => {
    await prRunWithSet();
    t.api.pulls[0]!.headRepo = 'someone/site';
    const head = await headOf('feature');
    const r = await comment('/pixazo pick hero 1').run;
    expect(r.code, logOf(r)).toBe(0);
    expect(replies().map((c) => c.body)).toEqual([expect.stringMatching(/comes from a fork/)]);
    expect(await headOf('feature')).toBe(head);
  });

  it('a comment without a /pixazo line gets no reply; commands: false answers nothing', async () => {
    await prRunWithSet();
    const plain = await comment('Nice work').run;
    expect(plain.code, logOf(plain)).toBe(0);
    const off = await comment('/pixazo pick hero 1', 'maintainer', { commands: 'false' }).run;
    expect(off.code, logOf(off)).toBe(0);
    expect(replies()).toHaveLength(0);
    expect(t.api.reactions).toEqual([]);
  });

  it('reroll buys a new set within max-cost, and is refused over it', async () => {
    await prRunWithSet();
    const first = (await lockOf()).candidates;
    t.emu.resetCounters();
    const over = await comment('/pixazo reroll hero', 'maintainer', { 'max-cost': '0.02' }).run;
    expect(over.code).not.toBe(0);
    expect(t.emu.counters.submissions).toBe(0);
    expect(replies().map((c) => c.body)).toEqual([
      expect.stringMatching(/would cost (\$|&#36;)0\.036, over the .*max-cost/),
    ]);
    expect((await lockOf()).candidates).toEqual(first);

    const within = await comment('/pixazo reroll hero', 'maintainer', { 'max-cost': '0.05' }).run;
    expect(within.code, logOf(within)).toBe(0);
    expect(t.emu.counters.submissions).toBe(1);
    const second = Object.values((await lockOf()).candidates) as { request_id: string; files: unknown[] }[];
    expect(second).toHaveLength(1);
    expect(second[0]!.files).toHaveLength(3);
    expect(second[0]!.request_id).not.toBe((Object.values(first)[0] as { request_id: string }).request_id);
    expect((await t.fx.git(t.fx.remote, 'log', '-1', '--format=%s', 'feature')).trim()).toBe(
      'chore(images): reroll hero',
    );
    // The comment shows the new set in place of the old one, in the same section.
    const head = await headOf('feature');
    const shown = sticky().body;
    expect(shown).toContain(`/blob/${head}/.pixazo/candidates/hero/1.webp?raw=true`);
    expect(shown.match(/pixazo-images:set hero /g)).toHaveLength(1);
    expect(shown).not.toContain('only: hero');
  });
});
