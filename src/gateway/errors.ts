/** Turning HTTP answers and network failures into GatewayError (final) or RetryableError. */
import type { IncomingHttpHeaders } from 'node:http';
import { ACTION_NAMES, type SettingNames } from '../shared/settings.js';
import { cleanText } from './redact.js';
import {
  errorCode,
  isPermanentNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  RetryableError,
} from './retry.js';
import { GatewayError, type GatewayErrorKind } from './types.js';

/** Which call an answer belongs to: the same status code means different things for each. */
export type Operation = 'submit' | 'status' | 'download';

/**
 * The gateway's explanation from an error body. The documented shape is
 * `{"error": "Model not found", "message": "Model '…' not found or is disabled"}`, rendered as
 * `Model not found: Model '…' not found or is disabled`; other bodies are quoted as text. Always
 * redacted, single-line and truncated.
 */
export function gatewayMessage(text: string, secrets: readonly string[]): string {
  let said = text;
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object') {
      const { error, message, detail } = json as Record<string, unknown>;
      const parts = [error, message ?? detail].filter(
        (p): p is string => typeof p === 'string' && p.trim() !== '',
      );
      if (parts.length === 2 && parts[1]!.startsWith(parts[0]!)) parts.shift();
      if (parts.length > 0) said = parts.join(': ');
    }
  } catch {
    // Not JSON: quote the raw text (a proxy's HTML error page, say), cleaned below.
  }
  return cleanText(said, secrets);
}

/** The gateway's own error body: a JSON object with an `error` string (the documented shape). */
function isGatewayErrorBody(text: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return (
      typeof json === 'object' && json !== null && typeof (json as { error?: unknown }).error === 'string'
    );
  } catch {
    return false;
  }
}

/**
 * A failed submit answer that may still mean "accepted and charged": 502/504 (a proxy lost the
 * gateway's answer), or any other 5xx without the gateway's own JSON error body (a proxy's page).
 * A 500/503 in the gateway's own words says it did not take the job.
 */
export function mayHaveAccepted(status: number, body: string): boolean {
  if (status < 500 || status > 599) return false;
  if (status === 502 || status === 504) return true;
  return !isGatewayErrorBody(body);
}

/** The gateway's documented 400 for a model it does not serve now: says nothing about the prompt. */
function isModelUnavailable(text: string): boolean {
  return /not found or is disabled/i.test(text) || /"error"\s*:\s*"Model not found"/i.test(text);
}

/** Context for mapping an HTTP answer. */
export interface AnswerContext {
  readonly op: Operation;
  /** What was asked for, for messages ("request gpt-image-2_…", a media URL). */
  readonly subject: string;
  readonly secrets: readonly string[];
  readonly nowMs: number;
  /** How the message names the key's setting (the action's input by default). */
  readonly names?: SettingNames;
}

/**
 * Maps a non-success HTTP answer. Retryable: 408, 429 and 5xx (with their `Retry-After`; a submit
 * checks `mayHaveAccepted` first). Final: 400 on submit → 'bad-request' ('model-unavailable' for
 * the gateway's "not found or is disabled"); 401/403 → 'auth'; 402 → 'balance'; 404 on status → 'not-found';
 * anything else → 'protocol' (or 'download' for media).
 */
export function httpFailure(
  status: number,
  headers: IncomingHttpHeaders,
  body: string,
  ctx: AnswerContext,
): GatewayError | RetryableError {
  const said = gatewayMessage(body, ctx.secrets);
  const detail = `HTTP ${status}${said ? `: ${said}` : ''}`;
  if (isRetryableStatus(status)) {
    const kind: GatewayErrorKind = ctx.op === 'download' ? 'download' : 'transient';
    return new RetryableError(
      new GatewayError(kind, `${ctx.subject}: ${detail}`, status),
      parseRetryAfter(headers['retry-after'], ctx.nowMs),
    );
  }
  if (ctx.op === 'download') return new GatewayError('download', `${ctx.subject}: ${detail}`, status);
  if (status === 400 && ctx.op === 'submit')
    return new GatewayError(
      isModelUnavailable(body) ? 'model-unavailable' : 'bad-request',
      said || detail,
      status,
    );
  if (status === 401 || status === 403)
    return new GatewayError(
      'auth',
      `the gateway refused the API key (${detail}): check ${(ctx.names ?? ACTION_NAMES)('api-key')}`,
      status,
    );
  if (status === 402)
    return new GatewayError('balance', `insufficient balance (${detail}): top up the Pixazo wallet`, status);
  if (status === 404 && ctx.op === 'status')
    return new GatewayError('not-found', `${ctx.subject} is unknown to the gateway (${detail})`, status);
  const hint = status === 404 ? ` (check ${(ctx.names ?? ACTION_NAMES)('gateway-url')})` : '';
  return new GatewayError('protocol', `${ctx.subject}: unexpected ${detail}${hint}`, status);
}

/** The `Retry-After` (ms) of a 429 the classification above made retryable; undefined when it is not one. */
export function rateLimitOf(err: unknown): { retryAfterMs: number | undefined } | undefined {
  if (err instanceof RetryableError && err.error.httpStatus === 429)
    return { retryAfterMs: err.retryAfterMs };
  return undefined;
}

/** One line describing a network-level failure, e.g. `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9`. */
export function describeNetworkError(err: unknown, secrets: readonly string[]): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  const text = code && !message.includes(code) ? `${code}: ${message}` : message;
  return cleanText(text || 'network error', secrets);
}

/** How an attempt's transport failure ended, for idempotent calls (status, download). */
export interface NetworkContext {
  readonly subject: string;
  readonly kind: GatewayErrorKind;
  readonly secrets: readonly string[];
  /** The caller's cancellation signal. */
  readonly caller?: AbortSignal | undefined;
  /** The attempt's own deadline. */
  readonly deadline: AbortSignal;
  readonly timeoutMs: number;
}

/**
 * A network failure of an idempotent call: cancelled by the caller → 'aborted'; our deadline or a
 * transient error → retry; a permanent one (bad argument, TLS certificate) → final.
 */
export function networkFailure(err: unknown, ctx: NetworkContext): GatewayError | RetryableError {
  if (ctx.caller?.aborted) return new GatewayError('aborted', `${ctx.subject}: cancelled`);
  const what = ctx.deadline.aborted
    ? `no complete answer within ${ctx.timeoutMs} ms`
    : describeNetworkError(err, ctx.secrets);
  const error = new GatewayError(ctx.kind, `${ctx.subject}: ${what}`);
  return !ctx.deadline.aborted && isPermanentNetworkError(err) ? error : new RetryableError(error);
}
