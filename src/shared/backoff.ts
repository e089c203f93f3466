/**
 * The one backoff schedule of calls to the gateway: exponential waits with full jitter and a cap,
 * a server's `Retry-After` honoured within bounds. The gateway client's retries and the engine's
 * concurrency limiter both wait by it; randomness comes from an injected {@link Clock}, so tests
 * can assert the exact schedule.
 */
import type { Clock } from './clock.js';

/** Tuning of the retry policy. All durations are milliseconds. */
export interface RetryPolicy {
  /** Total attempts, the first one included (1 = never retry). */
  readonly maxAttempts: number;
  /** Backoff scale: retry n (0-based) waits up to `baseMs · 2^n` before jitter. */
  readonly baseMs: number;
  /** Upper bound of the backoff window, whatever the retry number. */
  readonly capMs: number;
  /** Longest wait a `Retry-After` header may impose; longer requests are shortened to this. */
  readonly maxRetryAfterMs: number;
  /**
   * Floor under every wait: a jitter draw near 0 or `Retry-After: 0` must never turn into a
   * burst of back-to-back requests against a gateway that is already struggling.
   */
  readonly minDelayMs: number;
}

/** Defaults: 5 attempts, waits drawn from [0.1 s, 1 s], [0.1 s, 2 s], [0.1 s, 4 s], [0.1 s, 8 s]. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseMs: 1000,
  capMs: 30_000,
  maxRetryAfterMs: 60_000,
  minDelayMs: 100,
};

/**
 * Merges overrides into the defaults and rejects values that would make the schedule
 * meaningless (NaN, negative, a non-integer attempt count) — a NaN here is how retry loops end up
 * firing every attempt at once.
 */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(overrides) };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`retry policy: ${name} must be a number ≥ 0`);
  }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    throw new RangeError('retry policy: maxAttempts must be an integer ≥ 1');
  return policy;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Full-jitter backoff: `random · min(cap, base · 2^retryIndex)`, rounded to whole ms and never
 * below `minDelayMs`. `retryIndex` is 0 for the wait after the first failed attempt. A `random`
 * outside [0, 1) (a broken clock) is clamped rather than allowed to produce NaN.
 */
export function backoffDelay(retryIndex: number, random: number, policy: RetryPolicy): number {
  const window = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retryIndex));
  const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 1;
  return Math.max(policy.minDelayMs, Math.round(r * window));
}

/**
 * The wait before retry `retryIndex`: the server's `Retry-After` when it gave one (bounded by
 * `minDelayMs`..`maxRetryAfterMs`), otherwise jittered backoff drawing one `clock.random()`.
 */
export function retryDelay(
  retryIndex: number,
  retryAfterMs: number | undefined,
  clock: Clock,
  policy: RetryPolicy,
): number {
  if (retryAfterMs !== undefined)
    return Math.min(policy.maxRetryAfterMs, Math.max(policy.minDelayMs, retryAfterMs));
  return backoffDelay(retryIndex, clock.random(), policy);
}
