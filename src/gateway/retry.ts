/**
 * The retry loop of the gateway client: attempts spaced by the shared backoff schedule
 * (`shared/backoff.ts`), `Retry-After` parsed here, time taken from an injected `Clock` so tests
 * can assert the exact schedule, abortable through an AbortSignal. Also the rules for which
 * failures are worth another attempt.
 */
import { type RetryPolicy, retryDelay } from '../shared/backoff.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { plural } from '../shared/words.js';
import { GatewayError } from './types.js';

/**
 * Parses a `Retry-After` header into milliseconds from `nowMs`: delta-seconds (`120`) or an
 * HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`). Returns undefined when absent or unparseable, so the
 * caller falls back to backoff. A date in the past yields 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // Every HTTP-date form starts with a day name; requiring it keeps Date.parse from reading
  // things like "1.5" as a calendar date.
  if (!/^[A-Za-z]{3}/.test(raw)) return undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Thrown by an attempt to ask for another one. `error` is what the caller gets if retries run out;
 * `retryAfterMs` is the server's requested wait, if any.
 */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
  constructor(
    readonly error: GatewayError,
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
  }
}

/** Where retry progress is logged: attempts at debug, give-ups at warning. */
export type RetryLogger = Pick<Logger, 'debug' | 'warning'>;

/** One retried operation. */
export interface RetryRun {
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  /** Short description for log lines, e.g. `submit /gpt-image-2-…/generate`. */
  readonly label: string;
  readonly signal?: AbortSignal | undefined;
  readonly logger?: RetryLogger | undefined;
  /** No retry starts past this time (`clock.now()` ms): the caller stops waiting then. */
  readonly deadline?: number | undefined;
}

/**
 * Runs `attempt(n)` (n from 1) until it returns, throws a GatewayError (final: rethrown with the
 * attempt count), or has thrown RetryableError `maxAttempts` times or until the next wait would
 * reach `deadline` (then the last wrapped error is
 * thrown as a GatewayError carrying the count, and a warning is logged). Waits between attempts go
 * through `clock.sleep` with the signal, so cancelling ends the wait at once with kind 'aborted'.
 */
export async function withRetry<T>(run: RetryRun, attempt: (n: number) => Promise<T>): Promise<T> {
  const { policy, logger, label, signal } = run;
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw new GatewayError('aborted', `${label}: cancelled`, undefined, n - 1);
    logger?.debug(`${label}: attempt ${n}/${policy.maxAttempts}`);
    try {
      return await attempt(n);
    } catch (err) {
      if (err instanceof GatewayError) throw withAttempts(err, n);
      if (!(err instanceof RetryableError)) throw err;
      const last = err.error;
      const delay = retryDelay(n - 1, err.retryAfterMs, run.clock, policy);
      const late = run.deadline !== undefined && run.clock.now() + delay >= run.deadline;
      if (n >= policy.maxAttempts || late) {
        logger?.warning(`${label}: giving up after ${plural(n, 'attempt')}: ${last.message}`);
        throw new GatewayError(
          last.kind,
          `${last.message} (gave up after ${plural(n, 'attempt')}${late && n < policy.maxAttempts ? ', at the deadline' : ''})`,
          last.httpStatus,
          n,
        );
      }
      logger?.debug(`${label}: attempt ${n} failed (${last.message}); retrying in ${delay} ms`);
      try {
        await run.clock.sleep(delay, signal);
      } catch (sleepErr) {
        if (signal?.aborted) throw new GatewayError('aborted', `${label}: cancelled`, undefined, n);
        throw sleepErr;
      }
    }
  }
}

function withAttempts(err: GatewayError, attempts: number): GatewayError {
  if (err.attempts === attempts) return err;
  return new GatewayError(err.kind, err.message, err.httpStatus, attempts, err.lostAnswers);
}

/** HTTP statuses worth retrying: the server says "not now" (408, 429) or failed itself (5xx). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** The `code` of a Node / undici error (or of its `cause`), if any. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== err ? errorCode(cause) : undefined;
}

/**
 * Failures that happen before a connection exists: the request cannot have reached the server.
 * (DNS, refused, unreachable, connect timeout.) Used as a second opinion next to the client's
 * "request was written" tracking.
 */
const CONNECT_PHASE_CODES = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
]);

/** True when `err` proves the request never left this machine (no connection was made). */
export function isConnectError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && CONNECT_PHASE_CODES.has(code);
}

const RESPONSE_PHASE_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_INFO',
]);

/**
 * Failures that can only happen once the request is out and an answer is awaited or arriving
 * (headers/body timeout, a malformed or short response): the server may have acted on it.
 */
export function isResponsePhaseError(err: unknown): boolean {
  const code = errorCode(err) ?? '';
  return RESPONSE_PHASE_CODES.has(code) || code.startsWith('HPE_');
}

const PERMANENT_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_DESTROYED',
  'UND_ERR_CLOSED',
  'ERR_INVALID_URL',
]);

/**
 * Failures that another attempt cannot fix: our own bad arguments, a closed dispatcher, a TLS
 * certificate problem. Everything else at the network level (resets, timeouts, refused
 * connections, garbled HTTP, bodies shorter than announced) is treated as transient.
 */
export function isPermanentNetworkError(err: unknown): boolean {
  const code = errorCode(err) ?? '';
  return (
    PERMANENT_CODES.has(code) ||
    ['ERR_TLS_CERT', 'CERT_', 'UNABLE_TO_'].some((prefix) => code.startsWith(prefix)) ||
    code.includes('SELF_SIGNED')
  );
}
