/**
 * The Pixazo gateway client: submit (the paid POST), status (idempotent GET) and media download,
 * all through one retry policy and an injectable undici dispatcher and clock.
 */
import { type Dispatcher, EnvHttpProxyAgent, request } from 'undici';
import { type OutputFormat, STATUS_PATH } from '../models/registry.js';
import { type Clock, realClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { Semaphore } from '../shared/semaphore.js';
import { ACTION_NAMES, type SettingNames } from '../shared/settings.js';
import { downloadImage } from './download.js';
import {
  type AnswerContext,
  describeNetworkError,
  gatewayMessage,
  httpFailure,
  mayHaveAccepted,
  networkFailure,
  type Operation,
  rateLimitOf,
} from './errors.js';
import { attemptSignal, graceSignal, readText, readTextQuietly, trackSent } from './http.js';
import { type ClientSettings, clientSettings, type PixazoClientOptions } from './options.js';
import { cleanText } from './redact.js';
import {
  isConnectError,
  isPermanentNetworkError,
  isResponsePhaseError,
  RetryableError,
  type RetryLogger,
  withRetry,
} from './retry.js';
import { parseStatus, parseSubmitAnswer } from './status.js';
import {
  type CallOptions,
  type DownloadResult,
  type Gateway,
  GatewayError,
  RateLimitedError,
  type StatusResult,
  type SubmitResult,
} from './types.js';

export type { PixazoClientOptions } from './options.js';

/**
 * Media downloads at once, whatever the number of requests in flight. Each open download holds its
 * socket and stream buffers, and the buffers it has finished with wait for V8's next collection of
 * memory outside its heap: 60 downloads at once peaked at 227 MB where 4 peaked at 184 MB (bench
 * section 7). Four saturate a runner's network for images of a few MB; more only take memory.
 */
export const DOWNLOADS_AT_ONCE = 4;

/** The Pixazo gateway over HTTP. See the Gateway interface for the contract of each method. */
export class PixazoClient implements Gateway {
  readonly #s: ClientSettings;
  readonly #secrets: readonly string[];
  readonly #names: SettingNames | undefined;
  readonly #dispatcher: Dispatcher;
  readonly #clock: Clock;
  readonly #log: RetryLogger;
  readonly #downloads = new Semaphore(DOWNLOADS_AT_ONCE);

  constructor(opts: PixazoClientOptions) {
    this.#s = clientSettings(opts);
    this.#secrets = [this.#s.key];
    this.#names = opts.names;
    this.#log = opts.logger ?? silentLogger;
    if (this.#s.plainHttp)
      this.#log.warning(`gateway-url ${this.#s.origin} is plain http: the API key travels unencrypted`);
    // Honours HTTP_PROXY/HTTPS_PROXY/NO_PROXY; loopback is proxied too unless NO_PROXY names it.
    this.#dispatcher = opts.dispatcher ?? new EnvHttpProxyAgent();
    this.#clock = opts.clock ?? realClock;
  }

  /**
   * POSTs a generate request. Retried, because the gateway surely did not accept them: 408, 429,
   * a 500/503 carrying the gateway's own JSON error, and failures before the request was fully
   * written (refused connection, DNS, connect timeout). Whatever may have been accepted and
   * charged — a reset or timeout after sending, 502/504, any other 5xx (a proxy's page), a 2xx
   * without a request_id — is 'outcome-unknown', never repeated unless `retryUnknownSubmits`.
   * Final: 400 'bad-request' (or 'model-unavailable'), 401/403 'auth', 402 'balance'.
   *
   * Cancelling (`signal`) stops retries, but never aborts an attempt already sent: its answer is
   * awaited for `graceMs` more (the request id of a job the gateway accepted is worth waiting for);
   * only an answer that does not come by then is an unknown outcome.
   */
  async submit(
    path: string,
    body: Readonly<Record<string, unknown>>,
    { signal, graceMs = 5000, onRateLimit, handOverRateLimits }: CallOptions = {},
  ): Promise<SubmitResult> {
    const url = this.#url(path);
    const payload = JSON.stringify(body);
    const subject = `submit ${path}`;
    const run = { clock: this.#clock, policy: this.#s.policy, label: subject, signal, logger: this.#log };
    // Answers lost after sending: each of those submits may have been accepted and charged, so the
    // count travels with the result (or the final error) for the report.
    let lost = 0;
    try {
      const res = await withRetry(run, async (n) => {
        const grace = graceSignal(signal, graceMs);
        try {
          return await this.#submitOnce(url, payload, subject, n, grace.signal);
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

  async #submitOnce(
    url: URL,
    payload: string,
    subject: string,
    n: number,
    caller?: AbortSignal,
  ): Promise<SubmitResult> {
    let sent = false;
    const dispatcher = trackSent(this.#dispatcher, () => {
      sent = true;
    });
    const { signal, deadline } = attemptSignal(this.#s.timeoutMs, caller);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: 'POST',
        headers: this.#headers(url, true),
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
        throw this.#unknownOutcome(subject, 'the run was cancelled and no answer came in time', n, false);
      }
      const what = deadline.aborted
        ? `no answer within ${this.#s.timeoutMs} ms`
        : describeNetworkError(err, this.#secrets);
      if (!notSent) throw this.#unknownOutcome(subject, what, n);
      const error = new GatewayError('transient', `${subject}: ${what} (request not sent)`);
      throw isPermanentNetworkError(err) && !deadline.aborted ? error : new RetryableError(error);
    }
    const { statusCode, headers, body } = res;
    if (statusCode < 200 || statusCode >= 300) {
      const text = await readTextQuietly(body);
      if (mayHaveAccepted(statusCode, text)) {
        const said = gatewayMessage(text, this.#secrets);
        throw this.#unknownOutcome(subject, `HTTP ${statusCode}${said ? `: ${said}` : ''}`, n);
      }
      throw httpFailure(statusCode, headers, text, this.#answerContext('submit', subject));
    }
    // Accepted: the request_id is the only handle on a job we may be paying for; losing it here
    // is as bad as losing the whole answer.
    let text: string;
    try {
      text = await readText(body);
    } catch (err) {
      if (caller?.aborted)
        throw this.#unknownOutcome(subject, 'the run was cancelled while reading the answer', n, false);
      throw this.#unknownOutcome(
        subject,
        `HTTP ${statusCode}, body lost: ${describeNetworkError(err, this.#secrets)}`,
        n,
      );
    }
    const requestId = parseSubmitAnswer(text);
    if (requestId === undefined) {
      const shown = cleanText(text, this.#secrets, 200) || '(empty)';
      throw this.#unknownOutcome(subject, `HTTP ${statusCode} without a request_id: ${shown}`, n);
    }
    // An impossible answer: a request id holding the key would carry the key into the lockfile,
    // the logs and the status URL. Never used, never repeated: the submit may have been charged.
    if (this.#secrets.some((secret) => secret.length > 0 && requestId.includes(secret)))
      throw new GatewayError(
        'outcome-unknown',
        `${subject}: impossible gateway answer: its request_id contains the API key (not stored); the gateway may have accepted and charged it`,
      );
    return { requestId, attempts: n };
  }

  /**
   * GETs a request's status, validated. Everything transient is retried (the call is
   * idempotent): network errors, timeouts, 408/429/5xx, unparseable or off-protocol answers —
   * never past `deadline` (the caller's poll-timeout). Final: 404 'not-found', 401/403 'auth';
   * off-protocol after all retries: 'protocol'.
   */
  async status(
    requestId: string,
    { signal, deadline, onRateLimit }: CallOptions = {},
  ): Promise<StatusResult> {
    const url = this.#url(STATUS_PATH + encodeURIComponent(requestId));
    const subject = `request ${cleanText(requestId, this.#secrets, 200)}`;
    const run = {
      clock: this.#clock,
      policy: this.#s.policy,
      label: `status of ${subject}`,
      signal,
      logger: this.#log,
      deadline,
    };
    // A 429 here slows this request's polling only (it waits its Retry-After); it is counted.
    return withRetry(run, () =>
      this.#statusOnce(url, requestId, subject, signal, deadline).catch((err: unknown) => {
        const limited = rateLimitOf(err);
        if (limited) onRateLimit?.(limited.retryAfterMs);
        throw err;
      }),
    );
  }

  async #statusOnce(
    url: URL,
    requestId: string,
    subject: string,
    caller: AbortSignal | undefined,
    until: number | undefined,
  ): Promise<StatusResult> {
    const timeoutMs = Math.max(1, Math.min(this.#s.timeoutMs, (until ?? Infinity) - this.#clock.now()));
    const { signal, deadline } = attemptSignal(timeoutMs, caller);
    const net = { subject, kind: 'transient', secrets: this.#secrets, caller, deadline, timeoutMs } as const;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: 'GET',
        headers: this.#headers(url, false),
        dispatcher: this.#dispatcher,
        signal,
      });
    } catch (err) {
      throw networkFailure(err, net);
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const errorText = await readTextQuietly(res.body);
      throw httpFailure(res.statusCode, res.headers, errorText, this.#answerContext('status', subject));
    }
    let text: string;
    try {
      text = await readText(res.body);
    } catch (err) {
      throw networkFailure(err, net);
    }
    const result = parseStatus(text, requestId, this.#secrets);
    // Garbled or off-protocol answers are retried: a proxy hiccup is likelier than a changed API.
    if (typeof result === 'string')
      throw new RetryableError(
        new GatewayError('protocol', `status of ${subject}: ${result}`, res.statusCode),
      );
    return result;
  }

  /**
   * Streams a media URL to `dest` and verifies it; see `downloadImage`. Never sends the API key:
   * that code path is not given it. At most `DOWNLOADS_AT_ONCE` run at once; the others wait their
   * turn (first come, first served) before their timeout starts.
   */
  download(url: string, dest: string, expected: OutputFormat, signal?: AbortSignal): Promise<DownloadResult> {
    return this.#downloads.run(() => this.#download(url, dest, expected, signal));
  }

  #download(
    url: string,
    dest: string,
    expected: OutputFormat,
    signal?: AbortSignal,
  ): Promise<DownloadResult> {
    return downloadImage(
      {
        dispatcher: this.#dispatcher,
        clock: this.#clock,
        policy: this.#s.policy,
        logger: this.#log,
        maxBytes: this.#s.maxImageBytes,
        allowHttp: this.#s.allowHttpMedia,
        timeoutMs: this.#s.downloadTimeoutMs,
        secrets: this.#secrets,
        names: this.#names,
      },
      url,
      dest,
      expected,
      signal,
    );
  }

  /** What a failed answer's message is made with: the call, its subject, the secrets it must not show. */
  #answerContext(op: Operation, subject: string): AnswerContext {
    return { op, subject, secrets: this.#secrets, nowMs: this.#clock.now(), names: this.#names };
  }

  /** A gateway URL from a path; the path must stay on the gateway's origin. */
  #url(path: string): URL {
    if (!path.startsWith('/')) throw new Error(`gateway path must start with '/': ${path}`);
    return new URL(this.#s.base + path);
  }

  /**
   * The gateway headers, key included. Refuses any origin but the gateway's, so no future caller
   * can route the key to a media host or a URL built from untrusted input (`@evil.example/`).
   */
  #headers(url: URL, isSubmit: boolean): Record<string, string> {
    if (url.origin !== this.#s.origin) throw new Error(`refusing to send the API key to ${url.origin}`);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache',
      'Ocp-Apim-Subscription-Key': this.#s.key,
    };
    if (isSubmit && this.#s.webhookUrl) headers['X-Webhook-URL'] = this.#s.webhookUrl;
    return headers;
  }

  /**
   * The submit may have been accepted (and charged) but we do not know: final, unless the user
   * opted into resubmitting (`retryable` is false for a cancel: nothing is resubmitted then).
   * `n` is the attempt that failed, so the warning is only given when a resubmit will follow.
   */
  #unknownOutcome(subject: string, what: string, n: number, retryable = true): GatewayError | RetryableError {
    const error = new GatewayError(
      'outcome-unknown',
      `${subject}: the answer was lost after the request was sent (${what}); the gateway may have accepted and charged it`,
    );
    if (!retryable || !this.#s.retryUnknown) return error;
    if (n < this.#s.policy.maxAttempts)
      this.#log.warning(
        `${error.message}; resubmitting because ${(this.#names ?? ACTION_NAMES)('retry-unknown-submits')} is on (may be charged twice)`,
      );
    return new RetryableError(error);
  }
}

/** An attempt that ended with the submit's answer lost after it was sent (retried or not). */
function isLostAnswer(err: unknown): boolean {
  const e = err instanceof RetryableError ? err.error : err;
  return e instanceof GatewayError && e.kind === 'outcome-unknown';
}
