/** Construction options of the gateway client and the loopback rule. */
import type { Dispatcher } from 'undici';
import { type RetryPolicy, retryPolicy } from '../shared/backoff.js';
import { parseBytes } from '../shared/bytes.js';
import type { Clock } from '../shared/clock.js';
import { ACTION_NAMES, defaultOf, type SettingNames } from '../shared/settings.js';
import type { RetryLogger } from './retry.js';

/** Options of PixazoClient. */
export interface PixazoClientOptions {
  /** How messages name settings (the action's inputs by default; the CLI's flags). */
  names?: SettingNames;
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

/** The client's options checked and normalised, with their defaults applied. */
export interface ClientSettings {
  /** Origin + path prefix, no trailing slash: paths are appended to it. */
  readonly base: string;
  /** The only origin the key is ever sent to. */
  readonly origin: string;
  readonly key: string;
  /** A non-loopback plain-http gateway: the key would travel unencrypted (warned about). */
  readonly plainHttp: boolean;
  /** Media may be plain http only when the gateway itself is loopback http (tests). */
  readonly allowHttpMedia: boolean;
  readonly webhookUrl: string | undefined;
  readonly policy: RetryPolicy;
  readonly retryUnknown: boolean;
  readonly maxImageBytes: number;
  readonly timeoutMs: number;
  readonly downloadTimeoutMs: number;
}

export function clientSettings(opts: PixazoClientOptions): ClientSettings {
  const base = new URL(opts.baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new Error(`${(opts.names ?? ACTION_NAMES)('gateway-url')} must be http(s): ${opts.baseUrl}`);
  // Secrets pasted into a settings page often carry a trailing newline.
  const key = opts.apiKey.trim();
  if (!key) throw new Error('PixazoClient needs an API key');
  if (opts.webhookUrl !== undefined && !/^https?:\/\//.test(opts.webhookUrl))
    throw new Error(`${(opts.names ?? ACTION_NAMES)('webhook-url')} must be an http(s) URL`);
  const allowHttpMedia = isLoopbackHttp(base);
  return {
    // A stray query or fragment would swallow the appended paths.
    base: (base.origin + base.pathname).replace(/\/+$/, ''),
    origin: base.origin,
    key,
    plainHttp: base.protocol === 'http:' && !allowHttpMedia,
    allowHttpMedia,
    webhookUrl: opts.webhookUrl,
    policy: retryPolicy({ ...opts.retry, maxAttempts: opts.maxAttempts ?? opts.retry?.maxAttempts }),
    retryUnknown: opts.retryUnknownSubmits ?? false,
    maxImageBytes: positive(opts.maxImageBytes ?? parseBytes(defaultOf('max-image-bytes'))!, 'maxImageBytes'),
    timeoutMs: positive(opts.requestTimeoutMs ?? 60_000, 'requestTimeoutMs'),
    downloadTimeoutMs: positive(opts.downloadTimeoutMs ?? 300_000, 'downloadTimeoutMs'),
  };
}

function positive(n: number, name: string): number {
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} must be a positive number`);
  return n;
}
