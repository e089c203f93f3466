/** Stand-ins for time and logging that record what the code under test asked of them. */
import { type Clock, realClock } from '../../src/shared/clock.js';
import type { Logger } from '../../src/shared/logger.js';

/** A Clock that records every wait asked of it, in order. */
export interface FakeClock extends Clock {
  readonly sleeps: number[];
}

/** A Clock that never waits: sleeps are recorded and advance `now`; random() pops `randoms` (0.5 when empty). */
export function fakeClock(randoms: number[] = [], onSleep?: (ms: number) => Promise<void> | void): FakeClock {
  let t = Date.parse('2026-03-31T10:00:00.000Z');
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    random: () => randoms.shift() ?? 0.5,
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`bad sleep ${ms}`);
      sleeps.push(ms);
      t += ms;
      await onSleep?.(ms);
      signal?.throwIfAborted();
    },
  };
}

/** The real clock (real timers), recording every wait asked of it: what was waited, not how long it took. */
export function recordingClock(): FakeClock {
  const sleeps: number[] = [];
  return {
    ...realClock,
    sleeps,
    sleep(ms, signal) {
      sleeps.push(ms);
      return realClock.sleep(ms, signal);
    },
  };
}

/**
 * A clock on which time moves only when the code under test sleeps: each sleep returns after one
 * turn of the event loop and moves `now` on by its length (whole ms, as Date.now()). Time starts at
 * the real time and never falls behind it, so no deadline derived from it is earlier than the real
 * one. A timeout such as poll-timeout is then a number of waits, however loaded the machine.
 */
export function steppedClock(): FakeClock {
  let ahead = 0;
  const sleeps: number[] = [];
  return {
    ...realClock,
    sleeps,
    now: () => Date.now() + ahead,
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      sleeps.push(ms);
      ahead += Math.ceil(ms);
      await new Promise((r) => setImmediate(r));
      signal?.throwIfAborted();
    },
  };
}

/** A logger that keeps its lines, by level. */
export function recordingLogger(): { debug: string[]; info: string[]; warning: string[]; logger: Logger } {
  const lines = { debug: [] as string[], info: [] as string[], warning: [] as string[] };
  return {
    ...lines,
    logger: {
      debug: (m) => lines.debug.push(m),
      info: (m) => lines.info.push(m),
      warning: (m) => lines.warning.push(m),
    },
  };
}
