/**
 * What every call to the gateway is made with (settings, secrets, dispatcher, clock, logger), and
 * the one place a gateway request gets its URL and its headers — the API key among them.
 */
import { type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { type Clock, realClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import type { SettingNames } from '../shared/settings.js';
import type { AnswerContext, Operation } from './errors.js';
import { type ClientSettings, clientSettings, type PixazoClientOptions } from './options.js';
import type { RetryLogger } from './retry.js';

/** A client's fixed means of calling the gateway, shared by submit, status and download. */
export interface GatewayCall {
  readonly s: ClientSettings;
  /** What no message, error or log line may show (the key). */
  readonly secrets: readonly string[];
  /** How messages name settings (the action's inputs by default; the CLI's flags). */
  readonly names: SettingNames | undefined;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly log: RetryLogger;
}

/** The means of calling the gateway that `opts` describe; warns once when the key would travel in clear. */
export function gatewayCall(opts: PixazoClientOptions): GatewayCall {
  const s = clientSettings(opts);
  const log = opts.logger ?? silentLogger;
  if (s.plainHttp) log.warning(`gateway-url ${s.origin} is plain http: the API key travels unencrypted`);
  return {
    s,
    secrets: [s.key],
    names: opts.names,
    // Honours HTTP_PROXY/HTTPS_PROXY/NO_PROXY; loopback is proxied too unless NO_PROXY names it.
    dispatcher: opts.dispatcher ?? new EnvHttpProxyAgent(),
    clock: opts.clock ?? realClock,
    log,
  };
}

/** A gateway URL from a path; the path must stay on the gateway's origin. */
export function gatewayUrl(c: GatewayCall, path: string): URL {
  if (!path.startsWith('/')) throw new Error(`gateway path must start with '/': ${path}`);
  return new URL(c.s.base + path);
}

/**
 * The gateway headers, key included. Refuses any origin but the gateway's, so no future caller
 * can route the key to a media host or a URL built from untrusted input (`@evil.example/`).
 */
export function gatewayHeaders(c: GatewayCall, url: URL, isSubmit: boolean): Record<string, string> {
  if (url.origin !== c.s.origin) throw new Error(`refusing to send the API key to ${url.origin}`);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache',
    'Ocp-Apim-Subscription-Key': c.s.key,
  };
  if (isSubmit && c.s.webhookUrl) headers['X-Webhook-URL'] = c.s.webhookUrl;
  return headers;
}

/** What a failed answer's message is made with: the call, its subject, the secrets it must not show. */
export function answerContext(c: GatewayCall, op: Operation, subject: string): AnswerContext {
  return { op, subject, secrets: c.secrets, nowMs: c.clock.now(), names: c.names };
}
