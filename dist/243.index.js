export const id = 243;
export const ids = [243];
export const modules = {

/***/ 64243:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PixazoClient: () => (/* binding */ PixazoClient)
});

// UNUSED EXPORTS: isLoopbackHttp, realClock

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
// EXTERNAL MODULE: ./src/models/registry.ts
var registry = __webpack_require__(46635);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./src/gateway/redact.ts
/**
 * Scrubbing of text that came from outside (gateway error messages, network error texts) before
 * we echo it: the API key must never appear in a log line, report or annotation.
 */
/** Longest gateway-originated text we repeat; enough for any real error message. */
const MAX_MESSAGE_CHARS = 500;
/**
 * Replaces every occurrence of each secret (and of its URL-encoded form, since a gateway could
 * echo it back from a query string) with `***`. Empty secrets are ignored.
 */
function redact(text, secrets) {
    let out = text;
    for (const secret of secrets) {
        if (!secret)
            continue;
        for (const form of new Set([secret, encodeURIComponent(secret)]))
            out = out.split(form).join('***');
    }
    return out;
}
/**
 * Makes untrusted text safe to echo in one log line: redacts the secrets *first* (truncating first
 * could cut a key in half and leave its beginning visible), turns control characters into spaces
 * (a newline followed by `::` would be read by the Actions runner as a workflow command), collapses
 * whitespace and truncates to `max` characters.
 */
function cleanText(text, secrets, max = MAX_MESSAGE_CHARS) {
    const flat = redact(text, secrets)
        .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// EXTERNAL MODULE: ./src/gateway/types.ts
var types = __webpack_require__(26479);
;// CONCATENATED MODULE: ./src/gateway/retry.ts
/**
 * The one retry policy of the gateway client: exponential backoff with full jitter and a cap,
 * `Retry-After` honoured (bounded), time taken from an injected `Clock` so tests can assert the
 * exact schedule, abortable through an AbortSignal. Also the rules for which failures are worth
 * another attempt.
 */

/** Defaults: 5 attempts, waits drawn from [0.1 s, 1 s], [0.1 s, 2 s], [0.1 s, 4 s], [0.1 s, 8 s]. */
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 5,
    baseMs: 1000,
    capMs: 30_000,
    maxRetryAfterMs: 60_000,
    minDelayMs: 100,
};
/**
 * Merges overrides into the defaults and rejects values that would make the schedule
 * meaningless (NaN, negative, a non-integer attempt count) — a NaN here is how retry loops end up
 * firing every attempt at once.
 */
function retryPolicy(overrides = {}) {
    const policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(overrides) };
    for (const [name, value] of Object.entries(policy)) {
        if (!Number.isFinite(value) || value < 0)
            throw new RangeError(`retry policy: ${name} must be a number ≥ 0`);
    }
    if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
        throw new RangeError('retry policy: maxAttempts must be an integer ≥ 1');
    return policy;
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
/**
 * Full-jitter backoff: `random · min(cap, base · 2^retryIndex)`, rounded to whole ms and never
 * below `minDelayMs`. `retryIndex` is 0 for the wait after the first failed attempt. A `random`
 * outside [0, 1) (a broken clock) is clamped rather than allowed to produce NaN.
 */
function backoffDelay(retryIndex, random, policy) {
    const window = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retryIndex));
    const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 1;
    return Math.max(policy.minDelayMs, Math.round(r * window));
}
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
 * The wait before retry `retryIndex`: the server's `Retry-After` when it gave one (bounded by
 * `minDelayMs`..`maxRetryAfterMs`), otherwise jittered backoff drawing one `clock.random()`.
 */
