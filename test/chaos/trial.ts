/**
 * One chaos trial, drawn from a seed: a manifest, the faults of its first run, where that run is
 * cancelled, and the resume runs that follow. fast-check draws every value, so a seed replays the
 * same trial (the timing of a run is real and may still differ).
 */
import fc from 'fast-check';
import type { Concurrency } from '../../src/shared/settings.js';
import { type EmulatorOptions, type FaultAnswer, proxyPage } from '../emulator/index.js';
import { drawLimits, type LimitsSpec } from './limits.js';

export type Format = 'png' | 'jpeg' | 'webp';

/** One manifest entry. Entries with the same `prompt` are identical (same content, other id). */
export interface EntrySpec {
  readonly id: string;
  readonly prompt: string;
  readonly model: 'gpt-image-2' | 'gpt-image-1.5';
  readonly format: Format;
  readonly count: number;
  /** `input_images: ["@upstream"]`. */
  readonly upstream?: string;
  /** `candidates: N` (§10): a pull request run buys a set of N for a reviewer to pick from. */
  readonly candidates?: number;
}

/** A run after the first: faults off, no cancel; sometimes the manifest changes or an entry is forced. */
export interface ResumeSpec {
  readonly rename?: { readonly from: string; readonly to: string };
  /** Changes this entry's prompt (a new content, so a new fingerprint). */
  readonly edit?: string;
  readonly force?: string;
}

export interface CancelSpec {
  /** Abort the run from the emulator's hook at the k-th accepted submit / status call / media GET. */
  readonly at: 'submit' | 'status' | 'media';
  readonly k: number;
  /** submit only: hold that submit's answer until the run has returned (past any grace). */
  readonly hold: boolean;
}

/** Where a bundle run is SIGKILLed: at the k-th submit (its answer held), status or media call, lockfile write, or after `ms`. */
export interface KillSpec {
  readonly at: 'submit' | 'status' | 'media' | 'lockfile' | 'timer';
  readonly k: number;
  readonly ms: number;
}

/** Where the first run's disk fills up (a real ENOSPC on a small tmpfs; root only). */
export interface DiskFullSpec {
  readonly at: 'submit' | 'status' | 'media';
  readonly k: number;
}

/** A gateway that reflects the key: in its error messages, media URLs (in this form), redirect targets, a non-URL media string. */
export interface ReflectSpec {
  readonly form: 'plain' | 'base64' | 'url-encoded';
  /** Media URLs answered as a string that is no URL (the first n). */
  readonly nonUrl: number;
  /** The first media GETs redirect to a URL holding the key: to the real image, or to nowhere. */
  readonly redirects: readonly ('to-image' | 'to-nowhere')[];
}

/** Before a resume run: entry `index` loses its files (and maybe its record); its cache entry may be poisoned. */
export interface LoseSpec {
  readonly index: number;
  readonly record: boolean;
  readonly poison?: 'html' | 'cut' | 'garbage' | 'other-image';
}

export interface Trial {
  readonly seed: number;
  readonly entries: readonly EntrySpec[];
  /** A fixed number, or `auto` (then `limits` hides a cap or a rate, maybe). */
  readonly concurrency: Concurrency;
  /** The gateway's hidden limits (every run) and a storm of 429s (first run); see limits.ts. */
  readonly limits?: LimitsSpec;
  /** Emulator latency range (ms) per job. */
  readonly latency: readonly [number, number];
  /** Fault knobs of the first run. */
  readonly faults: Partial<EmulatorOptions>;
  readonly cancel?: CancelSpec;
  /** poll-timeout of the first run (resume runs wait long enough). */
  readonly pollTimeoutMs: number;
  readonly resumes: readonly ResumeSpec[];
  /** retry-unknown-submits in every run: may pay twice, by the user's choice. */
  readonly retryUnknownSubmits: boolean;
  /** Bundle trials only: the first run is killed (SIGKILL) at this point. */
  readonly kill?: KillSpec;
  /** The first run is two runs at once on the one workspace. */
  readonly twoRuns: boolean;
  /** Root only: the first run's disk fills up here (freed before the next run). */
  readonly diskFull?: DiskFullSpec;
  readonly reflect?: ReflectSpec;
  /** In-process trials only: runs use a directory-backed image cache. */
  readonly cache: boolean;
  /** With `cache`: per resume run, an entry that loses its image first. */
  readonly loses: readonly (LoseSpec | undefined)[];
  /** The workspace is a git repository with a commit (runs publish nothing: .git must not change). */
  readonly git: boolean;
  /** Per run (0 = the first), when the trial has candidate entries: what kind of run it is. */
  readonly candidateRuns?: readonly CandidateRun[];
}

