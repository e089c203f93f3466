import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { defaultOptions, type Emulator, type EmulatorOptions, startEmulator } from '../emulator/index.js';
import { createGitFixture, type GitFixture } from '../fakes/git-repo.js';
import { type GitHubApi, type GitHubApiOptions, startGitHubApi } from '../fakes/github-api.js';
import { type ResultsService, startResultsService } from '../fakes/results-service.js';
import { type RunnerLayout, runnerLayout, type TempWorkspace, tempWorkspace } from './workspace.js';

/** What {@link setup} starts for a test file, and what each test gets fresh. */
export interface SetupOptions {
  /** Knobs of the file's gateway emulator. */
  emulator?: Partial<EmulatorOptions>;
  /** Put the emulator's knobs back to the defaults and `emulator` before each test (a test may turn any). */
  resetKnobs?: boolean;
  /**
   * Each test's workspace: a temp folder holding `files` (`ws`), a clone of a bare `origin` whose
   * first commit holds `files` (`fx`), or runner-like folders the test makes workspaces in (`layout`).
   */
  workspace?: { kind: 'temp' | 'git'; files: Record<string, string> } | { kind: 'runner' };
  /** Start the local Actions results service (cache and artifact), reset before each test. */
  results?: boolean;
  /** Start the local GitHub REST API with these options, reset before each test. */
  github?: GitHubApiOptions;
}

/**
 * The parts of a test file. Only what the options asked for is there: `ws`, `fx` or `layout` by the
 * workspace's kind, `results` and `api` when asked for.
 */
export interface Setup {
  readonly emu: Emulator;
  readonly results: ResultsService;
  readonly api: GitHubApi;
  readonly ws: TempWorkspace;
  readonly fx: GitFixture;
  readonly layout: RunnerLayout;
}

/**
 * The one fixture of the engine and end-to-end test files: one gateway emulator (and, when asked,
 * one results service and one GitHub API) for the file, counters and records reset before each
 * test, and a fresh workspace per test, removed after it.
 */
export function setup(opts: SetupOptions = {}): Setup {
  const t = {} as { -readonly [K in keyof Setup]?: Setup[K] };
  const workspace = opts.workspace ?? { kind: 'temp', files: {} };
  beforeAll(async () => {
    [t.emu, t.results, t.api] = await Promise.all([
      startEmulator(opts.emulator ?? { latency: 20 }),
      opts.results ? startResultsService() : undefined,
      opts.github ? startGitHubApi(opts.github) : undefined,
    ]);
  });
  afterAll(async () => {
    await Promise.all([t.emu?.close(), t.results?.close(), t.api?.close()]);
  });
  beforeEach(async () => {
    if (opts.resetKnobs)
      Object.assign(t.emu!.options, defaultOptions(), opts.emulator, { port: t.emu!.port });
    t.emu!.resetCounters();
    t.results?.reset();
    t.api?.reset();
    if (workspace.kind === 'temp') t.ws = await tempWorkspace(workspace.files);
    else if (workspace.kind === 'git') t.fx = await createGitFixture(workspace.files);
    else t.layout = await runnerLayout();
  });
  afterEach(async () => {
    await { temp: t.ws, git: t.fx, runner: t.layout }[workspace.kind]?.cleanup();
  });
  return t as Setup;
}

/** An emulator for the file and a temp workspace holding `files` per test. */
export function emulatorAndWorkspace(
  files: Record<string, string>,
  emulator: Partial<EmulatorOptions> = { latency: 20 },
): Pick<Setup, 'emu' | 'ws'> {
  return setup({ emulator, workspace: { kind: 'temp', files } });
}
