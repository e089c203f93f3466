/** A counting semaphore: at most `limit` holders at once, FIFO. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter; the count stays the same.
      if (next) next();
      else this.active--;
    };
  }
}

export interface PollSchedule {
  /** Milliseconds to wait before the next status call. */
  next(elapsedMs: number): number;
}

/**
 * When to poll. Every wait stays within `[min, max]`. Without a hint the wait starts at `min` and
 * grows by `factor` toward `max`. With an expected latency (learned from the lockfile's recorded
 * durations for the same model and quality) the engine waits in long steps until just before the
 * expected completion, then polls at `min` and backs off again — fewer calls, faster detection.
 * Jitter (±10 %) keeps many requests from polling in lockstep.
 */
export function pollSchedule(
  bounds: { min: number; max: number },
  random: () => number,
  expectedMs?: number,
  factor = 1.5,
): PollSchedule {
  let step = bounds.min;
  const clamp = (ms: number): number => Math.min(bounds.max, Math.max(bounds.min, ms));
  const jitter = (ms: number): number => clamp(ms * (0.9 + 0.2 * random()));
  return {
    next(elapsedMs: number): number {
      if (expectedMs !== undefined) {
        const early = expectedMs * 0.9 - elapsedMs;
        if (early > bounds.min) return clamp(early);
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
