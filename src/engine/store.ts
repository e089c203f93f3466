import path from 'node:path';
import { type Lockfile, stableStringify } from '../plan/lockfile.js';
import { WriteError, writeFileAtomic } from '../shared/fs.js';
import { guardedMkdir, guardedRename, guardPath, pathRefusal } from '../shared/guard.js';

/**
 * A recorded (lockfile) path to read from, or undefined when it leads outside the workspace or
 * into `.git`, symlinks followed (the file itself included: a read goes where the link points):
 * the lockfile is data from the repository. The path guard's own rule, asked for a read.
 */
export async function insideWorkspace(
  workspace: string,
  dir: string,
  rel: string,
): Promise<string | undefined> {
  const abs = path.resolve(dir, rel);
  if (path.relative(workspace, abs) === '') return undefined;
  return (await pathRefusal(workspace, abs, true)) === undefined ? abs : undefined;
}

/** The folders of a run's images, made once each: the file is checked first, so a refusal names it. */
export class Folders {
  private readonly made = new Map<string, Promise<unknown>>();

  constructor(private readonly workspace: string) {}

  /** Make the folder of `file` (guarded), once per folder in the run. */
  ensure(file: string): Promise<unknown> {
    const dir = path.dirname(file);
    let p = this.made.get(dir);
    if (!p) {
      p = guardPath(this.workspace, file, 'write').then(() => guardedMkdir(this.workspace, dir));
      this.made.set(dir, p);
    }
    return p;
  }
}

/** Move a finished temp file into place: an output path never holds a partial file. Guarded. */
export async function placeFile(root: string, tmp: string, target: string): Promise<void> {
  await guardPath(root, target, 'write');
  await guardedMkdir(root, path.dirname(target));
  await guardedRename(root, tmp, target);
}

/**
 * A lockfile write that failed: a WriteError (names the file and the cause), of its own class
 * because it stops the run's submits rather than failing one entry.
 */
export class LockWriteError extends WriteError {
  override readonly name = 'LockWriteError';
}

/**
 * The lockfile on disk, saved after every change that matters (an intent to submit, an accepted
 * submit, a finished image), one write at a time, so a cancelled or killed run leaves a lockfile
 * that knows what was paid for. Every write is flushed (file and folder): a write-ahead intent
 * must be on disk before its submit is sent. Writes nothing when the content did not change (a
 * no-op run leaves the file alone). A failed write rejects with a LockWriteError naming the file.
 */
export class LockStore {
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private written: string;

  constructor(
    private readonly file: string,
    readonly lock: Lockfile,
    originalText: string | undefined,
    /** The workspace: the path guard keeps the lockfile's writes inside it. */
    private readonly root: string,
    /** The lockfile as messages name it (workspace-relative). */
    private readonly display = path.basename(file),
  ) {
    this.written = originalText ?? '';
  }

  /** Whether the file on disk differs from what was read at the start. */
  changedFrom(originalText: string | undefined): boolean {
    return this.written !== (originalText ?? '');
  }

  /**
   * Persist the current state. Calls made while a write is under way share one follow-up write
   * of the latest state, so a run finishing many images (or sending many submits) does not
   * serialize the file per image.
   */
  save(): Promise<void> {
    if (!this.queued) {
      const next = this.chain.then(async () => {
        this.queued = undefined;
        const text = stableStringify(this.lock);
        if (text === this.written) return;
        try {
          await writeFileAtomic(this.file, text, this.root, { flush: true });
        } catch (err) {
          throw new LockWriteError(this.display, err);
        }
        this.written = text;
      });
      this.queued = next;
      this.chain = next.catch(() => {});
    }
    return this.queued;
  }
}
