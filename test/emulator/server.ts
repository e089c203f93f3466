/**
 * Request routing and the three kinds of route: submit (per model), status, and media (the
 * CDN, served from the same origin). Checks run in the order a real gateway would apply them:
 * injected faults first (they stand for trouble in front of the gateway), then the key, the
 * content type, the body, the balance — and only then is a job accepted and paid for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendFault, take } from './faults.js';
import {
  BodyTooLarge,
  errorBody,
  flatHeaders,
  mediaType,
  readBody,
  resetConnection,
  sendCutOff,
  sendGarbage,
  sendJson,
} from './http.js';
import { convertImage, corruptImage, garbageImage, MIME, otherFormat, padImage } from './images.js';
import type { JobStore } from './jobs.js';
import type { HiddenLimits } from './limits.js';
import type { Counters, EmulatorOptions, JsonObject, LoggedRequest, ModelSlug } from './types.js';
import { validateSubmit } from './validate.js';

/** Submit path → model, exactly as the gateway's documentation spells them. */
export const SUBMIT_PATHS: Readonly<Record<string, ModelSlug>> = {
  '/gpt-image-2-text-to-image/v1/gpt-image-2-text-to-image/generate': 'gpt-image-2-text-to-image',
  '/gpt-image-2-image-to-image/v1/gpt-image-2-image-to-image/generate': 'gpt-image-2-image-to-image',
  '/gpt-image-1-5-api-923/v1/gpt-image-1-5-api-request': 'gpt-image-1-5-api-923',
};

export const STATUS_PREFIX = '/v2/requests/status/';
const MEDIA_RE = /^\/media\/v1\/([^/]+)\/output-(\d+)\.(png|jpeg|webp)$/;
const KEY_HEADER = 'ocp-apim-subscription-key';

type ResetKnob = 'resetNextSubmits' | 'resetNextStatus';
type FailKnob = 'failNextSubmits' | 'failNextStatus';
type StallKnob = 'stallNextSubmits' | 'stallNextStatus';

export interface ServerContext {
  readonly options: EmulatorOptions;
  readonly counters: Counters;
  readonly log: LoggedRequest[];
  readonly store: JobStore;
  readonly limits: HiddenLimits;
  readonly baseUrl: () => string;
  /** Aborted on close, so stalled requests do not hold the server open. */
  readonly signal: AbortSignal;
}

type Handler = (
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: LoggedRequest,
) => Promise<void>;

/** Sends a JSON answer and records its status in the log entry. */
function answer(res: ServerResponse, entry: LoggedRequest, status: number, body: JsonObject | string): void {
  entry.answer = status;
  sendJson(res, status, body);
}