function retryDelay(retryIndex, retryAfterMs, clock, policy) {
    if (retryAfterMs !== undefined)
        return Math.min(policy.maxRetryAfterMs, Math.max(policy.minDelayMs, retryAfterMs));
    return backoffDelay(retryIndex, clock.random(), policy);
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
 * attempt count), or has thrown RetryableError `maxAttempts` times (then the last wrapped error is
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
            if (n >= policy.maxAttempts) {
                logger?.warning(`${label}: giving up after ${n} attempt(s): ${last.message}`);
                throw new types/* GatewayError */.F(last.kind, `${last.message} (gave up after ${n} attempts)`, last.httpStatus, n);
            }
            const delay = retryDelay(n - 1, err.retryAfterMs, run.clock, policy);
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
/**
 * Failures that can only happen once the request is out and an answer is awaited or arriving
 * (headers/body timeout, a malformed or short response): the server may have acted on it.
 */
function isResponsePhaseError(err) {
    const code = errorCode(err) ?? '';
    return (code === 'UND_ERR_HEADERS_TIMEOUT' ||
        code === 'UND_ERR_BODY_TIMEOUT' ||
        code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' ||
        code === 'UND_ERR_HEADERS_OVERFLOW' ||
        code === 'UND_ERR_INFO' ||
        code.startsWith('HPE_'));
}
/**
 * Failures that another attempt cannot fix: our own bad arguments, a closed dispatcher, a TLS
 * certificate problem. Everything else at the network level (resets, timeouts, refused
 * connections, garbled HTTP, bodies shorter than announced) is treated as transient.
 */
function isPermanentNetworkError(err) {
    const code = errorCode(err) ?? '';
    return (code === 'UND_ERR_INVALID_ARG' ||
        code === 'UND_ERR_NOT_SUPPORTED' ||
        code === 'UND_ERR_DESTROYED' ||
        code === 'UND_ERR_CLOSED' ||
        code === 'ERR_INVALID_URL' ||
        code.startsWith('ERR_TLS_CERT') ||
        code.startsWith('CERT_') ||
        code.includes('SELF_SIGNED') ||
        code.startsWith('UNABLE_TO_'));
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
/**
 * Maps a non-success HTTP answer. Retryable: 408, 429 and 5xx (with their `Retry-After`). Final:
 * 400 on submit → 'bad-request'; 401/403 → 'auth'; 402 → 'balance'; 404 on status → 'not-found';
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
        return new types/* GatewayError */.F('bad-request', said || detail, status);
    if (status === 401 || status === 403)
        return new types/* GatewayError */.F('auth', `the gateway refused the API key (${detail}): check the \`api-key\` input / the PIXAZO_API_KEY secret`, status);
    if (status === 402)
        return new types/* GatewayError */.F('balance', `insufficient balance (${detail}): top up the Pixazo wallet`, status);
    if (status === 404 && ctx.op === 'status')
        return new types/* GatewayError */.F('not-found', `${ctx.subject} is unknown to the gateway (${detail})`, status);
    const hint = status === 404 ? ' (check `gateway-url`)' : '';
    return new types/* GatewayError */.F('protocol', `${ctx.subject}: unexpected ${detail}${hint}`, status);
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
/** The first value of a header that may be repeated. */
function headerValue(v) {
    return Array.isArray(v) ? v[0] : v;
}

;// CONCATENATED MODULE: ./src/gateway/sniff.ts
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];
/** Bytes needed to tell every supported format apart (WebP: `RIFF` + size + `WEBP`). */
const SNIFF_BYTES = 12;
function at(buf, offset, magic) {
    if (buf.length < offset + magic.length)
        return false;
    return magic.every((b, i) => buf[offset + i] === b);
}
/**
 * The format whose signature `buf` starts with: PNG `89 50 4E 47 0D 0A 1A 0A`, JPEG `FF D8 FF`,
 * WebP `RIFF ???? WEBP`. Undefined for anything else, including a prefix too short to decide.
 */
function sniffFormat(buf) {
    if (at(buf, 0, PNG))
        return 'png';
    if (at(buf, 0, JPEG))
        return 'jpeg';
    if (at(buf, 0, RIFF) && at(buf, 8, WEBP))
        return 'webp';
    return undefined;
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
/** A check the bytes failed: another attempt would fetch the same bytes, so it is final. */
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
    throw new types/* GatewayError */.F('download', `refusing to download ${u.protocol}//${describeUrl(u)}: media URLs must be https (plain http only when gateway-url is loopback http)`);
}
function parseLength(v) {
    const raw = headerValue(v);
    return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
}
/**
 * Downloads `url` to `dest` and verifies it (scheme, size cap, announced length, magic bytes
 * matching `expected`). Retries 408/429/5xx, resets, timeouts and truncated bodies with the
 * policy; size and format failures are final. Throws GatewayError('download') (or 'aborted').
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
            res = await (0,undici.request)(target, {
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
            throw new types/* GatewayError */.F('download', `${subject}: ${announced} bytes announced, over the limit of ${o.maxBytes} (max-image-bytes)`);
        }
        return await save(o, body, dest, expected, announced, net);
    }
}
async function save(o, body, dest, expected, announced, net) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    let head = Buffer.alloc(0);
    const checkFormat = () => {
        const got = sniffFormat(head);
        if (got !== expected)
            throw new VerifyError(got ? `is ${got}, expected ${expected}` : `is not a PNG, JPEG or WebP image (expected ${expected})`);
    };
    async function* verify(source) {
        for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > o.maxBytes)
                throw new VerifyError(`larger than the limit of ${o.maxBytes} bytes (max-image-bytes)`);
            if (head.length < SNIFF_BYTES) {
                head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
                // Decide as soon as the signature is in: no point streaming 50 MiB of an HTML error page.
                if (head.length >= SNIFF_BYTES)
                    checkFormat();
            }
            hash.update(chunk);
            yield chunk;
            o.reclaimer?.received(chunk.length);
        }
        if (head.length < SNIFF_BYTES)
            checkFormat();
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
        throw networkFailure(err, net);
    }
    if (announced !== undefined && bytes !== announced)
        throw new RetryableError(new types/* GatewayError */.F('download', `${net.subject}: body ended after ${bytes} of ${announced} bytes`));
    return { path: (0,external_node_path_.resolve)(dest), bytes, sha256: hash.digest('hex'), format: expected };
}

