import path from 'node:path';
import { entryPrice } from '../models/pricing.js';
import { FORMAT_EXT } from '../models/registry.js';
import { gitBlobFor, hashForRecord } from '../plan/files.js';
import type { LockRecord, PendingRecord } from '../plan/lockfile.js';
import type { PlannedEntry } from '../plan/types.js';
import type { EntryReport } from '../report/types.js';
import { WriteError } from '../shared/fs.js';
import { PathRefusedError } from '../shared/guard.js';
import { toPosix } from '../shared/paths.js';
import { ACTION_NAMES } from '../shared/settings.js';
import { readDimensions } from '../site/image-file.js';
import { type CandidateHost, carryAwaitedSets, recordCandidateSet, useCandidate } from './candidates.js';
import { type GenerateContext, generate } from './generate.js';
import { inputUrlsFor } from './inputs.js';
import { type ImageFacts, type LandedImage, type Landing, landVerified } from './landing.js';
import type { EntryResult, GenerateOutcome } from './outcome.js';
import { claimUnplanned } from './plan-report.js';
import { deleteRecorded } from './prune.js';
import type { LockRecords, RecordDetails } from './records.js';
import { insideWorkspace, LockWriteError } from './store.js';
import type { EngineDeps, RunOptions } from './types.js';

/**
 * How the engine makes an entry's image (rules 1b, 9, 10): its own value, beside the plan it carries
 * out (which it never changes).
 */
interface Production {
  /** The request to collect (rule 1b); one the image cache holds may be adopted on the way. */
  readonly pending?: PendingRecord;
  /** Whether the image cache may stand in (rule 9): not for a forced, stale or re-input entry. */
  readonly cache: boolean;
  /** The plan counted no cost for it (rule 8's recorded image did not verify): it must fit max-cost. */
  readonly unplanned: boolean;
}

/**
 * Carries out the plan, one entry at a time per call, in named steps: reuse recorded files (move
 * or copy), restore from the image cache, collect a pending request or generate anew. Every
 * change to the lockfile goes through `records`; every outcome lands in the entry's report.
 */
export class EntryRunner implements CandidateHost {
  /** Workspace-relative image files written and deleted in this run. */
  readonly written: string[] = [];
  readonly deleted: string[] = [];
  private readonly results: Map<string, PromiseWithResolvers<EntryResult>>;
  /** Every output path the manifest claims (manifest-relative): never deleted as a leftover. */
  private readonly claimed: ReadonlySet<string>;

  constructor(
    readonly opts: RunOptions,
    private readonly deps: EngineDeps,
    private readonly ctx: GenerateContext,
    readonly records: LockRecords,
    private readonly reports: ReadonlyMap<string, EntryReport>,
    planned: readonly PlannedEntry[],
  ) {
    // Each entry's result exists before any entry starts, so a dependant or a copy can wait for
    // an entry that comes later in the manifest.
    this.results = new Map(planned.map((p) => [p.entry.id, Promise.withResolvers<EntryResult>()]));
    this.claimed = new Set(opts.manifest.entries.flatMap((e) => e.out));
  }

  /** Run every entry; an entry that crashed blocks its dependants instead of leaving them waiting. */
  async runAll(planned: readonly PlannedEntry[]): Promise<void> {
    await carryAwaitedSets(this, planned);
    const settled = await Promise.allSettled(
      planned.map(async (p) => {
        const result = this.results.get(p.entry.id)!;
        try {
          result.resolve(await this.run(p));
        } catch (err) {
          result.resolve({ ok: false, files: [] });
          throw err;
        }
      }),
    );
    const crash = settled.find((s) => s.status === 'rejected');
    if (crash) throw crash.reason;
  }

  /** The image cache (candidates: sets saved and restored under their own key). */
  get cache(): EngineDeps['cache'] {
    return this.deps.cache;
  }

  /** A step of an entry done without a call (candidates). */
  event(id: string, detail: string): void {
    this.ctx.feed.event(id, 'moved', detail);
  }

  resultOf(id: string): Promise<EntryResult> | undefined {
    return this.results.get(id)?.promise;
  }

  /** One entry; a write the file system or the path guard refused fails this entry, named, not the run. */
  private async run(p: PlannedEntry): Promise<EntryResult> {
    try {
      return await this.carryOut(p);
    } catch (err) {
      const entryWrite = err instanceof WriteError && !(err instanceof LockWriteError);
      if (entryWrite || err instanceof PathRefusedError) return this.fail(p, err.message);
      throw err;
    }
  }

