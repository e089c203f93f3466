/**
 * How many requests are in flight at once (SPEC §5 Concurrency). A request is in flight from the
 * moment its submit is sent until the run has seen it finish; a request a previous run left
 * pending is in flight while it is collected. A number fixes the limit. `auto` starts at 4, grows
 * by one per accepted submit until the run's first 429, then follows what the gateway shows: the
 * cap it refused at (the requests held, plus those sent before the refused submit whose 202 was
 * still on its way), a halving for a rate limit (a 429 with the limit not in use), a probe one
 * higher after a quiet minute. Every wait goes through the injected clock, so tests drive it
 * without timers.
 */

import type { ConcurrencyReport } from '../report/types.js';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../shared/backoff.js';
import type { Clock } from '../shared/clock.js';
import type { Concurrency } from '../shared/settings.js';

/** Where `auto` starts, and the most it ever allows. */
export const AUTO_START = 4;
export const AUTO_MAX = 32;
/** Quiet time before the first probe one higher; each refused probe doubles it up to the cap. */
export const PROBE_WAIT_MS = 60_000;
export const PROBE_WAIT_MAX_MS = 16 * 60_000;
/** Jitter added to a pause: a random share of it (at least this floor), so waiters leave apart. */
const JITTER_SHARE = 0.5;
const JITTER_FLOOR_MS = 200;

/** A place in flight. `accepted` when the gateway took the submit; `refused` on a 429; `release` when finished. */
export interface Slot {
  accepted(): void;
  /** The gateway answered 429: the slot is given back, the limit and the pause follow. */
  refused(retryAfterMs: number | undefined): void;
  /** The request finished (or the submit failed otherwise): the place is free. Idempotent. */
  release(): void;
}

type Cause = 'start' | 'cap' | 'probe-refused' | 'rate' | 'probe';

/** The in-flight limit of one run. */
export class Limiter {
  private limit: number;
  private readonly auto: boolean;
  private active = 0;
  private held = 0;
  private peak = 0;
  private refusals = 0;
  private statusRefusals = 0;
  /** The run has had a 429 on a submit: growth stops, the limit follows the gateway. */
  private learned = false;
  private cause: Cause = 'start';
  /** Bumped on every change of the limit: a refusal of a submit sent before it is the same event. */
  private epoch = 0;
  private pausedUntil = 0;
  private pauseMs = 0;
  private consecutive = 0;
  private quietSince: number;
  private probeWaitMs = PROBE_WAIT_MS;
  private probing = false;
  /** The limit was reached since it last changed: a probe is only worth it when it is used. */
  private filled = false;
  private waiters: (() => void)[] = [];
  /** Order of sending: a submit sent before a refused one was likely taken by the gateway before it. */
  private sentCount = 0;
  /** Submits sent and still awaiting their answer, by their place in the sending order. */
  private readonly unanswered = new Map<number, { countsIn?: number }>();
  /** The cap being learned: the requests the gateway was holding when it refused (see `onRefused`). */
  private capCount = 0;

  constructor(
    setting: Concurrency,
    private readonly clock: Clock,
  ) {
    this.auto = setting === 'auto';
    this.limit = setting === 'auto' ? AUTO_START : Math.max(1, setting);
    this.quietSince = clock.now();
  }

  /**
   * Waits for a place in flight. `submit` also waits out a pause after a 429 (each waiter with its
   * own jitter); `resume` (a request already accepted, collected) only waits for room and counts as
   * held at once. Undefined when `signal` aborts first.
   */
  async acquire(kind: 'submit' | 'resume', signal?: AbortSignal): Promise<Slot | undefined> {
    for (;;) {
      if (signal?.aborted) return undefined;
      const left = kind === 'submit' ? this.pausedUntil - this.clock.now() : 0;
      if (left > 0) {
        const jitter = Math.round(
          this.clock.random() * Math.max(JITTER_FLOOR_MS, this.pauseMs * JITTER_SHARE),
        );
        try {
          await this.clock.sleep(left + jitter, signal);
        } catch {
          return undefined;
        }
        // Past the pause and this waiter's jitter; a newer 429 may have extended it: look again.
        continue;
      }
      if (this.tryTake()) return this.slot(kind);
      if (!(await this.waitForRoom(signal))) return undefined;
    }
  }

  /** A 429 on a status request: counted; the request itself waits its Retry-After (the client does). */
  statusRefused(): void {
    this.statusRefusals++;
  }

  /** Where the limit settled and why. `submitRefusals`: every submit 429 of the run (a fixed limit leaves them to the client). */
  report(submitRefusals = this.refusals): ConcurrencyReport {
    return {
      mode: this.auto ? 'auto' : 'fixed',
      limit: this.limit,
      peak: this.peak,
      refusals: submitRefusals,
      statusRefusals: this.statusRefusals,
      summary: this.summary(),
    };
  }

  /** The limit now (tests, progress). */
  get current(): number {
    return this.limit;
  }

  private summary(): string {
    if (!this.auto) return `in flight: up to ${this.limit} (fixed by \`concurrency\`)`;
    const refused = this.refusals === 1 ? '1 refusal (429)' : `${this.refusals} refusals (429)`;
    switch (this.cause) {
      case 'cap':
      case 'probe-refused':
        return `in flight: up to ${this.limit}; the gateway refused the ${ordinal(this.limit + 1)} (${refused}, never charged)`;
      case 'rate':
        return `in flight: up to ${this.limit}; the gateway limits the rate of submits (${refused}, never charged)`;
      case 'probe':
        return `in flight: up to ${this.limit}; probing higher after the gateway's last refusal (${refused}, never charged)`;
      default:
        return this.peak >= AUTO_MAX
          ? `in flight: up to ${AUTO_MAX} (the most \`auto\` allows); the gateway refused none`
          : `in flight: up to ${this.peak}; the gateway refused none (that was all the run needed)`;
    }
  }

