/**
 * The sticky PR comment through the built action (dist/index.js): the REAL @actions/github octokit
 * against a local fake of the GitHub REST API (GITHUB_API_URL), on a pull request whose branch the
 * workflow checked out (`ref: github.head_ref`), publishing by commit to a real bare "origin".
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { commitFiles, createGitFixture, type GitFixture } from '../fakes/git-repo.js';
import { ACTIONS_BOT, type GitHubApi, startGitHubApi } from '../fakes/github-api.js';
import { runAction } from '../helpers/run-action.js';
import { annotations, gitEnv, inputsFor, logOf, MANIFEST, pullRequestEvent } from './publish-fixtures.js';

const MARKER = '<!-- pixazo-images:images.config.yaml -->';
const TOKEN = 'ghs_e2e_token';
const PR = 12;

let emu: Emulator;
let api: GitHubApi;
let fx: GitFixture;
let baseSha: string;
beforeAll(async () => {
  emu = await startEmulator({ latency: 30 });
  api = await startGitHubApi({ users: { [TOKEN]: ACTIONS_BOT } });
});
afterAll(async () => {
  await emu.close();
  await api.close();
});
beforeEach(async () => {
  emu.resetCounters();
  api.reset();
  fx = await createGitFixture({ 'README.md': '# site\n', 'images.config.yaml': MANIFEST });
  baseSha = (await fx.git(fx.work, 'rev-parse', 'HEAD')).trim();
  await fx.git(fx.work, 'checkout', '--quiet', '-b', 'feature');
  await fx.git(fx.work, 'push', '--quiet', 'origin', 'feature');
});
afterEach(() => fx.cleanup());

function runOnPr(opts: { inputs?: Record<string, string>; headRepo?: string } = {}) {
  return runAction({
    workspace: fx.work,
    inputs: inputsFor(emu, { 'github-token': TOKEN, ...opts.inputs }),
    env: { ...gitEnv(fx), GITHUB_API_URL: api.url, GITHUB_HEAD_REF: 'feature' },
    eventName: 'pull_request',
    event: pullRequestEvent({
      number: PR,
      headRef: 'feature',
      baseSha,
      ...(opts.headRepo ? { headRepo: opts.headRepo } : {}),
    }),
  });
}

/** The PR author edits a prompt and pushes, as the next commit on the PR would. */
async function editPrompt(id: string, prompt: string): Promise<void> {
  const manifest = MANIFEST.replace(/( {2}hero:\n {4}prompt: ).*/, `$1${prompt}`);
  if (id !== 'hero' || manifest === MANIFEST) throw new Error('editPrompt only edits hero');
  await commitFiles(fx.git, fx.work, { 'images.config.yaml': manifest }, `change ${id}`);
  await fx.git(fx.work, 'push', '--quiet', 'origin', 'feature');
}

const writes = () => api.requests.filter((r) => r.method !== 'GET');

