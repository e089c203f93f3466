/**
 * Runs chaos trials: for each, a temporary workspace (a git repository sometimes, on a small
 * filesystem when the disk is to fill up), the real engine and gateway client against the shared
 * emulator (or the built action), a first run under the trial's faults — maybe cancelled, killed,
 * starved of disk, or two runs at once — then the resume runs with faults off (entries renamed,
 * edited, forced, or losing their image to a poisoned cache); the invariants after every run and
 * after the trial. Jobs are told apart per run by when the emulator accepted them, and mapped to
 * entries by their prompt (unique per content within a trial).
 */
import { createHash } from 'node:crypto';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openManifest } from '../../src/engine/session.js';
import type { RunOptions } from '../../src/engine/types.js';
import { fingerprintAll } from '../../src/plan/fingerprint.js';
import { idMatcher } from '../../src/plan/select.js';
import { DEFAULT_RETRY_POLICY } from '../../src/shared/backoff.js';
import { secrets } from '../../src/shared/redact.js';
import { defaultOptions, type Emulator, type EmulatorOptions, type Hooks } from '../emulator/index.js';
import { tempWorkspace } from '../helpers/workspace.js';
import { candidateRunMode } from './candidates.js';
import { type DiskSpace, diskSpace, gitInit, gitState, loseEntry } from './chaos-ws.js';
import { DirCache } from './dir-cache.js';
import { Killer, trialHooks } from './hooks.js';
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
import { checkLimits, limitFacts, limitKnobs } from './limits.js';
import { actionRun, CHAOS_RETRY, inProcessRun, type Outcome, type RunSetup } from './runs.js';
import { applyResume, drawTrial, type EntrySpec, manifestText, mayPayTwice, type Trial } from './trial.js';

/** A key no output may contain. */
export const CHAOS_KEY = 'pxz_chaos_9fK2mQ7vT4wX8bZ1';
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

/** What a worker shares across its trials: the emulator, and the small filesystem (as root). */
export interface ChaosEnv {
  readonly emu: Emulator;
  readonly disk: DiskSpace;
}

export async function chaosEnv(emu: Emulator): Promise<ChaosEnv> {
  // As the adapters do where they read the key: every sink of this process redacts it.
  secrets.addKey(CHAOS_KEY);
  return { emu, disk: await diskSpace() };
}

export interface TrialResult {
  readonly seed: number;
  readonly runs: number;
  readonly submissions: number;
  readonly accepted: number;
  readonly chargedUsd: number;
  readonly faults: number;
  readonly cancelled: boolean;
  readonly killed: boolean;
  readonly diskFilled: boolean;
  readonly twoRuns: boolean;
  readonly reflected: boolean;
  readonly poisoned: number;
  readonly violations: readonly Violation[];
}

const knobUnits = (o: EmulatorOptions): number =>
  FAULT_KNOBS.reduce((n, k) => n + (Array.isArray(o[k]) ? (o[k] as unknown[]).length : (o[k] as number)), 0);

/** Waits until the emulator has answered every request it received (bounded). */
async function settle(emu: Emulator): Promise<void> {
  for (let i = 0; i < 400 && emu.log.some((r) => r.answer === 'pending'); i++) await sleep(5);
}

/** The key as the trial's gateway reflects it. */
function reflectedKey(trial: Trial): string {
  const form = trial.reflect?.form;
  if (form === 'base64') return Buffer.from(CHAOS_KEY).toString('base64');
  if (form === 'url-encoded') return encodeURIComponent(CHAOS_KEY).replaceAll('_', '%5F');
  return CHAOS_KEY;
}

/** Knobs of a gateway that reflects the key in every text it controls (messages in every run, the rest in the first). */
function reflectKnobs(trial: Trial, run: number): Partial<EmulatorOptions> {
  if (!trial.reflect) return {};
  const k = reflectedKey(trial);
  let nonUrl = run === 0 ? trial.reflect.nonUrl : 0;
  return {
    failMessage: `Content policy violation for subscription ${k}`,
    errorMessage: `Internal error (key ${k})`,
    mediaUrl: (url) => (nonUrl-- > 0 ? `cdn-object:${k}/output` : `${url}?sig=${k}`),
    ...(run === 0
      ? {
          failNextSubmits: [
            ...(trial.faults.failNextSubmits ?? []),
            { status: 503, body: { error: 'Service Unavailable', message: `throttled key ${k}` } },
          ],
          failNextStatus: [
            ...(trial.faults.failNextStatus ?? []),
            { status: 500, body: { error: 'Internal Server Error', message: `status for ${k} failed` } },
          ],
        }
      : {}),
  };
}

