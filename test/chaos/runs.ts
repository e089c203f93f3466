/**
 * One run of a chaos trial, in-process (the real engine and gateway client, holding the run lock
 * exactly as the adapters take it) or through the built action (`node dist/index.js`, as the runner
 * starts it; cancelled with a real SIGINT, killed with a real SIGKILL).
 */
import { watch } from 'node:fs';
import path from 'node:path';
import { LockWriteError } from '../../src/engine/store.js';
import type { RunEvent, RunOptions } from '../../src/engine/types.js';
import { PixazoClient } from '../../src/gateway/client.js';
import { acquireRunLock, RunLockError } from '../../src/plan/run-lock.js';
import type { RunReport } from '../../src/report/types.js';
import { realClock } from '../../src/shared/clock.js';
import type { Emulator } from '../emulator/index.js';
import { runAction } from '../helpers/run-action.js';
import { runOn, type TempWorkspace } from '../helpers/workspace.js';
import { filesHolding, keyForms } from './chaos-ws.js';
import type { DirCache } from './dir-cache.js';
import type { Killer } from './hooks.js';
import type { Violation } from './invariants.js';
import type { Trial } from './trial.js';

/**
 * Longest a run may take before it counts as hung (then it is aborted). A run whose submits meet
 * 429s waits the limiter's real pauses (up to 30 s each, the production backoff) and gives up on an
 * entry only after its poll-timeout has passed at an attempt: about 45 s, more on a loaded machine.
 */
export const RUN_WATCHDOG_MS = 120_000;

export interface RunSetup {
  readonly emu: Emulator;
  readonly ws: TempWorkspace;
  readonly trial: Trial;
  readonly key: string;
  readonly opts: Partial<RunOptions>;
  readonly force?: string | undefined;
  readonly ac: AbortController;
  readonly index: number;
  readonly cache?: DirCache | undefined;
  /** Bundle runs of a trial that kills: the process to kill (the first spawned). */
  readonly killer?: Killer | undefined;
}

/** What one run said and did. */
export interface Outcome {
  report?: RunReport;
  events: RunEvent[];
  /** Bundle runs: the exit code and everything printed (stdout minus `::add-mask::`, stderr, summary, outputs). */
  action?: { code: number | null; printed: string };
  /** Refused by the run lock (a cancel while waiting for it), or cancelled before it started: a clean end, nothing done. */
  lockRefused?: boolean;
  killed?: boolean;
  /** A write that failed and stopped the run, as it said it ("cannot write images.lock.json: no space left on device"). */
  writeError?: string;
  violations: Violation[];
  finishedAt: number;
}

/** The in-process client's retry policy: short waits, so a trial takes seconds. */
export const CHAOS_RETRY = { baseMs: 5, capMs: 40, minDelayMs: 1 } as const;

/** One engine run with a watchdog, inside the run lock (as `generate` and the action hold it). */
export async function inProcessRun(s: RunSetup): Promise<Outcome> {
  const violations: Violation[] = [];
  const gateway = new PixazoClient({
    baseUrl: s.emu.url,
    apiKey: s.key,
    requestTimeoutMs: 2000,
    downloadTimeoutMs: 2000,
    retry: CHAOS_RETRY,
    retryUnknownSubmits: s.trial.retryUnknownSubmits,
  });
  const watchdog = setTimeout(() => {
    violations.push({
      invariant: 'run-threw',
      detail: `run ${s.index}: still running after ${RUN_WATCHDOG_MS} ms`,
    });
    s.ac.abort(new Error('watchdog'));
  }, RUN_WATCHDOG_MS);
  const out: Outcome = { events: [], violations, finishedAt: 0 };
  try {
    const lock = await acquireRunLock(path.join(s.ws.dir, 'images.lock.json'), {
      clock: realClock,
      signal: s.ac.signal,
      run: `chaos run ${s.index}`,
      displayRoot: s.ws.dir,
    });
    try {
      const inputUrl = (input: { workspacePath: string }): string =>
        `https://example.com/ws/${input.workspacePath}`;
      const { report, events } = await runOn(s.ws, undefined, s.opts, {
        gateway,
        inputUrl,
        ...(s.cache ? { cache: s.cache } : {}),
      });
      out.report = report;
      out.events = events;
    } finally {
      await lock.release();
    }
  } catch (err) {
    if (err instanceof RunLockError && s.ac.signal.aborted) out.lockRefused = true;
    else if (
      err instanceof LockWriteError ||
      (err instanceof RunLockError && /^cannot write /.test(err.message))
    )
      out.writeError = err.message;
    else violations.push({ invariant: 'run-threw', detail: `run ${s.index}: ${String(err)}` });
  } finally {
    clearTimeout(watchdog);
  }
  out.finishedAt = performance.now();
  return out;
}

