/**
 * Chaos draws and checks for `concurrency: auto` against a gateway's hidden limits (SPEC §5
 * Concurrency, issue #23): a trial may run `auto` instead of a fixed number, against a hidden cap
 * on jobs in flight (`Retry-After: 0` included), a token bucket of submits, and a storm of 429s
 * before anything else in its first run. Kept apart from trial.ts and runner.ts, which call it in
 * one place each, so other draws merge beside it.
 *
 * What must hold, every run, from the emulator's log of that run (each bound is a lower estimate of
 * what the client did, so no timing can make a correct client fail it):
 * - over-limit: the client's requests in flight, as the gateway saw them — a submit from its arrival
 *   to its answer, an accepted (202) job from its submit's arrival to its last status call — never
 *   more at once than the run's limit (the number, or 32 for `auto`). Each such span lies inside the
 *   client's place in flight, so a peak over the limit is a leak. Not for two runs at once: the one
 *   that waits for the run lock polls the other's pending jobs, which stretches their spans.
 * - cap-exceeded: the gateway never held more jobs than its cap: a 429 creates no job, and the cap
 *   is the only way the protocol lets a client go past it (the refused submit).
 * - 429-charged: a submit answered 429 never became a job (never charged).
 * - 429-storm: a submit refused with 429 is sent again no sooner than its `Retry-After` says, and
 *   never sooner than the floor of every wait after it was sent: 100 ms for `auto` (the limiter's
 *   pause, `Retry-After: 0` included) and for the built action; a fixed limit in-process waits the
 *   chaos client's own floor (1 ms). So `auto` sends an entry at most 10 times a second into 429s;
 *   and no entry is refused more often in a run than the rules allow: a fixed limit gives up after
 *   5 attempts, `auto` after `poll-timeout` of refusals (⌈poll-timeout / 100 ms⌉ + 2).
 */
import fc from 'fast-check';
import { AUTO_MAX } from '../../src/engine/limiter.js';
import { DEFAULT_RETRY_POLICY } from '../../src/shared/backoff.js';
import type { Concurrency } from '../../src/shared/settings.js';
import type { Emulator, EmulatorOptions, FaultAnswer, LoggedRequest } from '../emulator/index.js';
import type { Violation } from './invariants.js';

/** The hidden limits of a trial's gateway (every run) and its 429 storm (first run). */
export interface LimitsSpec {
  /** Most jobs in flight the gateway holds; undefined: no cap. */
  readonly inFlightCap?: number;
  readonly capRetryAfterS: number;
  readonly submitRate?: { readonly perMinute: number; readonly burst: number };
  /** 429s answered to the first run's first submits, before any other submit fault. */
  readonly storm: readonly FaultAnswer[];
}

type Gen = fc.GeneratorValue;
const int = (g: Gen, min: number, max: number): number => g(fc.integer, { min, max });
const chance = (g: Gen, p: number): boolean => g(fc.integer, { min: 0, max: 999 }) < p * 1000;

/** Drawn after every other draw of a trial: `auto` (half the trials) and the gateway's hidden limits. */
export function drawLimits(g: Gen, fixed: Concurrency): { concurrency: Concurrency; limits: LimitsSpec } {
  const auto = chance(g, 0.5);
  const inFlightCap = chance(g, 0.4) ? int(g, 1, 4) : undefined;
  const capRetryAfterS = chance(g, 0.7) ? 0 : 1;
  // Tokens of 50–200 ms: Retry-After is whole seconds (at least 1), so a rate costs seconds.
  const submitRate = chance(g, 0.15) ? { perMinute: int(g, 300, 1200), burst: int(g, 1, 3) } : undefined;
  const stormAfter = [undefined, '0', '0', '1'] as const;
  const storm = chance(g, 0.4)
    ? Array.from({ length: int(g, 1, 12) }, (): FaultAnswer => {
        const retryAfter = stormAfter[int(g, 0, stormAfter.length - 1)];
        return retryAfter === undefined ? { status: 429 } : { status: 429, retryAfter };
      })
    : [];
  return {
    concurrency: auto ? 'auto' : fixed,
    limits: {
      ...(inFlightCap !== undefined ? { inFlightCap } : {}),
      capRetryAfterS,
      ...(submitRate ? { submitRate } : {}),
      storm,
    },
  };
}

/** Emulator knobs of the hidden limits, for every run of the trial. */
export function limitKnobs(limits: LimitsSpec | undefined): Partial<EmulatorOptions> {
  if (!limits) return {};
  return {
    ...(limits.inFlightCap !== undefined ? { inFlightCap: limits.inFlightCap } : {}),
    capRetryAfterS: limits.capRetryAfterS,
    ...(limits.submitRate ? { submitRate: limits.submitRate } : {}),
  };
}

