/**
 * The paid POST: one submit through the retry policy, told apart by whether the gateway may have
 * accepted (and charged) it. Only what surely was not accepted is retried; a lost answer is
 * 'outcome-unknown' and counted, so the report can say a submit may have been paid for.
 */
import { type Dispatcher, request } from 'undici';
import { ACTION_NAMES } from '../shared/settings.js';
import { answerContext, type GatewayCall, gatewayHeaders, gatewayUrl } from './call.js';
import { describeNetworkError, gatewayMessage, httpFailure, mayHaveAccepted, rateLimitOf } from './errors.js';
import { attemptSignal, graceSignal, readText, readTextQuietly, trackSent } from './http.js';
import { cleanText } from './redact.js';
import {
  isConnectError,
  isPermanentNetworkError,
  isResponsePhaseError,
  RetryableError,
  withRetry,
} from './retry.js';
import { parseSubmitAnswer } from './status.js';
import { type CallOptions, GatewayError, RateLimitedError, type SubmitResult } from './types.js';

/** `PixazoClient.submit`: POSTs `body` to `path`, retried only where nothing can have been charged. */
export async function submitCall(
  c: GatewayCall,
  path: string,
  body: Readonly<Record<string, unknown>>,
  { signal, graceMs = 5000, onRateLimit, handOverRateLimits }: CallOptions = {},
): Promise<SubmitResult> {
  const url = gatewayUrl(c, path);
  const payload = JSON.stringify(body);
  const subject = `submit ${path}`;
  const run = { clock: c.clock, policy: c.s.policy, label: subject, signal, logger: c.log };
  // Answers lost after sending: each of those submits may have been accepted and charged, so the
  // count travels with the result (or the final error) for the report.
  let lost = 0;
  try {
    const res = await withRetry(run, async (n) => {
      const grace = graceSignal(signal, graceMs);
      try {
        return await submitOnce(c, url, payload, subject, n, grace.signal);
      } catch (err) {
        if (isLostAnswer(err)) lost++;
        const limited = rateLimitOf(err);
        if (limited) {
          onRateLimit?.(limited.retryAfterMs);
          // Surely not accepted: the caller's limiter waits it out with every other submit.
          if (handOverRateLimits)
            throw new RateLimitedError((err as RetryableError).message, limited.retryAfterMs, n, lost);
        }
        throw err;
      } finally {
        grace.dispose();
      }
    });
    return lost > 0 ? { ...res, lostAnswers: lost } : res;
  } catch (err) {
    // Also on a final 400/401/402 after a resubmitted lost answer: that first one may have been paid.
    if (err instanceof GatewayError && err.lostAnswers !== lost && !(err instanceof RateLimitedError))
      throw new GatewayError(err.kind, err.message, err.httpStatus, err.attempts, lost);
    throw err;
  }
}

async function submitOnce(
  c: GatewayCall,
  url: URL,
  payload: string,
  subject: string,
  n: number,
  caller?: AbortSignal,
): Promise<SubmitResult> {
  let sent = false;
  const dispatcher = trackSent(c.dispatcher, () => {
    sent = true;
  });
  const { signal, deadline } = attemptSignal(c.s.timeoutMs, caller);
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, {
      method: 'POST',
      headers: gatewayHeaders(c, url, true),
      body: payload,
      dispatcher,
      signal,
    });
  } catch (err) {
    // Not sent: no connection was ever made, or undici never finished writing the request (and
    // the error is not one that needs an answer in flight to happen).
    const notSent = isConnectError(err) || (!sent && !isResponsePhaseError(err));
    if (caller?.aborted) {
      if (notSent) throw new GatewayError('aborted', `${subject}: cancelled`);
      throw unknownOutcome(c, subject, 'the run was cancelled and no answer came in time', n, false);
    }
    const what = deadline.aborted
      ? `no answer within ${c.s.timeoutMs} ms`
      : describeNetworkError(err, c.secrets);
    if (!notSent) throw unknownOutcome(c, subject, what, n);
    const error = new GatewayError('transient', `${subject}: ${what} (request not sent)`);
    throw isPermanentNetworkError(err) && !deadline.aborted ? error : new RetryableError(error);
  }
  const { statusCode, headers, body } = res;
  if (statusCode < 200 || statusCode >= 300) {
    const text = await readTextQuietly(body);
    if (mayHaveAccepted(statusCode, text)) {
      const said = gatewayMessage(text, c.secrets);
      throw unknownOutcome(c, subject, `HTTP ${statusCode}${said ? `: ${said}` : ''}`, n);
    }
    throw httpFailure(statusCode, headers, text, answerContext(c, 'submit', subject));
  }
  // Accepted: the request_id is the only handle on a job we may be paying for; losing it here
  // is as bad as losing the whole answer.
  let text: string;
  try {
    text = await readText(body);
  } catch (err) {
    if (caller?.aborted)
      throw unknownOutcome(c, subject, 'the run was cancelled while reading the answer', n, false);
    throw unknownOutcome(
      c,
      subject,
      `HTTP ${statusCode}, body lost: ${describeNetworkError(err, c.secrets)}`,
      n,
    );
  }
  const requestId = parseSubmitAnswer(text);
  if (requestId === undefined) {
    const shown = cleanText(text, c.secrets, 200) || '(empty)';
    throw unknownOutcome(c, subject, `HTTP ${statusCode} without a request_id: ${shown}`, n);
  }
  // An impossible answer: a request id holding the key would carry the key into the lockfile,
  // the logs and the status URL. Never used, never repeated: the submit may have been charged.
  if (c.secrets.some((secret) => secret.length > 0 && requestId.includes(secret)))
    throw new GatewayError(
      'outcome-unknown',
      `${subject}: impossible gateway answer: its request_id contains the API key (not stored); the gateway may have accepted and charged it`,
    );
  return { requestId, attempts: n };
}

/**
 * The submit may have been accepted (and charged) but we do not know: final, unless the user
 * opted into resubmitting (`retryable` is false for a cancel: nothing is resubmitted then).
 * `n` is the attempt that failed, so the warning is only given when a resubmit will follow.
 */
function unknownOutcome(
  c: GatewayCall,
  subject: string,
  what: string,
  n: number,
  retryable = true,
): GatewayError | RetryableError {
  const error = new GatewayError(
    'outcome-unknown',
    `${subject}: the answer was lost after the request was sent (${what}); the gateway may have accepted and charged it`,
  );
  if (!retryable || !c.s.retryUnknown) return error;
  if (n < c.s.policy.maxAttempts)
    c.log.warning(
      `${error.message}; resubmitting because ${(c.names ?? ACTION_NAMES)('retry-unknown-submits')} is on (may be charged twice)`,
    );
  return new RetryableError(error);
}

/** An attempt that ended with the submit's answer lost after it was sent (retried or not). */
function isLostAnswer(err: unknown): boolean {
  const e = err instanceof RetryableError ? err.error : err;
  return e instanceof GatewayError && e.kind === 'outcome-unknown';
}