/**
 * A run of a trial with candidate entries (§10): a pull request run (buys sets, or awaits a pick), a
 * push run (uses candidate 1), or a pick of candidate k of the entry at `index` (made only when its
 * set is recorded, as the action checks before it runs; otherwise the run is a pull request run).
 */
export type CandidateRun =
  | { readonly kind: 'pr' }
  | { readonly kind: 'push' }
  | { readonly kind: 'pick'; readonly index: number; readonly k: number };

/** Submit answers after which the job may have been accepted (the emulator accepts it). */
const AMBIGUOUS: readonly FaultAnswer[] = [
  { status: 502 },
  { status: 504 },
  proxyPage(500),
  proxyPage(503),
  { status: 202 },
  { status: 200, body: '' },
];
/** Submit answers the gateway gives before accepting anything. */
const REFUSED: readonly FaultAnswer[] = [{ status: 429, retryAfter: '0' }, { status: 500 }, { status: 503 }];
const STATUS_FAULTS: readonly FaultAnswer[] = [
  { status: 500 },
  { status: 502 },
  { status: 503 },
  { status: 429, retryAfter: '0' },
];

type Gen = fc.GeneratorValue;

const int = (g: Gen, min: number, max: number): number => g(fc.integer, { min, max });
const chance = (g: Gen, p: number): boolean => g(fc.integer, { min: 0, max: 999 }) < p * 1000;
function pick<T>(g: Gen, items: readonly T[]): T {
  return items[int(g, 0, items.length - 1)]!;
}
const some = <T>(g: Gen, p: number, max: number, items: readonly T[]): T[] =>
  chance(g, p) ? Array.from({ length: int(g, 1, max) }, () => pick(g, items)) : [];
const units = (g: Gen, p: number, max: number): number => (chance(g, p) ? int(g, 1, max) : 0);

/** The trial of a seed. */
export function drawTrial(seed: number): Trial {
  const [g] = fc.sample(fc.gen(), { seed, numRuns: 1 });
  return draw(g!, seed);
}

