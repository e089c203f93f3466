/**
 * A request submitted under the run's in-flight limit (SPEC §5 Concurrency), behind its write-ahead
 * intent. With `auto`, a 429 is handed over by
 * the client instead of retried there: the limiter lowers its limit and pauses every submit, and
 * this submit waits for its turn again. A fixed limit leaves 429s to the client's own retries.
 */

import { type Gateway, GatewayError, RateLimitedError, type SubmitResult } from '../gateway/types.js';
import type { ResolvedEntry } from '../manifest/types.js';
import type { Clock } from '../shared/clock.js';
import { formatSeconds } from '../shared/format.js';
import { ACTION_NAMES } from '../shared/settings.js';
import type { EntryFeed, SubmitGate } from './feed.js';
import type { Ledger } from './ledger.js';
import type { Limiter, Slot } from './limiter.js';
import type { GenerateOutcome } from './outcome.js';
import type { InFlight, StatusPoller } from './poller.js';
import type { RequestRecords } from './request-records.js';
import { LockWriteError } from './store.js';
import type { RunOptions } from './types.js';

/** What starting a request uses of the run. */
export interface SubmitContext {
  readonly gateway: Gateway;
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  /** The run's in-flight limit: every submit and every collected request holds a place in it. */
  readonly limiter: Limiter;
  readonly ledger: Ledger;
  readonly feed: EntryFeed;
  readonly gate: SubmitGate;
  readonly poller: StatusPoller;
  readonly opts: Pick<RunOptions, 'concurrency' | 'cancelGraceMs' | 'pollTimeoutMs' | 'names'>;
}

/** What is sent for an entry: the model's endpoint for its mode, and the JSON body. */
export interface Submission {
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * Submit anew: nothing is submitted before every pending request was polled once, nor once the run
 * stopped submitting, nor before its intent is on disk. Resolves with the request in flight, or how
 * it ended before it was.
 */
export async function startRequest(
  ctx: SubmitContext,
  entry: ResolvedEntry,
  submission: Submission,
  records: RequestRecords,
): Promise<InFlight | GenerateOutcome> {
  await ctx.poller.resumesPolled();
  const early = ctx.gate.stopReason();
  if (early) return { kind: 'failed', error: `not submitted: ${early}`, notSubmitted: true };
  const slot = await ctx.limiter.acquire('submit', ctx.signal);
  // The wait for a place may outlast a stop (a key refused meanwhile, a cancel).
  const stop = ctx.gate.stopReason();
  if (stop || !slot) {
    slot?.release();
    return { kind: 'failed', error: `not submitted: ${stop ?? 'the run was cancelled'}`, notSubmitted: true };
  }
  // Write-ahead: if the intent cannot be on disk, nothing is sent.
  try {
    await records.intend();
  } catch (err) {
    slot.release();
    return { kind: 'failed', error: `${(err as Error).message} — nothing was sent`, notSubmitted: true };
  }
  ctx.ledger.sending();
  let sent: { result: SubmitResult; slot: Slot };
  try {
    sent = await submitInFlight(ctx, slot, submission.path, submission.body);
  } catch (err) {
    const outcome = submitFailed(ctx, entry, err);
    // Surely not accepted: the intent goes (an unknown outcome moves it to `unknown` instead).
    if (outcome.kind !== 'unknown') await recordOrStop(ctx, records.withdraw());
    return outcome;
  }
  const { requestId, lostAnswers } = sent.result;
  ctx.ledger.accepted(sent.result);
  if (lostAnswers)
    ctx.feed.warn(
      `${entry.id}: a submit's answer was lost after sending and it was submitted again (${(ctx.opts.names ?? ACTION_NAMES)('retry-unknown-submits')}): the gateway may have charged it twice`,
      entry.id,
    );
  const submittedAt = ctx.clock.now();
  const impossible = await recordOrStop(ctx, records.accepted(requestId, submittedAt));
  if (impossible) {
    sent.slot.release();
    return { kind: 'unknown', error: impossible, recorded: true };
  }
  ctx.feed.event(entry.id, 'submitted', requestId);
  return { requestId, submittedAt, held: sent.slot };
}

/**
 * A lockfile write that moves an answered intent. When it fails (a full disk), the run stops
 * starting submits — each would need a write-ahead intent — and keeps polling what it holds; the
 * memory state stays right, so a later write (at the end of the run) may still save it.
 */
async function recordOrStop<T>(ctx: SubmitContext, write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    if (!(err instanceof LockWriteError)) throw err;
    ctx.gate.stop(`the lockfile could not be written (${err.message})`);
    return undefined;
  }
}