  private tryTake(): boolean {
    this.maybeProbe();
    if (this.active >= this.limit) return false;
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    if (this.active >= this.limit) this.filled = true;
    return true;
  }

  private waitForRoom(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(wake);
    });
  }

  /** Every waiter checks again (room, pause): cheap at these numbers, and never starves one. */
  private wakeAll(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private slot(kind: 'submit' | 'resume'): Slot {
    const sentIn = this.epoch;
    const order = ++this.sentCount;
    const awaiting: { countsIn?: number } = {};
    let state: 'sent' | 'held' | 'done' = 'sent';
    if (kind === 'submit') this.unanswered.set(order, awaiting);
    const free = (): void => {
      if (state === 'done') return;
      if (state === 'held') this.held--;
      state = 'done';
      this.unanswered.delete(order);
      this.active--;
      this.wakeAll();
    };
    const slot: Slot = {
      accepted: () => {
        if (state !== 'sent') return;
        state = 'held';
        this.unanswered.delete(order);
        this.held++;
        this.consecutive = 0;
        if (kind === 'submit') this.onAccepted(awaiting.countsIn);
      },
      refused: (retryAfterMs) => {
        if (state !== 'sent') return;
        free();
        this.onRefused(retryAfterMs, sentIn, order);
      },
      release: free,
    };
    if (kind === 'resume') slot.accepted();
    return slot;
  }

  private onAccepted(countsIn: number | undefined): void {
    if (!this.auto) return;
    if (countsIn !== undefined && countsIn === this.epoch) {
      // Sent before the refused submit, answered after its 429: the gateway was holding it too.
      this.capCount++;
      this.limit = Math.max(1, this.capCount);
      this.filled = this.active >= this.limit;
      this.wakeAll();
    }
    if (!this.learned && this.limit < AUTO_MAX) this.change(this.limit + 1, 'start');
    if (this.probing && this.held >= this.limit) {
      // The probe held: the gateway takes this many. Probe on from here after another quiet spell.
      this.probing = false;
      this.quietSince = this.clock.now();
    }
    if (this.held >= this.limit) this.filled = true;
  }

  private onRefused(retryAfterMs: number | undefined, sentIn: number, order: number): void {
    this.refusals++;
    const now = this.clock.now();
    const wait = retryDelay(this.consecutive++, retryAfterMs, this.clock, DEFAULT_RETRY_POLICY);
    if (now + wait > this.pausedUntil) {
      this.pausedUntil = now + wait;
      this.pauseMs = wait;
    }
    this.quietSince = now;
    if (this.auto && sentIn === this.epoch) {
      // In flight when this submit was sent: the requests held, and the submits sent before it
      // whose answer has not come yet. Those may have been taken by the gateway before it refused
      // this one (their 202 is still on its way): each counts toward the cap when it is accepted.
      const before = [...this.unanswered].filter(([o]) => o < order);
      const full = this.held + before.length + 1 >= this.limit;
      if (!this.learned) {
        // The run's first 429: the gateway showed its cap, the requests it was holding for us.
        this.learned = true;
        this.learnCap(before, 'cap');
      } else if (this.probing && full) {
        // The probe was refused: back to the cap, and wait twice as long before the next.
        this.probeWaitMs = Math.min(PROBE_WAIT_MAX_MS, this.probeWaitMs * 2);
        this.learnCap(before, 'probe-refused');
      } else if (full) {
        // Refused with the limit in use: the cap is lower now.
        this.learnCap(before, 'cap');
      } else {
        // Fewer in flight than the limit: not a cap, a rate. Half as many in flight.
        this.change(Math.max(1, Math.floor(this.limit / 2)), 'rate');
      }
    }
    this.wakeAll();
  }

  /**
   * The limit becomes the requests the gateway was holding for us when it refused: those held now,
   * and then each of `before` (sent earlier, unanswered) as its 202 arrives. At least 1.
   */
  private learnCap(before: [number, { countsIn?: number }][], cause: 'cap' | 'probe-refused'): void {
    this.capCount = this.held;
    this.change(Math.max(1, this.held), cause);
    for (const [, awaiting] of before) awaiting.countsIn = this.epoch;
  }

  /** After a quiet spell with the limit in use, one more is tried (auto, after the first 429). */
  private maybeProbe(): void {
    if (!this.auto || !this.learned || this.probing || !this.filled || this.limit >= AUTO_MAX) return;
    if (this.clock.now() < this.pausedUntil) return;
    if (this.clock.now() - this.quietSince < this.probeWaitMs) return;
    this.change(this.limit + 1, 'probe');
    this.probing = true;
  }

  private change(limit: number, cause: Cause): void {
    if (cause !== 'start') this.epoch++;
    if (cause !== 'probe') this.probing = false;
    if (cause !== 'start') {
      this.quietSince = this.clock.now();
      // Lowered to what is already in flight: in use from the start.
      this.filled = this.active >= limit;
    }
    this.limit = limit;
    this.cause = cause;
    this.wakeAll();
  }
}

/** 17 → "17th", 2 → "2nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
