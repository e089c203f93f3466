/**
 * Runs chaos trials in-process: for each, a temporary workspace, the real engine and gateway client
 * against the shared emulator, a first run under the trial's faults (maybe cancelled from an
 * emulator hook), then the resume runs with faults off; the invariants after every run and after
 * the trial. Jobs are told apart per run by when the emulator accepted them, and mapped to entries
 * by their prompt (unique per content within a trial).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openManifest } from '../../src/engine/session.js';
import type { RunEvent, RunOptions } from '../../src/engine/types.js';
import { PixazoClient } from '../../src/gateway/client.js';
import { fingerprintAll } from '../../src/plan/fingerprint.js';
import { idMatcher } from '../../src/plan/select.js';
import type { RunReport } from '../../src/report/types.js';
import { defaultOptions, type Emulator, type EmulatorOptions, type Hooks } from '../emulator/index.js';
import { runAction } from '../helpers/run-action.js';
import { runOn, type TempWorkspace, tempWorkspace } from '../helpers/workspace.js';
import {
  checkRun,
  checkTrial,
  INVARIANTS,
  type Invariant,
  type Lock,
  type PaidJob,
  type RunFacts,
  type Violation,
} from './invariants.js';
import { applyResume, drawTrial, type EntrySpec, manifestText, mayPayTwice, type Trial } from './trial.js';

/** A key no output may contain. */
export const CHAOS_KEY = 'pxz_chaos_9fK2mQ7vT4wX8bZ1';
/** Longest a run may take before it counts as hung (then it is aborted). */
const RUN_WATCHDOG_MS = 60_000;
/** Fault knobs whose consumed units are counted as "faults injected". */
const FAULT_KNOBS = [
  'failNextSubmits',
  'resetNextSubmits',
  'acceptThenFailNextSubmits',
  'dropResponseAfterAcceptNext',
  'failNextStatus',
  'garbageNextStatus',
  'resetNextStatus',
  'notFoundNextStatus',
  'failNextMedia',
  'truncateNextMedia',
  'wrongFormatNextMedia',
  'cutOffNextMedia',
  'garbageNextMedia',
  'corruptNextMedia',
] as const satisfies readonly (keyof EmulatorOptions)[];

export interface TrialResult {
  readonly seed: number;
  readonly runs: number;
  readonly submissions: number;
  readonly accepted: number;
  readonly chargedUsd: number;
  readonly faults: number;
  readonly cancelled: boolean;
  readonly violations: readonly Violation[];
}

const knobUnits = (o: EmulatorOptions): number =>
  FAULT_KNOBS.reduce((n, k) => n + (Array.isArray(o[k]) ? (o[k] as unknown[]).length : (o[k] as number)), 0);

/** Hooks that abort the run at the trial's cancellation point; `release` lets held answers go. */
function cancelHooks(trial: Trial, ac: AbortController): { hooks: Hooks; release(): void; fired(): boolean } {
  const seen = { submit: 0, status: 0, media: 0 };
  const held: (() => void)[] = [];
  let fired = false;
  const at = (kind: keyof typeof seen): boolean => {
    seen[kind] += 1;
    if (trial.cancel?.at !== kind || seen[kind] !== trial.cancel.k || ac.signal.aborted) return false;
    fired = true;
    ac.abort(new Error('received SIGINT'));
    return true;
  };
  return {
    hooks: {
      afterAccept: () => {
        if (at('submit') && trial.cancel?.hold) return new Promise<void>((r) => held.push(r));
      },
      beforeStatus: () => void at('status'),
      beforeMedia: () => void at('media'),
    },
    release: () => {
      for (const r of held.splice(0)) r();
    },
    fired: () => fired,
  };
}

/** Waits until the emulator has answered every request it received (bounded). */
async function settle(emu: Emulator): Promise<void> {
  for (let i = 0; i < 400 && emu.log.some((r) => r.answer === 'pending'); i++) await sleep(5);
}

/**
 * Runs one trial on `emu` and checks it. `bundle`: every run is the built action (`node
 * dist/index.js`, as the runner starts it), cancelled with a real SIGINT; slower (the action's own
 * retry timings and grace period), so only a sample of trials goes this way.
 */
