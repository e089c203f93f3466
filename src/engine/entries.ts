import path from 'node:path';
import { candidateCacheKey } from '../plan/candidates.js';
import type { PlannedEntry } from '../plan/types.js';
import type { EntryReport } from '../report/types.js';
import { WriteError } from '../shared/fs.js';
import { PathRefusedError } from '../shared/guard.js';
import { toPosix } from '../shared/paths.js';
import { carryAwaitedSets } from './candidates.js';
import { type FreeSources, freeImage } from './free.js';
import type { GenerateContext } from './generate.js';
import { type ImageFacts, recordedFacts } from './landing.js';
import type { EntryResult, Obtained } from './outcome.js';
import { buy, type Purchase } from './produce.js';
import { recordedFileGone } from './prune.js';
import type { LockRecords } from './records.js';
import { LockWriteError } from './store.js';
import type { EngineDeps, RunOptions } from './types.js';

/**
 * Carries out the plan, one entry at a time per call, in one line of steps: what needs nothing is
 * done at once; otherwise an image already paid for lands (`freeImage`: a chosen candidate, the
 * recorded bytes, a twin's image, the image cache), else one is bought (`buy`: a pending request
 * collected, or a new submit); then what was obtained is recorded, once (`conclude`). Every change
 * to the lockfile goes through `records`; every outcome lands in the entry's report.
 */
export class EntryRunner implements FreeSources, Purchase {
  /** Workspace-relative image files written and deleted in this run. */
  readonly written: string[] = [];
  readonly deleted: string[] = [];
  private readonly results: Map<string, PromiseWithResolvers<EntryResult>>;
  /** Every output path the manifest claims (manifest-relative): never deleted as a leftover. */
  readonly claimed: ReadonlySet<string>;
  readonly feed: GenerateContext['feed'];
  readonly cache: EngineDeps['cache'];

  constructor(
    readonly opts: RunOptions,
    readonly deps: EngineDeps,
    readonly ctx: GenerateContext,
    readonly records: LockRecords,
    readonly reports: ReadonlyMap<string, EntryReport>,
    planned: readonly PlannedEntry[],
  ) {
    // Each entry's result exists before any entry starts, so a dependant or a copy can wait for
    // an entry that comes later in the manifest.
    this.results = new Map(planned.map((p) => [p.entry.id, Promise.withResolvers<EntryResult>()]));
    this.claimed = new Set(opts.manifest.entries.flatMap((e) => e.out));
    this.feed = ctx.feed;
    this.cache = deps.cache;
  }

  readonly resultOf = (id: string): Promise<EntryResult> | undefined => this.results.get(id)?.promise;
  readonly images = (): LockRecords['lock']['images'] => this.records.lock.images;
  readonly nowIso = (): string => new Date(this.ctx.clock.now()).toISOString();

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

  /** One entry; a write the file system or the path guard refused fails this entry, named, not the run. */
  private async run(p: PlannedEntry): Promise<EntryResult> {
    try {
      return await this.carryOut(p);
    } catch (err) {
      const entryWrite = err instanceof WriteError && !(err instanceof LockWriteError);
      if (entryWrite || err instanceof PathRefusedError)
        return this.conclude(p, this.reports.get(p.entry.id)!, {
          kind: 'failed',
          error: err.message,
          status: 'failed',
        });
      throw err;
    }
  }

  private async carryOut(p: PlannedEntry): Promise<EntryResult> {
    const report = this.reports.get(p.entry.id)!;
    const targets = p.entry.out.map((rel) => path.resolve(this.opts.manifest.dir, rel));
    switch (p.action) {
      case 'unchanged':
      case 'kept':
        return { ok: true, files: targets };
      case 'skip':
        return this.conclude(p, report, { kind: 'failed', error: p.reason, status: 'failed' });
      case 'await':
        // A candidate set awaits a pick (§10): nothing to do, nothing for dependants to use.
        return { ok: false, files: [] };
    }
    const free = await freeImage(this, p, report, targets);
    const got = free.kind === 'none' ? await buy(this, p, report, free.unplanned) : free;
    return this.conclude(p, report, got);
  }

  /**
   * What was obtained, recorded once: an image (its facts completed, the lockfile told, bought ones
   * cached), a bought candidate set (recorded as a set awaiting a pick, cached under its own key), or
   * why not, in the entry's report and the feed.
   */
  private async conclude(p: PlannedEntry, r: EntryReport, got: Obtained): Promise<EntryResult> {
    if (got.kind === 'failed') {
      r.status = got.status;
      r.error = got.error;
      this.feed.event(p.entry.id, got.status, got.error);
      return { ok: false, files: [] };
    }
    const { workspace, dir } = this.opts.manifest;
    const fp = p.fp.value;
    const facts = await recordedFacts(workspace, got.files, got.known);
    this.written.push(...got.files.map((f) => toPosix(path.relative(workspace, f))));
    // A new set for an entry whose recorded image file is gone (forced, or changed): that record
    // names nothing on disk now, and goes; the pick (or candidate 1) records the image anew.
    let goneImage: string | undefined;
    for (const f of got.kind === 'set' ? (this.records.lock.images[p.entry.id]?.files ?? []) : [])
      if (await recordedFileGone(workspace, dir, f.path)) goneImage = p.entry.id;
    if (got.kind === 'set' || got.bought) this.records.spend(got.details.cost_usd);
    if (got.kind === 'image') {
      const flags = facts.map((h: ImageFacts) => h.contentCredentials);
      if (flags.every((f) => f !== undefined)) r.contentCredentials = flags as boolean[];
      await this.records.image(p.entry, p.fp, facts, got.details, got.chosen);
    } else await this.records.boughtSet(p.entry, fp, facts, got.details, this.opts.pullRequest, goneImage);
    // What was bought is cached (a set under its own key, for `pick`); what landed free came from somewhere.
    if (this.cache && (got.kind === 'set' || got.bought))
      this.records.cacheSaves.push(
        this.cache.save(got.kind === 'set' ? candidateCacheKey(fp) : fp, got.files),
      );
    return { ok: true, files: got.files, ...(got.mediaUrls && { mediaUrls: got.mediaUrls }) };
  }
}