/**
 * Sends `body` to `path` in `slot`, sending it again after each 429 once the limiter lets it (for at
 * most `poll-timeout` of refusals). Resolves with the slot the accepted request holds; throws the
 * client's GatewayError otherwise, with the attempts and lost answers of every try.
 */
async function submitInFlight(
  ctx: SubmitContext,
  slot: Slot,
  path: string,
  body: Readonly<Record<string, unknown>>,
): Promise<{ result: SubmitResult; slot: Slot }> {
  const { signal } = ctx;
  const auto = ctx.opts.concurrency === 'auto';
  let current = slot;
  let attempts = 0;
  let lost = 0;
  let refusedSince: number | undefined;
  for (;;) {
    try {
      const res = await ctx.gateway.submit(path, body, {
        signal,
        graceMs: ctx.opts.cancelGraceMs,
        handOverRateLimits: auto,
        onRateLimit: () => ctx.ledger.rateLimited(),
      });
      current.accepted();
      const lostAnswers = lost + (res.lostAnswers ?? 0);
      return {
        result: {
          requestId: res.requestId,
          attempts: attempts + res.attempts,
          ...(lostAnswers > 0 && { lostAnswers }),
        },
        slot: current,
      };
    } catch (err) {
      if (!(err instanceof RateLimitedError)) {
        current.release();
        throw err instanceof GatewayError && (attempts > 0 || lost > 0)
          ? new GatewayError(
              err.kind,
              err.message,
              err.httpStatus,
              attempts + err.attempts,
              lost + err.lostAnswers,
            )
          : err;
      }
      current.refused(err.retryAfterMs);
      attempts += err.attempts;
      lost += err.lostAnswers;
      const now = ctx.clock.now();
      refusedSince ??= now;
      if (now - refusedSince >= ctx.opts.pollTimeoutMs)
        throw new GatewayError(
          'transient',
          `${err.message} (refused with 429 for ${formatSeconds(now - refusedSince)}, the poll-timeout; gave up after ${attempts} attempts)`,
          429,
          attempts,
          lost,
        );
      const next = await ctx.limiter.acquire('submit', signal);
      if (!next)
        throw new GatewayError('aborted', `${err.message}; then cancelled`, undefined, attempts, lost);
      current = next;
    }
  }
}

/** How a submit that was not accepted ends the entry; every attempt and lost answer is counted. */
function submitFailed(ctx: SubmitContext, entry: ResolvedEntry, err: unknown): GenerateOutcome {
  if (!(err instanceof GatewayError)) throw err;
  // Every attempt, and every sent submit whose answer was lost (it may have been accepted and
  // charged), is counted, always.
  ctx.ledger.notAccepted(err);
  if (err.lostAnswers > 0 && err.kind !== 'outcome-unknown')
    ctx.feed.warn(
      `${entry.id}: an earlier submit's answer was lost after sending (${(ctx.opts.names ?? ACTION_NAMES)('retry-unknown-submits')} resubmitted it): the gateway may have charged it`,
      entry.id,
    );
  switch (err.kind) {
    case 'model-unavailable':
      // The model may have gone after an attempt whose answer was lost was accepted.
      if (err.lostAnswers > 0) break;
      return { kind: 'refused', status: '400', error: err.message, remember: false, charged: false };
    case 'bad-request':
      // The same body is refused the same way: an attempt whose answer was lost was refused too.
      return { kind: 'refused', status: '400', error: err.message, remember: true, charged: false };
    case 'outcome-unknown':
      return { kind: 'unknown', error: `outcome unknown — not resubmitted (${err.message})` };
    case 'auth':
    case 'balance':
      ctx.gate.stop(err.message);
  }
  // An attempt whose answer was lost may have been accepted (and charged), whatever ended the
  // submit after it: its outcome is unknown, and the lockfile says so (never resubmitted by itself).
  if (err.lostAnswers > 0)
    return {
      kind: 'unknown',
      error:
        err.kind === 'aborted'
          ? `outcome unknown — cancelled while resubmitting a submit whose answer was lost (${err.message})`
          : `outcome unknown — a submit whose answer was lost was resubmitted, then: ${err.message}`,
    };
  // Cancelled before it was accepted: not submitted (the ledger takes the attempt back when
  // nothing was sent; after a refused attempt — a 429 while waiting to retry — it was attempted).
  if (err.kind === 'aborted')
    return { kind: 'failed', error: 'not submitted: the run was cancelled', notSubmitted: true };
  return { kind: 'failed', error: err.message };
}
