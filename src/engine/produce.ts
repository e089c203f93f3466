/**
 * Rules 1b, 9 and 10 carried out: an entry's image from the image cache, from the request a previous
 * run left pending (or another branch's run cached), or bought anew through `generate`; then the
 * outcome recorded — an image, a candidate set, or why not (failed, unknown, still pending).
 */
import { entryPrice } from '../models/pricing.js';
import { FORMAT_EXT } from '../models/registry.js';
import type { LockRecord, PendingRecord } from '../plan/lockfile.js';
import type { PlannedEntry } from '../plan/types.js';
import type { EntryReport } from '../report/types.js';
import { ACTION_NAMES } from '../shared/settings.js';
import { type CandidateHost, recordCandidateSet } from './candidates.js';
import { type GenerateContext, generate } from './generate.js';
import { inputUrlsFor } from './inputs.js';
import { landVerified } from './landing.js';
import type { EntryResult, GenerateOutcome } from './outcome.js';
import { claimUnplanned } from './plan-report.js';
import type { RecordDetails } from './records.js';
import type { EngineDeps } from './types.js';

/** What the entry runner lends production: its steps, its reports and the run's context. */
export interface ProductionHost extends CandidateHost {
  readonly deps: EngineDeps;
  readonly ctx: GenerateContext;
  /** Every entry's report (max-cost counts them all). */
  readonly reports: ReadonlyMap<string, EntryReport>;
  resultOf(id: string): Promise<EntryResult> | undefined;
  report(p: PlannedEntry): EntryReport;
  targets(p: PlannedEntry): string[];
  nowIso(): string;
}

/**
 * How the engine makes an entry's image (rules 1b, 9, 10): its own value, beside the plan it carries
 * out (which it never changes).
 */
export interface Production {
  /** The request to collect (rule 1b); one the image cache holds may be adopted on the way. */
  readonly pending?: PendingRecord;
  /** Whether the image cache may stand in (rule 9): not for a forced, stale or re-input entry. */
  readonly cache: boolean;
  /** The plan counted no cost for it (rule 8's recorded image did not verify): it must fit max-cost. */
  readonly unplanned: boolean;
}

/** Rules 1b, 9 and 10: collect the pending request, restore from the cache, or generate anew; then record the outcome. */
export async function produce(host: ProductionHost, p: PlannedEntry, job: Production): Promise<EntryResult> {
  const inputs = await inputUrlsFor(p.entry, host.opts.manifest.entries, host.deps, (id) =>
    host.resultOf(id),
  );
  if (typeof inputs === 'string') return host.fail(p, inputs);
  // A candidate set is cached under its own key (for `pick`); a set is bought, not restored.
  const restored = p.candidateSet || !job.cache ? undefined : await restoreFromCache(host, p);
  if (restored) return restored;
  let collect = job.pending;
  // A pending request another branch's run left in the cache (the lockfile does not have it):
  // collected first, forced or not, like one the lockfile names.
  if (!collect && !p.candidateSet && host.deps.cache?.restorePending) {
    const pending = await untilCancelled(host.deps.cache.restorePending(p.fp.value), host.ctx.signal);
    // Adopted into this lockfile, so a timeout or a cancel leaves it pending here too.
    if (pending) collect = await host.records.adoptPending(p.fp.value, p.entry.id, pending);
  }
  // A submit the plan estimated at $0 (rule 8 fell through): it must fit max-cost too.
  const refused =
    job.unplanned && !collect
      ? claimUnplanned(
          host.opts,
          [...host.reports.values()],
          host.report(p),
          entryPrice(p.entry, host.opts.manifest.pricing),
        )
      : undefined;
  if (refused) {
    host.ctx.ledger.notSubmitted();
    return host.fail(p, refused);
  }
  // generate holds a place in the run's in-flight limit while a request is submitted and polled.
  const pending = collect && {
    requestId: collect.request_id,
    submittedAt: Date.parse(collect.submitted_at),
  };
  const outcome = await generate(host.ctx, p.entry, inputs, pending, {
    intend: () => host.records.intend(p.fp.value, p.entry.id),
    withdraw: () => host.records.withdraw(p.fp.value),
    accepted: (requestId, at) => host.records.pending(p.fp.value, p.entry, requestId, at, p.candidateSet?.n),
    errored: () => host.records.dropPending(p.fp.value),
  });
  return settle(host, p, outcome);
}

