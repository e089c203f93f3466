export const id = 641;
export const ids = [641];
export const modules = {

/***/ 4641:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PixazoClient: () => (/* binding */ PixazoClient)
});

// UNUSED EXPORTS: DOWNLOADS_AT_ONCE

// EXTERNAL MODULE: ./src/shared/semaphore.ts
var semaphore = __webpack_require__(5627);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(4371);
// EXTERNAL MODULE: ./src/shared/clock.ts
var clock = __webpack_require__(6103);
;// CONCATENATED MODULE: ./src/shared/logger.ts
/** Says nothing: the default where logging is optional. */
const silentLogger = { debug() { }, info() { }, warning() { } };

// EXTERNAL MODULE: ./src/shared/backoff.ts
var backoff = __webpack_require__(9393);
// EXTERNAL MODULE: ./src/shared/bytes.ts
var bytes = __webpack_require__(2250);
// EXTERNAL MODULE: ./src/shared/settings.ts
var settings = __webpack_require__(7564);
;// CONCATENATED MODULE: ./src/gateway/options.ts



/** True for `http://127.x.x.x`, `http://localhost` and `http://[::1]`: the gateway is local (tests). */
function isLoopbackHttp(url) {
    return (url.protocol === 'http:' &&
        (url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)));
}
function clientSettings(opts) {
    const base = new URL(opts.baseUrl);
    if (base.protocol !== 'https:' && base.protocol !== 'http:')
        throw new Error(`${(opts.names ?? settings/* ACTION_NAMES */.G)('gateway-url')} must be http(s): ${opts.baseUrl}`);
    // Secrets pasted into a settings page often carry a trailing newline.
    const key = opts.apiKey.trim();
    if (!key)
        throw new Error('PixazoClient needs an API key');
    if (opts.webhookUrl !== undefined && !/^https?:\/\//.test(opts.webhookUrl))
        throw new Error(`${(opts.names ?? settings/* ACTION_NAMES */.G)('webhook-url')} must be an http(s) URL`);
    const allowHttpMedia = isLoopbackHttp(base);
    return {
        // A stray query or fragment would swallow the appended paths.
        base: (base.origin + base.pathname).replace(/\/+$/, ''),
        origin: base.origin,
        key,
        plainHttp: base.protocol === 'http:' && !allowHttpMedia,
        allowHttpMedia,
        webhookUrl: opts.webhookUrl,
        policy: (0,backoff/* retryPolicy */.Jb)({ ...opts.retry, maxAttempts: opts.maxAttempts ?? opts.retry?.maxAttempts }),
        retryUnknown: opts.retryUnknownSubmits ?? false,
        maxImageBytes: positive(opts.maxImageBytes ?? (0,bytes/* parseBytes */.z)((0,settings/* defaultOf */.HA)('max-image-bytes')), 'maxImageBytes'),
        timeoutMs: positive(opts.requestTimeoutMs ?? 60_000, 'requestTimeoutMs'),
        downloadTimeoutMs: positive(opts.downloadTimeoutMs ?? 300_000, 'downloadTimeoutMs'),
    };
}
function positive(n, name) {
    if (!Number.isFinite(n) || n <= 0)
        throw new RangeError(`${name} must be a positive number`);
    return n;
}

;// CONCATENATED MODULE: ./src/gateway/call.ts
/**
 * What every call to the gateway is made with (settings, secrets, dispatcher, clock, logger), and
 * the one place a gateway request gets its URL and its headers — the API key among them.
 */




/** The means of calling the gateway that `opts` describe; warns once when the key would travel in clear. */
function gatewayCall(opts) {
    const s = clientSettings(opts);
    const log = opts.logger ?? silentLogger;
    if (s.plainHttp)
        log.warning(`gateway-url ${s.origin} is plain http: the API key travels unencrypted`);
    return {
        s,
        secrets: [s.key],
        names: opts.names,
        // Honours HTTP_PROXY/HTTPS_PROXY/NO_PROXY; loopback is proxied too unless NO_PROXY names it.
        dispatcher: opts.dispatcher ?? new undici/* EnvHttpProxyAgent */.J2(),
        clock: opts.clock ?? clock/* realClock */.d,
        log,
    };
}
/** A gateway URL from a path; the path must stay on the gateway's origin. */
function gatewayUrl(c, path) {
    if (!path.startsWith('/'))
        throw new Error(`gateway path must start with '/': ${path}`);
    return new URL(c.s.base + path);
}
/**
 * The gateway headers, key included. Refuses any origin but the gateway's, so no future caller
 * can route the key to a media host or a URL built from untrusted input (`@evil.example/`).
 */
function gatewayHeaders(c, url, isSubmit) {
    if (url.origin !== c.s.origin)
        throw new Error(`refusing to send the API key to ${url.origin}`);
    const headers = {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-cache',
        'Ocp-Apim-Subscription-Key': c.s.key,
    };
    if (isSubmit && c.s.webhookUrl)
        headers['X-Webhook-URL'] = c.s.webhookUrl;
    return headers;
}
/** What a failed answer's message is made with: the call, its subject, the secrets it must not show. */
function answerContext(c, op, subject) {
    return { op, subject, secrets: c.secrets, nowMs: c.clock.now(), names: c.names };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/images/verify.ts + 6 modules
var images_verify = __webpack_require__(5069);
// EXTERNAL MODULE: ./src/shared/redact.ts
var redact = __webpack_require__(8932);
;// CONCATENATED MODULE: ./src/gateway/redact.ts
/**
 * One-line scrubbing of text that came from outside (gateway error messages, network error texts)
 * before it becomes part of a message. The secrets come from the one redactor (src/shared/redact.ts),
 * which every sink applies anyway; this keeps the one-line role (control characters, length) and
 * redacts *before* truncating, so a key cut in half cannot leave its beginning visible.
 */

/** Longest gateway-originated text we repeat; enough for any real error message. */
const MAX_MESSAGE_CHARS = 500;
/**
 * Replaces the registered secrets, and `extra` ones (a client's own key, for code that runs without
 * the action's or the CLI's registration, e.g. tests), in every form the one redactor knows.
 */
function redact_redact(text, extra = []) {
    const local = new redact/* Redactor */.pO();
    for (const secret of extra)
        local.addKey(secret);
    return local.redact((0,redact/* redact */.E$)(text));
}
/**
 * Makes untrusted text safe to echo in one log line: redacts the secrets *first* (truncating first
 * could cut a key in half and leave its beginning visible), turns control characters into spaces
 * (a newline followed by `::` would be read by the Actions runner as a workflow command), collapses
 * whitespace and truncates to `max` characters.
 */
function cleanText(text, secrets = [], max = MAX_MESSAGE_CHARS) {
    const flat = redact_redact(text, secrets)
        .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// EXTERNAL MODULE: ./src/shared/words.ts
var words = __webpack_require__(152);
// EXTERNAL MODULE: ./src/gateway/types.ts
var types = __webpack_require__(6479);
;// CONCATENATED MODULE: ./src/gateway/retry.ts
/**
 * The retry loop of the gateway client: attempts spaced by the shared backoff schedule
 * (`shared/backoff.ts`), `Retry-After` parsed here, time taken from an injected `Clock` so tests
 * can assert the exact schedule, abortable through an AbortSignal. Also the rules for which
 * failures are worth another attempt.
 */



/**
 * Parses a `Retry-After` header into milliseconds from `nowMs`: delta-seconds (`120`) or an
 * HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`). Returns undefined when absent or unparseable, so the
 * caller falls back to backoff. A date in the past yields 0.
 */
function parseRetryAfter(value, nowMs) {
    const raw = (Array.isArray(value) ? value[0] : value)?.trim();
    if (!raw)
        return undefined;
    if (/^\d+$/.test(raw))
        return Number(raw) * 1000;
    // Every HTTP-date form starts with a day name; requiring it keeps Date.parse from reading
    // things like "1.5" as a calendar date.
    if (!/^[A-Za-z]{3}/.test(raw))
        return undefined;
    const at = Date.parse(raw);
    return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
/**
 * Thrown by an attempt to ask for another one. `error` is what the caller gets if retries run out;
 * `retryAfterMs` is the server's requested wait, if any.
 */
class RetryableError extends Error {
    error;
    retryAfterMs;
    name = 'RetryableError';
    constructor(error, retryAfterMs) {
        super(error.message);
        this.error = error;
        this.retryAfterMs = retryAfterMs;
    }
}
/**
 * Runs `attempt(n)` (n from 1) until it returns, throws a GatewayError (final: rethrown with the
 * attempt count), or has thrown RetryableError `maxAttempts` times or until the next wait would
 * reach `deadline` (then the last wrapped error is
 * thrown as a GatewayError carrying the count, and a warning is logged). Waits between attempts go
 * through `clock.sleep` with the signal, so cancelling ends the wait at once with kind 'aborted'.
 */
async function withRetry(run, attempt) {
    const { policy, logger, label, signal } = run;
    for (let n = 1;; n++) {
        if (signal?.aborted)
            throw new types/* GatewayError */.F('aborted', `${label}: cancelled`, undefined, n - 1);
        logger?.debug(`${label}: attempt ${n}/${policy.maxAttempts}`);
        try {
            return await attempt(n);
        }
        catch (err) {
            if (err instanceof types/* GatewayError */.F)
                throw withAttempts(err, n);
            if (!(err instanceof RetryableError))
                throw err;
            const last = err.error;
            const delay = (0,backoff/* retryDelay */.a2)(n - 1, err.retryAfterMs, run.clock, policy);
            const late = run.deadline !== undefined && run.clock.now() + delay >= run.deadline;
            if (n >= policy.maxAttempts || late) {
                logger?.warning(`${label}: giving up after ${(0,words/* plural */.L)(n, 'attempt')}: ${last.message}`);
                throw new types/* GatewayError */.F(last.kind, `${last.message} (gave up after ${(0,words/* plural */.L)(n, 'attempt')}${late && n < policy.maxAttempts ? ', at the deadline' : ''})`, last.httpStatus, n);
            }
            logger?.debug(`${label}: attempt ${n} failed (${last.message}); retrying in ${delay} ms`);
            try {
                await run.clock.sleep(delay, signal);
            }
            catch (sleepErr) {
                if (signal?.aborted)
                    throw new types/* GatewayError */.F('aborted', `${label}: cancelled`, undefined, n);
                throw sleepErr;
            }
        }
    }
}
function withAttempts(err, attempts) {
    if (err.attempts === attempts)
        return err;
    return new types/* GatewayError */.F(err.kind, err.message, err.httpStatus, attempts, err.lostAnswers);
}
/** HTTP statuses worth retrying: the server says "not now" (408, 429) or failed itself (5xx). */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || (status >= 500 && status <= 599);
}
/** The `code` of a Node / undici error (or of its `cause`), if any. */
function errorCode(err) {
    if (typeof err !== 'object' || err === null)
        return undefined;
    const code = err.code;
    if (typeof code === 'string')
        return code;
    const cause = err.cause;
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
function isConnectError(err) {
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
function isResponsePhaseError(err) {
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
function isPermanentNetworkError(err) {
    const code = errorCode(err) ?? '';
    return (PERMANENT_CODES.has(code) ||
        ['ERR_TLS_CERT', 'CERT_', 'UNABLE_TO_'].some((prefix) => code.startsWith(prefix)) ||
        code.includes('SELF_SIGNED'));
}

;// CONCATENATED MODULE: ./src/gateway/errors.ts




/**
 * The gateway's explanation from an error body. The documented shape is
 * `{"error": "Model not found", "message": "Model '…' not found or is disabled"}`, rendered as
 * `Model not found: Model '…' not found or is disabled`; other bodies are quoted as text. Always
 * redacted, single-line and truncated.
 */
function gatewayMessage(text, secrets) {
    let said = text;
    try {
        const json = JSON.parse(text);
        if (json && typeof json === 'object') {
            const { error, message, detail } = json;
            const parts = [error, message ?? detail].filter((p) => typeof p === 'string' && p.trim() !== '');
            if (parts.length === 2 && parts[1].startsWith(parts[0]))
                parts.shift();
            if (parts.length > 0)
                said = parts.join(': ');
        }
    }
    catch {
        // Not JSON: quote the raw text (a proxy's HTML error page, say), cleaned below.
    }
    return cleanText(said, secrets);
}
/** The gateway's own error body: a JSON object with an `error` string (the documented shape). */
function isGatewayErrorBody(text) {
    try {
        const json = JSON.parse(text);
        return (typeof json === 'object' && json !== null && typeof json.error === 'string');
    }
    catch {
        return false;
    }
}
/**
 * A failed submit answer that may still mean "accepted and charged": 502/504 (a proxy lost the
 * gateway's answer), or any other 5xx without the gateway's own JSON error body (a proxy's page).
 * A 500/503 in the gateway's own words says it did not take the job.
 */
function mayHaveAccepted(status, body) {
    if (status < 500 || status > 599)
        return false;
    if (status === 502 || status === 504)
        return true;
    return !isGatewayErrorBody(body);
}
/** The gateway's documented 400 for a model it does not serve now: says nothing about the prompt. */
function isModelUnavailable(text) {
    return /not found or is disabled/i.test(text) || /"error"\s*:\s*"Model not found"/i.test(text);
}
/**
 * Maps a non-success HTTP answer. Retryable: 408, 429 and 5xx (with their `Retry-After`; a submit
 * checks `mayHaveAccepted` first). Final: 400 on submit → 'bad-request' ('model-unavailable' for
 * the gateway's "not found or is disabled"); 401/403 → 'auth'; 402 → 'balance'; 404 on status → 'not-found';
 * anything else → 'protocol' (or 'download' for media).
 */
function httpFailure(status, headers, body, ctx) {
    const said = gatewayMessage(body, ctx.secrets);
    const detail = `HTTP ${status}${said ? `: ${said}` : ''}`;
    if (isRetryableStatus(status)) {
        const kind = ctx.op === 'download' ? 'download' : 'transient';
        return new RetryableError(new types/* GatewayError */.F(kind, `${ctx.subject}: ${detail}`, status), parseRetryAfter(headers['retry-after'], ctx.nowMs));
    }
    if (ctx.op === 'download')
        return new types/* GatewayError */.F('download', `${ctx.subject}: ${detail}`, status);
    if (status === 400 && ctx.op === 'submit')
        return new types/* GatewayError */.F(isModelUnavailable(body) ? 'model-unavailable' : 'bad-request', said || detail, status);
    if (status === 401 || status === 403)
        return new types/* GatewayError */.F('auth', `the gateway refused the API key (${detail}): check ${(ctx.names ?? settings/* ACTION_NAMES */.G)('api-key')}`, status);
    if (status === 402)
        return new types/* GatewayError */.F('balance', `insufficient balance (${detail}): top up the Pixazo wallet`, status);
    if (status === 404 && ctx.op === 'status')
        return new types/* GatewayError */.F('not-found', `${ctx.subject} is unknown to the gateway (${detail})`, status);
    const hint = status === 404 ? ` (check ${(ctx.names ?? settings/* ACTION_NAMES */.G)('gateway-url')})` : '';
    return new types/* GatewayError */.F('protocol', `${ctx.subject}: unexpected ${detail}${hint}`, status);
}
/** The `Retry-After` (ms) of a 429 the classification above made retryable; undefined when it is not one. */
function rateLimitOf(err) {
    if (err instanceof RetryableError && err.error.httpStatus === 429)
        return { retryAfterMs: err.retryAfterMs };
    return undefined;
}
/** One line describing a network-level failure, e.g. `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9`. */
function describeNetworkError(err, secrets) {
    const code = errorCode(err);
    const message = err instanceof Error ? err.message : String(err);
    const text = code && !message.includes(code) ? `${code}: ${message}` : message;
    return cleanText(text || 'network error', secrets);
}
/**
 * A network failure of an idempotent call: cancelled by the caller → 'aborted'; our deadline or a
 * transient error → retry; a permanent one (bad argument, TLS certificate) → final.
 */
function networkFailure(err, ctx) {
    if (ctx.caller?.aborted)
        return new types/* GatewayError */.F('aborted', `${ctx.subject}: cancelled`);
    const what = ctx.deadline.aborted
        ? `no complete answer within ${ctx.timeoutMs} ms`
        : describeNetworkError(err, ctx.secrets);
    const error = new types/* GatewayError */.F(ctx.kind, `${ctx.subject}: ${what}`);
    return !ctx.deadline.aborted && isPermanentNetworkError(err) ? error : new RetryableError(error);
}

;// CONCATENATED MODULE: ./src/gateway/http.ts
/**
 * Forwards every callback to the wrapped handler and reports `onRequestSent`: undici calls it once
 * the request line, headers and body have been handed to the socket. Before that moment the server
 * cannot have received a complete request, so it cannot have accepted (or charged) it.
 */
class SentTracker {
    inner;
    onSent;
    constructor(inner, onSent) {
        this.inner = inner;
        this.onSent = onSent;
    }
    onRequestStart(controller, context) {
        this.inner.onRequestStart?.(controller, context);
    }
    onRequestUpgrade(...args) {
        this.inner.onRequestUpgrade?.(...args);
    }
    onResponseStart(...args) {
        this.inner.onResponseStart?.(...args);
    }
    onResponseData(controller, chunk) {
        this.inner.onResponseData?.(controller, chunk);
    }
    onResponseEnd(controller, trailers) {
        this.inner.onResponseEnd?.(controller, trailers);
    }
    onResponseError(controller, error) {
        this.inner.onResponseError?.(controller, error);
    }
    onResponseStarted() {
        this.inner.onResponseStarted?.();
    }
    onBodySent(chunk) {
        this.inner.onBodySent?.(chunk);
    }
    onRequestSent() {
        this.onSent();
        this.inner.onRequestSent?.();
    }
}
/**
 * A view of `dispatcher` that calls `onSent` when a request has been fully written. Compose is
 * cheap (a proxy), so each submit gets its own tracker instead of sharing state across requests.
 */
function trackSent(dispatcher, onSent) {
    return dispatcher.compose((dispatch) => (opts, handler) => dispatch(opts, new SentTracker(handler, onSent)));
}
/** Cap on JSON answers (submit, status, error bodies): real ones are well under 10 KiB. */
const MAX_JSON_BYTES = 1024 * 1024;
/**
 * Reads a response body as UTF-8, refusing more than `maxBytes` (the stream is destroyed then, so
 * a hostile or broken server cannot make us buffer without bound). Rejects on network errors.
 */
async function readText(body, maxBytes = MAX_JSON_BYTES) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > maxBytes) {
            body.destroy();
            throw new Error(`response body larger than ${maxBytes} bytes`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}
/** Like readText, for error answers whose body is only informative: '' when it cannot be read. */
async function readTextQuietly(body) {
    try {
        return await readText(body, 64 * 1024);
    }
    catch {
        return '';
    }
}
/** Discards a body we do not need, so the connection can be reused; never throws. */
async function discard(body) {
    await body.dump().catch(() => undefined);
}
/**
 * The signal for one attempt: the per-attempt deadline combined with the caller's signal. The
 * deadline is part of the returned pair so callers can tell "we gave up waiting" from "cancelled".
 */
function attemptSignal(timeoutMs, caller) {
    const deadline = AbortSignal.timeout(timeoutMs);
    return { signal: caller ? AbortSignal.any([deadline, caller]) : deadline, deadline };
}
/**
 * A signal that aborts `graceMs` after `caller` does: an attempt already sent outlives a
 * cancellation by that much, so the answer of a request the gateway may have accepted still
 * arrives. `dispose` when the attempt is over.
 */
function graceSignal(caller, graceMs) {
    if (!caller)
        return { signal: undefined, dispose: () => undefined };
    const grace = new AbortController();
    let timer;
    const start = () => {
        timer = setTimeout(() => grace.abort(caller.reason), graceMs);
    };
    if (caller.aborted)
        start();
    else
        caller.addEventListener('abort', start, { once: true });
    return {
        signal: grace.signal,
        dispose: () => {
            caller.removeEventListener('abort', start);
            clearTimeout(timer);
        },
    };
}
/** The first value of a header that may be repeated. */
function headerValue(v) {
    return Array.isArray(v) ? v[0] : v;
}

;// CONCATENATED MODULE: ./src/gateway/download.ts
/**
 * Media download: streams a generated image to a temp file while hashing, counting and sniffing
 * it, never holding it whole in memory and never sending the API key (this path has no access to
 * it). Transient failures are retried; a failed attempt always removes the partial file.
 */












const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
// No Ocp-Apim-Subscription-Key here, by construction. Identity encoding: the bytes we count and
// hash must be the image itself.
const MEDIA_HEADERS = { 'Accept-Encoding': 'identity' };
/** A check the bytes failed that another attempt would fail the same way (the size cap): final. */
class VerifyError extends Error {
}
/** Host and path of a media URL for messages: the query may hold a signature and stays out of logs. */
function describeUrl(u) {
    return `${u.host}${u.pathname}`;
}
/**
 * Parses and vets a media URL: https always, http only when `allowHttp`. Throws
 * GatewayError('download') otherwise.
 */
function checkMediaUrl(raw, allowHttp) {
    let u;
    try {
        u = new URL(raw);
    }
    catch {
        throw new types/* GatewayError */.F('download', `not a valid media URL: ${cleanText(raw, [], 200)}`);
    }
    if (u.protocol === 'https:' || (u.protocol === 'http:' && allowHttp))
        return u;
    throw new types/* GatewayError */.F('download', `refusing to download ${u.protocol}//${describeUrl(u)}: media URLs must be https (plain http only when the gateway itself is loopback http)`);
}
function parseLength(v) {
    const raw = headerValue(v);
    return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
}
/**
 * Downloads `url` to `dest` and verifies it (scheme, size cap, announced length, and the image
 * verifier: a complete image of `expected`). Retries 408/429/5xx, resets, timeouts, truncated
 * bodies and damaged containers with the policy; size and format failures are final. Throws GatewayError('download') (or 'aborted').
 */
async function downloadImage(o, url, dest, expected, signal) {
    const first = checkMediaUrl(url, o.allowHttp);
    const subject = `image ${describeUrl(first)}`;
    return withRetry({ clock: o.clock, policy: o.policy, label: `download ${describeUrl(first)}`, signal, logger: o.logger }, async () => {
        try {
            return await attempt(o, first, dest, expected, subject, signal);
        }
        catch (err) {
            // Whatever happened, no partial file survives an attempt.
            await (0,promises_.rm)(dest, { force: true }).catch(() => undefined);
            throw err;
        }
    });
}
async function attempt(o, first, dest, expected, subject, caller) {
    const { signal, deadline } = attemptSignal(o.timeoutMs, caller);
    const net = {
        subject,
        kind: 'download',
        secrets: o.secrets,
        caller,
        deadline,
        timeoutMs: o.timeoutMs,
    };
    let target = first;
    for (let hop = 0;; hop++) {
        let res;
        try {
            res = await (0,undici/* request */.Em)(target, {
                method: 'GET',
                headers: MEDIA_HEADERS,
                dispatcher: o.dispatcher,
                signal,
            });
        }
        catch (err) {
            throw networkFailure(err, net);
        }
        const { statusCode, headers, body } = res;
        const location = headerValue(headers.location);
        if (REDIRECTS.has(statusCode) && location) {
            await discard(body);
            if (hop >= MAX_REDIRECTS)
                throw new types/* GatewayError */.F('download', `${subject}: too many redirects`, statusCode);
            // Each hop is vetted like the first: a redirect must not downgrade to plain http.
            target = checkMediaUrl(new URL(location, target).href, o.allowHttp);
            continue;
        }
        if (statusCode !== 200) {
            const text = await readTextQuietly(body);
            throw httpFailure(statusCode, headers, text, {
                op: 'download',
                subject,
                secrets: o.secrets,
                nowMs: o.clock.now(),
            });
        }
        const announced = parseLength(headers['content-length']);
        if (announced !== undefined && announced > o.maxBytes) {
            await discard(body);
            throw new types/* GatewayError */.F('download', `${subject}: ${announced} bytes announced, over the limit of ${o.maxBytes} (${(o.names ?? settings/* ACTION_NAMES */.G)('max-image-bytes')})`);
        }
        return await save(o, body, dest, expected, announced, net);
    }
}
async function save(o, body, dest, expected, announced, net) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    // The one verifier of complete images, fed as the bytes stream by: nothing is held in memory.
    const image = new images_verify/* ImageVerifier */.OC(expected);
    let bytes = 0;
    async function* verify(source) {
        for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > o.maxBytes)
                throw new VerifyError(`larger than the limit of ${o.maxBytes} bytes (${(o.names ?? settings/* ACTION_NAMES */.G)('max-image-bytes')})`);
            image.push(chunk);
            hash.update(chunk);
            yield chunk;
        }
    }
    // Opening first means the file exists before any byte arrives, so the cleanup after a failure
    // cannot race a lazily opened stream that would re-create it.
    const file = await (0,promises_.open)(dest, 'w');
    try {
        await (0,external_node_stream_promises_.pipeline)(body, verify, file.createWriteStream());
    }
    catch (err) {
        await file.close().catch(() => undefined);
        if (err instanceof VerifyError)
            throw new types/* GatewayError */.F('download', `${net.subject}: ${err.message}`);
        if (err instanceof images_verify/* ImageVerifyError */.BH)
            throw verifyFailure(err, net.subject);
        throw networkFailure(err, net);
    }
    if (announced !== undefined && bytes !== announced)
        throw new RetryableError(new types/* GatewayError */.F('download', `${net.subject}: body ended after ${bytes} of ${announced} bytes`));
    let verified;
    try {
        verified = image.end();
    }
    catch (err) {
        if (err instanceof images_verify/* ImageVerifyError */.BH)
            throw verifyFailure(err, net.subject);
        throw err;
    }
    return {
        path: (0,external_node_path_.resolve)(dest),
        bytes,
        sha256: hash.digest('hex'),
        format: expected,
        dimensions: verified.dimensions,
        contentCredentials: verified.contentCredentials,
    };
}
/**
 * An image that did not verify. Another format (or no image at all) is final: the URL serves that.
 * A body that stops before the image does, or a damaged container (a bad CRC), is what a flaky
 * connection or CDN produces: retried within the policy, never written.
 */
function verifyFailure(err, subject) {
    const failure = new types/* GatewayError */.F('download', `${subject}: ${err.message}`);
    return err.failure === 'format' ? failure : new RetryableError(failure);
}

// EXTERNAL MODULE: ./src/models/registry.ts
var registry = __webpack_require__(6635);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 7 modules
var schemas = __webpack_require__(2311);
;// CONCATENATED MODULE: ./src/gateway/status.ts
/** Validation of the gateway's answers (untrusted JSON): a submit's request id, a status. */


const SubmitAnswer = schemas/* object */.Ikc({ request_id: schemas/* string */.YjP().min(1) });
/** The request id of a 2xx submit answer, or undefined when it has none (or is not JSON). */
function parseSubmitAnswer(text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    const answer = SubmitAnswer.safeParse(json);
    return answer.success ? answer.data.request_id : undefined;
}
const nullableString = schemas/* string */.YjP().nullish();
/**
 * The documented answer of `GET /v2/requests/status/{id}`. Unknown fields are ignored; the ones we
 * act on are checked, and COMPLETED must carry at least one media URL — otherwise there is nothing
 * to download and the answer is not one we can act on.
 */
const StatusSchema = schemas/* object */.Ikc({
    request_id: schemas/* string */.YjP().min(1).optional(),
    status: schemas/* enum */.k5n(['QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'ERROR']),
    error: schemas/* unknown */.L5J().optional(),
    output: schemas/* object */.Ikc({
        media_url: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
        media_type: nullableString,
    })
        .nullish(),
    created_at: nullableString,
    completed_at: nullableString,
})
    .superRefine((v, ctx) => {
    if (v.status === 'COMPLETED' && !(v.output?.media_url && v.output.media_url.length > 0))
        ctx.addIssue({
            code: 'custom',
            path: ['output', 'media_url'],
            message: 'COMPLETED without media URLs',
        });
});
/**
 * Parses a status body. Returns the result, or a one-line description of what is wrong (bad JSON,
 * schema mismatch, an answer about a different request) for the caller to retry or report.
 */
function parseStatus(text, requestId, secrets) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return `not JSON (${text.length} chars): ${cleanText(text, secrets, 120) || '(empty)'}`;
    }
    const parsed = StatusSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return `unexpected answer: ${cleanText(`${issue?.path.join('.') || '(root)'}: ${issue?.message}`, secrets, 200)}`;
    }
    const v = parsed.data;
    // A cache or proxy answering for another request would attach someone else's image to this
    // entry; better to retry and then fail loudly.
    if (v.request_id !== undefined && v.request_id !== requestId)
        return `answer is about request ${cleanText(v.request_id, secrets, 120)}`;
    const error = typeof v.error === 'string'
        ? cleanText(v.error, secrets)
        : v.error == null
            ? null
            : cleanText(JSON.stringify(v.error), secrets);
    return {
        requestId,
        status: v.status,
        error,
        mediaUrls: v.output?.media_url ?? [],
        mediaType: v.output?.media_type ?? null,
        createdAt: v.created_at ?? null,
        completedAt: v.completed_at ?? null,
    };
}

;// CONCATENATED MODULE: ./src/gateway/status-call.ts
/**
 * The status GET: idempotent, so everything transient is retried, bounded by the caller's
 * poll deadline. Answers are validated (src/gateway/status.ts) before anyone trusts them.
 */









/** `PixazoClient.status`: a request's status, validated, retried until `deadline`. */
async function statusCall(c, requestId, { signal, deadline, onRateLimit } = {}) {
    const url = gatewayUrl(c, registry/* STATUS_PATH */.ND + encodeURIComponent(requestId));
    const subject = `request ${cleanText(requestId, c.secrets, 200)}`;
    const run = {
        clock: c.clock,
        policy: c.s.policy,
        label: `status of ${subject}`,
        signal,
        logger: c.log,
        deadline,
    };
    // A 429 here slows this request's polling only (it waits its Retry-After); it is counted.
    return withRetry(run, () => statusOnce(c, url, requestId, subject, signal, deadline).catch((err) => {
        const limited = rateLimitOf(err);
        if (limited)
            onRateLimit?.(limited.retryAfterMs);
        throw err;
    }));
}
async function statusOnce(c, url, requestId, subject, caller, until) {
    const timeoutMs = Math.max(1, Math.min(c.s.timeoutMs, (until ?? Infinity) - c.clock.now()));
    const { signal, deadline } = attemptSignal(timeoutMs, caller);
    const net = { subject, kind: 'transient', secrets: c.secrets, caller, deadline, timeoutMs };
    let res;
    try {
        res = await (0,undici/* request */.Em)(url, {
            method: 'GET',
            headers: gatewayHeaders(c, url, false),
            dispatcher: c.dispatcher,
            signal,
        });
    }
    catch (err) {
        throw networkFailure(err, net);
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
        const errorText = await readTextQuietly(res.body);
        throw httpFailure(res.statusCode, res.headers, errorText, answerContext(c, 'status', subject));
    }
    let text;
    try {
        text = await readText(res.body);
    }
    catch (err) {
        throw networkFailure(err, net);
    }
    const result = parseStatus(text, requestId, c.secrets);
    // Garbled or off-protocol answers are retried: a proxy hiccup is likelier than a changed API.
    if (typeof result === 'string')
        throw new RetryableError(new types/* GatewayError */.F('protocol', `status of ${subject}: ${result}`, res.statusCode));
    return result;
}

;// CONCATENATED MODULE: ./src/gateway/submit-call.ts
/**
 * The paid POST: one submit through the retry policy, told apart by whether the gateway may have
 * accepted (and charged) it. Only what surely was not accepted is retried; a lost answer is
 * 'outcome-unknown' and counted, so the report can say a submit may have been paid for.
 */









/** `PixazoClient.submit`: POSTs `body` to `path`, retried only where nothing can have been charged. */
async function submitCall(c, path, body, { signal, graceMs = 5000, onRateLimit, handOverRateLimits } = {}) {
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
            }
            catch (err) {
                if (isLostAnswer(err))
                    lost++;
                const limited = rateLimitOf(err);
                if (limited) {
                    onRateLimit?.(limited.retryAfterMs);
                    // Surely not accepted: the caller's limiter waits it out with every other submit.
                    if (handOverRateLimits)
                        throw new types/* RateLimitedError */.T(err.message, limited.retryAfterMs, n, lost);
                }
                throw err;
            }
            finally {
                grace.dispose();
            }
        });
        return lost > 0 ? { ...res, lostAnswers: lost } : res;
    }
    catch (err) {
        // Also on a final 400/401/402 after a resubmitted lost answer: that first one may have been paid.
        if (err instanceof types/* GatewayError */.F && err.lostAnswers !== lost && !(err instanceof types/* RateLimitedError */.T))
            throw new types/* GatewayError */.F(err.kind, err.message, err.httpStatus, err.attempts, lost);
        throw err;
    }
}
async function submitOnce(c, url, payload, subject, n, caller) {
    let sent = false;
    const dispatcher = trackSent(c.dispatcher, () => {
        sent = true;
    });
    const { signal, deadline } = attemptSignal(c.s.timeoutMs, caller);
    let res;
    try {
        res = await (0,undici/* request */.Em)(url, {
            method: 'POST',
            headers: gatewayHeaders(c, url, true),
            body: payload,
            dispatcher,
            signal,
        });
    }
    catch (err) {
        // Not sent: no connection was ever made, or undici never finished writing the request (and
        // the error is not one that needs an answer in flight to happen).
        const notSent = isConnectError(err) || (!sent && !isResponsePhaseError(err));
        if (caller?.aborted) {
            if (notSent)
                throw new types/* GatewayError */.F('aborted', `${subject}: cancelled`);
            throw unknownOutcome(c, subject, 'the run was cancelled and no answer came in time', n, false);
        }
        const what = deadline.aborted
            ? `no answer within ${c.s.timeoutMs} ms`
            : describeNetworkError(err, c.secrets);
        if (!notSent)
            throw unknownOutcome(c, subject, what, n);
        const error = new types/* GatewayError */.F('transient', `${subject}: ${what} (request not sent)`);
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
    let text;
    try {
        text = await readText(body);
    }
    catch (err) {
        if (caller?.aborted)
            throw unknownOutcome(c, subject, 'the run was cancelled while reading the answer', n, false);
        throw unknownOutcome(c, subject, `HTTP ${statusCode}, body lost: ${describeNetworkError(err, c.secrets)}`, n);
    }
    const requestId = parseSubmitAnswer(text);
    if (requestId === undefined) {
        const shown = cleanText(text, c.secrets, 200) || '(empty)';
        throw unknownOutcome(c, subject, `HTTP ${statusCode} without a request_id: ${shown}`, n);
    }
    // An impossible answer: a request id holding the key would carry the key into the lockfile,
    // the logs and the status URL. Never used, never repeated: the submit may have been charged.
    if (c.secrets.some((secret) => secret.length > 0 && requestId.includes(secret)))
        throw new types/* GatewayError */.F('outcome-unknown', `${subject}: impossible gateway answer: its request_id contains the API key (not stored); the gateway may have accepted and charged it`);
    return { requestId, attempts: n };
}
/**
 * The submit may have been accepted (and charged) but we do not know: final, unless the user
 * opted into resubmitting (`retryable` is false for a cancel: nothing is resubmitted then).
 * `n` is the attempt that failed, so the warning is only given when a resubmit will follow.
 */
function unknownOutcome(c, subject, what, n, retryable = true) {
    const error = new types/* GatewayError */.F('outcome-unknown', `${subject}: the answer was lost after the request was sent (${what}); the gateway may have accepted and charged it`);
    if (!retryable || !c.s.retryUnknown)
        return error;
    if (n < c.s.policy.maxAttempts)
        c.log.warning(`${error.message}; resubmitting because ${(c.names ?? settings/* ACTION_NAMES */.G)('retry-unknown-submits')} is on (may be charged twice)`);
    return new RetryableError(error);
}
/** An attempt that ended with the submit's answer lost after it was sent (retried or not). */
function isLostAnswer(err) {
    const e = err instanceof RetryableError ? err.error : err;
    return e instanceof types/* GatewayError */.F && e.kind === 'outcome-unknown';
}

;// CONCATENATED MODULE: ./src/gateway/client.ts





/**
 * Media downloads at once, whatever the number of requests in flight. Each open download holds its
 * socket and stream buffers, and the buffers it has finished with wait for V8's next collection of
 * memory outside its heap: 60 downloads at once peaked at 227 MB where 4 peaked at 184 MB (bench
 * section 7). Four saturate a runner's network for images of a few MB; more only take memory.
 */
const DOWNLOADS_AT_ONCE = 4;
/** The Pixazo gateway over HTTP. See the Gateway interface for the contract of each method. */
class PixazoClient {
    #c;
    #downloads = new semaphore/* Semaphore */.j(DOWNLOADS_AT_ONCE);
    constructor(opts) {
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
    submit(path, body, opts) {
        return submitCall(this.#c, path, body, opts);
    }
    /**
     * GETs a request's status, validated. Everything transient is retried (the call is
     * idempotent): network errors, timeouts, 408/429/5xx, unparseable or off-protocol answers —
     * never past `deadline` (the caller's poll-timeout). Final: 404 'not-found', 401/403 'auth';
     * off-protocol after all retries: 'protocol'.
     */
    status(requestId, opts) {
        return statusCall(this.#c, requestId, opts);
    }
    /**
     * Streams a media URL to `dest` and verifies it; see `downloadImage`. Never sends the API key:
     * that code path is not given it. At most `DOWNLOADS_AT_ONCE` run at once; the others wait their
     * turn (first come, first served) before their timeout starts.
     */
    download(url, dest, expected, signal) {
        return this.#downloads.run(() => this.#download(url, dest, expected, signal));
    }
    #download(url, dest, expected, signal) {
        const c = this.#c;
        return downloadImage({
            dispatcher: c.dispatcher,
            clock: c.clock,
            policy: c.s.policy,
            logger: c.log,
            maxBytes: c.s.maxImageBytes,
            allowHttp: c.s.allowHttpMedia,
            timeoutMs: c.s.downloadTimeoutMs,
            secrets: c.secrets,
            names: c.names,
        }, url, dest, expected, signal);
    }
}


/***/ })

};
