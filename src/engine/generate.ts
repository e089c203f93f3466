import path from 'node:path';
import type { StatusResult } from '../gateway/types.js';
import type { ResolvedEntry } from '../manifest/types.js';
import { getModel, wireBody } from '../models/registry.js';
import { guardPath, removeTemp, tempBeside } from '../shared/guard.js';
import { ACTION_NAMES } from '../shared/settings.js';
import { plural } from '../shared/words.js';
import type { ImageFacts } from './landing.js';
import type { Slot } from './limiter.js';
import type { GenerateOutcome } from './outcome.js';
import type { PollResult, StatusPoller } from './poller.js';
import { type Folders, LockWriteError, placeFile } from './store.js';
import { type SubmitContext, submitFailed, submitInFlight } from './submit.js';
import type { RunOptions } from './types.js';

/** What generating an entry uses of the run, and nothing more. */
export interface GenerateContext extends SubmitContext {
  readonly poller: StatusPoller;
  readonly folders: Folders;
  readonly opts: SubmitContext['opts'] & Pick<RunOptions, 'manifest'>;
}

/**
 * What `generate` records the moment it learns it: the intent to submit (write-ahead), its
 * withdrawal (surely not accepted), a request accepted, or one that ended ERROR.
 */
export interface RequestRecords {
  /** Write-ahead: on disk before the submit is sent; rejects (naming the file) when it cannot be written. */
  intend(): Promise<void>;
  /** The submit was surely not accepted: its intent is removed. */
  withdraw(): Promise<void>;
  /** The intent becomes pending; returns why not when the answer is impossible (recorded unknown). */
  accepted(requestId: string, submittedAt: number): Promise<string | undefined>;
  /** The request ended ERROR (not charged): it is no longer pending. */
  errored(): Promise<void>;
}

/**
 * Collect `resume` (a request an earlier run paid for) or submit anew, poll to a final state and
 * download every image into place. A place in the run's in-flight limit is held from the submit (or
 * the resume) until the request's images are in place.
 */
export async function generate(
  ctx: GenerateContext,
  entry: ResolvedEntry,
  inputUrls: readonly string[],
  pending: { requestId: string; submittedAt: number } | undefined,
  records: RequestRecords,
): Promise<GenerateOutcome> {
  if (pending) {
    const first = ctx.poller.firstLook(pending.requestId);
    // Collected, it is in flight at the gateway: it holds a place while it runs and lands.
    const held = await ctx.limiter.acquire('resume', ctx.signal);
    let polled: PollResult;
    try {
      polled = await ctx.poller.poll(entry, pending.requestId, pending.submittedAt, first);
      if (polled.kind === 'status') return await finish(ctx, entry, polled.status, pending.submittedAt);
    } finally {
      held?.release();
    }
    if (polled.kind !== 'errored') return polled;
    // ERROR is the gateway's own fault and not charged: the one case that is submitted anew.
    await records.errored();
    ctx.feed.event(
      entry.id,
      'retry',
      `pending request ${pending.requestId} ended ${polled.why}: submitting anew`,
    );
  }
  // Nothing is submitted before every pending request has been polled once (resume first).
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

  const model = getModel(entry.model);
  const body = wireBody(model, entry.prompt, entry.params, inputUrls);
  // Write-ahead: if the intent cannot be on disk, nothing is sent.
  try {
    await records.intend();
  } catch (err) {
    slot.release();
    return { kind: 'failed', error: `${(err as Error).message} — nothing was sent`, notSubmitted: true };
  }
  ctx.ledger.sending();
  let requestId: string;
  let submittedAt: number;
  let held: Slot;
  try {
    const sent = await submitInFlight(ctx, slot, model.endpoints[entry.mode]!, body);
    const res = sent.result;
    held = sent.slot;
    ctx.ledger.accepted(res);
    if (res.lostAnswers) {
      ctx.feed.warn(
        `${entry.id}: a submit's answer was lost after sending and it was submitted again (${(ctx.opts.names ?? ACTION_NAMES)('retry-unknown-submits')}): the gateway may have charged it twice`,
        entry.id,
      );
    }
    requestId = res.requestId;
    submittedAt = ctx.clock.now();
  } catch (err) {
    const outcome = submitFailed(ctx, entry, err);
    // Surely not accepted: the intent goes (an unknown outcome moves it to `unknown` instead).
    if (outcome.kind !== 'unknown') await recordOrStop(ctx, records.withdraw());
    return outcome;
  }
  const impossible = await recordOrStop(ctx, records.accepted(requestId, submittedAt));
  if (impossible) {
    held.release();
    return { kind: 'unknown', error: impossible, recorded: true };
  }
  ctx.feed.event(entry.id, 'submitted', requestId);
  // In flight until its images are in place (a download is short next to a generation).
  try {
    const polled = await ctx.poller.poll(entry, requestId, submittedAt);
    if (polled.kind === 'errored') {
      await records.errored();
      return {
        kind: 'failed',
        error: `request ${requestId} ended ${polled.why} (not charged; the next run submits it again)`,
      };
    }
    return polled.kind === 'status' ? await finish(ctx, entry, polled.status, submittedAt) : polled;
  } finally {
    held.release();
  }
}