function parseJson(raw: string): unknown {
  try {
    return raw === '' ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function classify(method: string, path: string): LoggedRequest['kind'] {
  if (SUBMIT_PATHS[path]) return 'submit';
  if (path.startsWith(STATUS_PREFIX)) return 'status';
  if (method === 'GET' && MEDIA_RE.test(path)) return 'media';
  return 'unknown';
}

/** The 401 / 403 answer for a request's key, or null when the key is good. */
function authProblem(options: EmulatorOptions, key: string | undefined): [number, JsonObject] | null {
  if (key === undefined || key === '') {
    return [401, errorBody('Unauthorized', 'Access denied due to missing subscription key.')];
  }
  if (options.forbiddenKeys.includes(key)) {
    return [403, errorBody('Forbidden', 'This subscription key is not allowed to use this API.')];
  }
  if (key !== options.apiKey)
    return [401, errorBody('Unauthorized', 'Access denied due to invalid subscription key.')];
  return null;
}

/**
 * Awaits a test's hook (see `Hooks`). Closing the emulator ends the wait with an error, so a hook
 * that never settles cannot hold the server open; the request is then cut off.
 */
async function runHook(ctx: ServerContext, call: () => void | Promise<void>): Promise<void> {
  const pending = call();
  if (!pending) return;
  const { signal } = ctx;
  let onAbort = (): void => {};
  const closed = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('emulator closed while a hook was pending'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([pending, closed]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Applies a route's reset / fail / stall knobs, at most one per request, in that order.
 * Returns true when the request was already answered (or cut off).
 */
async function injectFaults(
  ctx: ServerContext,
  res: ServerResponse,
  entry: LoggedRequest,
  knobs: { reset: ResetKnob; fail: FailKnob; stall: StallKnob },
): Promise<boolean> {
  const o = ctx.options;
  if (take(o, knobs.reset)) {
    entry.answer = 'reset';
    resetConnection(res);
    return true;
  }
  const fault = o[knobs.fail].shift();
  if (fault) {
    entry.answer = fault.status;
    if (fault.retryAfter !== undefined) entry.retryAfter = fault.retryAfter;
    sendFault(res, fault);
    return true;
  }
  if (take(o, knobs.stall)) await sleep(o.stallMs, undefined, { signal: ctx.signal });
  return false;
}

const submit: Handler = async (ctx, req, res, entry) => {
  const { options: o, counters, store } = ctx;
  const model = SUBMIT_PATHS[entry.path]!;
  counters.submissions += 1;
  if (req.method !== 'POST') return answer(res, entry, 405, errorBody('Method Not Allowed', 'Use POST.'));
  const knobs = { reset: 'resetNextSubmits', fail: 'failNextSubmits', stall: 'stallNextSubmits' } as const;
  if (await injectFaults(ctx, res, entry, knobs)) return;
  const auth = authProblem(o, entry.apiKey);
  if (auth) return answer(res, entry, ...auth);
  const refused = ctx.limits.check(Date.now());
  if (refused) {
    counters[refused.limit === 'cap' ? 'limitedByCap' : 'limitedByRate'] += 1;
    entry.answer = 429;
    entry.retryAfter = String(refused.retryAfterS);
    return sendFault(res, { status: 429, retryAfter: String(refused.retryAfterS) });
  }
  if (mediaType(req) !== 'application/json') {
    return answer(res, entry, 400, errorBody('Bad Request', 'Content-Type must be application/json.'));
  }
  if (o.disabledModels.includes(model)) {
    return answer(res, entry, 400, errorBody('Model not found', `Model '${model}' not found or is disabled`));
  }
  if (entry.body === undefined)
    return answer(res, entry, 400, errorBody('Bad Request', 'Invalid JSON body.'));
  const valid = validateSubmit(model, entry.body);
  if (!valid.ok) return answer(res, entry, 400, errorBody('Validation Error', valid.message));
  if (store.price(model, valid.value) > o.balance + 1e-9) {
    return answer(
      res,
      entry,
      402,
      errorBody('Insufficient Balance', 'Your wallet does not have enough balance.'),
    );
  }
  const job = store.accept(model, entry.body as JsonObject, valid.value, entry.webhookUrl ?? null);
  entry.requestId = job.requestId;
  counters.peakInFlight = Math.max(counters.peakInFlight, ctx.limits.inFlight(Date.now()));
  await runHook(ctx, () => o.hooks.afterAccept?.(job));
  const lie = o.acceptThenFailNextSubmits.shift();
  if (lie) {
    entry.answer = lie.status;
    return sendFault(res, lie);
  }
  const body = {
    request_id: job.requestId,
    status: 'QUEUED',
    polling_url: `${ctx.baseUrl()}${STATUS_PREFIX}${job.requestId}`,
  };
  if (take(o, 'dropResponseAfterAcceptNext')) {
    entry.answer = 'dropped';
    return sendCutOff(res, 202, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(body)));
  }
  answer(res, entry, 202, body);
};

const status: Handler = async (ctx, req, res, entry) => {
  const { options: o, counters, store } = ctx;
  counters.statusCalls += 1;
  if (req.method !== 'GET') return answer(res, entry, 405, errorBody('Method Not Allowed', 'Use GET.'));
  let id: string;
  try {
    id = decodeURIComponent(entry.path.slice(STATUS_PREFIX.length));
  } catch {
    id = entry.path.slice(STATUS_PREFIX.length);
  }
  entry.requestId = id;
  await runHook(ctx, () => o.hooks.beforeStatus?.(id));
  const knobs = { reset: 'resetNextStatus', fail: 'failNextStatus', stall: 'stallNextStatus' } as const;
  if (await injectFaults(ctx, res, entry, knobs)) return;
  if (take(o, 'garbageNextStatus')) {
    entry.answer = 'garbage';
    return sendGarbage(res, id);
  }
  const auth = authProblem(o, entry.apiKey);
  if (auth) return answer(res, entry, ...auth);
  const job = store.jobs.get(id);
  // A known id answered as unknown: a gateway failing over, or not yet aware of a fresh request.
  if (!job || take(o, 'notFoundNextStatus'))
    return answer(res, entry, 404, errorBody('Not Found', `Request '${id}' not found`));
  job.statusCalls += 1;
  const now = Date.now();
  const body = store.statusBody(job, now);
  if (body.status !== 'QUEUED' && body.status !== 'PROCESSING') job.terminalSeenAt ??= now;
  answer(res, entry, 200, body);
};

/** The CDN: no key needed (and none should be sent); 404 until the job has COMPLETED. */
const media: Handler = async (ctx, _req, res, entry) => {
  const { options: o, counters, store } = ctx;
  counters.mediaGets += 1;
  if (entry.apiKey !== undefined) counters.mediaWithKey += 1;
  const [, id, n, ext] = MEDIA_RE.exec(entry.path)!;
  entry.requestId = id!;
  const index = Number(n);
  await runHook(ctx, () => o.hooks.beforeMedia?.(id!, index));
  const job = store.jobs.get(id!);
  if (
    !job ||
    ext !== job.format ||
    index < 1 ||
    index > job.count ||
    store.stateAt(job, Date.now()) !== 'COMPLETED'
  ) {
    return answer(res, entry, 404, errorBody('Not Found', 'Object not found'));
  }
  const location = o.redirectNextMedia.shift();
  if (location !== undefined) {
    entry.answer = 302;
    res.writeHead(302, { Location: location, 'Content-Length': '0' });
    return void res.end();
  }
  if (take(o, 'failNextMedia')) {
    return answer(res, entry, 500, errorBody('Internal Server Error', 'An unexpected error occurred.'));
  }
  if (take(o, 'stallNextMedia')) await sleep(o.stallMs, undefined, { signal: ctx.signal });
  let bytes = await store.image(job, index);
  if (take(o, 'wrongFormatNextMedia')) bytes = await convertImage(bytes, otherFormat(job.format));
  if (o.oversizeMedia > bytes.length) bytes = padImage(bytes, job.format, o.oversizeMedia);
  const type = job.model === 'gpt-image-1-5-api-923' ? 'application/octet-stream' : MIME[job.format];
  if (take(o, 'truncateNextMedia')) {
    entry.answer = 'truncated';
    return sendCutOff(res, 200, type, bytes);
  }
  if (take(o, 'cutOffNextMedia')) {
    entry.answer = 'cut-off';
    // Chunked, no length, ended cleanly: the response itself looks complete.
    res.writeHead(200, { 'Content-Type': type });
    res.end(bytes.subarray(0, o.cutOffAt > 0 ? o.cutOffAt : Math.floor(bytes.length / 2)));
    return;
  }
  entry.answer = 200;
  if (take(o, 'garbageNextMedia')) {
    entry.answer = 'garbage';
    bytes = garbageImage(bytes, `${id}#${index}`);
  } else if (take(o, 'corruptNextMedia')) {
    entry.answer = 'corrupt';
    bytes = corruptImage(bytes, job.format);
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(bytes.length) });
  res.end(bytes);
};

const HANDLERS: Readonly<Record<LoggedRequest['kind'], Handler>> = {
  submit,
  status,
  media,
  unknown: async (_ctx, _req, res, entry) =>
    answer(res, entry, 404, errorBody('Not Found', 'Resource not found')),
};

/** The node:http request listener of the emulator. */
export function createHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(ctx, req, res);
  };
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const path = (req.url ?? '/').split('?')[0]!;
  let rawBody = '';
  try {
    rawBody = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLarge)
      sendJson(res, 413, errorBody('Payload Too Large', 'Request body too large.'));
    else res.destroy();
    return;
  }
  const headers = flatHeaders(req);
  const entry: LoggedRequest = {
    at: Date.now(),
    method,
    path,
    kind: classify(method, path),
    headers,
    body: parseJson(rawBody),
    rawBody,
    apiKey: headers[KEY_HEADER],
    noCache: (headers['cache-control'] ?? '').toLowerCase().includes('no-cache'),
    webhookUrl: headers['x-webhook-url'],
    answer: 'pending',
  };
  ctx.log.push(entry);
  try {
    await HANDLERS[entry.kind](ctx, req, res, entry);
  } catch {
    // Aborted stalls (server closing) and render failures: never leave a request hanging.
    if (!res.headersSent && !ctx.signal.aborted) {
      answer(res, entry, 500, errorBody('Internal Server Error', 'An unexpected error occurred.'));
    } else res.destroy();
  }
}
