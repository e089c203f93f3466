/**
 * An entry's image bought (rules 1b and 10): the request a previous run left pending — or another
 * branch's run cached — collected, else a new one submitted within max-cost; how the request ended
 * recorded through its own records; what it made handed back for the entry runner to record.
 */
import { entryPrice } from '../models/pricing.js';
import { getModel, wireBody } from '../models/registry.js';
import type { PlannedEntry } from '../plan/types.js';
import type { EntryReport } from '../report/types.js';
import { ACTION_NAMES } from '../shared/settings.js';
import { untilCancelled } from './cache.js';
import { type GenerateContext, generate } from './generate.js';
import { inputUrlsFor } from './inputs.js';
import type { EntryResult, GenerateOutcome, Obtained } from './outcome.js';
import { claimUnplanned } from './plan-report.js';
import type { LockRecords } from './records.js';
import { type RequestRecords, requestRecords } from './request-records.js';
import type { EngineDeps, RunOptions } from './types.js';

/** What buying an entry's image uses of the run. */
export interface Purchase {
  readonly opts: RunOptions;
  readonly deps: EngineDeps;
  readonly ctx: GenerateContext;
  readonly records: LockRecords;
  /** Every entry's report (max-cost counts them all). */
  readonly reports: ReadonlyMap<string, EntryReport>;
  /** An entry's result in this run (an `@id` upstream's media URLs are its inputs). */
  readonly resultOf: (id: string) => Promise<EntryResult> | undefined;
}

/**
 * Collect the entry's pending request (the lockfile's, else one the image cache holds, adopted) or
 * submit anew; `unplanned`: the plan counted no cost for it (rule 8's recorded image did not
 * verify), so it must fit max-cost first.
 */
export async function buy(
  run: Purchase,
  p: PlannedEntry,
  report: EntryReport,
  unplanned: boolean,
): Promise<Obtained> {
  const inputs = await inputUrlsFor(p.entry, run.opts.manifest.entries, run.deps, run.resultOf);
  if (typeof inputs === 'string') return { kind: 'failed', error: inputs, status: 'failed' };
  const price = entryPrice(p.entry, run.opts.manifest.pricing);
  const model = getModel(p.entry.model);
  const submission = {
    path: model.endpoints[p.entry.mode]!,
    body: wireBody(model, p.entry.prompt, p.entry.params, inputs),
  };
  const cache = run.deps.cache;
  // A pending request another branch's run left in the cache (the lockfile does not have it):
  // collected first, forced or not, like one the lockfile names. A set is never collected this way.
  const found =
    !p.pending && !p.candidateSet && cache?.restorePending
      ? await untilCancelled(cache.restorePending(p.fp.value), run.ctx.signal)
      : undefined;
  const refused =
    unplanned && !p.pending && !found
      ? claimUnplanned(run.opts, [...run.reports.values()], report, price)
      : undefined;
  if (refused) {
    run.ctx.ledger.notSubmitted();
    return { kind: 'failed', error: refused, status: 'failed' };
  }
  // Adopted into this lockfile, so a timeout or a cancel leaves it pending here too.
  const collect = p.pending ? { recorded: p.pending } : found && { found };
  const request = await requestRecords(run.records, p.fp.value, p.entry, p.candidateSet?.n, collect);
  // generate holds a place in the run's in-flight limit while a request is submitted and polled.
  const outcome = await generate(run.ctx, p.entry, submission, request);
  return ended(run, p, report, outcome, price, request);
}

/** How the request ended, in the entry's report; the lockfile learns it through `request`. */
async function ended(
  run: Purchase,
  p: PlannedEntry,
  r: EntryReport,
  outcome: GenerateOutcome,
  price: number | null,
  request: RequestRecords,
): Promise<Obtained> {
  const failed = (error: string, status: 'failed' | 'pending' = 'failed'): Obtained => ({
    kind: 'failed',
    error,
    status,
  });
  if ('requestId' in outcome) r.requestId = outcome.requestId;
  switch (outcome.kind) {
    case 'completed': {
      r.status = 'generated';
      r.cost = price;
      r.durationS = outcome.durationS;
      r.mediaUrls = outcome.mediaUrls;
      run.ctx.feed.event(p.entry.id, 'written', r.files.join(', '));
      const details = {
        request_id: outcome.requestId,
        cost_usd: price,
        duration_s: outcome.durationS,
        generated_at: new Date(run.ctx.clock.now()).toISOString(),
      };
      const known = { facts: outcome.facts, hashes: outcome.hashes };
      const made = { files: outcome.files, known, details, mediaUrls: outcome.mediaUrls };
      // Candidates (§10): a bought set is recorded as a set awaiting a pick, not as the image.
      return p.candidateSet
        ? { kind: 'set', ...made }
        : { kind: 'image', ...made, chosen: false, bought: true };
    }
    case 'refused':
      if (outcome.charged) r.possiblyCharged = run.ctx.ledger.possiblyCharged(p.entry.id, price);
      if (outcome.remember) await request.refused(outcome.status, outcome.error);
      return failed(`${outcome.status === '400' ? 'refused' : 'FAILED'}: ${outcome.error}`);
    case 'unknown':
      if (!outcome.recorded) await request.unknown(outcome.error);
      return failed(outcome.error);
    case 'pending':
      return failed(outcome.error, 'pending');
    case 'undelivered':
      return (await request.undelivered(outcome.error))
        ? failed(
            `download failed: ${outcome.error} — kept pending: the next run downloads it with no new charge ` +
              `(if it keeps failing: raise ${(run.opts.names ?? ACTION_NAMES)('max-image-bytes')} for a large image)`,
            'pending',
          )
        : failed(`paid, but the image did not verify: ${outcome.error} (force the entry to submit anew)`);
    case 'failed':
      if (outcome.notSubmitted) run.ctx.ledger.notSubmitted();
      return failed(outcome.error);
  }
}
