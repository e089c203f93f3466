/**
 * The status GET: idempotent, so everything transient is retried, bounded by the caller's
 * poll deadline. Answers are validated (src/gateway/status.ts) before anyone trusts them.
 */
import { type Dispatcher, request } from 'undici';
import { STATUS_PATH } from '../models/registry.js';
import { answerContext, type GatewayCall, gatewayHeaders, gatewayUrl } from './call.js';
import { httpFailure, networkFailure, rateLimitOf } from './errors.js';
import { attemptSignal, readText, readTextQuietly } from './http.js';
import { cleanText } from './redact.js';
import { RetryableError, withRetry } from './retry.js';
import { parseStatus } from './status.js';
import { type CallOptions, GatewayError, type StatusResult } from './types.js';

/** `PixazoClient.status`: a request's status, validated, retried until `deadline`. */
export async function statusCall(
  c: GatewayCall,
  requestId: string,
  { signal, deadline, onRateLimit }: CallOptions = {},
): Promise<StatusResult> {
  const url = gatewayUrl(c, STATUS_PATH + encodeURIComponent(requestId));
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
  return withRetry(run, () =>
    statusOnce(c, url, requestId, subject, signal, deadline).catch((err: unknown) => {
      const limited = rateLimitOf(err);
      if (limited) onRateLimit?.(limited.retryAfterMs);
      throw err;
    }),
  );
}

async function statusOnce(
  c: GatewayCall,
  url: URL,
  requestId: string,
  subject: string,
  caller: AbortSignal | undefined,
  until: number | undefined,
): Promise<StatusResult> {
  const timeoutMs = Math.max(1, Math.min(c.s.timeoutMs, (until ?? Infinity) - c.clock.now()));
  const { signal, deadline } = attemptSignal(timeoutMs, caller);
  const net = { subject, kind: 'transient', secrets: c.secrets, caller, deadline, timeoutMs } as const;
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, {
      method: 'GET',
      headers: gatewayHeaders(c, url, false),
      dispatcher: c.dispatcher,
      signal,
    });
  } catch (err) {
    throw networkFailure(err, net);
  }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    const errorText = await readTextQuietly(res.body);
    throw httpFailure(res.statusCode, res.headers, errorText, answerContext(c, 'status', subject));
  }
  let text: string;
  try {
    text = await readText(res.body);
  } catch (err) {
    throw networkFailure(err, net);
  }
  const result = parseStatus(text, requestId, c.secrets);
  // Garbled or off-protocol answers are retried: a proxy hiccup is likelier than a changed API.
  if (typeof result === 'string')
    throw new RetryableError(new GatewayError('protocol', `status of ${subject}: ${result}`, res.statusCode));
  return result;
}
