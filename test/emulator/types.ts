/**
 * Types of the Pixazo gateway emulator: its knobs, the records it keeps and its counters.
 * The wire protocol itself comes from the gateway's documentation (the seed), not from
 * `src/models/registry.ts`, so the emulator stays an independent check of the client.
 */

/** The gateway's model ids, as they appear in submit paths, request ids and `model_id`. */
export type ModelSlug = 'gpt-image-2-text-to-image' | 'gpt-image-2-image-to-image' | 'gpt-image-1-5-api-923';

export type ImageFormat = 'png' | 'jpeg' | 'webp';
export type WireStatus = 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'ERROR';
export type TerminalStatus = 'COMPLETED' | 'FAILED' | 'ERROR';

/**
 * How long a job takes from acceptance to its terminal state, in ms: a fixed value, a
 * `[min, max]` range drawn uniformly per job, or a function of the model and the parsed body
 * (e.g. quality-dependent).
 */
export type Latency = number | readonly [number, number] | ((model: ModelSlug, body: JsonObject) => number);

export type JsonObject = Record<string, unknown>;

/**
 * A canned answer, used by the `failNext*` and `acceptThenFailNextSubmits` queues. A 2xx stands
 * for an answer that claims success but carries no `request_id` (its default body has none).
 */
export interface FaultAnswer {
  readonly status: 200 | 202 | 400 | 401 | 402 | 403 | 404 | 429 | 500 | 502 | 503 | 504;
  /** Sent verbatim as the `Retry-After` header (seconds or an HTTP date). */
  readonly retryAfter?: string;
  /** The body: an object is sent as JSON, a string raw. Default: the gateway's error shape. */
  readonly body?: JsonObject | string;
  /** Content-Type of the answer; default `application/json; charset=utf-8` (e.g. `text/html` for a proxy page). */
  readonly contentType?: string;
}

/**
 * Awaited at exact moments of a request, so a test can act there (abort its run, change knobs)
 * without racing timers. While a hook's promise is unsettled the request waits; closing the
 * emulator cuts the request off. A hook that throws makes the request answer 500 (after
 * `afterAccept`, the job stays accepted and charged).
 */
export interface Hooks {
  /** A submit was accepted and charged; its answer (202, or an `acceptThenFail` / drop fault) is not written yet. */
  afterAccept?(job: JobRecord): void | Promise<void>;
  /** A status call for `requestId` arrived; nothing has been answered or injected yet. */
  beforeStatus?(requestId: string): void | Promise<void>;
  /** A media GET for image `index` (1-based) of `requestId` arrived; nothing has been answered yet. */
  beforeMedia?(requestId: string, index: number): void | Promise<void>;
}

/** Prompt substrings that decide a job's fate; matched anywhere in the prompt. */
export interface Markers {
  /** → FAILED with `failMessage` (charged, like the real gateway). */
  readonly fail: string;
  /** → ERROR with `errorMessage` (the gateway's own fault, not charged). */
  readonly error: string;
  /** → latency multiplied by `slowFactor`. */
  readonly slow: string;
  /** → images carry a test-only C2PA credentials store (as with `contentCredentials`). */
  readonly c2pa: string;
}

