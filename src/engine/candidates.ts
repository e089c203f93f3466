/**
 * Candidates (§10) before any entry runs: awaited sets move where the plan put them. (A bought set is
 * recorded by the entry runner; a chosen candidate lands as a free image, see `free.ts`.)
 */
import path from 'node:path';
import type { PlannedEntry } from '../plan/types.js';
import { guardedMkdir, guardedRename } from '../shared/guard.js';
import type { LockRecords } from './records.js';
import { insideWorkspace } from './store.js';
import type { RunOptions } from './types.js';

/**
 * Awaited sets move where the plan put them (rule 1c, `setMove`): each file into the carrying entry's
 * folder, before any entry runs, and the set recorded under its id. A file the checkout lacks stays
 * in the image cache (keyed by fingerprint), where a pick finds it.
 */
export async function carryAwaitedSets(
  host: { readonly opts: RunOptions; readonly records: LockRecords },
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
