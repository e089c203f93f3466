import { mkdir, realpath, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type Lockfile, stableStringify } from '../plan/lockfile.js';
import { writeFileAtomic } from '../shared/fs.js';
import { isInside } from '../shared/paths.js';

/**
 * Resolve a recorded (lockfile) path and refuse anything outside the workspace, symlinks
 * included: the lockfile is data from the repository, and we only ever delete what is ours.
 */
export async function insideWorkspace(
  workspace: string,
  dir: string,
  rel: string,
): Promise<string | undefined> {
  const abs = path.resolve(dir, rel);
  if (!isInside(workspace, abs)) return undefined;
  try {
    const [root, parent] = await Promise.all([realpath(workspace), realpath(path.dirname(abs))]);
    return isInside(root, path.join(parent, path.basename(abs))) ? abs : undefined;
  } catch {
    return undefined;
  }
}

/** Move a finished temp file into place: an output path never holds a partial file. */
export async function placeFile(tmp: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await rename(tmp, target);
}

export async function removeFile(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The lockfile on disk, saved after every change that matters (an accepted submit, a finished
 * image), one write at a time, so a cancelled or killed run leaves a lockfile that knows what was
 * paid for. Writes nothing when the content did not change (a no-op run leaves the file alone).
 */
export class LockStore {
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private written: string;

  constructor(
    private readonly file: string,
    readonly lock: Lockfile,
    originalText: string | undefined,
  ) {
    this.written = originalText ?? '';
  }

  /** Whether the file on disk differs from what was read at the start. */
  changedFrom(originalText: string | undefined): boolean {
    return this.written !== (originalText ?? '');
  }

  /**
   * Persist the current state. Calls made while a write is under way share one follow-up write
   * of the latest state, so a run finishing many images does not serialize the file per image.
   */
  save(): Promise<void> {
    if (!this.queued) {
      const next = this.chain.then(async () => {
        this.queued = undefined;
        const text = stableStringify(this.lock);
        if (text === this.written) return;
        await mkdir(path.dirname(this.file), { recursive: true });
        await writeFileAtomic(this.file, text);
        this.written = text;
      });
      this.queued = next;
      this.chain = next.catch(() => {});
    }
    return this.queued;
  }
}