describe('the sticky PR comment (built action, real @actions/github)', () => {
  it('is created once, updated in place by the next run, and left alone by a run with nothing new', async () => {
    const one = await runOnPr();
    expect(one.code, logOf(one)).toBe(0);
    const sha1 = one.outputs['commit-sha']!;
    expect(sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(api.comments).toHaveLength(1);
    const comment = api.comments[0]!;
    expect(comment.issueNumber).toBe(PR);
    expect(comment.body.startsWith(MARKER)).toBe(true);
    // Previews are the committed files at the new commit, as raw blob URLs; cost and reasons are shown.
    expect(comment.body).toContain(`https://github.com/octo/site/blob/${sha1}/img/hero.webp?raw=true`);
    expect(comment.body).toContain(`https://github.com/octo/site/blob/${sha1}/img/gulls-2.webp?raw=true`);
    expect(comment.body).toMatch(/\$0\.048/);
    expect(comment.body).toMatch(/new/);
    expect(one.summary).toContain(`/blob/${sha1}/img/hero.webp?raw=true`);

    // The prompt is the PR author's text: it must not mention, link or inject HTML.
    await editPrompt(
      'hero',
      'A lighthouse for @octocat <img src=x onerror=alert(1)> [click](https://evil.example)',
    );
    const two = await runOnPr();
    expect(two.code, logOf(two)).toBe(0);
    const sha2 = two.outputs['commit-sha']!;
    expect(sha2).not.toBe(sha1);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.id).toBe(comment.id);
    const body = api.comments[0]!.body;
    expect(body).toContain(`/blob/${sha2}/img/hero.webp?raw=true`);
    expect(body).toMatch(/prompt changed/);
    // hero is new in this PR: the base branch has no image to show as "before".
    expect(body).not.toContain(`/blob/${baseSha}/`);
    expect(body).not.toMatch(/\| before \| after \|/);
    expect(body).not.toContain('@octocat');
    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('](https://evil.example)');
    expect(writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);

    // Nothing changed: the previews of the run that did the work stay.
    const three = await runOnPr();
    expect(three.code, logOf(three)).toBe(0);
    expect(three.outputs['commit-sha']).toBe('');
    expect(api.comments[0]!.body).toBe(body);
    expect(writes()).toHaveLength(2);
  });

  it('shows before → after for an image the base branch already had', async () => {
    // The images exist on main (generated by a push run there); the PR then changes one prompt.
    await fx.git(fx.work, 'checkout', '--quiet', 'main');
    const onMain = await runAction({ workspace: fx.work, inputs: inputsFor(emu), env: gitEnv(fx) });
    expect(onMain.code, logOf(onMain)).toBe(0);
    baseSha = onMain.outputs['commit-sha']!;
    await fx.git(fx.work, 'checkout', '--quiet', '-B', 'feature');
    await editPrompt('hero', 'A lighthouse on a cliff at dusk');

    const run = await runOnPr();
    expect(run.code, logOf(run)).toBe(0);
    const body = api.comments[0]!.body;
    const head = run.outputs['commit-sha']!;
    expect(body).toMatch(/\| before \| after \|/);
    const row = body.split('\n').find((l) => l.startsWith('| **hero**'))!;
    expect(row).toContain(`/blob/${baseSha}/img/hero.webp?raw=true`);
    expect(row).toContain(`/blob/${head}/img/hero.webp?raw=true`);
    expect(row.indexOf(baseSha)).toBeLessThan(row.indexOf(head));
    expect(body).not.toContain('| **gulls**');
  });

  it('a token that may not comment gets a warning with the permissions snippet; the step succeeds', async () => {
    api.readOnly = true;
    const run = await runOnPr();
    expect(run.code, logOf(run)).toBe(0);
    expect(run.outputs['commit-sha']).toMatch(/^[0-9a-f]{40}$/);
    expect(api.comments).toHaveLength(0);
    const warning = annotations(run, 'warning').find((w) => /PR comment/.test(w));
    expect(warning).toBeDefined();
    expect(warning).toContain('permissions:\n  contents: write\n  pull-requests: write');
  });

  it('comment: false posts nothing', async () => {
    const run = await runOnPr({ inputs: { comment: 'false' } });
    expect(run.code, logOf(run)).toBe(0);
    expect(api.requests).toHaveLength(0);
  });

  it('a fork PR without a key: plan and estimate in the job summary, no comment, a notice', async () => {
    const run = await runOnPr({ inputs: { 'api-key': '' }, headRepo: 'someone/site' });
    expect(run.code, logOf(run)).toBe(0);
    expect(emu.counters.submissions + emu.counters.statusCalls).toBe(0);
    expect(api.requests).toHaveLength(0);
    expect(annotations(run, 'notice').some((n) => /fork/.test(n) && /job summary/.test(n))).toBe(true);
    expect(run.outputs['estimated-cost']).toBe('0.0480');
    expect(run.summary).toMatch(/planned only/);
    expect(run.summary).toMatch(/\$0\.048/);
    expect(run.summary).toContain('hero');
  });
});
