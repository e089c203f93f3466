/**
 * One request's records: the lockfile's records seen from one entry's request, so `generate` and
 * `buy` tell the lockfile what they learn the moment they learn it, without knowing its keys.
 */
import type { ResolvedEntry } from '../manifest/types.js';
import type { CachedPending, PendingRecord } from '../plan/lockfile.js';
import type { LockRecords } from './records.js';

/**
 * What the lockfile learns of a request the moment it is known — the intent to
 * submit (write-ahead), its withdrawal (surely not accepted), the request accepted, and how it ended
 * when that is not an image (ERROR, refused, unknown, undelivered).
 */
export interface RequestRecords {
  /** The request to collect (a previous run's, or one the image cache held, adopted), if any. */
  readonly pending: PendingRecord | undefined;
  /** Write-ahead: on disk before the submit is sent; rejects (naming the file) when it cannot be written. */
  intend(): Promise<void>;
  /** The submit was surely not accepted: its intent is removed. */
  withdraw(): Promise<void>;
  /** The intent becomes pending; returns why not when the answer is impossible (recorded unknown). */
  accepted(requestId: string, submittedAt: number): Promise<string | undefined>;
  /** The request ended ERROR (not charged): it is no longer pending. */
  errored(): Promise<void>;
  /** Refused (400) or FAILED: skipped until the fingerprint changes or the entry is forced. */
  refused(status: string, error: string): Promise<void>;
  /** It may have been accepted, with no request id to follow: never resubmitted by itself. */
  unknown(error: string): Promise<void>;
  /** COMPLETED, but its images did not arrive verified; resolves whether it stays pending. */
  undelivered(error: string): Promise<boolean>;
}

/**
 * The records of an entry's request. `collect`: the pending request to collect — the lockfile's,
 * or one `found` elsewhere (another branch's run, through the image cache), adopted first so a
 * timeout or a cancel leaves it pending in this lockfile too. `candidates`: it buys a set of n.
 */
export async function requestRecords(
  records: LockRecords,
  fp: string,
  entry: ResolvedEntry,
  candidates: number | undefined,
  collect: { recorded: PendingRecord } | { found: CachedPending } | undefined,
): Promise<RequestRecords> {
  const pending =
    collect && 'found' in collect
      ? await records.adoptPending(fp, entry.id, collect.found)
      : collect?.recorded;
  return {
    pending,
    intend: () => records.intend(fp, entry.id),
    withdraw: () => records.withdraw(fp),
    accepted: (requestId, at) => records.pending(fp, entry, requestId, at, candidates),
    errored: () => records.dropPending(fp),
    refused: (status, error) => records.failed(fp, entry.id, status, error),
    unknown: (error) => records.unknown(fp, entry.id, error),
    undelivered: (error) => records.downloadFailed(fp, entry.id, error),
  };
}
