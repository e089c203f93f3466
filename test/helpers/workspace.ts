import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runEngine } from '../../src/engine/run.js';
import { openManifest } from '../../src/engine/session.js';
import type { EngineDeps, RunEvent, RunOptions } from '../../src/engine/types.js';
import { PixazoClient } from '../../src/gateway/client.js';
import type { Lockfile } from '../../src/plan/lockfile.js';
import { realClock } from '../../src/shared/clock.js';
import { DEFAULT_API_KEY, type Emulator } from '../emulator/index.js';

/** A temporary workspace folder with a manifest; removed by `cleanup`. */
export interface TempWorkspace {
  dir: string;
  write(rel: string, content: string | Buffer): Promise<void>;
  read(rel: string): Promise<Buffer>;
  lock(): Promise<Lockfile>;
  cleanup(): Promise<void>;
  git(...args: string[]): string;
}

export async function tempWorkspace(
  files: Record<string, string> = {},
  /** An empty folder to use instead of a new one in the OS temp folder (e.g. on a small filesystem). */
  at?: string,
): Promise<TempWorkspace> {
  const dir = at ?? (await realpath(await mkdtemp(path.join(os.tmpdir(), 'pixazo-ws-'))));
  const ws: TempWorkspace = {
    dir,
    async write(rel, content) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), content);
    },
    read: (rel) => readFile(path.join(dir, rel)),
    lock: async () => JSON.parse(await readFile(path.join(dir, 'images.lock.json'), 'utf8')) as Lockfile,
    cleanup: () => rm(dir, { recursive: true, force: true }),
    git: (...args) =>
      execFileSync('git', args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      }).toString(),
  };
  for (const [rel, content] of Object.entries(files)) await ws.write(rel, content);
  return ws;
}

/** Fast polling for tests against the emulator (its latency is tens of ms). */
export const FAST: Pick<RunOptions, 'pollInterval' | 'pollTimeoutMs' | 'concurrency'> = {
  pollInterval: { min: 5, max: 40 },
  pollTimeoutMs: 20_000,
  concurrency: 4,
};

/** Run the real engine on a workspace's manifest against the emulator. */
export async function runOn(
  ws: TempWorkspace,
  emu: Emulator | undefined,
  opts: Partial<Omit<RunOptions, 'manifest' | 'lockfilePath'>> = {},
  deps: Partial<EngineDeps> = {},
  config = 'images.config.yaml',
): Promise<{ report: Awaited<ReturnType<typeof runEngine>>; events: RunEvent[] }> {
  const { manifest, lockfilePath } = await openManifest({ workspace: ws.dir, config });
  const events: RunEvent[] = [];
  const report = await runEngine(
    { manifest, lockfilePath, dryRun: false, prune: false, ...FAST, ...opts },
    {
      clock: realClock,
      events: (e) => events.push(e),
      ...(emu ? { gateway: new PixazoClient({ baseUrl: emu.url, apiKey: DEFAULT_API_KEY }) } : {}),
      ...deps,
    },
  );
  return { report, events };
}

/**
 * Folders laid out as on a hosted runner: `work/_temp` (RUNNER_TEMP, fixed for the job) beside
 * workspaces `work/<name>/<name>`. The layout matters to @actions/cache: its tar archives hold paths
 * relative to the workspace, so a workspace elsewhere would restore the staged files elsewhere.
 */
export interface RunnerLayout {
  root: string;
  runnerTemp: string;
  /** A new empty workspace `work/<name>/<name>` with `files` written in it. */
  workspace(name: string, files?: Record<string, string>): Promise<string>;
  cleanup(): Promise<void>;
}

export async function runnerLayout(): Promise<RunnerLayout> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'pixazo-runner-layout-')));
  const runnerTemp = path.join(root, 'work', '_temp');
  await mkdir(runnerTemp, { recursive: true });
  return {
    root,
    runnerTemp,
    async workspace(name, files = {}) {
      const dir = path.join(root, 'work', name, name);
      await mkdir(dir, { recursive: true });
      for (const [rel, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
        await writeFile(path.join(dir, rel), text);
      }
      return dir;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
