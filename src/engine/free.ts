/**
 * An entry's image from what is already paid for, with no call: a chosen candidate (§10; from the
 * checkout, else the image cache), the recorded bytes of its fingerprint (rule 8, moved or copied),
 * the image a twin made in this run, or the image cache (rule 9). Each source is staged as files to
 * land, and every one lands through the one verifier (`landVerified`); what did not verify is said
 * and the next source is tried. Nothing is recorded here: the entry runner records what landed, once.
 */
import path from 'node:path';
import { FORMAT_EXT } from '../models/registry.js';
import { candidateCacheKey } from '../plan/candidates.js';
import type { LockRecord } from '../plan/lockfile.js';
import type { PlannedEntry } from '../plan/types.js';
import type { EntryReport } from '../report/types.js';
import { toPosix } from '../shared/paths.js';
import { type ImageCacheLike, untilCancelled } from './cache.js';
import type { EntryFeed } from './feed.js';
import { blockedBy } from './inputs.js';
import { type Landing, landVerified } from './landing.js';
import type { EntryResult, Obtained, RecordDetails } from './outcome.js';
import { deleteRecorded, recordedFileGone } from './prune.js';
import { insideWorkspace } from './store.js';
import type { RunOptions } from './types.js';

/** What finding a free image uses of the run. */
export interface FreeSources {
  readonly opts: RunOptions;
  readonly cache: ImageCacheLike | undefined;
  readonly feed: EntryFeed;
  /** The lockfile's image records as they are now. */
  readonly images: () => Readonly<Record<string, LockRecord>>;
  /** An entry's result in this run (a twin's image is copied once it is made). */
  readonly resultOf: (id: string) => Promise<EntryResult> | undefined;
  /** Every output path the manifest claims (manifest-relative): never deleted as a leftover. */
  readonly claimed: ReadonlySet<string>;
  readonly deleted: string[];
  readonly nowIso: () => string;
}

/** Where a free image comes from, in the order they are tried. */
type Source = 'candidate' | 'candidate-cache' | 'record' | 'twin' | 'cache';

/** A source's files, staged to land: each image's path and the sha256 recorded for it, if any. */
type Staged = {
  from: string[];
  sha256: (string | undefined)[];
  details: RecordDetails;
  mediaUrls?: string[];
};

/**
 * The image landed from the first source that has it (an image to record), the reason the entry
 * fails (a pick whose candidate is gone, a twin that failed), or nothing free: then it is bought
 * (`unplanned`: the plan counted no cost for it, its recorded image did not verify).
 */
export async function freeImage(
  run: FreeSources,
  p: PlannedEntry,
  report: EntryReport,
  targets: readonly string[],
): Promise<Obtained | { kind: 'none'; unplanned: boolean }> {
  const { workspace, dir } = run.opts.manifest;
  let unplanned = false;
  let problem = 'missing';
  for (const source of sourcesOf(p)) {
    const staged = await stage(run, p, source);
    if (staged === undefined) continue;
    if (typeof staged === 'string') return { kind: 'failed', error: staged, status: 'failed' };
    // A candidate is one image (the entry's first path); every other source has all of them.
    const files = targets.slice(0, staged.from.length);
    const landed = await landVerified(
      workspace,
      files.map((to, i): Landing => ({ from: staged.from[i]!, to, sha256: staged.sha256[i] })),
      p.entry.format,
    );
    if (!landed.ok) {
      problem = landed.problem;
      if (source === 'twin')
        return {
          kind: 'failed',
          error: `the image of ${p.copyOf} did not verify: ${problem}`,
          status: 'failed',
        };
      if (source === 'record') {
        // Recorded bytes that are not a complete image (recorded before images were verified): the
        // next rules — the image cache, then a new generation — get a good one.
        unplanned = true;
        run.feed.warn(
          `${p.entry.id}: the recorded image did not verify: ${p.source!.files.map((f) => f.path).join(', ')} ${problem}`,
          p.entry.id,
        );
      }
      if (source === 'cache')
        run.feed.warn(
          `${p.entry.id}: the cached image did not verify: ${problem} — not used; generating it instead`,
          p.entry.id,
        );
      continue;
    }
    // Moved: the files it came from go (a candidate set's, or this entry's own old paths).
    const leftovers = source.startsWith('candidate')
      ? p.fromCandidates!.record.files
      : source === 'record' && p.source!.id === p.entry.id
        ? p.source!.files.filter((f) => !run.claimed.has(f.path))
        : [];
    for (const f of leftovers) {
      const done = await deleteRecorded(workspace, dir, f);
      if (done && 'deleted' in done) run.deleted.push(toPosix(path.relative(workspace, done.deleted)));
    }
    if (source === 'cache') {
      report.reason = `${report.reason}; restored from cache`;
      run.feed.event(p.entry.id, 'reused', 'from cache');
    } else if (source !== 'twin') run.feed.event(p.entry.id, 'moved', p.reason);
    if (!source.startsWith('candidate')) report.status = 'reused';
    return {
      kind: 'image',
      files,
      known: { landed: landed.images },
      details: staged.details,
      chosen: source.startsWith('candidate'),
      ...(staged.mediaUrls && { mediaUrls: staged.mediaUrls }),
    };
  }
  if (p.fromCandidates) {
    const { k } = p.fromCandidates;
    return {
      kind: 'failed',
      error: `candidate ${k} of ${p.entry.id} is neither in the checkout nor in the image cache (${problem}): the candidates expired; reroll them with /pixazo reroll ${p.entry.id}`,
      status: 'failed',
    };
  }
  return { kind: 'none', unplanned };
}