  private carryOut(p: PlannedEntry): Promise<EntryResult> {
    switch (p.action) {
      case 'unchanged':
      case 'kept':
        return Promise.resolve({ ok: true, files: this.targets(p) });
      case 'skip':
        return Promise.resolve(this.fail(p, p.reason));
      case 'await':
        // A candidate set awaits a pick (§10): nothing to do, nothing for dependants to use.
        return Promise.resolve({ ok: false, files: [] });
      case 'move':
        return p.fromCandidates ? useCandidate(this, p) : this.reuseFiles(p);
      case 'copy':
        return this.copyFrom(p);
      default:
        return this.produce(p, {
          ...(p.pending && { pending: p.pending }),
          cache: p.action === 'generate' && !p.bypassCache,
          unplanned: false,
        });
    }
  }

  /** Rule 8: the recorded bytes of this fingerprint, moved or copied into place; no call. */
  private async reuseFiles(p: PlannedEntry): Promise<EntryResult> {
    const { workspace, dir } = this.opts.manifest;
    const src = p.source!;
    const targets = this.targets(p);
    const landings: Landing[] = [];
    for (let i = 0; i < targets.length; i++) {
      // The lockfile is data from the repository: read nothing outside the workspace through it.
      const from = await insideWorkspace(workspace, dir, src.files[i]!.path);
      if (!from) return this.fail(p, `recorded file ${src.files[i]!.path} is outside the workspace`);
      landings.push({ from, to: targets[i]!, sha256: src.files[i]!.sha256 });
    }
    const landed = await landVerified(workspace, landings, p.entry.format);
    if (!landed.ok) {
      // Recorded bytes that are not a complete image (recorded before images were verified): the
      // next rules — the image cache, then a new generation — get a good one.
      this.ctx.feed.warn(
        `${p.entry.id}: the recorded image did not verify: ${src.files.map((f) => f.path).join(', ')} ${landed.problem}`,
        p.entry.id,
      );
      return this.produce(p, { cache: !p.bypassCache, unplanned: true });
    }
    if (src.id === p.entry.id) {
      // Moved within the entry: the old file was ours, and nothing claims it now.
      for (const f of src.files) {
        if (this.claimed.has(f.path)) continue;
        const done = await deleteRecorded(workspace, dir, f);
        if (done && 'deleted' in done) this.deleted.push(toPosix(path.relative(workspace, done.deleted)));
      }
    }
    this.report(p).status = 'reused';
    this.ctx.feed.event(p.entry.id, 'moved', p.reason);
    const { request_id, cost_usd, generated_at, duration_s } = src.record;
    return this.finishImage(p, targets, { request_id, cost_usd, generated_at, duration_s }, landed.images);
  }

  /** An identical entry generated in this run: its image, copied. */
  private async copyFrom(p: PlannedEntry): Promise<EntryResult> {
    const leader = await this.resultOf(p.copyOf!)!;
    if (!leader.ok) return this.fail(p, `blocked: ${p.copyOf} failed`);
    const targets = this.targets(p);
    const recorded = this.records.lock.images[p.copyOf!];
    const landed = await landVerified(
      this.opts.manifest.workspace,
      targets.map((to, i) => ({ from: leader.files[i]!, to, sha256: recorded?.files[i]?.sha256 })),
      p.entry.format,
    );
    if (!landed.ok) return this.fail(p, `the image of ${p.copyOf} did not verify: ${landed.problem}`);
    this.report(p).status = 'reused';
    const copied = await this.finishImage(
      p,
      targets,
      {
        request_id: recorded?.request_id ?? null,
        cost_usd: 0,
        duration_s: null,
        generated_at: this.nowIso(),
      },
      landed.images,
    );
    return leader.mediaUrls ? { ...copied, mediaUrls: leader.mediaUrls } : copied;
  }

