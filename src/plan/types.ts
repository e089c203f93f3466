import type { ResolvedEntry } from '../manifest/types.js';
import type { Fingerprint } from './fingerprint.js';
import type { CandidatesRecord, LockRecord, PendingRecord, RecordedFile } from './lockfile.js';

/** What the planner decided for an entry. */
export type PlanAction =
  /** Submit to the gateway (new, changed, forced, stale). */
  | 'generate'
  /** Poll a request a previous run left pending. */
  | 'resume'
  /** Restore from the image cache: no call, no cost. */
  | 'reuse'
  /** Move/copy recorded bytes (renamed entry, changed `out`, identical entry): no call. */
  | 'move'
  /** Same fingerprint as another entry generated in this run: copy its image. */
  | 'copy'
  /** Up to date: nothing to do. */
  | 'unchanged'
  /** The file was edited by hand: kept, never overwritten unless forced. */
  | 'kept'
  /** Refused by the gateway before with the same fingerprint: skipped. */
  | 'skip'
  /** A candidate set awaits a reviewer's pick (or the entry's `@id` input does): no call (§10). */
  | 'await';

/** One entry's decision, with everything the engine needs to carry it out. */
export interface PlannedEntry {
  readonly entry: ResolvedEntry;
  readonly fp: Fingerprint;
  action: PlanAction;
  reason: string;
  /** The entry's previous record (this id), if any. */
  readonly previous?: LockRecord;
  /** move: recorded files to copy from (manifest-relative paths) and whose record they are. */
  source?: { id: string; files: readonly RecordedFile[]; record: LockRecord };
  /** copy: the entry generated in this run whose image this one gets. */
  copyOf?: string;
  /** resume: the pending request. */
  pending?: PendingRecord;
  /** kept: the recorded files whose content differs from what is on disk. */
  edited?: readonly RecordedFile[];
  /** generate because forced, stale or an upstream regenerated: the image cache must not stand in. */
  bypassCache: boolean;
  /** Candidates (§10): this entry buys (or collects) a set of `n` candidates instead of its image. */
  candidateSet?: { readonly n: number };
  /** Candidates (§10): the entry's image is candidate `k` of this paid set (then the set is removed). */
  fromCandidates?: { readonly record: CandidatesRecord; readonly k: number };
  /** Candidates (§10): the paid set this entry awaits a pick from. */
  awaiting?: CandidatesRecord;
}
