/**
 * Shared parts of the end-to-end tests (test/e2e/*.test.ts; their servers and workspaces come from
 * test/helpers/setup.ts): a manifest, the inputs that point the built action at the emulator, the git
 * environment of a fixture, a pull_request payload and the setup of a test file on one, a zip reader
 * for uploaded artifacts, and log helpers.
 */
import path from 'node:path';
import { beforeEach } from 'vitest';
import { DEFAULT_API_KEY, type Emulator, type EmulatorOptions } from '../emulator/index.js';
import type { GitFixture } from '../fakes/git-repo.js';
import { ACTIONS_BOT } from '../fakes/github-api.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import type { ActionRun } from '../helpers/run-action.js';
import { type Setup, setup } from '../helpers/setup.js';

export { unzip } from '../helpers/zip.js';

/** Three entries, four image files, all gpt-image-2 at low quality: $0.012 each, $0.048 in all. */
export const MANIFEST = lowQualityManifest(`  hero:
    prompt: A lighthouse on a cliff at dawn
    alt: A lighthouse
  harbour:
    prompt: A quiet harbour at night
  gulls:
    prompt: Two gulls over the sea
    number_of_images: 2
    out: img/gulls-{n}.{ext}
`);

export const IMAGE_FILES = ['img/gulls-1.webp', 'img/gulls-2.webp', 'img/harbour.webp', 'img/hero.webp'];
export const LOCKFILE = 'images.lock.json';

/** Inputs that point the action at the emulator with fast polling; no cache unless asked for. */
export function inputsFor(emu: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'api-key': DEFAULT_API_KEY,
    'gateway-url': emu.url,
    'poll-interval': '10ms..50ms',
    cache: 'false',
    ...extra,
  };
}

/** The environment that keeps the action's git inside a fixture: its HOME, no system or global config. */
export function gitEnv(fx: GitFixture): Record<string, string> {
  return {
    HOME: fx.root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(fx.root, '.gitconfig'),
  };
}

/** A pull_request event payload, as GitHub writes it to GITHUB_EVENT_PATH. */
export function pullRequestEvent(opts: {
  number: number;
  headRef: string;
  baseSha?: string;
  headRepo?: string;
}): Record<string, unknown> {
  return {
    action: 'synchronize',
    number: opts.number,
    pull_request: {
      number: opts.number,
      head: { ref: opts.headRef, repo: { full_name: opts.headRepo ?? 'octo/site' } },
      base: { ref: 'main', sha: opts.baseSha ?? '0'.repeat(40), repo: { full_name: 'octo/site' } },
    },
    repository: { full_name: 'octo/site', private: false },
  };
}

/** Annotations of one level (`warning`, `error`, `notice`). */
export function annotations(run: ActionRun, level: string): string[] {
  return run.annotations.filter((a) => a.level === level).map((a) => a.message);
}

/** Everything the run printed, for failure messages. */
export function logOf(run: ActionRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** The token the GitHub API fake knows as the Actions bot (github-actions[bot]). */
export const BOT_TOKEN = 'ghs_e2e_token';

/**
 * A test file on a pull request: the emulator, the GitHub API fake (BOT_TOKEN is the Actions bot),
 * and a git fixture holding MANIFEST whose `feature` branch is checked out and pushed to origin
 * before each test. `pr.baseSha` is the commit the branch started from (a test may move it).
 */
export function pullRequestSetup(emulator: Partial<EmulatorOptions> = { latency: 20 }): {
  t: Setup;
  pr: { baseSha: string };
} {
  const t = setup({
    emulator,
    github: { users: { [BOT_TOKEN]: ACTIONS_BOT } },
    workspace: { kind: 'git', files: { 'README.md': '# site\n', 'images.config.yaml': MANIFEST } },
  });
  const pr = { baseSha: '' };
  beforeEach(async () => {
    pr.baseSha = (await t.fx.git(t.fx.work, 'rev-parse', 'HEAD')).trim();
    await t.fx.git(t.fx.work, 'checkout', '--quiet', '-b', 'feature');
    await t.fx.git(t.fx.work, 'push', '--quiet', 'origin', 'feature');
  });
  return { t, pr };
}
