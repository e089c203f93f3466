import path from 'node:path';
import { GatewayError, type StatusResult } from '../gateway/types.js';
import type { ResolvedEntry } from '../manifest/types.js';
import { getModel, wireBody } from '../models/registry.js';
import { formatSetting } from '../report/format.js';
import { guardPath, removeTemp, tempBeside } from '../shared/guard.js';
import { ACTION_NAMES } from '../shared/settings.js';
import { plural } from '../shared/words.js';
import type { Execution, StatusAnswer } from './execution.js';
import type { ImageFacts } from './landing.js';
import type { Slot } from './limiter.js';
import type { GenerateOutcome } from './outcome.js';
import { pollSchedule } from './schedule.js';
import { LockWriteError, placeFile } from './store.js';
import { submitFailed, submitInFlight } from './submit.js';
import { FORGOTTEN_AFTER_MS } from './unclaimed.js';

/** A request the gateway answers 404 for this long after its submit is taken as forgotten. */

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
  execution: Execution,
  entry: ResolvedEntry,
  inputUrls: readonly string[],
  pending: { requestId: string; submittedAt: number } | undefined,
  records: RequestRecords,
): Promise<GenerateOutcome> {
  if (pending) {
    const first = execution.firstLook(pending.requestId);
    // Collected, it is in flight at the gateway: it holds a place while it runs and lands.
    const held = await execution.limiter.acquire('resume', execution.signal);
    let polled: PollResult;
    try {
      polled = await poll(execution, entry, pending.requestId, pending.submittedAt, first);
      if (polled.kind === 'status') return await finish(execution, entry, polled.status, pending.submittedAt);
    } finally {
      held?.release();
    }
    if (polled.kind !== 'errored') return polled;
    // ERROR is the gateway's own fault and not charged: the one case that is submitted anew.
    await records.errored();
    execution.event(
      entry.id,
      'retry',
      `pending request ${pending.requestId} ended ${polled.why}: submitting anew`,
    );
  }
  // Nothing is submitted before every pending request has been polled once (resume first).
  await execution.resumesPolled();
  const early = execution.stopReason();
  if (early) return { kind: 'failed', error: `not submitted: ${early}`, notSubmitted: true };
  const slot = await execution.limiter.acquire('submit', execution.signal);
  // The wait for a place may outlast a stop (a key refused meanwhile, a cancel).
  const stop = execution.stopReason();
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
  execution.counts.attempted++;
  let requestId: string;
  let submittedAt: number;
  let held: Slot;
  try {
    const sent = await submitInFlight(execution, slot, model.endpoints[entry.mode]!, body);
    const res = sent.result;
    held = sent.slot;
    execution.counts.accepted++;
    execution.counts.retries += res.attempts - 1;
    if (res.lostAnswers) {
      execution.counts.outcomeUnknown += res.lostAnswers;
      execution.warn(
        `${entry.id}: a submit's answer was lost after sending and it was submitted again (${(execution.opts.names ?? ACTION_NAMES)('retry-unknown-submits')}): the gateway may have charged it twice`,
        entry.id,
      );
    }
    requestId = res.requestId;
    submittedAt = execution.clock.now();
  } catch (err) {
    const outcome = submitFailed(execution, entry, err);
    // Surely not accepted: the intent goes (an unknown outcome moves it to `unknown` instead).
    if (outcome.kind !== 'unknown') await recordOrStop(execution, records.withdraw());
    return outcome;
  }
  const impossible = await recordOrStop(execution, records.accepted(requestId, submittedAt));
  if (impossible) {
    held.release();
    return { kind: 'unknown', error: impossible, recorded: true };
  }
  execution.event(entry.id, 'submitted', requestId);
  // In flight until its images are in place (a download is short next to a generation).
  try {
    const polled = await poll(execution, entry, requestId, submittedAt);
    if (polled.kind === 'errored') {
      await records.errored();
      return {
        kind: 'failed',
        error: `request ${requestId} ended ${polled.why} (not charged; the next run submits it again)`,
      };
    }
    return polled.kind === 'status' ? await finish(execution, entry, polled.status, submittedAt) : polled;
  } finally {
    held.release();
  }
}

/**
 * A lockfile write that moves an answered intent. When it fails (a full disk), the run stops
 * starting submits — each would need a write-ahead intent — and keeps polling what it holds; the
 * memory state stays right, so a later write (at the end of the run) may still save it.
 */
async function recordOrStop<T>(execution: Execution, write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    if (!(err instanceof LockWriteError)) throw err;
    execution.stop(`the lockfile could not be written (${err.message})`);
    return undefined;
  }
}

type PollResult =
  | { kind: 'status'; status: StatusResult }
  | { kind: 'errored'; why: string }
  | Extract<GenerateOutcome, { kind: 'pending' | 'refused' | 'unknown' }>;

/**
 * Poll until COMPLETED/FAILED/ERROR, the poll timeout, or cancellation. `first` is an answer
 * already asked for (resume): it is used before the first wait. A 404 is transient — the gateway
 * may not know the request yet, or be failing over — unless the request is over a day old.
 */