/**
 * A lockfile write that moves an answered intent. When it fails (a full disk), the run stops
 * starting submits — each would need a write-ahead intent — and keeps polling what it holds; the
 * memory state stays right, so a later write (at the end of the run) may still save it.
 */
async function recordOrStop<T>(ctx: GenerateContext, write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    if (!(err instanceof LockWriteError)) throw err;
    ctx.gate.stop(`the lockfile could not be written (${err.message})`);
    return undefined;
  }
}

/** Download every media URL into place (temp file beside the target, then rename). */
async function finish(
  ctx: GenerateContext,
  entry: ResolvedEntry,
  status: StatusResult,
  submittedAt: number,
): Promise<GenerateOutcome> {
  const durationS = Math.round((ctx.clock.now() - submittedAt) / 100) / 10;
  ctx.feed.event(entry.id, 'completed', `${durationS}s`);
  const urls = status.mediaUrls;
  if (urls.length < entry.count)
    return {
      kind: 'undelivered',
      requestId: status.requestId,
      error: `the gateway returned ${urls.length} of ${plural(entry.count, 'image')}`,
    };
  const targets = entry.out.map((rel) => path.resolve(ctx.opts.manifest.dir, rel));
  const temps: string[] = [];
  const facts: ImageFacts[] = [];
  const hashes: { sha256: string; bytes: number }[] = [];
  const root = ctx.opts.manifest.workspace;
  try {
    for (let i = 0; i < entry.count; i++) {
      const tmp = tempBeside(targets[i]!);
      temps.push(tmp);
      await ctx.folders.ensure(targets[i]!);
      await guardPath(root, tmp, 'write');
      const got = await ctx.gateway.download(urls[i]!, tmp, entry.format, ctx.signal);
      facts.push({ ...got.dimensions, contentCredentials: got.contentCredentials });
      hashes.push({ sha256: got.sha256, bytes: got.bytes });
    }
    for (let i = 0; i < entry.count; i++) await placeFile(root, temps[i]!, targets[i]!);
  } catch (err) {
    await Promise.all(temps.map((t) => removeTemp(root, t)));
    // Paid and completed: it stays pending, so the next run downloads it without paying again.
    if (ctx.signal?.aborted)
      return {
        kind: 'pending',
        requestId: status.requestId,
        error: 'cancelled while downloading — the next run downloads it with no new charge',
      };
    return { kind: 'undelivered', requestId: status.requestId, error: (err as Error).message };
  }
  ctx.feed.event(
    entry.id,
    'downloaded',
    targets.map((t) => path.relative(ctx.opts.manifest.workspace, t)).join(', '),
  );
  return {
    kind: 'completed',
    requestId: status.requestId,
    files: targets,
    mediaUrls: [...urls],
    durationS,
    facts,
    hashes,
  };
}
