/**
 * The fork pattern end to end: the built action plans a fork's pull request (no key, read-only
 * token), and the script of examples/workflows/images-pr-fork-comment.yml — run as
 * actions/github-script runs it, with the REAL @actions/github octokit against the local GitHub API
 * fake — comments that plan on the pull request from the trusted side.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTIONS_BOT } from '../fakes/github-api.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { gitEnv, inputsFor, logOf, MANIFEST, pullRequestEvent } from './fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'ghs_trusted_token';
const MARKER = '<!-- pixazo-images:fork-plan -->';
const HEAD_SHA = 'f'.repeat(40);
const RUN_URL = 'https://github.com/octo/site/actions/runs/99';

const t = setup({
  emulator: { latency: 20 },
  github: { users: { [TOKEN]: ACTIONS_BOT } },
  workspace: { kind: 'git', files: { 'images.config.yaml': MANIFEST } },
});

/** The github-script step's script, from the example file users copy. */
async function exampleScript(): Promise<string> {
  const wf = parse(
    await readFile(path.join(ROOT, 'examples/workflows/images-pr-fork-comment.yml'), 'utf8'),
  ) as {
    jobs: { comment: { steps: { uses: string; with?: { script?: string } }[] } };
  };
  const step = wf.jobs.comment.steps.find((s) => s.uses.startsWith('actions/github-script@'));
  return step!.with!.script!;
}

let dir: string;
let notices: string[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pixazo-fork-comment-'));
  notices = [];
  t.api.pulls.push({ number: 12, head: 'someone:feature', headSha: HEAD_SHA, owner: 'octo', repo: 'site' });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs the script as actions/github-script does: an async function of `require`, `github`, `context`
 * and `core`, in the workspace where download-artifact put the plan under `plan/`.
 */
async function commentFromTrustedSide(planJson: string, headSha = HEAD_SHA): Promise<void> {
  await mkdir(path.join(dir, 'plan'), { recursive: true });
  await writeFile(path.join(dir, 'plan', 'pixazo-images-report-99-0a1b2c3d.json'), planJson);
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...args: unknown[]) => Promise<unknown>;
  const script = new AsyncFunction('require', 'github', 'context', 'core', await exampleScript());
  const context = {
    repo: { owner: 'octo', repo: 'site' },
    payload: {
      workflow_run: {
        id: 99,
        event: 'pull_request',
        head_sha: headSha,
        head_branch: 'feature',
        head_repository: { full_name: 'someone/site', owner: { login: 'someone' } },
        html_url: RUN_URL,
      },
    },
  };
  const core = { notice: (m: string) => notices.push(m) };
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    await script(createRequire(import.meta.url), getOctokit(TOKEN, { baseUrl: t.api.url }), context, core);
  } finally {
    process.chdir(cwd);
  }
}

/** The fork's own run: the built action without a key, on a pull_request event from `someone/site`. */
async function forkPlan(): Promise<string> {
  const run = await runAction({
    workspace: t.fx.work,
    inputs: inputsFor(t.emu, { 'api-key': '', 'github-token': 'read-only-token' }),
    env: { ...gitEnv(t.fx), GITHUB_API_URL: t.api.url },
    eventName: 'pull_request',
    event: pullRequestEvent({ number: 12, headRef: 'feature', headRepo: 'someone/site' }),
  });
  expect(run.code, logOf(run)).toBe(0);
  expect(t.emu.counters.submissions).toBe(0);
  return run.report!;
}

const onPr = () =>
  t.api.comments.filter((c) => c.owner === 'octo' && c.repo === 'site' && c.issueNumber === 12);

describe('comments on a fork pull request from a workflow_run workflow (examples/workflows)', () => {
  it("the plan the fork's run wrote becomes one sticky comment, updated by the next run", async () => {
    const plan = await forkPlan();
    expect(t.api.comments).toEqual([]); // the fork's run itself comments nothing
    await commentFromTrustedSide(plan);
    expect(onPr()).toHaveLength(1);
    const body = onPr()[0]!.body;
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toMatch(/\*\*3\*\* to generate · \*\*0\*\* unchanged · estimated cost \*\*\$0\.0480\*\*/);
    expect(body).toContain(`[job summary](${RUN_URL})`);
    expect(body).toMatch(/nothing was charged/);

    await commentFromTrustedSide(JSON.stringify({ ...JSON.parse(plan), estimatedCost: 0.012 }));
    expect(onPr()).toHaveLength(1);
    expect(onPr()[0]!.body).toMatch(/estimated cost \*\*\$0\.0120\*\*/);
    expect(t.api.requests.filter((r) => r.method !== 'GET').map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('takes only numbers from the plan, which the fork could have written as it liked', async () => {
    const forged = JSON.stringify({
      estimatedCost: '<img src=x onerror=alert(1)>',
      unpriced: '@octocat',
      totals: { unchanged: '[click](https://evil.example)' },
      entries: [{ id: '@maintainers <b>', action: 'generate', prompt: '[x](https://evil.example)' }],
      manifest: '@everyone',
    });
    await commentFromTrustedSide(forged);
    const body = onPr()[0]!.body;
    expect(body).toMatch(/\*\*1\*\* to generate · \*\*0\*\* unchanged · estimated cost \*\*unknown\*\*/);
    for (const bad of ['<img', '@octocat', '@maintainers', '@everyone', 'evil.example', '<b>'])
      expect(body).not.toContain(bad);
  });

  it('a pull request whose head moved on is not commented by the older run', async () => {
    await commentFromTrustedSide(await forkPlan(), 'e'.repeat(40));
    expect(onPr()).toEqual([]);
    expect(notices).toEqual([expect.stringMatching(/No open pull request has head e{40}/)]);
  });
});
