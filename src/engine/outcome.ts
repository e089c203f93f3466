import type { ImageFacts } from './landing.js';

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
