/**
 * How long a commit waits for a busy branch: growing, jittered waits that add up to about a minute,
 * so parallel shards and other pushers are outwaited rather than raced a few times in three seconds.
 */
import { formatSeconds } from '../shared/format.js';

/** Waits (ms) between attempts, before jitter: each 1.5 times the one before, summing to 60 s. */
const RATIO = 1.5;
const WAITS = 7;
const FIRST_MS = (60_000 * (RATIO - 1)) / (RATIO ** WAITS - 1);
/** ±15 % jitter: parallel shards spread out, and each wait still exceeds the one before (1.5·0.85 > 1.15). */
const JITTER = 0.15;

/** Attempts by default: a first one and one after each wait. */
export const DEFAULT_PUSH_ATTEMPTS = WAITS + 1;

/**
 * The wait before retry number `retryIndex + 1` (0-based), given a random number in [0, 1). Beyond the
 * planned waits (a caller asking for more attempts) the last one is repeated, still jittered.
 */
export function pushRetryWait(retryIndex: number, random: number): number {
  const step = Math.min(Math.max(0, retryIndex), WAITS - 1);
  const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0.5;
  return Math.round(FIRST_MS * RATIO ** step * (1 - JITTER + 2 * JITTER * r));
}

/**
 * The message of a commit that gave up on a moving branch: names the branch, says nothing is lost,
 * and what to do — re-run, which pays nothing again when the images are in the image cache.
 */
export function gaveUpMessage(o: {
  what: string;
  branch: string;
  attempts: number;
  waitedMs: number;
  lostAnswers: boolean;
  cached: boolean;
  kept: string;
  files: string;
}): string {
  const rerun = o.cached
    ? 'Re-run the workflow: nothing is paid again (the images were saved to the image cache before the first ' +
      'push, and the re-run restores them from there).'
    : 'Upload them, or re-run the workflow with `cache: true` (without the image cache a re-run on a fresh ' +
      'checkout pays for them again).';
  return (
    `${o.what} was rejected ${o.attempts} times over ${formatSeconds(o.waitedMs)}: the branch ${o.branch} kept moving (other runs ` +
    `or shards pushing at the same time${o.lostAnswers ? ", or GitHub's answers were lost" : ''}). ` +
    `${o.kept} (${o.files}). ${rerun} A \`concurrency:\` group per branch avoids the race.`
  );
}