/** Media GETs that redirect to a URL holding the key: the real image (with the key in its query) or nowhere. */
function withRedirects(trial: Trial, emu: Emulator, hooks: Hooks): Hooks {
  const left = [...(trial.reflect?.redirects ?? [])];
  const k = reflectedKey(trial);
  return {
    ...hooks,
    beforeMedia: async (id, index) => {
      const r = left.shift();
      const job = emu.jobs.get(id);
      if (r && job)
        emu.options.redirectNextMedia.unshift(
          r === 'to-image'
            ? `${emu.url}/media/v1/${id}/output-${index}.${job.format}?key=${k}`
            : `${emu.url}/gone/${k}`,
        );
      return hooks.beforeMedia?.(id, index);
    },
  };
}

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

/** Entries whose input is `id`'s image, transitively (they are generated again when it is). */
function downstreamOf(entries: readonly EntrySpec[], id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++)
    for (const e of entries) if (e.upstream === out[i] && !out.includes(e.id)) out.push(e.id);
  return out;
}

/**
 * Runs one trial and checks it. `bundle`: every run is the built action (`node dist/index.js`, as
 * the runner starts it), cancelled with a real SIGINT and killed with a real SIGKILL; slower, so
 * only a sample of trials goes this way. Kills apply to bundle trials, the image cache to
 * in-process ones, a full disk where a small filesystem could be mounted.
 */
