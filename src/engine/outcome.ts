import type { LockRecord } from '../plan/lockfile.js';
import type { ImageFacts, KnownFiles } from './landing.js';

/** How a generate/resume attempt ended; the caller turns it into lockfile records. */
export type GenerateOutcome =
  | {
      kind: 'completed';
      requestId: string;
      files: string[];
      mediaUrls: string[];
      durationS: number;
      /** What the verifier learnt of each file while it downloaded (size, content credentials). */
      facts: ImageFacts[];
      /** Each file's sha256 and size, hashed while it was downloaded (not read again to record it). */
      hashes: { sha256: string; bytes: number }[];
    }
  /**
   * Refused: a 400 on submit or FAILED. `remember` ⇒ recorded in `failed` (not for a model that is
   * unavailable: that says nothing about the request). `charged` ⇒ possibly charged (FAILED).
   */
  | { kind: 'refused'; status: string; error: string; remember: boolean; charged: boolean }
  /**
   * The submit may have been accepted (and charged) with no request id to follow: `unknown`
   * (`recorded`: already there, an impossible answer).
   */
  | { kind: 'unknown'; error: string; recorded?: boolean }
  /** Still running at poll-timeout, cancelled, or not known to the gateway yet: stays `pending`. */
  | { kind: 'pending'; requestId: string; error: string }
  /** COMPLETED (paid) but its images did not arrive verified in this run. */
  | { kind: 'undelivered'; requestId: string; error: string }
  /** Failed in this run only (key, balance, retries exhausted, cancelled before sending). */
  | { kind: 'failed'; error: string; notSubmitted?: boolean };

/** How an entry ended, for the entries that wait on it (copies, `@id` dependants). */
export interface EntryResult {
  ok: boolean;
  /** Absolute paths of the entry's files (when ok). */
  files: string[];
  /** Fresh media URLs when generated in this run (dependants send these). */
  mediaUrls?: string[];
}

/**
 * An entry's image obtained — landed free (a candidate, its recorded bytes, a twin's image, the
 * image cache) or bought — or why not: what the entry runner records, once.
 */
export type Obtained =
  | {
      kind: 'image';
      files: string[];
      known: KnownFiles;
      details: RecordDetails;
      /** The image is a candidate of the fingerprint's set (picked, or candidate 1): the set goes. */
      chosen: boolean;
      /** Bought in this run: its cost is added to what the lockfile says was spent. */
      bought?: true;
      mediaUrls?: string[];
    }
  /** A bought candidate set (§10): recorded as a set awaiting a pick, not as the image. */
  | { kind: 'set'; files: string[]; known: KnownFiles; details: RecordDetails; mediaUrls: string[] }
  | { kind: 'failed'; error: string; status: 'failed' | 'pending' };

/** What a finished entry's record carries besides its files (kept from the source record when moved). */
export type RecordDetails = Pick<LockRecord, 'request_id' | 'cost_usd' | 'generated_at' | 'duration_s'>;
