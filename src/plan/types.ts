import type { ResolvedEntry } from '../manifest/types.js';
import type { Fingerprint } from './fingerprint.js';
import type { CandidatesRecord, LockRecord, PendingRecord, RecordedFile } from './lockfile.js';

/** What the planner decided for an entry. */
export type PlanAction =
  /** Submit to the gateway (new, changed, forced, stale). */
  | 'generate'
  /** Poll a request a previous run left pending. */
  | 'resume'
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

/**
 * One entry's decision, with everything the engine needs to carry it out. Read-only: the engine
 * carries it out and keeps what it learns on the way in values of its own.
 */
export interface PlannedEntry {
  readonly entry: ResolvedEntry;
  readonly fp: Fingerprint;
  readonly action: PlanAction;
  readonly reason: string;
  /** The entry's previous record (this id), if any. */
  readonly previous?: LockRecord;
  /** move: recorded files to copy from (manifest-relative paths) and whose record they are. */
  readonly source?: { id: string; files: readonly RecordedFile[]; record: LockRecord };
  /** copy: the entry generated in this run whose image this one gets. */
  readonly copyOf?: string;
  /** resume: the pending request. */
  readonly pending?: PendingRecord;
  /** kept: the recorded files whose content differs from what is on disk. */
  readonly edited?: readonly RecordedFile[];
  /** kept: the entry is past `max_age` too, and still not regenerated (rule 5 comes before rule 6). */
  readonly staleKept?: true;
  /** generate because forced, stale or an upstream regenerated: the image cache must not stand in. */
  readonly bypassCache: boolean;
  /** Candidates (§10): this entry buys (or collects) a set of `n` candidates instead of its image. */
  readonly candidateSet?: { readonly n: number };
  /** Candidates (§10): the entry's image is candidate `k` of this paid set (then the set is removed). */
  readonly fromCandidates?: { readonly record: CandidatesRecord; readonly k: number };
  /** Candidates (§10): the paid set this entry awaits a pick from. */
  readonly awaiting?: CandidatesRecord;
  /**
   * Candidates (§10): the awaited set, recorded under another id, moves into this entry's folder
   * (`out`, manifest-relative; `outWorkspace`, as shown). `carries`: this entry moves it; an identical
   * entry after it shows it where it went.
   */
  readonly setMove?: {
    readonly out: readonly string[];
    readonly outWorkspace: readonly string[];
    readonly carries: boolean;
  };
}

/**
 * Whether an action spends: it buys a generation (`generate`) or collects one bought before
 * (`resume`), so the entry's price counts in the estimate and its image is made in this run.
 */
export function spends(action: PlanAction): boolean {
  return action === 'generate' || action === 'resume';
}
