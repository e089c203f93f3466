/** Construction options of the gateway client, the real clock, and the loopback rule. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import type { RetryLogger, RetryPolicy } from './retry.js';
import type { Clock } from './types.js';

/** Wall-clock time, real timers and Math.random: the Clock used outside tests. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
  random: () => Math.random(),
};

/** Options of PixazoClient. */
export interface PixazoClientOptions {
  /** Gateway origin and optional path prefix (`gateway-url`), e.g. `https://gateway.pixazo.ai`. */
  baseUrl: string;
  /** The subscription key, sent as `Ocp-Apim-Subscription-Key` to the gateway origin only. */
  apiKey: string;
  /** undici dispatcher for every request (tests inject a MockAgent or a local Agent). */
  dispatcher?: Dispatcher;
  /** Time source for backoff; `realClock` by default. */
  clock?: Clock;
  /** Sent as `X-Webhook-URL` on every submit (`webhook-url`). */
  webhookUrl?: string;
  /** Resubmit when a submit's answer was lost after sending (`retry-unknown-submits`): may pay twice. */
  retryUnknownSubmits?: boolean;
  /** Largest image accepted (`max-image-bytes`); 50 MiB by default. */
  maxImageBytes?: number;
  /** Total attempts per call, the first included; 5 by default. */
  maxAttempts?: number;
  /** Deadline for one submit or status attempt, answer body included; 60 s by default. */
  requestTimeoutMs?: number;
  /** Deadline for one download attempt, body included; 5 min by default. */
  downloadTimeoutMs?: number;
  /** Backoff tuning beyond `maxAttempts` (base, cap, Retry-After bound, floor). */
  retry?: Partial<RetryPolicy>;
  /** Attempts go to debug, give-ups and risky resubmits to warning. */
  logger?: RetryLogger;
}

/** True for `http://127.x.x.x`, `http://localhost` and `http://[::1]`: the gateway is local (tests). */
export function isLoopbackHttp(url: URL): boolean {
  return (
    url.protocol === 'http:' &&
    (url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname))
  );
}