/**
 * Every knob of the emulator. `emulator.options` is this object with defaults filled in; tests
 * mutate it between (or during) runs. The `*Next*` counters and queues are consumed, one per
 * matching request, in arrival order.
 */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port: number;
  /** The subscription key that is accepted (`Ocp-Apim-Subscription-Key`). Default 'test-key'. */
  apiKey: string;
  /** Keys that are recognised but not allowed: 403. */
  forbiddenKeys: string[];
  /** Model slugs answered with the seed's 400 "Model not found". */
  disabledModels: ModelSlug[];
  /** Acceptance → terminal state. Default 30 ms. */
  latency: Latency;
  /** Share of the latency spent QUEUED before PROCESSING. Default 0.2. */
  queuedFraction: number;
  /** Latency multiplier for prompts holding `markers.slow`. Default 50. */
  slowFactor: number;
  markers: Markers;
  /** Every image carries a test-only C2PA credentials store (else only prompts with `markers.c2pa`). Default false. */
  contentCredentials: boolean;
  failMessage: string;
  errorMessage: string;
  /** Wallet in USD, decremented as jobs are charged (ERROR refunds). Default Infinity. */
  balance: number;
  /** USD per image: per model slug, by quality name, with `default` for the rest. */
  prices: Record<ModelSlug, Record<string, number>>;
  /** Rendered size = documented size × imageScale (aspect kept). Default 0.25. */
  imageScale: number;
  /** POST the final status body to a loopback `X-Webhook-URL` when a job ends. Default false. */
  webhooks: boolean;
  /** How long the `stall*` knobs hold a request before handling it. Default 2000 ms. */
  stallMs: number;
  /**
   * Render a job's images as soon as it is accepted, as a CDN has its files by the time a job
   * completes: the first media GET then costs no rendering (benchmarks). Default false (lazy).
   */
  prerender: boolean;
  /** See `Hooks`. Default `{}`. */
  hooks: Hooks;

  // --- hidden limits (the seed documents none; both answer 429 with Retry-After) ---
  /** Most jobs in flight (QUEUED or PROCESSING) the key may hold; one more submit is refused. Default Infinity. */
  inFlightCap: number;
  /** `Retry-After` (whole seconds) of a submit refused by `inFlightCap`. Default 1. */
  capRetryAfterS: number;
  /**
   * A token bucket of submits: `perMinute` tokens a minute, `burst` at most; a submit with no
   * token is refused with the seconds until the next one. Default null (no rate limit).
   */
  submitRate: { readonly perMinute: number; readonly burst: number } | null;

  // --- submit faults (all three submit routes) ---
  /** Answer the next submits with these errors, in order, without accepting. */
  failNextSubmits: FaultAnswer[];
  /** Destroy the socket of the next n submits before accepting: surely not accepted. */
  resetNextSubmits: number;
  /** Accept (and charge) the next n submits, then destroy the socket mid-response. */
  dropResponseAfterAcceptNext: number;
  /**
   * Accept (and charge) the next submits, then answer each with the next of these instead of
   * the 202: a 502/504 from a proxy that lost the gateway's answer, a 5xx page that is not the
   * gateway's JSON, a 2xx without `request_id`. The job runs as if answered normally.
   */
  acceptThenFailNextSubmits: FaultAnswer[];
  /** Hold the next n submits for `stallMs`, then handle them normally (a client gone by then still paid). */
  stallNextSubmits: number;

  // --- status faults ---
  failNextStatus: FaultAnswer[];
  /** Answer the next n status calls 200 with truncated, invalid JSON. */
  garbageNextStatus: number;
  resetNextStatus: number;
  stallNextStatus: number;
  /** Answer the next n status calls for a request the emulator knows with 404, as for an unknown id. */
  notFoundNextStatus: number;

  // --- media (CDN) faults ---
  /** Answer the next n media GETs with 500. */
  failNextMedia: number;
  /** Announce the full Content-Length, send half the body, then close. */
  truncateNextMedia: number;
  /** Serve another format's bytes (under the requested format's Content-Type). */
  wrongFormatNextMedia: number;
  /**
   * Send the next n media bodies without Content-Length (chunked) and end them cleanly after
   * `cutOffAt` bytes: only a walk over the image can tell it stopped early.
   */
  cutOffNextMedia: number;
  /** Bytes `cutOffNextMedia` sends; 0 = half the image. */
  cutOffAt: number;
  /** Serve the image's signature (first 12 bytes) followed by random bytes, at full length. */
  garbageNextMedia: number;
  /** Serve the image damaged inside its container (a PNG CRC that fails, see `corruptImage`). */
  corruptNextMedia: number;
  stallNextMedia: number;
  /** When > 0, every media body is padded (inside its container, so still valid) to at least this many bytes. */
  oversizeMedia: number;
  /**
   * Rewrites each `media_url` of a COMPLETED status answer (image `index`, 1-based): a gateway that
   * reflects the key into its media URLs, or answers a string that is no URL. Default: as is.
   */
  mediaUrl: ((url: string, job: JobRecord, index: number) => string) | undefined;
  /** Answer the next media GETs with a 302 to each of these `Location` values, in order. */
  redirectNextMedia: string[];
}