async function settle(host: ProductionHost, p: PlannedEntry, outcome: GenerateOutcome): Promise<EntryResult> {
  const r = host.report(p);
  const id = p.entry.id;
  if ('requestId' in outcome) r.requestId = outcome.requestId;
  switch (outcome.kind) {
    case 'completed': {
      const cost = entryPrice(p.entry, host.opts.manifest.pricing);
      r.status = 'generated';
      r.cost = cost;
      r.durationS = outcome.durationS;
      r.mediaUrls = outcome.mediaUrls;
      host.records.spend(cost);
      host.ctx.feed.event(id, 'written', r.files.join(', '));
      const details = {
        request_id: outcome.requestId,
        cost_usd: cost,
        duration_s: outcome.durationS,
        generated_at: host.nowIso(),
      };
      // Candidates (§10): a bought set is recorded as a set awaiting a pick, not as the image.
      if (p.candidateSet)
        return {
          ...(await recordCandidateSet(host, p, outcome.files, details, host.opts.pullRequest)),
          mediaUrls: outcome.mediaUrls,
        };
      const done = await host.finishImage(p, outcome.files, details, {
        facts: outcome.facts,
        hashes: outcome.hashes,
      });
      if (host.deps.cache) host.records.cacheSaves.push(host.deps.cache.save(p.fp.value, outcome.files));
      return { ...done, mediaUrls: outcome.mediaUrls };
    }
    case 'refused':
      if (outcome.charged)
        r.possiblyCharged = host.ctx.ledger.possiblyCharged(
          id,
          entryPrice(p.entry, host.opts.manifest.pricing),
        );
      if (outcome.remember) await host.records.failed(p.fp.value, id, outcome.status, outcome.error);
      return host.fail(p, `${outcome.status === '400' ? 'refused' : 'FAILED'}: ${outcome.error}`);
    case 'unknown':
      if (!outcome.recorded) await host.records.unknown(p.fp.value, id, outcome.error);
      return host.fail(p, outcome.error);
    case 'pending':
      return host.fail(p, outcome.error, 'pending');
    case 'undelivered': {
      const stillPending = await host.records.downloadFailed(p.fp.value, id, outcome.error);
      return stillPending
        ? host.fail(
            p,
            `download failed: ${outcome.error} — kept pending: the next run downloads it with no new charge ` +
              `(if it keeps failing: raise ${(host.opts.names ?? ACTION_NAMES)('max-image-bytes')} for a large image)`,
            'pending',
          )
        : host.fail(
            p,
            `paid, but the image did not verify: ${outcome.error} (force the entry to submit anew)`,
          );
    }
    case 'failed':
      if (outcome.notSubmitted) host.ctx.ledger.notSubmitted();
      return host.fail(p, outcome.error);
  }
}

/** Rule 9: the image cache has this fingerprint's images; no call, no cost. */
async function restoreFromCache(host: ProductionHost, p: PlannedEntry): Promise<EntryResult | undefined> {
  const cache = host.deps.cache;
  if (!cache || host.ctx.signal?.aborted) return undefined;
  const staged = await untilCancelled(
    cache.restore(p.fp.value, p.entry.count, FORMAT_EXT[p.entry.format]),
    host.ctx.signal,
  );
  if (!staged || staged.length !== p.entry.count) return undefined;
  const targets = host.targets(p);
  // Rule 9: the cache is data anyone with write access to it could have put there. The bytes must
  // be complete images and, where a record has this fingerprint, that record's images.
  const recorded = recordOf(host, p.entry.id, p.fp.value);
  const landed = await landVerified(
    host.opts.manifest.workspace,
    targets.map((to, i) => ({ from: staged[i]!, to, sha256: recorded?.files[i]?.sha256 })),
    p.entry.format,
  );
  if (!landed.ok) {
    host.ctx.feed.warn(
      `${p.entry.id}: the cached image did not verify: ${landed.problem} — not used; generating it instead`,
      p.entry.id,
    );
    return undefined;
  }
  // Rule 9, asked as the entry runs: the plan stays as it was; what happened is the outcome.
  const r = host.report(p);
  r.status = 'reused';
  r.reason = `${r.reason}; restored from cache`;
  host.ctx.feed.event(p.entry.id, 'reused', 'from cache');
  // A restore never erases what a record knows of how the image was made.
  const details: RecordDetails = recorded
    ? {
        request_id: recorded.request_id,
        cost_usd: recorded.cost_usd,
        generated_at: recorded.generated_at,
        duration_s: recorded.duration_s,
      }
    : { request_id: null, cost_usd: 0, duration_s: null, generated_at: host.nowIso() };
  return host.finishImage(p, targets, details, { landed: landed.images });
}

/** The record of this fingerprint: this entry's own first, else any id's (a rename, a twin). */
function recordOf(host: ProductionHost, id: string, fingerprint: string): LockRecord | undefined {
  const images = host.records.lock.images;
  const own = Object.hasOwn(images, id) ? images[id] : undefined;
  if (own?.fingerprint === fingerprint) return own;
  return Object.values(images).find((r) => r.fingerprint === fingerprint);
}

/** A best-effort lookup that a cancel cuts short: undefined (a miss) once `signal` aborts. */
function untilCancelled<T>(
  lookup: Promise<T | undefined>,
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  if (!signal) return lookup;
  if (signal.aborted) return Promise.resolve(undefined);
  const { promise: cancelled, resolve } = Promise.withResolvers<undefined>();
  const onAbort = (): void => resolve(undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  return Promise.race([lookup, cancelled]).finally(() => signal.removeEventListener('abort', onAbort));
}