  /** Rule 9: the image cache has this fingerprint's images; no call, no cost. */
  private async restoreFromCache(p: PlannedEntry): Promise<EntryResult | undefined> {
    const cache = this.deps.cache;
    if (!cache || this.ctx.signal?.aborted) return undefined;
    const staged = await untilCancelled(
      cache.restore(p.fp.value, p.entry.count, FORMAT_EXT[p.entry.format]),
      this.ctx.signal,
    );
    if (!staged || staged.length !== p.entry.count) return undefined;
    const targets = this.targets(p);
    // Rule 9: the cache is data anyone with write access to it could have put there. The bytes must
    // be complete images and, where a record has this fingerprint, that record's images.
    const recorded = this.recordOf(p.entry.id, p.fp.value);
    const landed = await landVerified(
      this.opts.manifest.workspace,
      targets.map((to, i) => ({ from: staged[i]!, to, sha256: recorded?.files[i]?.sha256 })),
      p.entry.format,
    );
    if (!landed.ok) {
      this.ctx.feed.warn(
        `${p.entry.id}: the cached image did not verify: ${landed.problem} — not used; generating it instead`,
        p.entry.id,
      );
      return undefined;
    }
    // Rule 9, asked as the entry runs: the plan stays as it was; what happened is the outcome.
    const r = this.report(p);
    r.status = 'reused';
    r.reason = `${r.reason}; restored from cache`;
    this.ctx.feed.event(p.entry.id, 'reused', 'from cache');
    // A restore never erases what a record knows of how the image was made.
    const details: RecordDetails = recorded
      ? {
          request_id: recorded.request_id,
          cost_usd: recorded.cost_usd,
          generated_at: recorded.generated_at,
          duration_s: recorded.duration_s,
        }
      : { request_id: null, cost_usd: 0, duration_s: null, generated_at: this.nowIso() };
    return this.finishImage(p, targets, details, landed.images);
  }

  /** The record of this fingerprint: this entry's own first, else any id's (a rename, a twin). */
  private recordOf(id: string, fingerprint: string): LockRecord | undefined {
    const images = this.records.lock.images;
    const own = Object.hasOwn(images, id) ? images[id] : undefined;
    if (own?.fingerprint === fingerprint) return own;
    return Object.values(images).find((r) => r.fingerprint === fingerprint);
  }

  /** Rules 1b, 9 and 10: collect the pending request, restore from the cache, or generate anew; then record the outcome. */
  private async produce(p: PlannedEntry, job: Production): Promise<EntryResult> {
    const inputs = await inputUrlsFor(p.entry, this.opts.manifest.entries, this.deps, (id) =>
      this.resultOf(id),
    );
    if (typeof inputs === 'string') return this.fail(p, inputs);
    // A candidate set is cached under its own key (for `pick`); a set is bought, not restored.
    const restored = p.candidateSet || !job.cache ? undefined : await this.restoreFromCache(p);
    if (restored) return restored;
    let collect = job.pending;
    // A pending request another branch's run left in the cache (the lockfile does not have it):
    // collected first, forced or not, like one the lockfile names.
    if (!collect && !p.candidateSet && this.deps.cache?.restorePending) {
      const pending = await untilCancelled(this.deps.cache.restorePending(p.fp.value), this.ctx.signal);
      // Adopted into this lockfile, so a timeout or a cancel leaves it pending here too.
      if (pending) collect = await this.records.adoptPending(p.fp.value, p.entry.id, pending);
    }
    // A submit the plan estimated at $0 (rule 8 fell through): it must fit max-cost too.
    const refused =
      job.unplanned && !collect
        ? claimUnplanned(
            this.opts,
            [...this.reports.values()],
            this.report(p),
            entryPrice(p.entry, this.opts.manifest.pricing),
          )
        : undefined;
    if (refused) {
      this.ctx.ledger.notSubmitted();
      return this.fail(p, refused);
    }
    // generate holds a place in the run's in-flight limit while a request is submitted and polled.
    const pending = collect && {
      requestId: collect.request_id,
      submittedAt: Date.parse(collect.submitted_at),
    };
    const outcome = await generate(this.ctx, p.entry, inputs, pending, {
      intend: () => this.records.intend(p.fp.value, p.entry.id),
      withdraw: () => this.records.withdraw(p.fp.value),
      accepted: (requestId, at) =>
        this.records.pending(p.fp.value, p.entry, requestId, at, p.candidateSet?.n),
      errored: () => this.records.dropPending(p.fp.value),
    });
    return this.settle(p, outcome);
  }