// EXTERNAL MODULE: ./src/gateway/options.ts + 1 modules
var options = __webpack_require__(2521);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(78877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(30714);
;// CONCATENATED MODULE: ./src/gateway/reclaim.ts
/**
 * Keeps the memory of a run independent of image size. Every chunk a socket reads arrives in a
 * fresh 64 KiB buffer outside the JavaScript heap, dead a few milliseconds later once hashed and
 * written. Streaming allocates so little JavaScript that V8 rarely collects, and it starts a
 * collection for outside memory only once ~64 MB of it has piled up: with large images that pile,
 * not the live data (a few hundred KiB per download), sets the peak. A full collection after every
 * 8 MiB received, across all downloads, frees them: 50 images of 20 MB peak at ~130 MB instead of
 * ~165 MB (young-generation collections freed only part of them when measured). Each costs a few
 * milliseconds: ~1 ms per MiB at loopback speed, nothing measurable
 * against a gateway's 30-120 s per image. Measured by `npm run bench` (section 5).
 */


/** Bytes received between two collections. */
const RECLAIM_EVERY = 8 * 2 ** 20;
/** Counts received bytes and collects garbage every `every` bytes. */
class BufferReclaimer {
    collect;
    every;
    #since = 0;
    constructor(collect = garbageCollector(), every = RECLAIM_EVERY) {
        this.collect = collect;
        this.every = every;
    }
    /** `bytes` more were received (and will be dead soon). */
    received(bytes) {
        this.#since += bytes;
        if (this.#since < this.every || !this.collect)
            return;
        this.#since = 0;
        this.collect();
    }
}
let cached;
/**
 * A function that runs a full collection, or `undefined` where V8 offers none.
 * Node exposes `gc()` only with `--expose-gc`, a flag an action cannot pass to the runner's node;
 * set at run time, V8 installs `gc` in contexts created afterwards, so a fresh context hands it out
 * (the main context's globals are left as they were).
 */
function garbageCollector() {
    if (cached !== undefined)
        return cached ?? undefined;
    cached = null;
    try {
        const own = globalThis.gc;
        let gc = typeof own === 'function' ? own : undefined;
        if (!gc) {
            (0,external_node_v8_.setFlagsFromString)('--expose-gc');
            const fromContext = (0,external_node_vm_.runInNewContext)('typeof gc === "function" ? gc : undefined');
            if (typeof fromContext === 'function')
                gc = fromContext;
        }
        if (gc) {
            const fn = gc;
            cached = () => fn({ type: 'major' });
        }
    }
    catch {
        // No collector: memory is then bounded by V8's own limits, as without this module.
    }
    return cached ?? undefined;
}

;// CONCATENATED MODULE: ./src/gateway/status.ts
/** Validation of the status endpoint's answer (untrusted JSON) into a StatusResult. */


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

;// CONCATENATED MODULE: ./src/gateway/client.ts
/**
 * The Pixazo gateway client: submit (the paid POST), status (idempotent GET) and media download,
 * all through one retry policy and an injectable undici dispatcher and clock.
 */













const SubmitAnswer = schemas/* object */.Ikc({ request_id: schemas/* string */.YjP().min(1) });
const NO_LOG = { debug: () => undefined, warning: () => undefined };
/** The Pixazo gateway over HTTP. See the Gateway interface for the contract of each method. */
class PixazoClient {
    #base;
    #origin;
    #key;
    #secrets;
    #dispatcher;
    #clock;
    #policy;
    #webhookUrl;
    #retryUnknown;
    #maxImageBytes;
    #timeoutMs;
    #downloadTimeoutMs;
    #allowHttpMedia;
    #log;
    /** Shared by every download of this client: the dead-buffer count is per process, not per file. */
    #reclaimer = new BufferReclaimer();
    constructor(opts) {
        const base = new URL(opts.baseUrl);
        if (base.protocol !== 'https:' && base.protocol !== 'http:')
            throw new Error(`gateway-url must be http(s): ${opts.baseUrl}`);
        // Secrets pasted into a settings page often carry a trailing newline.
        this.#key = opts.apiKey.trim();
        if (!this.#key)
            throw new Error('PixazoClient needs an API key');
        this.#secrets = [this.#key];
        // Paths are appended to origin + path prefix; a stray query or fragment would swallow them.
        this.#base = (base.origin + base.pathname).replace(/\/+$/, '');
        this.#origin = base.origin;
        this.#allowHttpMedia = (0,options/* isLoopbackHttp */.K)(base);
        this.#log = opts.logger ?? NO_LOG;
        if (base.protocol === 'http:' && !this.#allowHttpMedia)
            this.#log.warning(`gateway-url ${base.origin} is plain http: the API key travels unencrypted`);
        if (opts.webhookUrl !== undefined && !/^https?:\/\//.test(opts.webhookUrl))
            throw new Error('webhook-url must be an http(s) URL');
        this.#webhookUrl = opts.webhookUrl;
        this.#dispatcher = opts.dispatcher ?? (0,undici/* getGlobalDispatcher */.xo)();
        this.#clock = opts.clock ?? options/* realClock */.d;
        this.#policy = retryPolicy({ ...opts.retry, maxAttempts: opts.maxAttempts ?? opts.retry?.maxAttempts });
        this.#retryUnknown = opts.retryUnknownSubmits ?? false;
        this.#maxImageBytes = positive(opts.maxImageBytes ?? 50 * 1024 * 1024, 'maxImageBytes');
        this.#timeoutMs = positive(opts.requestTimeoutMs ?? 60_000, 'requestTimeoutMs');
        this.#downloadTimeoutMs = positive(opts.downloadTimeoutMs ?? 300_000, 'downloadTimeoutMs');
    }
    /**
     * POSTs a generate request. Retried (the gateway surely did not accept them): 408/429/5xx and
     * failures before the request was fully written (refused connection, DNS, connect timeout).
     * A failure after it was written (reset, timeout, unreadable 2xx body) may have been accepted
     * and charged: 'outcome-unknown', never repeated unless `retryUnknownSubmits`. Final: 400
     * 'bad-request', 401/403 'auth', 402 'balance'.
     */
    async submit(path, body, signal) {
        const url = this.#url(path);
        const payload = JSON.stringify(body);
        const subject = `submit ${path}`;
        const run = { clock: this.#clock, policy: this.#policy, label: subject, signal, logger: this.#log };
        // Answers lost after sending: each of those submits may have been accepted and charged, so the
        // count travels with the result (or the final error) for the report.
        let lost = 0;
        try {
            const res = await withRetry(run, async (n) => {
                try {
                    return await this.#submitOnce(url, payload, subject, n, signal);
                }
                catch (err) {
                    if (isLostAnswer(err))
                        lost++;
                    throw err;
                }
            });
            return lost > 0 ? { ...res, lostAnswers: lost } : res;
        }
        catch (err) {
            // Also on a final 400/401/402 after a resubmitted lost answer: that first one may have been paid.
            if (err instanceof types/* GatewayError */.F && err.lostAnswers !== lost)
                throw new types/* GatewayError */.F(err.kind, err.message, err.httpStatus, err.attempts, lost);
            throw err;
        }
    }
    async #submitOnce(url, payload, subject, n, caller) {
        let sent = false;
        const dispatcher = trackSent(this.#dispatcher, () => {
            sent = true;
        });
        const { signal, deadline } = attemptSignal(this.#timeoutMs, caller);
        let res;
        try {
            res = await (0,undici.request)(url, {
                method: 'POST',
                headers: this.#headers(url, true),
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
                throw this.#unknownOutcome(subject, 'cancelled after the request was sent', n, false);
            }
            const what = deadline.aborted
                ? `no answer within ${this.#timeoutMs} ms`
                : describeNetworkError(err, this.#secrets);
            if (!notSent)
                throw this.#unknownOutcome(subject, what, n);
            const error = new types/* GatewayError */.F('transient', `${subject}: ${what} (request not sent)`);
            throw isPermanentNetworkError(err) && !deadline.aborted ? error : new RetryableError(error);
        }
        const { statusCode, headers, body } = res;
        if (statusCode < 200 || statusCode >= 300) {
            const text = await readTextQuietly(body);
            const ctx = { op: 'submit', subject, secrets: this.#secrets, nowMs: this.#clock.now() };
            throw httpFailure(statusCode, headers, text, ctx);
        }
        // Accepted: the request_id is the only handle on a job we may be paying for; losing it here
        // is as bad as losing the whole answer.
        let text;
        try {
            text = await readText(body);
        }
        catch (err) {
            if (caller?.aborted)
                throw this.#unknownOutcome(subject, 'cancelled while reading the answer', n, false);
            throw this.#unknownOutcome(subject, `HTTP ${statusCode}, body lost: ${describeNetworkError(err, this.#secrets)}`, n);
        }
        const answer = SubmitAnswer.safeParse(safeJson(text));
        if (!answer.success) {
            const shown = cleanText(text, this.#secrets, 200) || '(empty)';
            throw this.#unknownOutcome(subject, `HTTP ${statusCode} without a request_id: ${shown}`, n);
        }
        return { requestId: answer.data.request_id, attempts: n };
    }
    /**
     * GETs a request's status, validated. Everything transient is retried (the call is
     * idempotent): network errors, timeouts, 408/429/5xx, unparseable or off-protocol answers.
     * Final: 404 'not-found', 401/403 'auth'; off-protocol after all retries: 'protocol'.
     */
    async status(requestId, signal) {
        const url = this.#url(registry/* STATUS_PATH */.ND + encodeURIComponent(requestId));
        const subject = `request ${cleanText(requestId, this.#secrets, 200)}`;
        const run = {
            clock: this.#clock,
            policy: this.#policy,
            label: `status of ${subject}`,
            signal,
            logger: this.#log,
        };
        return withRetry(run, () => this.#statusOnce(url, requestId, subject, signal));
    }
    async #statusOnce(url, requestId, subject, caller) {
        const { signal, deadline } = attemptSignal(this.#timeoutMs, caller);
        const net = {
            subject,
            kind: 'transient',
            secrets: this.#secrets,
            caller,
            deadline,
            timeoutMs: this.#timeoutMs,
        };
        let res;
        try {
            res = await (0,undici.request)(url, {
                method: 'GET',
                headers: this.#headers(url, false),
                dispatcher: this.#dispatcher,
                signal,
            });
        }
        catch (err) {
            throw networkFailure(err, net);
        }
        if (res.statusCode < 200 || res.statusCode >= 300) {
            const errorText = await readTextQuietly(res.body);
            const ctx = { op: 'status', subject, secrets: this.#secrets, nowMs: this.#clock.now() };
            throw httpFailure(res.statusCode, res.headers, errorText, ctx);
        }
        let text;
        try {
            text = await readText(res.body);
        }
        catch (err) {
            throw networkFailure(err, net);
        }
        const result = parseStatus(text, requestId, this.#secrets);
        // Garbled or off-protocol answers are retried: a proxy hiccup is likelier than a changed API.
        if (typeof result === 'string')
            throw new RetryableError(new types/* GatewayError */.F('protocol', `status of ${subject}: ${result}`, res.statusCode));
        return result;
    }
    /**
     * Streams a media URL to `dest` and verifies it; see `downloadImage`. Never sends the API key:
     * that code path is not given it.
     */
    download(url, dest, expected, signal) {
        return downloadImage({
            dispatcher: this.#dispatcher,
            clock: this.#clock,
            policy: this.#policy,
            logger: this.#log,
            maxBytes: this.#maxImageBytes,
            allowHttp: this.#allowHttpMedia,
            timeoutMs: this.#downloadTimeoutMs,
            secrets: this.#secrets,
            reclaimer: this.#reclaimer,
        }, url, dest, expected, signal);
    }
    /** A gateway URL from a path; the path must stay on the gateway's origin. */
    #url(path) {
        if (!path.startsWith('/'))
            throw new Error(`gateway path must start with '/': ${path}`);
        return new URL(this.#base + path);
    }
    /**
     * The gateway headers, key included. Refuses any origin but the gateway's, so no future caller
     * can route the key to a media host or a URL built from untrusted input (`@evil.example/`).
     */
    #headers(url, isSubmit) {
        if (url.origin !== this.#origin)
            throw new Error(`refusing to send the API key to ${url.origin}`);
        const headers = {
            'Content-Type': 'application/json',
            'Cache-Control': 'no-cache',
            'Ocp-Apim-Subscription-Key': this.#key,
        };
        if (isSubmit && this.#webhookUrl)
            headers['X-Webhook-URL'] = this.#webhookUrl;
        return headers;
    }
    /**
     * The submit may have been accepted (and charged) but we do not know: final, unless the user
     * opted into resubmitting (`retryable` is false for a cancel: nothing is resubmitted then).
     * `n` is the attempt that failed, so the warning is only given when a resubmit will follow.
     */
    #unknownOutcome(subject, what, n, retryable = true) {
        const error = new types/* GatewayError */.F('outcome-unknown', `${subject}: the answer was lost after the request was sent (${what}); the gateway may have accepted and charged it`);
        if (!retryable || !this.#retryUnknown)
            return error;
        if (n < this.#policy.maxAttempts)
            this.#log.warning(`${error.message}; resubmitting because retry-unknown-submits is on (may be charged twice)`);
        return new RetryableError(error);
    }
}
/** An attempt that ended with the submit's answer lost after it was sent (retried or not). */
function isLostAnswer(err) {
    const e = err instanceof RetryableError ? err.error : err;
    return e instanceof types/* GatewayError */.F && e.kind === 'outcome-unknown';
}
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function positive(n, name) {
    if (!Number.isFinite(n) || n <= 0)
        throw new RangeError(`${name} must be a positive number`);
    return n;
}


/***/ })

};