/** The largest number of spans open at once (a span ends where the next may start). */
function peakOverlap(spans: readonly (readonly [number, number])[]): number {
  const points = spans.flatMap(([a, b]) => [
    [a, 1],
    [b, -1],
  ]);
  // At one instant, starts count before ends: two spans touching at a point were both open.
  points.sort((x, y) => x[0]! - y[0]! || y[1]! - x[1]!);
  let open = 0;
  let peak = 0;
  for (const [, d] of points) {
    open += d!;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** What the limit checks need to know about one run. */
export interface LimitFacts {
  readonly run: number;
  readonly concurrency: Concurrency;
  readonly pollTimeoutMs: number;
  /** Runs at once on the workspace (two-run trials): each has its own limit. */
  readonly runsAtOnce: number;
  readonly inFlightCap: number;
  readonly peakInFlight: number;
  /** The emulator's log of the run, in arrival order. */
  readonly log: readonly LoggedRequest[];
  /** The least wait (ms) after a 429 whatever its Retry-After: the limiter's, or the client's retry policy's. */
  readonly floorMs: number;
  /** Entries of the run's manifest by prompt (identical entries share one). */
  readonly entriesByPrompt: ReadonlyMap<string, number>;
}

/** A timer may fire up to a millisecond early (rounding): the least gap allowed is this much shorter. */
const TIMER_SLACK_MS = 1;

/** The least gap after a 429 answered with `retryAfter` (delta-seconds; bounded as the client bounds it). */
function leastGap(retryAfter: string | undefined, floorMs: number): number {
  const asked = retryAfter !== undefined && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
  return Math.max(floorMs, Math.min(DEFAULT_RETRY_POLICY.maxRetryAfterMs, asked)) - TIMER_SLACK_MS;
}

/** The checks above over one run's log. */
export function checkLimits(f: LimitFacts): Violation[] {
  const out: Violation[] = [];
  const at = `run ${f.run}`;
  const submits = f.log.filter((r) => r.kind === 'submit');
  // over-limit (two runs at once: see above)
  const lastStatus = new Map<string, number>();
  for (const r of f.log) if (r.kind === 'status' && r.requestId) lastStatus.set(r.requestId, r.at);
  const spans = submits.map((s): [number, number] => {
    const end = s.answer === 202 && s.requestId ? (lastStatus.get(s.requestId) ?? s.at) : s.at;
    return [s.at, Math.max(s.at, end)];
  });
  const limit = f.concurrency === 'auto' ? AUTO_MAX : f.concurrency;
  const peak = peakOverlap(spans);
  if (f.runsAtOnce === 1 && peak > limit)
    out.push({
      invariant: 'over-limit',
      detail: `${at}: ${peak} requests in flight at once, limit ${limit}`,
    });
  // cap-exceeded
  if (f.peakInFlight > f.inFlightCap)
    out.push({
      invariant: 'cap-exceeded',
      detail: `${at}: the gateway held ${f.peakInFlight} jobs, its cap is ${f.inFlightCap}`,
    });
  // 429-charged
  for (const s of submits)
    if (s.answer === 429 && s.requestId !== undefined)
      out.push({ invariant: '429-charged', detail: `${at}: a 429 created job ${s.requestId}` });
  // 429-storm: per entry (its prompt), the gap after each 429 and the count. Two runs at once may
  // each submit one prompt, so their gaps say nothing.
  if (f.runsAtOnce > 1) return out;
  const byPrompt = new Map<string, LoggedRequest[]>();
  for (const s of submits) {
    const prompt = String((s.body as { prompt?: unknown } | undefined)?.prompt ?? '');
    byPrompt.set(prompt, [...(byPrompt.get(prompt) ?? []), s]);
  }
  const most =
    f.concurrency === 'auto'
      ? Math.ceil(f.pollTimeoutMs / DEFAULT_RETRY_POLICY.minDelayMs) + 2
      : DEFAULT_RETRY_POLICY.maxAttempts;
  for (const [prompt, list] of byPrompt) {
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1]!;
      const gap = list[i]!.at - before.at;
      const least = leastGap(before.retryAfter, f.floorMs);
      if (before.answer === 429 && gap < least)
        out.push({
          invariant: '429-storm',
          detail: `${at}: "${prompt}" sent again ${gap} ms after a 429 with Retry-After ${before.retryAfter ?? '(none)'} (at least ${least + TIMER_SLACK_MS})`,
        });
    }
    const refused = list.filter((s) => s.answer === 429).length;
    if (refused > most * (f.entriesByPrompt.get(prompt) ?? 1))
      out.push({
        invariant: '429-storm',
        detail: `${at}: "${prompt}" refused ${refused} times (at most ${most} with concurrency ${f.concurrency})`,
      });
  }
  return out;
}

/** The facts of a run from the emulator, after it (its log was emptied before the run). */
export function limitFacts(
  emu: Emulator,
  run: number,
  concurrency: Concurrency,
  pollTimeoutMs: number,
  runsAtOnce: number,
  prompts: readonly string[],
  floorMs: number,
): LimitFacts {
  const entriesByPrompt = new Map<string, number>();
  for (const p of prompts) entriesByPrompt.set(p, (entriesByPrompt.get(p) ?? 0) + 1);
  return {
    floorMs,
    entriesByPrompt,
    run,
    concurrency,
    pollTimeoutMs,
    runsAtOnce,
    inFlightCap: emu.options.inFlightCap,
    peakInFlight: emu.counters.peakInFlight,
    log: [...emu.log],
  };
}