function draw(g: Gen, seed: number): Trial {
  const entries: EntrySpec[] = [];
  const n = int(g, 2, 6);
  for (let i = 0; i < n; i++) {
    const id = `e${i}`;
    const earlier = entries.filter((e) => !e.upstream);
    if (earlier.length > 0 && chance(g, 0.15)) {
      entries.push({ ...pick(g, earlier), id }); // identical to an earlier entry
      continue;
    }
    const marker = pick(g, ['', '', '', '', '', '', '', '[[FAIL]] ', '[[ERROR]] ', '[[SLOW]] ']);
    const upstream = entries.length > 0 && chance(g, 0.2) ? pick(g, entries).id : undefined;
    const model = !upstream && chance(g, 0.2) ? 'gpt-image-1.5' : 'gpt-image-2';
    entries.push({
      id,
      prompt: `${marker}Chaos ${seed} picture ${i}`,
      model,
      format: pick(g, ['png', 'jpeg', 'webp'] as const),
      count: chance(g, 0.3) ? int(g, 2, 3) : 1,
      ...(upstream ? { upstream } : {}),
    });
  }
  const faults: Partial<EmulatorOptions> = {
    failNextSubmits: some(g, 0.3, 3, REFUSED),
    resetNextSubmits: units(g, 0.1, 1),
    acceptThenFailNextSubmits: some(g, 0.25, 2, AMBIGUOUS),
    dropResponseAfterAcceptNext: units(g, 0.1, 1),
    failNextStatus: some(g, 0.3, 3, STATUS_FAULTS),
    garbageNextStatus: units(g, 0.2, 2),
    resetNextStatus: units(g, 0.2, 2),
    notFoundNextStatus: units(g, 0.2, 3),
    failNextMedia: units(g, 0.2, 2),
    truncateNextMedia: units(g, 0.2, 2),
    wrongFormatNextMedia: units(g, 0.2, 2),
    cutOffNextMedia: units(g, 0.2, 2),
    garbageNextMedia: units(g, 0.1, 1),
    corruptNextMedia: units(g, 0.2, 2),
  };
  const cancel: CancelSpec | undefined = chance(g, 0.3)
    ? (() => {
        const at = pick(g, ['submit', 'status', 'media'] as const);
        return { at, k: int(g, 1, 3), hold: at === 'submit' && chance(g, 0.5) };
      })()
    : undefined;
  const resumes: ResumeSpec[] = [];
  const ids = entries.map((e) => e.id);
  for (let r = int(g, 1, 3); r > 0; r--) {
    const spec: { rename?: ResumeSpec['rename']; edit?: string; force?: string } = {};
    const renamable = ids.filter((id) => !entries.some((e) => e.upstream === id));
    if (renamable.length > 0 && chance(g, 0.15)) {
      const from = pick(g, renamable);
      spec.rename = { from, to: `${from}-renamed` };
      ids[ids.indexOf(from)] = spec.rename.to;
    }
    if (chance(g, 0.15)) spec.edit = pick(g, ids);
    if (chance(g, 0.06)) spec.force = pick(g, ids);
    resumes.push(spec);
  }
  const lo = int(g, 2, 20);
  const retryUnknownSubmits = chance(g, 0.06);
  // Drawn after the draws above, so older seeds still draw the same manifest, faults and resumes.
  const kill: KillSpec | undefined = chance(g, 0.45)
    ? {
        at: pick(g, ['submit', 'submit', 'status', 'media', 'lockfile', 'lockfile', 'timer'] as const),
        k: int(g, 1, 4),
        ms: int(g, 50, 2500),
      }
    : undefined;
  const twoRuns = chance(g, 0.15);
  const diskFull: DiskFullSpec | undefined = chance(g, 0.15)
    ? { at: pick(g, ['submit', 'status', 'media'] as const), k: int(g, 1, 3) }
    : undefined;
  const reflect: ReflectSpec | undefined = chance(g, 0.2)
    ? {
        form: pick(g, ['plain', 'base64', 'url-encoded'] as const),
        nonUrl: units(g, 0.3, 2),
        redirects: some(g, 0.5, 2, ['to-image', 'to-nowhere'] as const),
      }
    : undefined;
  const cache = chance(g, 0.35);
  const loses = resumes.map(() =>
    cache && chance(g, 0.5)
      ? {
          index: int(g, 0, entries.length - 1),
          record: chance(g, 0.4),
          ...(chance(g, 0.7) ? { poison: pick(g, ['html', 'cut', 'garbage', 'other-image'] as const) } : {}),
        }
      : undefined,
  );
  // In the order the draws always had.
  const concurrency = int(g, 1, 4);
  const latency: [number, number] = [lo, lo + int(g, 0, 30)];
  const pollTimeoutMs = chance(g, 0.25) ? int(g, 1, 150) : 10_000;
  const git = chance(g, 0.3);
  // Drawn last, so older seeds still draw everything above as they did.
  const withCandidates = drawCandidates(g, entries, resumes.length);
  const trial: Trial = {
    seed,
    entries: withCandidates?.entries ?? entries,
    concurrency,
    latency,
    faults,
    ...(cancel ? { cancel } : {}),
    pollTimeoutMs,
    resumes,
    retryUnknownSubmits,
    ...(kill ? { kill } : {}),
    twoRuns,
    ...(diskFull ? { diskFull } : {}),
    ...(reflect ? { reflect } : {}),
    cache,
    loses,
    git,
    ...(withCandidates ? { candidateRuns: withCandidates.runs } : {}),
  };
  // Drawn after everything above: older seeds keep their draws, with limits on top.
  const limited = drawLimits(g, trial.concurrency);
  return {
    ...trial,
    concurrency: limited.concurrency,
    limits: limited.limits,
    faults: { ...faults, failNextSubmits: [...limited.limits.storm, ...(faults.failNextSubmits ?? [])] },
  };
}

