import type { Lockfile, PendingRecord } from './lockfile.js';

/** Why an intent left by a run that stopped (killed, out of memory, runner lost) is an unknown outcome. */
export const STOPPED_BEFORE_ANSWER = 'the run that sent it stopped before its answer was recorded';

/** How long a paid request no entry asks for is kept (from its `submitted_at`) for its entry to come back. */
export const UNCLAIMED_PENDING_MS = 7 * 86_400_000;
/** How long an unknown outcome no entry asks for is kept (from its `at`), so a reverted change does not pay again. */
export const UNCLAIMED_UNKNOWN_MS = 30 * 86_400_000;

/**
 * Planning rule 1a: an intent in `submitting` at plan time was written by a run that sent the
 * submit and stopped before its answer was recorded (this run has written none yet). It may have
 * been accepted and charged: it moves to `unknown`, dated from the intent. Returns the fingerprints
 * moved.
 */
export function moveStaleIntents(lock: Lockfile): string[] {
  const moved = Object.keys(lock.submitting);
  for (const [fp, s] of Object.entries(lock.submitting)) {
    delete lock.pending[fp];
    delete lock.failed[fp];
    lock.unknown[fp] = { id: s.id, reason: STOPPED_BEFORE_ANSWER, at: s.at };
  }
  lock.submitting = {};
  return moved;
}

/** A paid request that no entry of the manifest asks for, kept until `dropAfter`. */
export interface UnclaimedPending extends PendingRecord {
  readonly fingerprint: string;
  readonly dropAfter: string;
}

/** An unknown outcome that no entry asks for any more, kept until `dropAfter`. */
export interface UnmatchedUnknown {
  readonly fingerprint: string;
  readonly id: string;
  readonly at: string;
  readonly dropAfter: string;
}

/** What `tidyLockfile` found and did. */
export interface Tidied {
  /** Kept for their entry to come back: reported every run. */
  readonly unclaimed: UnclaimedPending[];
  /** Dropped now (7 days after their submit): they may have been charged. */
  readonly droppedPending: UnclaimedPending[];
  /** Unknown outcomes no entry matches since this run: reported once (the record is marked). */
  readonly unmatchedUnknown: UnmatchedUnknown[];
  /** Dropped now: the gateway answered 404 more than a day after their submit (set by the run). */
  readonly forgotten?: UnclaimedPending[];
  /** Whether the lockfile changed. */
  readonly changed: boolean;
}

/**
 * Records of fingerprints no entry of the whole manifest wants (an entry removed or changed;
 * entries left out by `only`/`shard`/dry-run still want theirs). Paid requests follow their
 * fingerprint: a pending request is kept for 7 days after its submit (its entry, added back or
 * renamed, collects it at no charge), an unknown outcome for 30 days (a reverted change does not
 * pay again; reported once, marked `reported` in the lockfile so later runs stay quiet); refusals
 * are dropped at once (they say nothing about the new prompt).
 */
export function tidyLockfile(lock: Lockfile, wanted: ReadonlySet<string>, now: number): Tidied {
  const unclaimed: UnclaimedPending[] = [];
  const droppedPending: UnclaimedPending[] = [];
  const unmatchedUnknown: UnmatchedUnknown[] = [];
  let changed = false;
  for (const [fp, p] of Object.entries(lock.pending)) {
    if (wanted.has(fp)) continue;
    const submitted = Date.parse(p.submitted_at);
    const dropAt = (Number.isNaN(submitted) ? now : submitted) + UNCLAIMED_PENDING_MS;
    const record = { ...p, fingerprint: fp, dropAfter: new Date(dropAt).toISOString().slice(0, 10) };
    if (now < dropAt) {
      unclaimed.push(record);
      continue;
    }
    droppedPending.push(record);
    delete lock.pending[fp];
    changed = true;
  }
  for (const [fp, u] of Object.entries(lock.unknown)) {
    if (wanted.has(fp)) {
      // Matched again (a reverted change): a later change is reported again.
      if (u.reported) {
        delete u.reported;
        changed = true;
      }
      continue;
    }
    const at = Date.parse(u.at);
    if (!Number.isNaN(at) && now - at < UNCLAIMED_UNKNOWN_MS) {
      // Reported once, in the run that first finds no entry matching it; the mark says so.
      if (u.reported) continue;
      u.reported = true;
      changed = true;
      const dropAfter = new Date(at + UNCLAIMED_UNKNOWN_MS).toISOString().slice(0, 10);
      unmatchedUnknown.push({ fingerprint: fp, id: u.id, at: u.at, dropAfter });
      continue;
    }
    delete lock.unknown[fp];
    changed = true;
  }
  for (const fp of Object.keys(lock.failed)) {
    if (wanted.has(fp)) continue;
    delete lock.failed[fp];
    changed = true;
  }
  return { unclaimed, droppedPending, unmatchedUnknown, changed };
}
