import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../shared/clock.js';
import { formatMinutes } from '../shared/format.js';
import { fsCause } from '../shared/fs.js';
import { guardPath, tempBeside } from '../shared/guard.js';
import { toPosix } from '../shared/paths.js';
import { bootId, processAlive, procStart } from '../shared/process.js';

/** How long a second run waits for the lock before it gives up (SPEC §4). */
export const LOCK_WAIT_MS = 30 * 60_000;
/** How often a waiting run says who holds the lock. */
export const LOCK_REPORT_MS = 10_000;
/** How often a waiting run looks at the lock file again. */
const LOCK_POLL_MS = 1000;
/** A lock file with no readable holder this old is a leftover (a holder writes it within ms). */
const UNREADABLE_AFTER_MS = 10_000;

/** What the lock file holds: enough to say who holds it, and to tell a live holder from a dead one. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the run took the lock (ISO 8601). */
  started_at: string;
  /** The holder process's start time (`/proc/<pid>/stat` field 22), so a reused pid is not taken for it. */
  proc_start?: string;
  /** Linux boot id: after a reboot no process of the old boot is alive. */
  boot_id?: string;
  /** What the run is, for the waiting message (`pixazo-images generate`, `the action (run 42)`). */
  run?: string;
}

/** The run lock could not be taken: another host holds it, the wait timed out, or it was cancelled. */
export class RunLockError extends Error {
  override readonly name = 'RunLockError';
  constructor(
    message: string,
    /** The lock file (workspace-relative when the caller gave a display root). */
    readonly file: string,
  ) {
    super(message);
  }
}

/** A held lock; `release` is idempotent and removes the file only while it is still ours. */
export interface RunLock {
  readonly file: string;
  release(): Promise<void>;
}

export interface RunLockOptions {
  clock: Clock;
  /** A cancel ends the wait at once (RunLockError, nothing submitted). */
  signal?: AbortSignal;
  /** Said when the lock is busy, and every 10 s while waiting. */
  onWait?: (message: string) => void;
  /** A stale lock of a dead process was taken over. */
  onWarning?: (message: string) => void;
  /** What this run is, written into the lock for other runs' messages. */
  run?: string;
  /**
   * The workspace: messages name the lock file relative to it, and the path guard keeps the lock's
   * creation inside it.
   */
  displayRoot?: string;
  /** Tests shorten these; the defaults are the SPEC's. */
  maxWaitMs?: number;
  reportEveryMs?: number;
}

/** The lock file of a lockfile: `<lockfile>.lock` beside it. */
export function runLockPathFor(lockfilePath: string): string {
  return `${lockfilePath}.lock`;
}

/**
 * Takes the exclusive lock of `lockfilePath` (SPEC §4 "One run per lockfile"): created with
 * O_EXCL, so of two runs exactly one gets it; the other waits, reporting every 10 s, up to 30 min.
 * A lock of a dead process on this host is taken over with a warning; another host's never is.
 */
