/**
 * The gateway's hidden limits: a cap on jobs in flight per key, and a token-bucket rate of
 * submits. The seed documents neither; like a real gateway, the emulator only shows them through a
 * `429 Too Many Requests` with `Retry-After` (the seed's 429 body). Both are off by default.
 */
import type { JobStore } from './jobs.js';
import type { EmulatorOptions } from './types.js';

/** Why a submit is refused, with the wait (whole seconds, at least 1) its `Retry-After` says. */
export interface LimitRefusal {
  readonly limit: 'cap' | 'rate';
  readonly retryAfterS: number;
}

/** The hidden limits' state: the bucket's tokens, refilled from real time. */
export class HiddenLimits {
  private tokens: number | undefined;
  private refilledAt = 0;

  constructor(
    private readonly options: EmulatorOptions,
    private readonly store: JobStore,
  ) {}

  /** Jobs of `key` the gateway is holding now (QUEUED or PROCESSING). */
  inFlight(now: number): number {
    let n = 0;
    for (const job of this.store.jobs.values()) if (now < job.completedAt) n++;
    return n;
  }

  /**
   * Whether a submit arriving now is refused; when not, it takes a token (the caller accepts it).
   * The cap is checked first: a refused submit costs no token.
   */
  check(now: number): LimitRefusal | null {
    const o = this.options;
    if (Number.isFinite(o.inFlightCap) && this.inFlight(now) >= o.inFlightCap)
      return { limit: 'cap', retryAfterS: o.capRetryAfterS };
    const rate = o.submitRate;
    if (!rate) return null;
    const perMs = rate.perMinute / 60_000;
    this.tokens = Math.min(rate.burst, (this.tokens ?? rate.burst) + (now - this.refilledAt) * perMs);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    return { limit: 'rate', retryAfterS: Math.max(1, Math.ceil((1 - this.tokens) / perMs / 1000)) };
  }
}
