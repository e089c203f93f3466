/**
 * Candidates (§10) in the engine: a bought set is recorded under `candidates` (not as the entry's
 * image) and cached under its own key; a chosen candidate — picked, or candidate 1 on a run outside
 * a pull request — lands as the entry's image through the one verifier, and the set's files and
 * record are removed (each delete through the path guard).
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { FORMAT_EXT } from '../models/registry.js';
import { candidateCacheKey } from '../plan/candidates.js';
import { hashForRecord } from '../plan/files.js';
import type { CandidatesRecord } from '../plan/lockfile.js';
import type { PlannedEntry } from '../plan/types.js';
import { guardedMkdir, guardedRename } from '../shared/guard.js';
import { toPosix } from '../shared/paths.js';
import { readDimensions } from '../site/image-file.js';
import type { ImageCacheLike } from './cache.js';
import { type KnownFiles, landVerified } from './landing.js';
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
  /** The files are in place: hashed (unless `known`), their pixel size read, and the entry recorded. */
  finishImage(
    p: PlannedEntry,
    files: string[],
    details: RecordDetails,
    known?: KnownFiles,
  ): Promise<EntryResult>;
  /** The entry failed (or stays pending): said in its report and the feed. */
  fail(p: PlannedEntry, error: string, status?: 'failed' | 'pending'): EntryResult;
  event(id: string, detail: string): void;
}

/**
 * Awaited sets move where the plan put them (rule 1c, `setMove`): each file into the carrying entry's
 * folder, before any entry runs, and the set recorded under its id. A file the checkout lacks stays
 * in the image cache (keyed by fingerprint), where a pick finds it.
 */
export async function carryAwaitedSets(
  host: Pick<CandidateHost, 'opts' | 'records'>,
  planned: readonly PlannedEntry[],
): Promise<void> {
  const { workspace, dir } = host.opts.manifest;
  for (const p of planned) {
    const set = p.awaiting;
    if (!set || !p.setMove?.carries) continue;
    const to = p.setMove.out;
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
  }
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
  // A new set for a fingerprint whose image file is gone (forced): that record names nothing on disk
  // now, and goes; the pick (or candidate 1) records the image anew.
  const own = host.records.lock.images[p.entry.id];
  const gone =
    own?.fingerprint === p.fp.value && !(await allOnDisk(workspace, host.opts.manifest.dir, own.files));
  await host.records.candidateSet(p.fp.value, record, gone ? p.entry.id : undefined);
  if (host.cache) host.records.cacheSaves.push(host.cache.save(candidateCacheKey(p.fp.value), files));
  return { ok: true, files };
}

/** Whether every recorded file is in the workspace now. */
async function allOnDisk(
  workspace: string,
  dir: string,
  files: readonly { path: string }[],
): Promise<boolean> {
  for (const f of files) {
    const abs = await insideWorkspace(workspace, dir, f.path);
    if (
      !abs ||
      !(await access(abs).then(
        () => true,
        () => false,
      ))
    )
      return false;
  }
  return true;
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
    { landed: landed.images },
  );
}
