import path from 'node:path';
import { gitBlobFor, hashForRecord } from '../plan/files.js';
import type { PlannedEntry } from '../plan/types.js';
import type { EntryReport } from '../report/types.js';
import { WriteError } from '../shared/fs.js';
import { PathRefusedError } from '../shared/guard.js';
import { toPosix } from '../shared/paths.js';
import { readDimensions } from '../site/image-file.js';
import { carryAwaitedSets, useCandidate } from './candidates.js';
import type { GenerateContext } from './generate.js';
import { type ImageFacts, type KnownFiles, type Landing, landVerified } from './landing.js';
import type { EntryResult } from './outcome.js';
import { type ProductionHost, produce } from './produce.js';
import { deleteRecorded } from './prune.js';
import type { LockRecords, RecordDetails } from './records.js';
import { insideWorkspace, LockWriteError } from './store.js';
import type { EngineDeps, RunOptions } from './types.js';

/**
 * Carries out the plan, one entry at a time per call, in named steps: reuse recorded files (move
 * or copy) or a chosen candidate here; restore from the image cache, collect a pending request or
 * generate anew in `produce`. Every change to the lockfile goes through `records`; every outcome
 * lands in the entry's report.
 */
export class EntryRunner implements ProductionHost {
  /** Workspace-relative image files written and deleted in this run. */
  readonly written: string[] = [];
  readonly deleted: string[] = [];
  private readonly results: Map<string, PromiseWithResolvers<EntryResult>>;
  /** Every output path the manifest claims (manifest-relative): never deleted as a leftover. */
  private readonly claimed: ReadonlySet<string>;

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
        return produce(this, p, {
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
      return produce(this, p, { cache: !p.bypassCache, unplanned: true });
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
    return this.finishImage(
      p,
      targets,
      { request_id, cost_usd, generated_at, duration_s },
      { landed: landed.images },
    );
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
      { landed: landed.images },
    );
    return leader.mediaUrls ? { ...copied, mediaUrls: leader.mediaUrls } : copied;
  }

  /** The files are in place: hash them, read their pixel size from the headers, and record the entry. */
  async finishImage(
    p: PlannedEntry,
    files: string[],
    details: RecordDetails,
    known?: KnownFiles,
  ): Promise<EntryResult> {
    const { workspace } = this.opts.manifest;
    const landed = known && 'landed' in known ? known.landed : undefined;
    const streamed = known && 'facts' in known ? known : undefined;
    // Landed images were hashed while verified; only git's blob id (filters applied) is asked for.
    const hashes = await Promise.all(
      files.map(async (f, i) => {
        const k = landed?.[i];
        if (k) return { ...k, blob: (await gitBlobFor(workspace, f)) ?? k.blob };
        // Downloads bring what the verifier learnt while they streamed: nothing is read again.
        const learnt = streamed?.facts[i] ?? (await readDimensions(f));
        return { ...(await hashForRecord(workspace, f, streamed?.hashes[i])), ...learnt };
      }),
    );
    this.written.push(...files.map((f) => toPosix(path.relative(workspace, f))));
    const flags = hashes.map((h) => (h as ImageFacts).contentCredentials);
    if (flags.every((f) => f !== undefined)) this.report(p).contentCredentials = flags as boolean[];
    await this.records.image(p.entry, p.fp, hashes, details, p.fromCandidates !== undefined);
    return { ok: true, files };
  }

  fail(p: PlannedEntry, error: string, status: 'failed' | 'pending' = 'failed'): EntryResult {
    const r = this.report(p);
    r.status = status;
    r.error = error;
    this.ctx.feed.event(p.entry.id, status, error);
    return { ok: false, files: [] };
  }

  targets(p: PlannedEntry): string[] {
    return p.entry.out.map((rel) => path.resolve(this.opts.manifest.dir, rel));
  }

  report(p: PlannedEntry): EntryReport {
    return this.reports.get(p.entry.id)!;
  }

  nowIso(): string {
    return new Date(this.ctx.clock.now()).toISOString();
  }
}