  private async settle(p: PlannedEntry, outcome: GenerateOutcome): Promise<EntryResult> {
    const r = this.report(p);
    const id = p.entry.id;
    if ('requestId' in outcome) r.requestId = outcome.requestId;
    switch (outcome.kind) {
      case 'completed': {
        const cost = entryPrice(p.entry, this.opts.manifest.pricing);
        r.status = 'generated';
        r.cost = cost;
        r.durationS = outcome.durationS;
        r.mediaUrls = outcome.mediaUrls;
        this.records.spend(cost);
        this.ctx.feed.event(id, 'written', r.files.join(', '));
        const details = {
          request_id: outcome.requestId,
          cost_usd: cost,
          duration_s: outcome.durationS,
          generated_at: this.nowIso(),
        };
        // Candidates (§10): a bought set is recorded as a set awaiting a pick, not as the image.
        if (p.candidateSet)
          return {
            ...(await recordCandidateSet(this, p, outcome.files, details, this.opts.pullRequest)),
            mediaUrls: outcome.mediaUrls,
          };
        const done = await this.finishImage(
          p,
          outcome.files,
          details,
          undefined,
          outcome.facts,
          outcome.hashes,
        );
        if (this.deps.cache) this.records.cacheSaves.push(this.deps.cache.save(p.fp.value, outcome.files));
        return { ...done, mediaUrls: outcome.mediaUrls };
      }
      case 'refused':
        if (outcome.charged)
          r.possiblyCharged = this.ctx.ledger.possiblyCharged(
            id,
            entryPrice(p.entry, this.opts.manifest.pricing),
          );
        if (outcome.remember) await this.records.failed(p.fp.value, id, outcome.status, outcome.error);
        return this.fail(p, `${outcome.status === '400' ? 'refused' : 'FAILED'}: ${outcome.error}`);
      case 'unknown':
        if (!outcome.recorded) await this.records.unknown(p.fp.value, id, outcome.error);
        return this.fail(p, outcome.error);
      case 'pending':
        return this.fail(p, outcome.error, 'pending');
      case 'undelivered': {
        const stillPending = await this.records.downloadFailed(p.fp.value, id, outcome.error);
        return stillPending
          ? this.fail(
              p,
              `download failed: ${outcome.error} — kept pending: the next run downloads it with no new charge ` +
                `(if it keeps failing: raise ${(this.opts.names ?? ACTION_NAMES)('max-image-bytes')} for a large image)`,
              'pending',
            )
          : this.fail(
              p,
              `paid, but the image did not verify: ${outcome.error} (force the entry to submit anew)`,
            );
      }
      case 'failed':
        if (outcome.notSubmitted) this.ctx.ledger.notSubmitted();
        return this.fail(p, outcome.error);
    }
  }

  /** The files are in place: hash them, read their pixel size from the headers, and record the entry. */
  async finishImage(
    p: PlannedEntry,
    files: string[],
    details: RecordDetails,
    known?: readonly LandedImage[],
    facts?: readonly ImageFacts[],
    downloaded?: readonly { sha256: string; bytes: number }[],
  ): Promise<EntryResult> {
    const { workspace } = this.opts.manifest;
    // Landed images were hashed while verified; only git's blob id (filters applied) is asked for.
    const hashes = await Promise.all(
      files.map(async (f, i) => {
        const k = known?.[i];
        if (k) return { ...k, blob: (await gitBlobFor(workspace, f)) ?? k.blob };
        // Downloads bring what the verifier learnt while they streamed: nothing is read again.
        const learnt = facts?.[i] ?? (await readDimensions(f));
        return { ...(await hashForRecord(workspace, f, downloaded?.[i])), ...learnt };
      }),
    );
    this.written.push(...files.map((f) => toPosix(path.relative(workspace, f))));
    const flags = hashes.map((h) => (h as ImageFacts).contentCredentials);
    if (flags.every((f) => f !== undefined)) this.report(p).contentCredentials = flags as boolean[];
    await this.records.image(p.entry, p.fp, hashes, details);
    return { ok: true, files };
  }

  fail(p: PlannedEntry, error: string, status: 'failed' | 'pending' = 'failed'): EntryResult {
    const r = this.report(p);
    r.status = status;
    r.error = error;
    this.ctx.feed.event(p.entry.id, status, error);
    return { ok: false, files: [] };
  }

  private targets(p: PlannedEntry): string[] {
    return p.entry.out.map((rel) => path.resolve(this.opts.manifest.dir, rel));
  }

  private report(p: PlannedEntry): EntryReport {
    return this.reports.get(p.entry.id)!;
  }

  private nowIso(): string {
    return new Date(this.ctx.clock.now()).toISOString();
  }
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
