/**
 * Records whose id left the manifest (SPEC §4): one decision of which are gone — taken by every run
 * that tidies orphans, a plan and a dry run included, so that `plan` shows what `generate` does —
 * and the pruning that a run that writes carries out.
 */
import path from 'node:path';
import type { Lockfile } from '../plan/lockfile.js';
import type { OrphanReport } from '../report/types.js';
import { toPosix } from '../shared/paths.js';
import { deleteRecorded, recordedFileGone } from './prune.js';
import type { RunEvent, RunOptions } from './types.js';

/**
 * Orphans are tidied only by a run over the whole manifest: a run restricted by `only`, or a shard
 * other than the first, cannot tell an orphan from an entry it did not look at.
 */
export function tidiesOrphans(opts: RunOptions): boolean {
  return !opts.only && (!opts.shard || opts.shard.index === 1);
}

/**
 * Records whose id left the manifest. In a run that tidies orphans, those none of whose files is
 * left (each missing, or claimed by an entry of the manifest) are `filesGone`: a run that writes
 * drops their records, `prune` or not, and a plan says it would.
 */
export async function findOrphans(lock: Lockfile, opts: RunOptions): Promise<OrphanReport[]> {
  const { workspace, dir, entries } = opts.manifest;
  const ids = new Set(entries.map((e) => e.id));
  const claimed = new Set(entries.flatMap((e) => e.out));
  const orphans: OrphanReport[] = [];
  for (const [id, record] of Object.entries(lock.images)) {
    if (ids.has(id)) continue;
    const o: OrphanReport = {
      id,
      files: record.files.map((f) => toPosix(path.relative(workspace, path.resolve(dir, f.path)))),
      pruned: false,
    };
    if (tidiesOrphans(opts)) {
      const left = await Promise.all(
        record.files.map(
          async (f) => !claimed.has(f.path) && !(await recordedFileGone(workspace, dir, f.path)),
        ),
      );
      if (!left.includes(true)) o.filesGone = true;
    }
    orphans.push(o);
  }
  return orphans;
}

/**
 * With `prune`, orphans' files are deleted only when they are still exactly what this tool wrote
 * (see deleteRecorded); a file kept gets a warning. The record goes once none of its files is left,
 * and, with or without `prune`, when none was left before the run (`filesGone`).
 */
export async function pruneOrphans(
  orphans: OrphanReport[],
  lock: Lockfile,
  opts: RunOptions,
  deleted: string[],
  emit: (e: RunEvent) => void,
): Promise<void> {
  const { workspace, dir } = opts.manifest;
  const claimed = new Set(opts.manifest.entries.flatMap((e) => e.out));
  for (const o of orphans) {
    const record = lock.images[o.id];
    if (!record) continue;
    if (!opts.prune) {
      if (!o.filesGone) continue;
      delete lock.images[o.id];
      o.pruned = true;
      emit({
        type: 'notice',
        message: `Dropped the record of "${o.id}": it left the manifest and its files are gone.`,
      });
      continue;
    }
    let kept = 0;
    for (const f of record.files) {
      if (claimed.has(f.path)) continue;
      const done = await deleteRecorded(workspace, dir, f);
      if (!done) continue;
      const file = toPosix(path.relative(workspace, path.resolve(dir, f.path)));
      if ('deleted' in done) {
        deleted.push(file);
        emit({ type: 'notice', message: `Pruned ${file} (entry "${o.id}" left the manifest).` });
      } else {
        kept++;
        emit({
          type: 'warning',
          message: `Not pruning ${file} of "${o.id}": ${done.kept}. Delete it by hand if it is no longer needed.`,
          id: o.id,
          file,
        });
      }
    }
    if (kept > 0) continue;
    delete lock.images[o.id];
    o.pruned = true;
  }
}
