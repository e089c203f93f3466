export interface PollSchedule {
  /** Milliseconds to wait before the next status call. */
  next(elapsedMs: number): number;
}

/**
 * Where the expected completion's neighbourhood starts, as a share of the expected latency: early
 * enough for the faster requests of a model and quality, and for recorded durations that include
 * the detection delay of the run that recorded them.
 */
const ZONE_START = 0.7;
/** Past this share of the expected latency the request is late: polls back off again. */
const LATE = 1.3;
/** In the neighbourhood, a wait is this share of the time elapsed: the detection delay stays a few percent. */
const NEAR_SHARE = 0.06;
const LATE_SHARE = 0.12;

/**
 * When to poll. Every wait stays within `[min, max]`, with jitter so that many requests do not poll
 * in lockstep.
 *
 * Without a hint the wait starts at `min` and grows by `factor` toward `max`.
 *
 * With an expected latency (learned from the lockfile's recorded durations for the same model and
 * quality) the engine first gets to 70 % of it in as few calls as the cap allows, spread evenly;
 * from there each wait is 6 % of the time elapsed (12 % once the request runs 30 % late), so a
 * completion is noticed within a few percent of its latency with a handful of calls: about
 * `expected / max` calls to get near, and five or so around the expected completion.
 */
export function pollSchedule(
  bounds: { min: number; max: number },
  random: () => number,
  expectedMs?: number,
  factor = 1.5,
): PollSchedule {
  let step = bounds.min;
  const clamp = (ms: number): number => Math.min(bounds.max, Math.max(bounds.min, ms));
  const jitter = (ms: number, spread = 0.1): number => clamp(ms * (1 - spread + 2 * spread * random()));
  return {
    next(elapsedMs: number): number {
      if (expectedMs !== undefined && expectedMs > 0) {
        const ahead = expectedMs * ZONE_START - elapsedMs;
        if (ahead > bounds.min) return jitter(ahead / Math.ceil(ahead / bounds.max), 0.05);
        const share = elapsedMs > expectedMs * LATE ? LATE_SHARE : NEAR_SHARE;
        return jitter(share * elapsedMs, 0.05);
      }
      const wait = jitter(step);
      step = Math.min(bounds.max, step * factor);
      return wait;
    },
  };
}

/** Median of a list, or undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
