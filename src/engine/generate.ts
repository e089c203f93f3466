import path from 'node:path';
import type { StatusResult } from '../gateway/types.js';
import type { ResolvedEntry } from '../manifest/types.js';
import { guardPath, removeTemp, tempBeside } from '../shared/guard.js';
import { plural } from '../shared/words.js';
import type { ImageFacts } from './landing.js';
import type { GenerateOutcome } from './outcome.js';
import type { RequestRecords } from './request-records.js';
import { type Folders, placeFile } from './store.js';
import { type Submission, type SubmitContext, startRequest } from './submit.js';
import type { RunOptions } from './types.js';

/** What generating an entry uses of the run, and nothing more. */
export interface GenerateContext extends SubmitContext {
  readonly folders: Folders;
  readonly opts: SubmitContext['opts'] & Pick<RunOptions, 'manifest'>;
}

/**
 * Collect the entry's pending request (an earlier run paid for it) or submit anew, poll it to a final
 * state and download every image into place. A place in the run's in-flight limit is held from the
 * submit (or the resume) until the request's images are in place. A collected request that ended
 * ERROR — the gateway's own fault, not charged — is the one case that is submitted anew.
 */
export async function generate(
  ctx: GenerateContext,
  entry: ResolvedEntry,
  submission: Submission,
  records: RequestRecords,
): Promise<GenerateOutcome> {
  let resume = records.pending;
  for (;;) {
    const request = resume
      ? await ctx.poller.collect(resume)
      : await startRequest(ctx, entry, submission, records);
    if ('kind' in request) return request;
    const { requestId, submittedAt } = request;
    // In flight until its images are in place (a download is short next to a generation).
    try {
      const polled = await ctx.poller.poll(entry, requestId, submittedAt, request.first);
      if (polled.kind === 'status') return await finish(ctx, entry, polled.status, submittedAt);
      if (polled.kind !== 'errored') return polled;
      await records.errored();
      if (!resume)
        return {
          kind: 'failed',
          error: `request ${requestId} ended ${polled.why} (not charged; the next run submits it again)`,
        };
      ctx.feed.event(entry.id, 'retry', `pending request ${requestId} ended ${polled.why}: submitting anew`);
      resume = undefined;
    } finally {
      request.held?.release();
    }
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