export async function runTrial(emu: Emulator, seed: number, { bundle = false } = {}): Promise<TrialResult> {
  const trial = drawTrial(seed);
  const ws = await tempWorkspace();
  const violations: Violation[] = [];
  const paid: PaidJob[] = [];
  let entries: EntrySpec[] = [...trial.entries];
  let last: RunFacts | undefined;
  let submissions = 0;
  let faults = 0;
  let cancelled = false;
  try {
    for (let run = 0; run <= trial.resumes.length; run++) {
      const resume = run > 0 ? trial.resumes[run - 1]! : undefined;
      if (resume) entries = applyResume(entries, resume, run);
      await ws.write('images.config.yaml', manifestText(entries));
      const ac = new AbortController();
      const cancel = cancelHooks(trial, ac);
      Object.assign(emu.options, defaultOptions(), {
        port: emu.port,
        apiKey: CHAOS_KEY,
        latency: trial.latency,
        slowFactor: 8,
        imageScale: 0.05,
        ...(run === 0 ? structuredClone(trial.faults) : {}),
        hooks: run === 0 && trial.cancel ? cancel.hooks : {},
      });
      emu.resetCounters();
      const before = new Set(emu.jobs.keys());
      const unitsBefore = knobUnits(emu.options);
      const opts: Partial<RunOptions> = {
        concurrency: trial.concurrency,
        pollInterval: { min: 5, max: 20 },
        pollTimeoutMs: run === 0 ? trial.pollTimeoutMs : 10_000,
        signal: ac.signal,
        cancelGraceMs: 100,
        ...(trial.retryUnknownSubmits ? { retryUnknownSubmits: true } : {}),
        ...(resume?.force ? { force: idMatcher([resume.force]) } : {}),
      };
      const facts = bundle
        ? await oneActionRun(emu, ws, { ...opts, force: resume?.force }, trial, ac, run)
        : await oneRun(emu, ws, opts, trial, ac, run);
      cancel.release();
      await settle(emu);
      if (cancel.fired()) cancelled = true;
      faults += unitsBefore - knobUnits(emu.options);
      submissions += emu.counters.submissions;
      violations.push(...facts.violations);
      last = facts.facts;
      const byPrompt = new Map(entries.map((e) => [e.prompt, facts.facts.fingerprints.get(e.id)] as const));
      for (const [id, job] of emu.jobs) {
        if (before.has(id)) continue;
        const fp = byPrompt.get(job.prompt);
        if (fp) paid.push({ job, fingerprint: fp, run });
        else violations.push({ invariant: 'unmapped-job', detail: `run ${run}: "${job.prompt}"` });
      }
      violations.push(...(await checkRun(facts.facts, CHAOS_KEY)));
    }
    if (last) violations.push(...checkTrial(paid, last, mayPayTwice(trial)));
  } finally {
    await ws.cleanup();
  }
  const charged = paid.filter((p) => p.job.outcome !== 'ERROR');
  return {
    seed,
    runs: trial.resumes.length + 1,
    submissions,
    accepted: paid.length,
    chargedUsd: Math.round(charged.reduce((a, p) => a + p.job.priceUsd, 0) * 1e6) / 1e6,
    faults,
    cancelled,
    violations,
  };
}

/** One engine run with a watchdog; what it left behind. */
async function oneRun(
  emu: Emulator,
  ws: TempWorkspace,
  opts: Partial<RunOptions>,
  trial: Trial,
  ac: AbortController,
  index: number,
): Promise<{ facts: RunFacts; violations: Violation[] }> {
  const violations: Violation[] = [];
  const { dir } = ws;
  const gateway = new PixazoClient({
    baseUrl: emu.url,
    apiKey: CHAOS_KEY,
    requestTimeoutMs: 2000,
    downloadTimeoutMs: 2000,
    retry: { baseMs: 5, capMs: 40, minDelayMs: 1 },
    retryUnknownSubmits: trial.retryUnknownSubmits,
  });
  const { manifest } = await openManifest({ workspace: dir, config: 'images.config.yaml' });
  const fingerprints = new Map(
    [...(await fingerprintAll(manifest.entries))].map(([id, fp]) => [id, fp.value] as const),
  );
  let report: RunReport | undefined;
  let events: RunEvent[] = [];
  const watchdog = setTimeout(() => {
    violations.push({
      invariant: 'run-threw',
      detail: `run ${index}: still running after ${RUN_WATCHDOG_MS} ms`,
    });
    ac.abort(new Error('watchdog'));
  }, RUN_WATCHDOG_MS);
  try {
    const inputUrl = (input: { workspacePath: string }): string =>
      `https://example.com/ws/${input.workspacePath}`;
    ({ report, events } = await runOn(ws, undefined, opts, { gateway, inputUrl }));
  } catch (err) {
    violations.push({ invariant: 'run-threw', detail: `run ${index}: ${String(err)}` });
  } finally {
    clearTimeout(watchdog);
  }
  let lockText = '';
  let lock: Lock | undefined;
  try {
    lockText = await readFile(path.join(dir, 'images.lock.json'), 'utf8');
    lock = JSON.parse(lockText) as Lock;
  } catch {
    // No lockfile yet (a run that threw before writing): nothing to check against.
  }
  // CHAOS_TRACE=1: what each run did, to replay a violating seed by hand.
  if (process.env.CHAOS_TRACE) {
    process.stderr.write(`--- run ${index}\n`);
    for (const e of events) process.stderr.write(`${JSON.stringify(e)}\n`);
    process.stderr.write(`lockfile: ${lockText}\n`);
  }
  return {
    facts: {
      index,
      dir,
      events,
      fingerprints,
      lockText,
      ...(report ? { report } : {}),
      ...(lock ? { lock } : {}),
    },
    violations,
  };
}

