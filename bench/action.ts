/**
 * Runs the built bundle (`node dist/index.js`) as the runner does, timing it from spawn to exit and
 * to its first line of output. The same spawn path times bare `node -e 0`, so start-up can be
 * subtracted fairly.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { actionDefaults, parseOutputs } from '../test/helpers/run-action.js';
import { ROOT } from './workspace.js';

/** The bundle under test: dist/index.js, or another build (PIXAZO_BENCH_BUNDLE) to compare. */
export const BUNDLE = path.resolve(process.env.PIXAZO_BENCH_BUNDLE ?? path.join(ROOT, 'dist/index.js'));

export interface Timed {
  /** Spawn → exit, ms. */
  wallMs: number;
  /** Spawn → first byte on stdout, ms (undefined when nothing was printed). */
  firstOutputMs: number | undefined;
  /** Each stdout line with the time it arrived (ms since spawn). */
  lines: { ms: number; text: string }[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawn `node <args>` and time it. */
export function timeNode(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let first: number | undefined;
    const lines: Timed['lines'] = [];
    let partial = '';
    child.stdout.on('data', (d: Buffer) => {
      const ms = performance.now() - t0;
      first ??= ms;
      stdout += d;
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop()!;
      for (const text of parts) lines.push({ ms, text });
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ wallMs: performance.now() - t0, firstOutputMs: first, lines, code, stdout, stderr });
    });
  });
}

export interface ActionResult extends Timed {
  outputs: Record<string, string>;
}

/**
 * `node [nodeArgs] dist/index.js` in `workspace` with action.yml defaults, `inputs` on top, and the
 * GITHUB_* files the runner provides. No Actions cache service: the job has none on loopback.
 */
export async function runBundle(opts: {
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  nodeArgs?: string[];
  timeoutMs?: number;
}): Promise<ActionResult> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'pixazo-bench-runner-'));
  try {
    const files = {
      output: path.join(tmp, 'output'),
      summary: path.join(tmp, 'summary.md'),
      event: path.join(tmp, 'event.json'),
    };
    await writeFile(files.output, '');
    await writeFile(files.summary, '');
    await writeFile(files.event, '{}');
    const inputs = { ...(await actionDefaults()), 'github-token': 'ghs_bench', ...opts.inputs };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmp,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: opts.workspace,
      RUNNER_TEMP: path.join(tmp, 'runner-temp'),
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REPOSITORY: 'octo/site',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_RUN_ID: '4242',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'http://127.0.0.1:9',
      GIT_CEILING_DIRECTORIES: os.tmpdir(),
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      ...opts.env,
    };
    const timed = await timeNode([...(opts.nodeArgs ?? []), BUNDLE], {
      cwd: opts.workspace,
      env,
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    return { ...timed, outputs: parseOutputs(await readFile(files.output, 'utf8')) };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Median of a non-empty list. */
export function med(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
