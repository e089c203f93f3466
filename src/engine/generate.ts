import { rm } from 'node:fs/promises';
import path from 'node:path';
import { GatewayError, type StatusResult } from '../gateway/types.js';
import type { ResolvedEntry } from '../manifest/types.js';
import { getModel, wireBody } from '../models/registry.js';
import { askStatus, type Execution, type StatusAnswer } from './execution.js';
import { pollSchedule } from './schedule.js';
import { placeFile, tempBeside } from './store.js';

/** How a generate/resume attempt ended. */
export type GenerateOutcome =
  | { kind: 'completed'; requestId: string; files: string[]; mediaUrls: string[]; durationS: number }
  /** Refused by the gateway: 400 on submit or FAILED. `remember` ⇒ record in the lockfile's `failed`. */
  | { kind: 'refused'; status: string; error: string; requestId?: string; charged: boolean }
  /** Failed this run only (ERROR, transient, auth stop, outcome unknown, download). */
  | { kind: 'failed'; error: string; requestId?: string; keepPending: boolean }
  /** Still running at poll-timeout, or cancelled while running: stays in `pending`. */
  | { kind: 'pending'; requestId: string; error: string };

/**
 * Submit (unless resuming `requestId`), poll to a final state and download every image into
 * place. The caller holds a concurrency slot for the whole call.
 */
export async function generate(
  x: Execution,
  entry: ResolvedEntry,
  fingerprint: string,
  inputUrls: string[],
  resume?: { requestId: string; submittedAt: number },
): Promise<GenerateOutcome> {
  let requestId = resume?.requestId;
  let submittedAt = resume?.submittedAt ?? x.clock.now();
  if (requestId) {
    // Resuming: ask at once (prepoll usually has), then poll on the usual schedule.
    const first = x.firstLook(requestId) ?? askStatus(x.gateway, requestId, x.signal);
    const polled = await poll(x, entry, requestId, submittedAt, first);
    if (polled.kind === 'status') return finish(x, entry, polled.status, submittedAt);
    if (polled.kind !== 'resubmit' && polled.kind !== 'refused') return polled;
    // A pending request that is gone, FAILED or ERROR is submitted anew (SPEC §4 rule 6).
    const why = polled.kind === 'refused' ? `FAILED (${polled.error})` : polled.why;
    if (polled.kind === 'refused') x.possiblyCharged(entry);
    x.event(entry.id, 'retry', `pending request ${requestId} is ${why}: submitting anew`);
    x.dropPending(fingerprint);
    requestId = undefined;
  }
  // Nothing is submitted before every pending request has been polled once (resume first).
  await x.resumesPolled();
  const stop = x.stopReason();
  if (stop) return { kind: 'failed', error: `not submitted: ${stop}`, keepPending: false };

  const model = getModel(entry.model);
  const body = wireBody(model, entry.prompt, entry.params, inputUrls);
  x.counts.attempted++;
  try {
    const res = await x.gateway.submit(model.endpoints[entry.mode]!, body, x.signal);
    x.counts.accepted++;
    x.counts.retries += res.attempts - 1;
    if (res.lostAnswers) {
      x.counts.outcomeUnknown += res.lostAnswers;
      x.warn(
        `${entry.id}: a submit's answer was lost after sending and it was submitted again (retry-unknown-submits): the gateway may have charged it twice`,
        entry.id,
      );
    }
    requestId = res.requestId;
    submittedAt = x.clock.now();
    await x.recordPending(fingerprint, entry, requestId, submittedAt);
    x.event(entry.id, 'submitted', requestId);
  } catch (err) {
    return submitFailed(x, entry, err);
  }
  const polled = await poll(x, entry, requestId, submittedAt);
  if (polled.kind === 'resubmit')
    return { kind: 'failed', error: `request ${requestId} ${polled.why}`, keepPending: false, requestId };
  return polled.kind === 'status' ? finish(x, entry, polled.status, submittedAt) : polled;
}

function submitFailed(x: Execution, entry: ResolvedEntry, err: unknown): GenerateOutcome {
  if (!(err instanceof GatewayError)) throw err;
  x.counts.retries += Math.max(0, err.attempts - 1);
  // Every sent submit whose answer was lost may have been accepted and charged: counted, always.
  x.counts.outcomeUnknown += err.lostAnswers;
  if (err.lostAnswers > 0 && err.kind !== 'outcome-unknown')
    x.warn(
      `${entry.id}: an earlier submit's answer was lost after sending (retry-unknown-submits resubmitted it): the gateway may have charged it`,
      entry.id,
    );
  switch (err.kind) {
    case 'bad-request':
      x.counts.refused++;
      return { kind: 'refused', status: '400', error: err.message, charged: false };
    case 'auth':
    case 'balance':
      x.counts.refused++;
      x.stop(err.message);
      return { kind: 'failed', error: err.message, keepPending: false };
    case 'outcome-unknown':
      return {
        kind: 'failed',
        error: `outcome unknown — not resubmitted (${err.message})`,
        keepPending: false,
      };
    case 'aborted':
      if (err.lostAnswers > 0)
        return {
          kind: 'failed',
          error: `outcome unknown — cancelled while resubmitting a submit whose answer was lost (${err.message})`,
          keepPending: false,
        };
      // Cancelled before the first attempt: nothing was sent. (After a refused attempt — a 429
      // while waiting to retry — the entry was attempted, and surely not accepted.)
      if (err.attempts === 0) x.counts.attempted--;
      return { kind: 'failed', error: 'not submitted: the run was cancelled', keepPending: false };
    default:
      return { kind: 'failed', error: err.message, keepPending: false };
  }
}