export async function runTrial(env: ChaosEnv, seed: number, { bundle = false } = {}): Promise<TrialResult> {
  const { emu } = env;
  const trial = drawTrial(seed);
  const onDisk = trial.diskFull ? await env.disk.workspaceDir() : undefined;
  const ws = await tempWorkspace({}, onDisk);
  const cacheRoot =
    !bundle && trial.cache ? await mkdtemp(path.join(os.tmpdir(), 'pixazo-chaos-cache-')) : undefined;
  const cache = cacheRoot ? new DirCache(cacheRoot) : undefined;
  const violations: Violation[] = [];
  const paid: PaidJob[] = [];
  const mayRepay = new Set<string>();
  const leftByKill = new Set<string>();
  const genuine = { all: new Set<string>(), byFingerprint: new Map<string, Set<string>>() };
  let entries: EntrySpec[] = [...trial.entries];
  let last: RunFacts | undefined;
  const result = {
    submissions: 0,
    faults: 0,
    cancelled: false,
    killed: false,
    diskFilled: false,
    poisoned: 0,
  };
  try {
    if (trial.git) {
      await ws.write('images.config.yaml', manifestText(entries));
      await ws.write('README.md', 'site\n');
      gitInit(ws);
    }
    for (let run = 0; run <= trial.resumes.length; run++) {
      const resume = run > 0 ? trial.resumes[run - 1]! : undefined;
      if (resume) entries = applyResume(entries, resume, run);
      await ws.write('images.config.yaml', manifestText(entries));
      const { manifest } = await openManifest({ workspace: ws.dir, config: 'images.config.yaml' });
      const fingerprints = new Map(
        [...(await fingerprintAll(manifest.entries))].map(([id, fp]) => [id, fp.value] as const),
      );
      // Candidates (§10): a pull request run, a push run or a pick (in-process: a command's run).
      const mode = await candidateRunMode(trial, run, entries, fingerprints, ws.dir);
      // A pick runs on its entry only: an image lost before it would stay lost, by design.
      const lose = run > 0 && cache && !mode.pick ? trial.loses[run - 1] : undefined;
      const lost = lose ? entries[lose.index] : undefined;
      if (lose && lost && cache) {
        const fp = fingerprints.get(lost.id)!;
        const cached = await cache.has(fp, lost.count);
        await loseEntry(ws.dir, lost.id, lose.record);
        // Another entry's valid image cannot be told from this one's without a recorded hash: not drawn then.
        const poison = lose.poison === 'other-image' && lose.record ? 'html' : lose.poison;
        if (poison && cached && (await cache.poison(fp, poison))) result.poisoned += 1;
        for (const id of downstreamOf(entries, lost.id)) mayRepay.add(fingerprints.get(id)!);
      }
      const ac = new AbortController();
      const killer = run === 0 && bundle && trial.kill ? new Killer() : undefined;
      const fill = run === 0 && onDisk ? () => env.disk.fill() : undefined;
      const th = trialHooks(trial, ac, { cancel: run === 0, kill: killer, fill });
      Object.assign(emu.options, defaultOptions(), {
        port: emu.port,
        apiKey: CHAOS_KEY,
        latency: trial.latency,
        slowFactor: 8,
        imageScale: 0.05,
        ...limitKnobs(trial.limits),
        ...(run === 0 ? structuredClone(trial.faults) : {}),
        ...reflectKnobs(trial, run),
        hooks: run === 0 ? withRedirects(trial, emu, th.hooks) : {},
      });
      emu.resetCounters();
      const before = new Set(emu.jobs.keys());
      const unitsBefore = knobUnits(emu.options);
      const gitBefore = trial.git ? await gitState(ws.dir) : undefined;
      const opts: Partial<RunOptions> = {
        ...mode.opts,
        concurrency: trial.concurrency,
        pollInterval: { min: 5, max: 20 },
        pollTimeoutMs: run === 0 ? trial.pollTimeoutMs : 10_000,
        signal: ac.signal,
        cancelGraceMs: 100,
        ...(trial.retryUnknownSubmits ? { retryUnknownSubmits: true } : {}),
        ...(resume?.force ? { force: idMatcher([resume.force]) } : {}),
      };
      const setup: RunSetup = {
        emu,
        ws,
        trial,
        key: CHAOS_KEY,
        opts,
        force: resume?.force,
        ac,
        index: run,
        cache,
        killer,
      };
      const once = bundle && !mode.pick ? actionRun : inProcessRun;
      const outcomes: Outcome[] =
        run === 0 && trial.twoRuns ? await Promise.all([once(setup), once(setup)]) : [await once(setup)];
      th.release();
      await settle(emu);
      violations.push(
        ...checkLimits(
          limitFacts(
            emu,
            run,
            trial.concurrency,
            opts.pollTimeoutMs!,
            outcomes.length,
            entries.map((e) => e.prompt),
            // The limiter pauses `auto` submits by the default policy; a fixed limit retries in the
            // client, whose policy in-process is the chaos one (runs.ts), in the bundle the default.
            trial.concurrency === 'auto' || bundle ? DEFAULT_RETRY_POLICY.minDelayMs : CHAOS_RETRY.minDelayMs,
          ),
        ),
      );
      if (th.filled()) await env.disk.free();
      if (th.cancelled()) result.cancelled = true;
      if (th.filled()) result.diskFilled = true;
      result.faults += unitsBefore - knobUnits(emu.options);
      result.submissions += emu.counters.submissions;
      if (mode.pick && emu.counters.submissions > 0)
        violations.push({
          invariant: 'pick-paid',
          detail: `run ${run}: a pick of ${mode.pick} made ${emu.counters.submissions} submission(s)`,
        });
      const byPrompt = new Map(entries.map((e) => [e.prompt, fingerprints.get(e.id)] as const));
      for (const [id, job] of emu.jobs) {
        if (before.has(id)) continue;
        const fp = byPrompt.get(job.prompt);
        if (fp) paid.push({ job, fingerprint: fp, run });
        else violations.push({ invariant: 'unmapped-job', detail: `run ${run}: "${job.prompt}"` });
        if (!fp || job.outcome !== 'COMPLETED') continue;
        const made = genuine.byFingerprint.get(fp) ?? new Set<string>();
        genuine.byFingerprint.set(fp, made);
        for (let i = 1; i <= job.count; i++) {
          const sha = createHash('sha256')
            .update(await emu.image(id, i))
            .digest('hex');
          made.add(sha);
          genuine.all.add(sha);
        }
      }
      const lockText = await readFile(path.join(ws.dir, 'images.lock.json'), 'utf8').catch(() => '');
      let lock: Lock | undefined;
      try {
        lock = lockText ? (JSON.parse(lockText) as Lock) : undefined;
      } catch {
        violations.push({ invariant: 'run-threw', detail: `run ${run}: the lockfile is not JSON` });
      }
      const runLockLeft = await exists(path.join(ws.dir, 'images.lock.json.lock'));
      const git = trial.git ? { before: gitBefore, after: await gitState(ws.dir) } : undefined;
      const ordered = [...outcomes].sort((a, b) => a.finishedAt - b.finishedAt);
      for (const [i, o] of ordered.entries()) {
        if (o.killed) result.killed = true;
        violations.push(...o.violations);
        // A write that failed names its file and cause; only a full disk may make one.
        if (o.writeError && !(th.filled() && /^cannot write \S+: no space left on device/.test(o.writeError)))
          violations.push({ invariant: 'run-threw', detail: `run ${run}: ${o.writeError}` });
        const facts: RunFacts = {
          index: run,
          dir: ws.dir,
          events: o.events,
          fingerprints,
          lockText,
          ...(o.report ? { report: o.report } : {}),
          ...(lock ? { lock } : {}),
          ...(o.action ? { action: o.action } : {}),
          killed: outcomes.some((x) => x.killed),
          diskFilled: th.filled(),
          partial: i < ordered.length - 1 || o.lockRefused === true,
          runLockLeft,
          ...(git ? { git } : {}),
          ...(cacheRoot ? { alsoWritten: [cacheRoot] } : {}),
          leftByKill,
          genuine,
          preSink: !bundle,
        };
        violations.push(...(await checkRun(facts, CHAOS_KEY)));
        if (i === ordered.length - 1) last = facts;
      }
      if (outcomes.some((o) => o.killed)) for (const f of await tempFiles(ws.dir)) leftByKill.add(f);
      // CHAOS_TRACE=1: what each run did, to replay a violating seed by hand.
      if (process.env.CHAOS_TRACE) {
        process.stderr.write(`--- run ${run}${outcomes.some((o) => o.killed) ? ' (killed)' : ''}\n`);
        for (const o of outcomes) for (const e of o.events) process.stderr.write(`${JSON.stringify(e)}\n`);
        for (const o of outcomes) if (o.action) process.stderr.write(`${o.action.printed}\n`);
        process.stderr.write(`lockfile: ${lockText}\n`);
      }
    }
    if (last) violations.push(...checkTrial(paid, last, mayPayTwice(trial), mayRepay));
  } finally {
    await env.disk.free();
    await ws.cleanup();
    if (cacheRoot) await rm(cacheRoot, { recursive: true, force: true });
  }
  const charged = paid.filter((p) => p.job.outcome !== 'ERROR');
  return {
    seed,
    runs: trial.resumes.length + 1 + (trial.twoRuns ? 1 : 0),
    submissions: result.submissions,
    accepted: paid.length,
    chargedUsd: Math.round(charged.reduce((a, p) => a + p.job.priceUsd, 0) * 1e6) / 1e6,
    faults: result.faults,
    cancelled: result.cancelled,
    killed: result.killed,
    diskFilled: result.diskFilled,
    twoRuns: trial.twoRuns,
    reflected: trial.reflect !== undefined,
    poisoned: result.poisoned,
    violations,
  };
}

async function tempFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.tmp'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
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
  kills: number;
  writeFailures: number;
  twoRuns: number;
  reflecting: number;
  poisoned: number;
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
    kills: 0,
    writeFailures: 0,
    twoRuns: 0,
    reflecting: 0,
    poisoned: 0,
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
  if (r.killed) stats.kills += 1;
  if (r.diskFilled) stats.writeFailures += 1;
  if (r.twoRuns) stats.twoRuns += 1;
  if (r.reflected) stats.reflecting += 1;
  stats.poisoned += r.poisoned;
  for (const v of r.violations) stats.violations[v.invariant] += 1;
  if (r.violations.length > 0) stats.failing.push({ seed: r.seed, violations: [...r.violations] });
}
