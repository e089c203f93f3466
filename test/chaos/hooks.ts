/**
 * The moments a chaos trial acts at, from the emulator's hooks (no timers racing the run): the
 * k-th accepted submit, status call or media GET of the first run cancels it (SIGINT), kills it
 * (SIGKILL, with a submit's answer held until the process is gone) or fills its disk.
 */
import type { ChildProcess } from 'node:child_process';
import type { Hooks } from '../emulator/index.js';
import type { Trial } from './trial.js';

type Moment = 'submit' | 'status' | 'media';

/** Kills the bundle's process (the first one spawned in the run) and waits until it is gone. */
export class Killer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  killed = false;

  get attached(): boolean {
    return this.child !== undefined;
  }

  attach(child: ChildProcess): void {
    if (this.child) return;
    this.child = child;
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  /** SIGKILL now (a no-op once the process has ended by itself). */
  kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.exited;
    this.killed = child.kill('SIGKILL') || this.killed;
    return this.exited;
  }
}

export interface TrialHooks {
  hooks: Hooks;
  /** Lets held submit answers go. */
  release(): void;
  cancelled(): boolean;
  filled(): boolean;
}

/**
 * Hooks of one run. `kill` and `fill` are given only where the trial draws them and they apply
 * (bundle runs; root): each acts once, at its drawn moment.
 */
export function trialHooks(
  trial: Trial,
  ac: AbortController,
  act: { cancel: boolean; kill?: Killer | undefined; fill?: (() => Promise<void>) | undefined },
): TrialHooks {
  const seen: Record<Moment, number> = { submit: 0, status: 0, media: 0 };
  const held: (() => void)[] = [];
  let cancelled = false;
  let filled = false;
  const at = async (kind: Moment): Promise<void> => {
    seen[kind] += 1;
    const n = seen[kind];
    if (act.fill && !filled && trial.diskFull?.at === kind && trial.diskFull.k === n) {
      filled = true;
      await act.fill();
    }
    if (act.kill && trial.kill?.at === kind && trial.kill.k === n) await act.kill.kill();
    if (act.cancel && trial.cancel?.at === kind && trial.cancel.k === n && !ac.signal.aborted) {
      cancelled = true;
      ac.abort(new Error('received SIGINT'));
      if (kind === 'submit' && trial.cancel.hold) await new Promise<void>((r) => held.push(r));
    }
  };
  return {
    hooks: {
      afterAccept: () => at('submit'),
      beforeStatus: () => at('status'),
      beforeMedia: () => at('media'),
    },
    release: () => {
      for (const r of held.splice(0)) r();
    },
    cancelled: () => cancelled,
    filled: () => filled,
  };
}