/** One run of the built action: the same facts, plus its exit code and everything it printed. */
async function oneActionRun(
  emu: Emulator,
  ws: TempWorkspace,
  opts: Omit<Partial<RunOptions>, 'force'> & { force?: string | undefined },
  trial: Trial,
  ac: AbortController,
  index: number,
): Promise<{ facts: RunFacts; violations: Violation[] }> {
  const violations: Violation[] = [];
  const { manifest } = await openManifest({ workspace: ws.dir, config: 'images.config.yaml' });
  const fingerprints = new Map(
    [...(await fingerprintAll(manifest.entries))].map(([id, fp]) => [id, fp.value] as const),
  );
  const inputs: Record<string, string> = {
    'api-key': CHAOS_KEY,
    'gateway-url': emu.url,
    publish: 'none',
    cache: 'false',
    comment: 'false',
    concurrency: String(trial.concurrency),
    'poll-interval': '5ms..20ms',
    'poll-timeout': `${opts.pollTimeoutMs ?? 10_000}ms`,
    'retry-unknown-submits': String(trial.retryUnknownSubmits),
    'input-url-template': 'https://example.com/ws/{path}',
    ...(opts.force ? { force: opts.force } : {}),
  };
  const run = await runAction({
    workspace: ws.dir,
    inputs,
    timeoutMs: RUN_WATCHDOG_MS,
    onSpawn: (child) => {
      const interrupt = (): void => void child.kill('SIGINT');
      if (ac.signal.aborted) interrupt();
      else ac.signal.addEventListener('abort', interrupt, { once: true });
    },
  });
  let report: RunReport | undefined;
  try {
    report = run.report ? (JSON.parse(run.report) as RunReport) : undefined;
  } catch {
    violations.push({ invariant: 'run-threw', detail: `run ${index}: the report is not JSON` });
  }
  if (!report)
    violations.push({ invariant: 'run-threw', detail: `run ${index}: no report (exit ${run.code})` });
  const lockText = await readFile(path.join(ws.dir, 'images.lock.json'), 'utf8').catch(() => '');
  // `::add-mask::<key>` is the one line where the key may appear: it tells the runner to mask it.
  const stdout = run.stdout.replace(/^::add-mask::.*$/m, '');
  const printed = [stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
  return {
    facts: {
      index,
      dir: ws.dir,
      events: [],
      fingerprints,
      lockText,
      action: { code: run.code, printed },
      ...(report ? { report } : {}),
      ...(lockText ? { lock: JSON.parse(lockText) as Lock } : {}),
    },
    violations,
  };
}

export interface Statistics {
  trials: number;
  /** Trials run through the built action rather than the engine in-process. */
  bundleTrials: number;
  runs: number;
  submissions: number;
  accepted: number;
  chargedUsd: number;
  faults: number;
  cancels: number;
  violations: Record<Invariant, number>;
  /** Seeds of the trials with a violation, with their first violations. */
  failing: { seed: number; violations: Violation[] }[];
}

export function emptyStatistics(): Statistics {
  return {
    trials: 0,
    bundleTrials: 0,
    runs: 0,
    submissions: 0,
    accepted: 0,
    chargedUsd: 0,
    faults: 0,
    cancels: 0,
    violations: Object.fromEntries(INVARIANTS.map((i) => [i, 0])) as Record<Invariant, number>,
    failing: [],
  };
}

export function addTrial(stats: Statistics, r: TrialResult): void {
  stats.trials += 1;
  stats.runs += r.runs;
  stats.submissions += r.submissions;
  stats.accepted += r.accepted;
  stats.chargedUsd = Math.round((stats.chargedUsd + r.chargedUsd) * 1e6) / 1e6;
  stats.faults += r.faults;
  if (r.cancelled) stats.cancels += 1;
  for (const v of r.violations) stats.violations[v.invariant] += 1;
  if (r.violations.length > 0) stats.failing.push({ seed: r.seed, violations: [...r.violations] });
}
