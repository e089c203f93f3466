/**
 * What the run tells as it carries out the plan — an event per state change of an entry, warnings —
 * and the one stop of new submissions that a key, a balance, a full disk or a cancel pulls.
 */
import type { Clock } from '../shared/clock.js';
import type { EntryProgress, RunEvent } from './types.js';

/** Entry events and warnings, timed from the run's start on its clock. */
export class EntryFeed {
  constructor(
    private readonly emit: (e: RunEvent) => void,
    private readonly clock: Clock,
    private readonly started: number,
  ) {}

  event(id: string, state: EntryProgress, detail?: string): void {
    this.emit({
      type: 'entry',
      id,
      state,
      elapsedMs: this.clock.now() - this.started,
      ...(detail ? { detail } : {}),
    });
  }

  warn(message: string, id?: string): void {
    this.emit({ type: 'warning', message, ...(id !== undefined ? { id } : {}) });
  }
}

/** Whether the run still starts submits: stopped once, for the rest of the run, with the reason. */
export class SubmitGate {
  private stopped?: string;

  constructor(
    private readonly feed: EntryFeed,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Stop new submissions for the rest of the run (key or balance problem, a full disk). */
  stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.feed.warn(`No new submissions for the rest of this run: ${reason}`);
  }

  /** Why no submit may start now, if it may not. */
  stopReason(): string | undefined {
    if (this.signal?.aborted) return 'the run was cancelled';
    return this.stopped;
  }
}