type PollResult =
  | { kind: 'status'; status: StatusResult }
  | { kind: 'resubmit'; why: string }
  | Extract<GenerateOutcome, { kind: 'pending' | 'failed' | 'refused' }>;

/**
 * Poll until COMPLETED/FAILED/ERROR, the poll timeout, or cancellation. `first` is an answer
 * already asked for (resume): it is used before the first wait.
 */
async function poll(
  x: Execution,
  entry: ResolvedEntry,
  requestId: string,
  submittedAt: number,
  first?: Promise<StatusAnswer>,
): Promise<PollResult> {
  const schedule = pollSchedule(x.opts.pollInterval, () => x.clock.random(), x.expectedLatency(entry));
  const deadline = x.clock.now() + x.opts.pollTimeoutMs;
  let last = '';
  let next = first;
  for (;;) {
    if (!next) {
      const wait = schedule.next(x.clock.now() - submittedAt);
      if (x.clock.now() + wait > deadline) {
        return {
          kind: 'pending',
          requestId,
          error: `still running after ${formatSeconds(x.opts.pollTimeoutMs)} (poll-timeout) — will resume next run`,
        };
      }
      try {
        await x.clock.sleep(wait, x.signal);
      } catch {
        return { kind: 'pending', requestId, error: 'cancelled while running — will resume next run' };
      }
      next = askStatus(x.gateway, requestId, x.signal);
    }
    const answer = await next;
    next = undefined;
    let status: StatusResult;
    if ('status' in answer) status = answer.status;
    else {
      const err = answer.error;
      if (x.signal?.aborted)
        return { kind: 'pending', requestId, error: 'cancelled while running — will resume next run' };
      if (err instanceof GatewayError && err.kind === 'not-found')
        return { kind: 'resubmit', why: 'unknown to the gateway' };
      if (err instanceof GatewayError && err.kind === 'auth') {
        // The request was accepted: keep it, so the next run (with a working key) resumes it.
        x.stop(err.message);
        return { kind: 'pending', requestId, error: `${err.message} — will resume next run` };
      }
      // Transient errors were retried inside the client; keep waiting within poll-timeout.
      x.event(entry.id, 'retry', `status check failed: ${(err as Error).message}`);
      continue;
    }
    if (status.status !== last) {
      last = status.status;
      if (status.status === 'QUEUED') x.event(entry.id, 'queued');
      if (status.status === 'PROCESSING') x.event(entry.id, 'processing');
    }
    if (status.status === 'COMPLETED') return { kind: 'status', status };
    if (status.status === 'FAILED') {
      return { kind: 'refused', status: 'FAILED', error: status.error ?? 'failed', requestId, charged: true };
    }
    if (status.status === 'ERROR')
      return { kind: 'resubmit', why: `ERROR (${status.error ?? 'gateway error'})` };
  }
}

/** Download every media URL into place (temp file beside the target, then rename). */
async function finish(
  x: Execution,
  entry: ResolvedEntry,
  status: StatusResult,
  submittedAt: number,
): Promise<GenerateOutcome> {
  const durationS = Math.round((x.clock.now() - submittedAt) / 100) / 10;
  x.event(entry.id, 'completed', `${durationS}s`);
  const urls = status.mediaUrls;
  if (urls.length < entry.count) {
    return {
      kind: 'failed',
      error: `gateway returned ${urls.length} of ${entry.count} images`,
      requestId: status.requestId,
      keepPending: false,
    };
  }
  const targets = entry.out.map((rel) => path.resolve(x.opts.manifest.dir, rel));
  const temps: string[] = [];
  try {
    for (let i = 0; i < entry.count; i++) {
      const tmp = tempBeside(targets[i]!);
      temps.push(tmp);
      await x.ensureDir(targets[i]!);
      await x.gateway.download(urls[i]!, tmp, entry.format, x.signal);
    }
    for (let i = 0; i < entry.count; i++) await placeFile(temps[i]!, targets[i]!);
  } catch (err) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    // Paid and completed: keep it pending so the next run downloads it again without paying.
    if (x.signal?.aborted)
      return {
        kind: 'pending',
        requestId: status.requestId,
        error: 'cancelled while downloading — the next run downloads it with no new charge',
      };
    return {
      kind: 'failed',
      error:
        `download failed: ${(err as Error).message} — kept pending: the next run downloads it with no new charge ` +
        '(if it keeps failing: raise max-image-bytes for a large image, or force the entry to submit anew)',
      requestId: status.requestId,
      keepPending: true,
    };
  }
  x.event(entry.id, 'downloaded', targets.map((t) => path.relative(x.opts.manifest.workspace, t)).join(', '));
  return { kind: 'completed', requestId: status.requestId, files: targets, mediaUrls: [...urls], durationS };
}

/** A duration for messages: `250ms`, `1.5s`, `15m`. */
function formatSeconds(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10}s`;
  return `${ms}ms`;
}
