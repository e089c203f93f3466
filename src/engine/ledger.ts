/**
 * The run's ledger of submissions and charges: every count the report gives under "submissions"
 * and every possibly charged FAILED request is changed here, by what happened, and nowhere else.
 */
import type { GatewayError, SubmitResult } from '../gateway/types.js';
import type { SubmissionCounts } from '../report/types.js';

/** Submission counts of a run that submitted nothing (yet). */
export function noSubmissions(): SubmissionCounts {
  return {
    attempted: 0,
    accepted: 0,
    refused: 0,
    outcomeUnknown: 0,
    notSubmitted: 0,
    retries: 0,
    rateLimited: 0,
  };
}

/** Counted as things happen; read once, for the report. */
export class Ledger {
  private readonly tally: SubmissionCounts = noSubmissions();
  /** FAILED requests' prices by entry id (possibly charged, not in cost); null when unpriced. */
  private readonly charged = new Map<string, number | null>();

  /** The counts so far (a copy). */
  get counts(): SubmissionCounts {
    return { ...this.tally };
  }

  /** A submit is about to be sent (its intent is on disk): the entry is attempted. */
  sending(): void {
    this.tally.attempted++;
  }

  /** The gateway accepted a submit: its retries, and the lost answers of resubmits, count too. */
  accepted(result: SubmitResult): void {
    this.tally.accepted++;
    this.tally.retries += result.attempts - 1;
    this.tally.outcomeUnknown += result.lostAnswers ?? 0;
  }

  /**
   * A submit that ended without being accepted: every attempt and every lost answer counts (each
   * lost answer may have been accepted and charged). A cancel before the first attempt sent
   * nothing, so the entry was not attempted after all.
   */
  notAccepted(err: GatewayError): void {
    this.tally.retries += Math.max(0, err.attempts - 1);
    this.tally.outcomeUnknown += err.lostAnswers;
    if (['bad-request', 'model-unavailable', 'auth', 'balance'].includes(err.kind)) this.tally.refused++;
    if (err.kind === 'aborted' && err.lostAnswers === 0 && err.attempts === 0) this.tally.attempted--;
  }

  /** The gateway answered a submit with 429 (each refusal counts). */
  rateLimited(): void {
    this.tally.rateLimited++;
  }

  /** An entry that was to be submitted never was (stopped, cancelled, over max-cost, no intent). */
  notSubmitted(): void {
    this.tally.notSubmitted++;
  }

  /** A FAILED request of `id` may have been charged `price` (null: unpriced); returns its total so far. */
  possiblyCharged(id: string, price: number | null): number | null {
    const prev = this.charged.get(id);
    const total = price === null || prev === null ? null : (prev ?? 0) + price;
    this.charged.set(id, total);
    return total;
  }
}
