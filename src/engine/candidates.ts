/**
 * Candidates (§10) in the engine: a bought set is recorded under `candidates` (not as the entry's
 * image) and cached under its own key; a chosen candidate — picked, or candidate 1 on a run outside
 * a pull request — lands as the entry's image through the one verifier, and the set's files and
 * record are removed (each delete through the path guard).
 */
import path from 'node:path';
import { FORMAT_EXT } from '../models/registry.js';
import { candidateCacheKey, candidateSetEntry } from '../plan/candidates.js';
import { hashForRecord } from '../plan/files.js';
import type { CandidatesRecord } from '../plan/lockfile.js';
import type { PlannedEntry } from '../plan/types.js';
import { guardedMkdir, guardedRename } from '../shared/guard.js';
import { toPosix } from '../shared/paths.js';
import { readDimensions } from '../site/image-file.js';
import type { ImageCacheLike } from './cache.js';
import { type LandedImage, landVerified } from './landing.js';
import type { EntryResult } from './outcome.js';
import { deleteRecorded } from './prune.js';
import type { LockRecords, RecordDetails } from './records.js';
import { insideWorkspace } from './store.js';
import type { RunOptions } from './types.js';

/** What the entry runner lends these steps. */
export interface CandidateHost {
  readonly opts: RunOptions;
  readonly records: LockRecords;
  readonly cache: ImageCacheLike | undefined;
  readonly deleted: string[];
  readonly written: string[];
  finishImage(
    p: PlannedEntry,
    files: string[],
    details: RecordDetails,
    known?: readonly LandedImage[],
  ): Promise<EntryResult>;
  fail(p: PlannedEntry, error: string): EntryResult;
  event(id: string, detail: string): void;
}

/**
 * A paid set follows its fingerprint, like a pending request (§4): an entry that awaits a set
 * recorded under another id (it was renamed, or the identical entry that bought it changed) takes
 * the set into its own folder, `<candidates-dir>/<id>/<k>`, before any entry runs, so a new set
 * bought under the old id never lands on it. A file the checkout lacks stays in the image cache
 * (keyed by fingerprint), where a pick finds it. Returns the awaiting entries' new paths by id.
 */
export async function followAwaitedSets(
  host: Pick<CandidateHost, 'opts' | 'records'>,
  planned: readonly PlannedEntry[],
): Promise<Map<string, string[]>> {
  const { workspace, dir } = host.opts.manifest;
  const moved = new Map<string, string[]>();
  const holders = new Set(planned.map((p) => `${p.entry.id}\0${p.fp.value}`));
  const awaited = new Set(planned.flatMap((p) => (p.action === 'await' && p.awaiting ? [p.fp.value] : [])));
  // Identical entries await one set: the first takes it, the others show it where it went.
  const taken = new Map<string, string[]>();
  for (const p of planned) {
    const set = p.awaiting;
    if (p.action !== 'await' || !set || set.id === p.entry.id) continue;
    // The id it is recorded under still has this fingerprint: the set stays where it is.
    if (holders.has(`${set.id}\0${p.fp.value}`)) continue;
    const already = taken.get(p.fp.value);
    if (already) {
      moved.set(p.entry.id, already);
      continue;
    }
    const to = candidateSetEntry(p.entry, set.files.length, host.opts.manifest).out;
    // Another set recorded at those paths (this id's earlier prompt): dropped as a new set bought
    // there would drop it, unless an entry awaits it too; then this set stays where it is.
    const targets = new Set(to);
    const overlapping = Object.entries(host.records.lock.candidates).filter(
      ([fp, other]) => fp !== p.fp.value && other.files.some((f) => targets.has(f.path)),
    );
    if (overlapping.some(([fp]) => awaited.has(fp))) continue;
    for (const [fp] of overlapping) delete host.records.lock.candidates[fp];
    const files = [];
    for (const [i, f] of set.files.entries()) {
      const target = path.resolve(dir, to[i]!);
      const from = await insideWorkspace(workspace, dir, f.path);
      if (from) {
        await guardedMkdir(workspace, path.dirname(target));
        await guardedRename(workspace, from, target).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
      }
      files.push({ ...f, path: to[i]! });
    }
    await host.records.candidateSet(p.fp.value, { ...set, id: p.entry.id, files });
    const shown = to.map((t) => toPosix(path.relative(workspace, path.resolve(dir, t))));
    taken.set(p.fp.value, shown);
    moved.set(p.entry.id, shown);
  }
  return moved;
}