/** One run of the built action: its report, exit code and everything it printed; its RUNNER_TEMP searched for the key. */
export async function actionRun(s: RunSetup): Promise<Outcome> {
  const violations: Violation[] = [];
  const inputs: Record<string, string> = {
    'api-key': s.key,
    'gateway-url': s.emu.url,
    publish: 'none',
    cache: 'false',
    comment: 'false',
    concurrency: String(s.trial.concurrency),
    'poll-interval': '5ms..20ms',
    'poll-timeout': `${s.opts.pollTimeoutMs ?? 10_000}ms`,
    'retry-unknown-submits': String(s.trial.retryUnknownSubmits),
    'input-url-template': 'https://example.com/ws/{path}',
    ...(s.force ? { force: s.force } : {}),
  };
  let stopWatch = (): void => {};
  let mine = false;
  const run = await runAction({
    workspace: s.ws.dir,
    inputs,
    // Candidates (§10): a pull request run buys sets (no comment: there is no GitHub here).
    ...(s.opts.candidates && {
      eventName: 'pull_request',
      event: { pull_request: { number: 1, head: { ref: 'feature' } }, repository: { private: false } },
    }),
    timeoutMs: RUN_WATCHDOG_MS,
    onSpawn: (child) => {
      const interrupt = (): void => void child.kill('SIGINT');
      if (s.ac.signal.aborted) interrupt();
      else s.ac.signal.addEventListener('abort', interrupt, { once: true });
      const killer = s.killer;
      if (!killer || killer.attached) return;
      killer.attach(child);
      mine = true;
      const kill = s.trial.kill;
      if (kill?.at === 'timer') {
        const t = setTimeout(() => void killer.kill(), kill.ms);
        child.once('exit', () => clearTimeout(t));
      } else if (kill?.at === 'lockfile') {
        // Any write of the lockfile (its temp file, the rename into place, the run lock beside it).
        let n = 0;
        const w = watch(s.ws.dir, (_event, name) => {
          if (String(name ?? '').startsWith('images.lock.json') && ++n === kill.k) void killer.kill();
        });
        stopWatch = () => w.close();
        child.once('exit', stopWatch);
      }
    },
    inspect: async (tmp) => {
      for (const f of await filesHolding(tmp, keyForms(s.key)))
        violations.push({ invariant: 'key-leak', detail: `run ${s.index}: in the runner's ${f}` });
    },
  });
  stopWatch();
  const out: Outcome = { events: [], violations, finishedAt: performance.now() };
  if (mine && s.killer?.killed) {
    out.killed = true;
    return out;
  }
  // The watchdog's SIGKILL: a hung run, named as one (what a kill leaves behind is not charged to it).
  if (run.timedOut) {
    violations.push({
      invariant: 'run-threw',
      detail: `run ${s.index}: still running after ${RUN_WATCHDOG_MS} ms`,
    });
    out.killed = true;
    return out;
  }
  try {
    if (run.report) out.report = JSON.parse(run.report) as RunReport;
  } catch {
    violations.push({ invariant: 'run-threw', detail: `run ${s.index}: the report is not JSON` });
  }
  const writeError = /^::error[^:]*::(cannot write \S+: .*)$/m.exec(run.stdout)?.[1];
  if (!out.report && writeError) out.writeError = writeError;
  else if (!out.report && /run lock/i.test(run.stdout)) out.lockRefused = true;
  // Cancelled before node had loaded the action (no handler yet): SIGINT's default ends it, nothing done.
  else if (!out.report && run.signal === 'SIGINT' && run.stdout === '') out.lockRefused = true;
  else if (!out.report)
    violations.push({ invariant: 'run-threw', detail: `run ${s.index}: no report (exit ${run.code})` });
  // `::add-mask::<key>` is the one line where the key may appear: it tells the runner to mask it.
  const stdout = run.stdout.replace(/^::add-mask::.*$/m, '');
  out.action = {
    code: run.code,
    printed: [stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n'),
  };
  return out;
}
