/** Small transport helpers shared by submit, status and download. */
import type { Dispatcher } from 'undici';

type Handler = Dispatcher.DispatchHandler;
type Controller = Dispatcher.DispatchController;

/**
 * Forwards every callback to the wrapped handler and reports `onRequestSent`: undici calls it once
 * the request line, headers and body have been handed to the socket. Before that moment the server
 * cannot have received a complete request, so it cannot have accepted (or charged) it.
 */
class SentTracker implements Handler {
  constructor(
    private readonly inner: Handler,
    private readonly onSent: () => void,
  ) {}
  onRequestStart(controller: Controller, context: unknown): void {
    this.inner.onRequestStart?.(controller, context);
  }
  onRequestUpgrade(...args: Parameters<NonNullable<Handler['onRequestUpgrade']>>): void {
    this.inner.onRequestUpgrade?.(...args);
  }
  onResponseStart(...args: Parameters<NonNullable<Handler['onResponseStart']>>): void {
    this.inner.onResponseStart?.(...args);
  }
  onResponseData(controller: Controller, chunk: Buffer): void {
    this.inner.onResponseData?.(controller, chunk);
  }
  onResponseEnd(
    controller: Controller,
    trailers: Parameters<NonNullable<Handler['onResponseEnd']>>[1],
  ): void {
    this.inner.onResponseEnd?.(controller, trailers);
  }
  onResponseError(controller: Controller, error: Error): void {
    this.inner.onResponseError?.(controller, error);
  }
  onResponseStarted(): void {
    this.inner.onResponseStarted?.();
  }
  onBodySent(chunk: Buffer): void {
    this.inner.onBodySent?.(chunk);
  }
  onRequestSent(): void {
    this.onSent();
    this.inner.onRequestSent?.();
  }
}

/**
 * A view of `dispatcher` that calls `onSent` when a request has been fully written. Compose is
 * cheap (a proxy), so each submit gets its own tracker instead of sharing state across requests.
 */
export function trackSent(dispatcher: Dispatcher, onSent: () => void): Dispatcher {
  return dispatcher.compose(
    (dispatch) => (opts, handler) => dispatch(opts, new SentTracker(handler, onSent)),
  );
}

/** Cap on JSON answers (submit, status, error bodies): real ones are well under 10 KiB. */
export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * Reads a response body as UTF-8, refusing more than `maxBytes` (the stream is destroyed then, so
 * a hostile or broken server cannot make us buffer without bound). Rejects on network errors.
 */
export async function readText(body: AsyncIterable<Buffer> & { destroy(): void }, maxBytes = MAX_JSON_BYTES) {
  const chunks: Buffer[] = [];
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
export async function readTextQuietly(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  try {
    return await readText(body, 64 * 1024);
  } catch {
    return '';
  }
}

/** Discards a body we do not need, so the connection can be reused; never throws. */
export async function discard(body: { dump(): Promise<void> }): Promise<void> {
  await body.dump().catch(() => undefined);
}

/**
 * The signal for one attempt: the per-attempt deadline combined with the caller's signal. The
 * deadline is part of the returned pair so callers can tell "we gave up waiting" from "cancelled".
 */
export function attemptSignal(
  timeoutMs: number,
  caller?: AbortSignal,
): { signal: AbortSignal; deadline: AbortSignal } {
  const deadline = AbortSignal.timeout(timeoutMs);
  return { signal: caller ? AbortSignal.any([deadline, caller]) : deadline, deadline };
}

/**
 * A signal that aborts `graceMs` after `caller` does: an attempt already sent outlives a
 * cancellation by that much, so the answer of a request the gateway may have accepted still
 * arrives. `dispose` when the attempt is over.
 */
export function graceSignal(
  caller: AbortSignal | undefined,
  graceMs: number,
): { signal: AbortSignal | undefined; dispose(): void } {
  if (!caller) return { signal: undefined, dispose: () => undefined };
  const grace = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const start = (): void => {
    timer = setTimeout(() => grace.abort(caller.reason), graceMs);
  };
  if (caller.aborted) start();
  else caller.addEventListener('abort', start, { once: true });
  return {
    signal: grace.signal,
    dispose: () => {
      caller.removeEventListener('abort', start);
      clearTimeout(timer);
    },
  };
}

/** The first value of a header that may be repeated. */
export function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
