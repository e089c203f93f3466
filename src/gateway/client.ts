/**
 * The Pixazo gateway client: submit (the paid POST), status (idempotent GET) and media download,
 * all through one retry policy and an injectable undici dispatcher and clock. Each call lives in
 * its own module (submit-call, status-call, download); this class is the Gateway they make up.
 */
import type { OutputFormat } from '../models/registry.js';
import { Semaphore } from '../shared/semaphore.js';
import { type GatewayCall, gatewayCall } from './call.js';
import { downloadImage } from './download.js';
import type { PixazoClientOptions } from './options.js';
import { statusCall } from './status-call.js';
import { submitCall } from './submit-call.js';
import type { CallOptions, DownloadResult, Gateway, StatusResult, SubmitResult } from './types.js';

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
  readonly #c: GatewayCall;
  readonly #downloads = new Semaphore(DOWNLOADS_AT_ONCE);

  constructor(opts: PixazoClientOptions) {
    this.#c = gatewayCall(opts);
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
  submit(path: string, body: Readonly<Record<string, unknown>>, opts?: CallOptions): Promise<SubmitResult> {
    return submitCall(this.#c, path, body, opts);
  }

  /**
   * GETs a request's status, validated. Everything transient is retried (the call is
   * idempotent): network errors, timeouts, 408/429/5xx, unparseable or off-protocol answers —
   * never past `deadline` (the caller's poll-timeout). Final: 404 'not-found', 401/403 'auth';
   * off-protocol after all retries: 'protocol'.
   */
  status(requestId: string, opts?: CallOptions): Promise<StatusResult> {
    return statusCall(this.#c, requestId, opts);
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
    const c = this.#c;
    return downloadImage(
      {
        dispatcher: c.dispatcher,
        clock: c.clock,
        policy: c.s.policy,
        logger: c.log,
        maxBytes: c.s.maxImageBytes,
        allowHttp: c.s.allowHttpMedia,
        timeoutMs: c.s.downloadTimeoutMs,
        secrets: c.secrets,
        names: c.names,
      },
      url,
      dest,
      expected,
      signal,
    );
  }
}
