import type { Dimensions } from '../images/types.js';
import type { OutputFormat } from '../models/registry.js';

/** Gateway request states, as the status endpoint reports them. */
export type RequestStatus = 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'ERROR';

/** A status answer, validated. */
export interface StatusResult {
  readonly requestId: string;
  readonly status: RequestStatus;
  /** Gateway's error text (FAILED / ERROR), already redacted of the API key. */
  readonly error: string | null;
  readonly mediaUrls: readonly string[];
  readonly mediaType: string | null;
  readonly createdAt: string | null;
  readonly completedAt: string | null;
}

/** What kind of failure a gateway call ended with. */
export type GatewayErrorKind =
  /** 400 on submit: the request itself was refused (entry's error). */
  | 'bad-request'
  /** 400 on submit "Model '…' not found or is disabled": the model, not the request (not remembered). */
  | 'model-unavailable'
  /** 401 / 403: key problem — stop new submissions. */
  | 'auth'
  /** 402: balance problem — stop new submissions. */
  | 'balance'
  /** 404 on status: the request is unknown to the gateway. */
  | 'not-found'
  /** The submit may have been accepted but its answer was lost: never repeated silently. */
  | 'outcome-unknown'
  /** A 429 on submit handed to the caller (`handOverRateLimits`): surely not accepted, never charged. */
  | 'rate-limited'
  /** Retries exhausted on 429 / 5xx / network errors. */
  | 'transient'
  /** An answer that does not follow the documented protocol. */
  | 'protocol'
  /** A download that failed verification (size, format, truncation, scheme). */
  | 'download'
  /** Cancelled through the AbortSignal. */
  | 'aborted';

/** A failed gateway call. `message` never contains the API key. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly httpStatus?: number,
    /** Number of attempts made (1 = no retry). */
    readonly attempts = 1,
    /**
     * From submit: how many sent submits lost their answer, each possibly accepted and charged
     * (1 for 'outcome-unknown'; more, or with another kind, only when retry-unknown-submits
     * resubmitted).
     */
    readonly lostAnswers = kind === 'outcome-unknown' ? 1 : 0,
  ) {
    super(message);
  }
}

/** A submit's 429, handed to the caller to wait out (`handOverRateLimits`); `retryAfterMs` as the gateway asked. */
export class RateLimitedError extends GatewayError {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    attempts: number,
    lostAnswers = 0,
  ) {
    super('rate-limited', message, 429, attempts, lostAnswers);
  }
}

/** A submit the gateway accepted. */
export interface SubmitResult {
  readonly requestId: string;
  /** Attempts made (retries of surely-not-accepted answers included). */
  readonly attempts: number;
  /**
   * Earlier attempts whose answer was lost after sending and that were resubmitted anyway
   * (retry-unknown-submits): each may have been accepted and charged. Absent when none.
   */
  readonly lostAnswers?: number;
}

/** A verified, downloaded image file. */
export interface DownloadResult {
  /** Absolute path of the file written (the temp path given). */
  readonly path: string;
  readonly bytes: number;
  /** Hex sha256 of the bytes. */
  readonly sha256: string;
  readonly format: OutputFormat;
  /** Pixel size from the verified header, when it gave one. */
  readonly dimensions?: Dimensions | undefined;
  /** Whether the verified bytes carry C2PA content credentials (presence only). */
  readonly contentCredentials: boolean;
}

/** Per-call options of the gateway. */
export interface CallOptions {
  /** Cancellation: no new attempt starts; a sent submit's answer is still awaited for `graceMs`. */
  readonly signal?: AbortSignal | undefined;
  /** How long a sent submit's answer is awaited after `signal` aborts (5 s by default). */
  readonly graceMs?: number | undefined;
  /** Status: give up retrying at this time (`Clock.now()` ms), e.g. the poll-timeout. */
  readonly deadline?: number | undefined;
  /** Told of every 429 (with its Retry-After), retried or handed over: the run counts them. */
  readonly onRateLimit?: ((retryAfterMs: number | undefined) => void) | undefined;
  /**
   * Submit: a 429 ends the call with a RateLimitedError instead of being retried here, so the
   * run's concurrency limiter can lower its limit and pause every submit (SPEC §5 Concurrency).
   */
  readonly handOverRateLimits?: boolean | undefined;
}

/** The gateway as the engine sees it. Implemented by `PixazoClient`; tests pass the real one. */
export interface Gateway {
  /** POST a generate request. Throws GatewayError. */
  submit(path: string, body: Readonly<Record<string, unknown>>, opts?: CallOptions): Promise<SubmitResult>;
  /** GET the status of a request. Transient errors are retried inside; throws GatewayError. */
  status(requestId: string, opts?: CallOptions): Promise<StatusResult>;
  /**
   * Stream `url` to `dest` (a temp path), verifying scheme, size cap, length and format.
   * Never sends the API key. Throws GatewayError('download').
   */
  download(url: string, dest: string, expected: OutputFormat, signal?: AbortSignal): Promise<DownloadResult>;
}