/** The sources an entry's plan allows, in order. The image cache never stands in for a forced entry or a set. */
function sourcesOf(p: PlannedEntry): Source[] {
  const cache: Source[] = p.bypassCache || p.candidateSet ? [] : ['cache'];
  if (p.fromCandidates) return ['candidate', 'candidate-cache'];
  if (p.action === 'move') return ['record', ...cache];
  if (p.action === 'copy') return ['twin'];
  return p.action === 'generate' ? cache : [];
}

/**
 * A source's files, staged: undefined when it does not have them (a cache miss), a string when the
 * entry fails on it. Paths read from the lockfile stay inside the workspace.
 */
async function stage(
  run: FreeSources,
  p: PlannedEntry,
  source: Source,
): Promise<Staged | string | undefined> {
  const { workspace, dir } = run.opts.manifest;
  const ext = FORMAT_EXT[p.entry.format];
  switch (source) {
    case 'candidate':
    case 'candidate-cache': {
      const { record, k } = p.fromCandidates!;
      const file = record.files[k - 1];
      if (!file) return `there is no candidate ${k} of ${p.entry.id} (${record.files.length} were bought)`;
      const details = {
        request_id: record.request_id,
        cost_usd: record.cost_usd,
        generated_at: record.created_at,
        duration_s: null,
      };
      if (source === 'candidate-cache') {
        const staged = await run.cache?.restore(candidateCacheKey(p.fp.value), record.files.length, ext);
        const from = staged?.[k - 1];
        return from ? { from: [from], sha256: [file.sha256], details } : undefined;
      }
      // The lockfile is data from the repository: nothing outside the workspace is read through it.
      const from = await insideWorkspace(workspace, dir, file.path);
      if (!from) return `candidate file ${file.path} is outside the workspace`;
      // Not in this checkout: the image cache may have it.
      return (await recordedFileGone(workspace, dir, file.path))
        ? undefined
        : { from: [from], sha256: [file.sha256], details };
    }
    case 'record': {
      const src = p.source!;
      const from: string[] = [];
      for (const f of src.files) {
        const abs = await insideWorkspace(workspace, dir, f.path);
        if (!abs) return `recorded file ${f.path} is outside the workspace`;
        from.push(abs);
      }
      const { request_id, cost_usd, generated_at, duration_s } = src.record;
      return {
        from,
        sha256: src.files.map((f) => f.sha256),
        details: { request_id, cost_usd, generated_at, duration_s },
      };
    }
    case 'twin': {
      const twin = await run.resultOf(p.copyOf!)!;
      if (!twin.ok) return `blocked: ${p.copyOf} failed`;
      const recorded = run.images()[p.copyOf!];
      return {
        from: twin.files,
        sha256: twin.files.map((_, i) => recorded?.files[i]?.sha256),
        details: {
          request_id: recorded?.request_id ?? null,
          cost_usd: 0,
          duration_s: null,
          generated_at: run.nowIso(),
        },
        ...(twin.mediaUrls && { mediaUrls: twin.mediaUrls }),
      };
    }
    case 'cache': {
      if (!run.cache || run.opts.signal?.aborted) return undefined;
      // An entry blocked by a failed upstream is not made, from the cache or otherwise.
      const blocked = await blockedBy(p.entry, run.resultOf);
      if (blocked) return blocked;
      const staged = await untilCancelled(run.cache.restore(p.fp.value, p.entry.count, ext), run.opts.signal);
      if (!staged || staged.length !== p.entry.count) return undefined;
      // The cache is data anyone with write access to it could have put there: where a record has
      // this fingerprint, its images are the ones to land. A restore never erases what it knows.
      const recorded = recordOf(run.images(), p.entry.id, p.fp.value);
      const details: RecordDetails = recorded
        ? {
            request_id: recorded.request_id,
            cost_usd: recorded.cost_usd,
            generated_at: recorded.generated_at,
            duration_s: recorded.duration_s,
          }
        : { request_id: null, cost_usd: 0, duration_s: null, generated_at: run.nowIso() };
      return { from: staged, sha256: staged.map((_, i) => recorded?.files[i]?.sha256), details };
    }
  }
}

/** The record of this fingerprint: this entry's own first, else any id's (a rename, a twin). */
function recordOf(
  images: Readonly<Record<string, LockRecord>>,
  id: string,
  fingerprint: string,
): LockRecord | undefined {
  const own = Object.hasOwn(images, id) ? images[id] : undefined;
  if (own?.fingerprint === fingerprint) return own;
  return Object.values(images).find((r) => r.fingerprint === fingerprint);
}