/**
 * Candidates (§10) in a trial, in about a third of them: some single-image entries take
 * `candidates: 2..3`; the first run (under the faults) is a pull request run, so candidate requests
 * meet every fault — write-ahead, pending, unknown, resume — and each later run is a pull request run,
 * a push run (candidate 1) or a pick.
 */
function drawCandidates(
  g: Gen,
  entries: readonly EntrySpec[],
  resumes: number,
): { entries: EntrySpec[]; runs: CandidateRun[] } | undefined {
  if (!chance(g, 0.35)) return undefined;
  const single = entries.flatMap((e, i) => (e.count === 1 ? [i] : []));
  if (single.length === 0) return undefined;
  const chosen = new Set(single.filter(() => chance(g, 0.5)));
  if (chosen.size === 0) chosen.add(pick(g, single));
  const out = entries.map((e, i) => (chosen.has(i) ? { ...e, candidates: int(g, 2, 3) } : e));
  const runs: CandidateRun[] = [{ kind: 'pr' }];
  for (let r = 0; r < resumes; r++) {
    const what = int(g, 0, 9);
    if (what < 4) runs.push({ kind: 'pr' });
    else if (what < 7) runs.push({ kind: 'push' });
    else {
      const index = pick(g, [...chosen]);
      runs.push({ kind: 'pick', index, k: int(g, 1, out[index]!.candidates!) });
    }
  }
  return { entries: out, runs };
}

/** The manifest of a list of entries (quality low; `{n}` in `out` when an entry has several images). */
export function manifestText(entries: readonly EntrySpec[]): string {
  let text = 'version: 1\ndefaults:\n  quality: low\nimages:\n';
  for (const e of entries) {
    text += `  ${e.id}:\n    prompt: ${JSON.stringify(e.prompt)}\n`;
    if (e.model !== 'gpt-image-2') text += `    model: ${e.model}\n`;
    text += `    output_format: ${e.format}\n`;
    text +=
      e.count > 1
        ? `    number_of_images: ${e.count}\n    out: img/{id}-{n}.{ext}\n`
        : '    out: img/{id}.{ext}\n';
    if (e.upstream) text += `    input_images: ["@${e.upstream}"]\n`;
    if (e.candidates) text += `    candidates: ${e.candidates}\n`;
  }
  return text;
}

/** The entries after a resume run's manifest change. */
export function applyResume(entries: readonly EntrySpec[], spec: ResumeSpec, run: number): EntrySpec[] {
  return entries.map((e) => {
    let next = e;
    if (spec.rename && e.id === spec.rename.from) next = { ...next, id: spec.rename.to };
    if (spec.edit && next.id === spec.edit) next = { ...next, prompt: `${next.prompt} edited in run ${run}` };
    return next;
  });
}

/** Whether a trial pays twice on purpose (forced, or retry-unknown-submits): then double charges are allowed. */
export function mayPayTwice(trial: Trial): boolean {
  return trial.retryUnknownSubmits || trial.resumes.some((r) => r.force !== undefined);
}