export async function acquireRunLock(lockfilePath: string, opts: RunLockOptions): Promise<RunLock> {
  const file = runLockPathFor(lockfilePath);
  const shown = toPosix(opts.displayRoot ? path.relative(opts.displayRoot, file) : file);
  const { clock } = opts;
  const maxWait = opts.maxWaitMs ?? LOCK_WAIT_MS;
  const reportEvery = opts.reportEveryMs ?? LOCK_REPORT_MS;
  const began = clock.now();
  let nextReport = began;
  for (;;) {
    if (opts.signal?.aborted) throw cancelled(shown);
    // Since when: the time this run got the lock, not when it started waiting.
    const mine = `${JSON.stringify(ownHolder(clock, opts.run), null, 2)}\n`;
    if (await createExclusive(file, mine, shown, opts.displayRoot)) return heldLock(file, mine);
    const seen = await readHolder(file);
    if (seen === 'gone') continue;
    let holder: LockHolder | undefined;
    if (seen === 'unreadable') {
      if (await olderThan(file, UNREADABLE_AFTER_MS))
        throw new RunLockError(
          `${shown}: the run lock holds no readable owner (a run stopped while taking it). If no other pixazo-images run is going on this lockfile, delete ${shown} and run again.`,
          shown,
        );
    } else {
      holder = seen.holder;
      if (holder.host !== os.hostname())
        throw new RunLockError(
          `${shown}: the lockfile is locked by ${describe(holder)} on another host (${holder.host}), since ${holder.started_at}; a lock from another host is never taken over. If that run is over, delete ${shown} and run again.`,
          shown,
        );
      if (!processAlive(holder)) {
        if (await takeOver(file, seen.raw))
          opts.onWarning?.(
            `${shown}: took over the run lock of ${describe(holder)} (since ${holder.started_at}): that process no longer exists, so it stopped without releasing the lock.`,
          );
        continue;
      }
    }
    const now = clock.now();
    const who = holder ? describe(holder) : 'a run that is taking it';
    if (now - began >= maxWait)
      throw new RunLockError(
        `${shown}: gave up waiting for the run lock after ${formatMinutes(maxWait)}: ${who} still holds it${holder ? ` (since ${holder.started_at})` : ''}; nothing was submitted. Run again when it has finished.`,
        shown,
      );
    if (holder && now >= nextReport) {
      opts.onWait?.(
        `${shown}: waiting for the run lock: ${who} holds it since ${holder.started_at} (${formatMinutes(now - Date.parse(holder.started_at))} ago); waiting up to ${formatMinutes(maxWait)} in all.`,
      );
      nextReport = now + reportEvery;
    }
    try {
      await clock.sleep(Math.max(0, Math.min(LOCK_POLL_MS, began + maxWait - clock.now())), opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw cancelled(shown);
      throw err;
    }
  }
}

/** Runs `body` holding the lock of `lockfilePath`; released on every exit path, a throw included. */
export async function withRunLock<T>(
  lockfilePath: string,
  opts: RunLockOptions,
  body: () => Promise<T>,
): Promise<T> {
  const lock = await acquireRunLock(lockfilePath, opts);
  try {
    return await body();
  } finally {
    await lock.release();
  }
}

function cancelled(shown: string): RunLockError {
  return new RunLockError(`Cancelled while waiting for the run lock ${shown}: nothing was submitted.`, shown);
}

/** `pixazo-images generate (pid 123)`, or `pid 123` for a lock that does not say what it is. */
function describe(h: LockHolder): string {
  return h.run ? `${h.run} (pid ${h.pid})` : `pid ${h.pid}`;
}

function ownHolder(clock: Clock, run: string | undefined): LockHolder {
  const proc = procStart(process.pid);
  const boot = bootId();
  return {
    pid: process.pid,
    host: os.hostname(),
    started_at: new Date(clock.now()).toISOString(),
    ...(proc !== undefined ? { proc_start: proc } : {}),
    ...(boot !== undefined ? { boot_id: boot } : {}),
    ...(run ? { run } : {}),
  };
}

/**
 * Creates `file` exclusively with `content`; false when it exists. A missing folder is an error.
 * The content is written to a temp file first and hard-linked into place (link fails when the name
 * exists, like O_EXCL), so the lock never exists without its holder: a run killed while taking it
 * leaves at most its temp file, never an empty lock no later run could judge (and take over).
 */
async function createExclusive(
  file: string,
  content: string,
  shown: string,
  root: string | undefined,
): Promise<boolean> {
  const tmp = tempBeside(file);
  try {
    // The one path guard: the lock and its temp file stay inside the workspace, out of `.git`.
    if (root) await guardPath(root, file, 'write');
    await writeFile(tmp, content, { flag: 'wx' });
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // A full disk or a read-only folder: say which file, before anything is submitted.
    if (!(err as NodeJS.ErrnoException).code) throw err;
    throw new RunLockError(`cannot write ${shown}: ${fsCause(err)} — nothing was sent`, shown);
  } finally {
    await rm(tmp, { force: true });
  }
}

type Seen = { holder: LockHolder; raw: string } | 'gone' | 'unreadable';

async function readHolder(file: string): Promise<Seen> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const h = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.started_at === 'string')
      return { holder: h as LockHolder, raw };
  } catch {
    // Being written (created, not yet filled) or garbled: the caller decides by its age.
  }
  return 'unreadable';
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs > ms;
  } catch {
    return false;
  }
}

/**
 * Removes a dead holder's lock only if it is still the one judged dead: it is moved aside first
 * (atomic), and put back if another waiter replaced it in between. True when it was removed.
 */
async function takeOver(file: string, raw: string): Promise<boolean> {
  const aside = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.stale`,
  );
  try {
    await rename(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    if ((await readFile(aside, 'utf8')) === raw) return true;
    // Another waiter took it over first and this moved its fresh lock: put it back (never over a newer one).
    await link(aside, file).catch(() => {});
    return false;
  } finally {
    await rm(aside, { force: true });
  }
}

function heldLock(file: string, mine: string): RunLock {
  let held = true;
  // A process that exits without the `finally` (process.exit) still leaves no lock behind.
  const onExit = (): void => {
    if (!held) return;
    try {
      if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
    } catch {
      // Gone already.
    }
  };
  process.once('exit', onExit);
  return {
    file,
    async release() {
      if (!held) return;
      held = false;
      process.off('exit', onExit);
      try {
        if ((await readFile(file, 'utf8')) === mine) await rm(file, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    },
  };
}
