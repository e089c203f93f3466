/**
 * Time, as every waiting part of the tool takes it: the gateway's retries and polling, the run lock,
 * the concurrency limiter and the commit's push retries. Injected so schedules are testable without
 * waiting. This module imports no HTTP client, so a command that only waits (gallery, plan) does not
 * load one.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Time, injectable so retry and polling schedules are testable without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1). */
  random(): number;
}

/** Wall-clock time, real timers and Math.random: the Clock used outside tests. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
  random: () => Math.random(),
};