async function poll(
  execution: Execution,
  entry: ResolvedEntry,
  requestId: string,
  submittedAt: number,
  first?: Promise<StatusAnswer>,
): Promise<PollResult> {
  const schedule = pollSchedule(
    execution.opts.pollInterval,
    () => execution.clock.random(),
    execution.expectedLatency(entry),
  );
  const deadline = execution.clock.now() + execution.opts.pollTimeoutMs;
  const cancelled = {
    kind: 'pending',
    requestId,
    error: 'cancelled while running — the next run collects it',
  } as const;
  let last = '';
  let unknownToGateway = false;
  let next = first;
  for (;;) {
    if (!next) {
      const wait = schedule.next(execution.clock.now() - submittedAt);
      if (execution.clock.now() + wait > deadline) {
        const why = unknownToGateway ? 'the gateway does not know it yet (404)' : 'still running';
        return {
          kind: 'pending',
          requestId,
          error: `${why} after ${formatSetting(execution.opts.pollTimeoutMs)} (${(execution.opts.names ?? ACTION_NAMES)('poll-timeout')}) — the next run collects it with no new charge`,
        };
      }
      try {
        await execution.clock.sleep(wait, execution.signal);
      } catch {
        return cancelled;
      }
      next = execution.askStatus(requestId, deadline);
    }
    const answer = await next;
    next = undefined;
    if (execution.signal?.aborted) return cancelled;
    if ('error' in answer) {
      const err = answer.error;
      if (err instanceof GatewayError && err.kind === 'not-found') {
        if (execution.clock.now() - submittedAt > FORGOTTEN_AFTER_MS)
          return {
            kind: 'unknown',
            error: `request ${requestId} is unknown to the gateway more than a day after its submit: whether it was charged is unknown`,
          };
        unknownToGateway = true;
        execution.event(
          entry.id,
          'retry',
          `request ${requestId} is not known to the gateway yet (404): polling on`,
        );
        continue;
      }
      if (err instanceof GatewayError && err.kind === 'auth') {
        // The request was accepted: keep it, so the next run (with a working key) collects it.
        execution.stop(err.message);
        return { kind: 'pending', requestId, error: `${err.message} — the next run collects it` };
      }
      // Transient errors were retried inside the client; keep waiting within poll-timeout.
      execution.event(entry.id, 'retry', `status check failed: ${(err as Error).message}`);
      continue;
    }
    const status = answer.status;
    unknownToGateway = false;
    if (status.status !== last) {
      last = status.status;
      if (status.status === 'QUEUED') execution.event(entry.id, 'queued');
      if (status.status === 'PROCESSING') execution.event(entry.id, 'processing');
    }
    if (status.status === 'COMPLETED') return { kind: 'status', status };
    if (status.status === 'FAILED')
      return {
        kind: 'refused',
        status: 'FAILED',
        error: status.error ?? 'failed',
        remember: true,
        charged: true,
      };
    if (status.status === 'ERROR')
      return { kind: 'errored', why: `ERROR (${status.error ?? 'gateway error'})` };
  }
}

/** Download every media URL into place (temp file beside the target, then rename). */
async function finish(
  execution: Execution,
  entry: ResolvedEntry,
  status: StatusResult,
  submittedAt: number,
): Promise<GenerateOutcome> {
  const durationS = Math.round((execution.clock.now() - submittedAt) / 100) / 10;
  execution.event(entry.id, 'completed', `${durationS}s`);
  const urls = status.mediaUrls;
  if (urls.length < entry.count)
    return {
      kind: 'undelivered',
      requestId: status.requestId,
      error: `the gateway returned ${urls.length} of ${plural(entry.count, 'image')}`,
    };
  const targets = entry.out.map((rel) => path.resolve(execution.opts.manifest.dir, rel));
  const temps: string[] = [];
  const facts: ImageFacts[] = [];
  const hashes: { sha256: string; bytes: number }[] = [];
  const root = execution.opts.manifest.workspace;
  try {
    for (let i = 0; i < entry.count; i++) {
      const tmp = tempBeside(targets[i]!);
      temps.push(tmp);
      await execution.ensureDir(targets[i]!);
      await guardPath(root, tmp, 'write');
      const got = await execution.gateway.download(urls[i]!, tmp, entry.format, execution.signal);
      facts.push({ ...got.dimensions, contentCredentials: got.contentCredentials });
      hashes.push({ sha256: got.sha256, bytes: got.bytes });
    }
    for (let i = 0; i < entry.count; i++) await placeFile(root, temps[i]!, targets[i]!);
  } catch (err) {
    await Promise.all(temps.map((t) => removeTemp(root, t)));
    // Paid and completed: it stays pending, so the next run downloads it without paying again.
    if (execution.signal?.aborted)
      return {
        kind: 'pending',
        requestId: status.requestId,
        error: 'cancelled while downloading — the next run downloads it with no new charge',
      };
    return { kind: 'undelivered', requestId: status.requestId, error: (err as Error).message };
  }
  execution.event(
    entry.id,
    'downloaded',
    targets.map((t) => path.relative(execution.opts.manifest.workspace, t)).join(', '),
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