/** A bought set is in place: hashed, recorded under `candidates`, cached by fingerprint and k. */
export async function recordCandidateSet(
  host: CandidateHost,
  p: PlannedEntry,
  files: string[],
  details: RecordDetails,
  pr: number | undefined,
): Promise<EntryResult> {
  const { workspace } = host.opts.manifest;
  const recorded = await Promise.all(
    files.map(async (f, i) => {
      const h = { ...(await hashForRecord(workspace, f)), ...(await readDimensions(f)) };
      return {
        path: p.entry.out[i]!,
        sha256: h.sha256,
        blob: h.blob,
        bytes: h.bytes,
        ...(h.width && h.height && { width: h.width, height: h.height }),
      };
    }),
  );
  const record: CandidatesRecord = {
    id: p.entry.id,
    request_id: details.request_id,
    files: recorded,
    cost_usd: details.cost_usd,
    created_at: details.generated_at,
    ...(pr !== undefined && { pr }),
  };
  host.written.push(...files.map((f) => toPosix(path.relative(workspace, f))));
  // The set shown before for this id (an earlier prompt's) had its files at these paths: they hold
  // the new set now, so its record goes (its images stay in the image cache under its own key).
  const paths = new Set(recorded.map((f) => f.path));
  for (const [fp, old] of Object.entries(host.records.lock.candidates))
    if (fp !== p.fp.value && old.files.some((f) => paths.has(f.path)))
      delete host.records.lock.candidates[fp];
  await host.records.candidateSet(p.fp.value, record);
  if (host.cache) host.records.cacheSaves.push(host.cache.save(candidateCacheKey(p.fp.value), files));
  return { ok: true, files };
}

/**
 * Candidate k becomes the entry's image: taken from the checkout, else from the image cache (else
 * the entry fails: the candidates expired, reroll them); verified against the set's record on its
 * way in; then every file of the set is removed and the image recorded (which drops the set record).
 */
export async function useCandidate(host: CandidateHost, p: PlannedEntry): Promise<EntryResult> {
  const { workspace, dir } = host.opts.manifest;
  const { record, k } = p.fromCandidates!;
  const file = record.files[k - 1];
  if (!file)
    return host.fail(p, `there is no candidate ${k} of ${p.entry.id} (${record.files.length} were bought)`);
  const target = path.resolve(dir, p.entry.out[0]!);
  // The lockfile is data from the repository: nothing outside the workspace is read through it.
  let from = await insideWorkspace(workspace, dir, file.path);
  if (!from) return host.fail(p, `candidate file ${file.path} is outside the workspace`);
  let landed = await landVerified(
    workspace,
    [{ from, to: target, sha256: file.sha256 }],
    p.entry.format,
  ).catch(() => undefined);
  if (!landed?.ok && host.cache) {
    const staged = await host.cache.restore(
      candidateCacheKey(p.fp.value),
      record.files.length,
      FORMAT_EXT[p.entry.format],
    );
    from = staged?.[k - 1];
    if (from)
      landed = await landVerified(workspace, [{ from, to: target, sha256: file.sha256 }], p.entry.format);
  }
  if (!landed?.ok)
    return host.fail(
      p,
      `candidate ${k} of ${p.entry.id} is neither in the checkout nor in the image cache (${landed?.problem ?? 'missing'}): the candidates expired; reroll them with /pixazo reroll ${p.entry.id}`,
    );
  for (const f of record.files) {
    const done = await deleteRecorded(workspace, dir, f);
    if (done && 'deleted' in done) host.deleted.push(toPosix(path.relative(workspace, done.deleted)));
  }
  host.event(p.entry.id, p.reason);
  return host.finishImage(
    p,
    [target],
    {
      request_id: record.request_id,
      cost_usd: record.cost_usd,
      generated_at: record.created_at,
      duration_s: null,
    },
    landed.images,
  );
}