/** What the emulator answered to one logged request. */
export type Answer =
  | number
  | 'reset'
  | 'dropped'
  | 'garbage'
  | 'truncated'
  | 'cut-off'
  | 'corrupt'
  | 'pending';

/** One received request, as tests assert on it. */
export interface LoggedRequest {
  /** Epoch ms of arrival. */
  readonly at: number;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly kind: 'submit' | 'status' | 'media' | 'unknown';
  /** Header names lower-cased; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or undefined when empty or not JSON. */
  readonly body: unknown;
  readonly rawBody: string;
  /** The `Ocp-Apim-Subscription-Key` sent, if any (media GETs must never carry it). */
  readonly apiKey: string | undefined;
  /** Whether `Cache-Control: no-cache` was sent. */
  readonly noCache: boolean;
  readonly webhookUrl: string | undefined;
  /** Set once the request has been answered (or cut off). */
  answer: Answer;
  /** The request id this request created or concerned, when there is one. */
  requestId?: string;
  /** The `Retry-After` of its answer, when it had one (429s: injected or from a hidden limit). */
  retryAfter?: string;
}

/** One accepted (paid) job. Times are epoch ms. */
export interface JobRecord {
  readonly requestId: string;
  readonly model: ModelSlug;
  /** The parsed submit body, as received. */
  readonly body: JsonObject;
  readonly prompt: string;
  readonly format: ImageFormat;
  readonly count: number;
  /** Rendered pixel size (after `imageScale`). */
  readonly width: number;
  readonly height: number;
  readonly transparent: boolean;
  /** 1–100 for jpeg/webp encoders. */
  readonly compression: number;
  /** Whether its images carry a test-only C2PA credentials store. */
  readonly contentCredentials: boolean;
  /** Charged at acceptance: price per image × count. */
  readonly priceUsd: number;
  readonly outcome: TerminalStatus;
  readonly acceptedAt: number;
  processingAt: number;
  /** When the job reaches its terminal state (scheduled at acceptance; `finishNow` brings it forward). */
  completedAt: number;
  /** When a status answer first reported the terminal state: detection delay = this − completedAt. */
  terminalSeenAt: number | null;
  /** Whether the terminal state was booked (refund for ERROR, FAILED spend, webhook). */
  settled: boolean;
  statusCalls: number;
  readonly webhookUrl: string | null;
  webhookSentAt: number | null;
  readonly mediaUrls: readonly string[];
}

/** Running totals. `resetCounters()` zeroes them. */
export interface Counters {
  /** Every POST to a submit route, faults included. */
  submissions: number;
  /** Submits that created a paid job (202, or dropped after acceptance). */
  accepted: number;
  acceptedByModel: Record<ModelSlug, number>;
  statusCalls: number;
  mediaGets: number;
  /** Media GETs that (wrongly) carried the subscription key. */
  mediaWithKey: number;
  /** USD charged and not refunded: COMPLETED, FAILED and still-running jobs. */
  chargedUsd: number;
  /** USD charged for jobs that ended FAILED ("possibly charged" in reports). */
  failedUsd: number;
  /** USD refunded for jobs that ended ERROR. */
  refundedUsd: number;
  completed: number;
  failed: number;
  errored: number;
  webhooksSent: number;
  /** Submits refused by the hidden limits (429), by limit. */
  limitedByCap: number;
  limitedByRate: number;
  /** The most jobs in flight at once (sampled at each accepted submit). */
  peakInFlight: number;
}
