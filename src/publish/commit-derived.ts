/**
 * What a commit rebuilds from the merged lockfile after a push race: the image index (`index:`).
 * Re-applying our own index over the remote's would drop what a parallel shard just added, so the
 * index is built again from the merged records, the way the engine builds it.
 */
import type { Manifest } from '../manifest/types.js';
import { parseLockfile, stableStringify } from '../plan/lockfile.js';
import { buildImageIndex } from '../site/image-index.js';
import { parseImageIndex } from '../site/index-schema.js';
import type { CommitOptions } from './commit.js';
import type { DerivedFile } from './commit-types.js';

/**
 * The `rebuild` of {@link CommitOptions} for `manifest`: undefined when it has no `index:`. The remote's
 * index lends image sizes (by sha256) for another shard's images, whose files this workspace lacks.
 */
export function derivedFromLockfile(manifest: Manifest, lockfileName: string): CommitOptions['rebuild'] {
  const target = manifest.index;
  if (!target) return undefined;
  return async (merged, theirs): Promise<DerivedFile[]> => {
    const lock = parseLockfile(merged, lockfileName);
    // The remote's index, if it is one; anything else is simply rebuilt.
    const previous = parseImageIndex(await theirs(target.workspacePath));
    const { index } = await buildImageIndex(manifest, target, lock, previous);
    return [{ path: target.workspacePath, text: stableStringify(index) }];
  };
}
