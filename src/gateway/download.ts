/**
 * Media download: streams a generated image to a temp file while hashing, counting and sniffing
 * it, never holding it whole in memory and never sending the API key (this path has no access to
 * it). Transient failures are retried; a failed attempt always removes the partial file.
 */
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Dispatcher, request } from 'undici';
import type { VerifiedImage } from '../images/types.js';
import { ImageVerifier, ImageVerifyError } from '../images/verify.js';
import type { OutputFormat } from '../models/registry.js';
import type { RetryPolicy } from '../shared/backoff.js';
import type { Clock } from '../shared/clock.js';
import { ACTION_NAMES, type SettingNames } from '../shared/settings.js';
import { httpFailure, type NetworkContext, networkFailure } from './errors.js';
import { attemptSignal, discard, headerValue, readTextQuietly } from './http.js';
import { cleanText } from './redact.js';
import { RetryableError, type RetryLogger, withRetry } from './retry.js';
import { type DownloadResult, GatewayError } from './types.js';

/** What a download needs from the client. */
export interface DownloadOptions {
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  readonly logger?: RetryLogger | undefined;
  /** Largest image accepted, checked against Content-Length and while streaming. */
  readonly maxBytes: number;
  /** Plain http accepted too: only when the gateway itself is loopback http (tests, the emulator). */
  readonly allowHttp: boolean;
  /** Deadline for one attempt, body included. */
  readonly timeoutMs: number;
  /** Redacted from any echoed text (media hosts have no business echoing the key, but still). */
  readonly secrets: readonly string[];
  /** How the size limit's setting is named (the action's input by default; the CLI's flag). */
  readonly names?: SettingNames | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
// No Ocp-Apim-Subscription-Key here, by construction. Identity encoding: the bytes we count and
// hash must be the image itself.
const MEDIA_HEADERS = { 'Accept-Encoding': 'identity' };

/** A check the bytes failed that another attempt would fail the same way (the size cap): final. */
class VerifyError extends Error {}

/** Host and path of a media URL for messages: the query may hold a signature and stays out of logs. */
function describeUrl(u: URL): string {
  return `${u.host}${u.pathname}`;
}

/**
 * Parses and vets a media URL: https always, http only when `allowHttp`. Throws
 * GatewayError('download') otherwise.
 */
export function checkMediaUrl(raw: string, allowHttp: boolean): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new GatewayError('download', `not a valid media URL: ${cleanText(raw, [], 200)}`);
  }
  if (u.protocol === 'https:' || (u.protocol === 'http:' && allowHttp)) return u;
  throw new GatewayError(
    'download',
    `refusing to download ${u.protocol}//${describeUrl(u)}: media URLs must be https (plain http only when the gateway itself is loopback http)`,
  );
}

function parseLength(v: string | string[] | undefined): number | undefined {
  const raw = headerValue(v);
  return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
}

/**
 * Downloads `url` to `dest` and verifies it (scheme, size cap, announced length, and the image
 * verifier: a complete image of `expected`). Retries 408/429/5xx, resets, timeouts, truncated
 * bodies and damaged containers with the policy; size and format failures are final. Throws GatewayError('download') (or 'aborted').
 */
export async function downloadImage(
  o: DownloadOptions,
  url: string,
  dest: string,
  expected: OutputFormat,
  signal?: AbortSignal,
): Promise<DownloadResult> {
  const first = checkMediaUrl(url, o.allowHttp);
  const subject = `image ${describeUrl(first)}`;
  return withRetry(
    { clock: o.clock, policy: o.policy, label: `download ${describeUrl(first)}`, signal, logger: o.logger },
    async () => {
      try {
        return await attempt(o, first, dest, expected, subject, signal);
      } catch (err) {
        // Whatever happened, no partial file survives an attempt.
        await rm(dest, { force: true }).catch(() => undefined);
        throw err;
      }
    },
  );
}

async function attempt(
  o: DownloadOptions,
  first: URL,
  dest: string,
  expected: OutputFormat,
  subject: string,
  caller: AbortSignal | undefined,
): Promise<DownloadResult> {
  const { signal, deadline } = attemptSignal(o.timeoutMs, caller);
  const net: NetworkContext = {
    subject,
    kind: 'download',
    secrets: o.secrets,
    caller,
    deadline,
    timeoutMs: o.timeoutMs,
  };
  let target = first;
  for (let hop = 0; ; hop++) {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(target, {
        method: 'GET',
        headers: MEDIA_HEADERS,
        dispatcher: o.dispatcher,
        signal,
      });
    } catch (err) {
      throw networkFailure(err, net);
    }
    const { statusCode, headers, body } = res;
    const location = headerValue(headers.location);
    if (REDIRECTS.has(statusCode) && location) {
      await discard(body);
      if (hop >= MAX_REDIRECTS)
        throw new GatewayError('download', `${subject}: too many redirects`, statusCode);
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
      throw new GatewayError(
        'download',
        `${subject}: ${announced} bytes announced, over the limit of ${o.maxBytes} (${(o.names ?? ACTION_NAMES)('max-image-bytes')})`,
      );
    }
    return await save(o, body, dest, expected, announced, net);
  }
}

async function save(
  o: DownloadOptions,
  body: AsyncIterable<Buffer>,
  dest: string,
  expected: OutputFormat,
  announced: number | undefined,
  net: NetworkContext,
): Promise<DownloadResult> {
  const hash = createHash('sha256');
  // The one verifier of complete images, fed as the bytes stream by: nothing is held in memory.
  const image = new ImageVerifier(expected);
  let bytes = 0;
  async function* verify(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      bytes += chunk.length;
      if (bytes > o.maxBytes)
        throw new VerifyError(
          `larger than the limit of ${o.maxBytes} bytes (${(o.names ?? ACTION_NAMES)('max-image-bytes')})`,
        );
      image.push(chunk);
      hash.update(chunk);
      yield chunk;
    }
  }
  // Opening first means the file exists before any byte arrives, so the cleanup after a failure
  // cannot race a lazily opened stream that would re-create it.
  const file = await open(dest, 'w');
  try {
    await pipeline(body, verify, file.createWriteStream());
  } catch (err) {
    await file.close().catch(() => undefined);
    if (err instanceof VerifyError) throw new GatewayError('download', `${net.subject}: ${err.message}`);
    if (err instanceof ImageVerifyError) throw verifyFailure(err, net.subject);
    throw networkFailure(err, net);
  }
  if (announced !== undefined && bytes !== announced)
    throw new RetryableError(
      new GatewayError('download', `${net.subject}: body ended after ${bytes} of ${announced} bytes`),
    );
  let verified: VerifiedImage;
  try {
    verified = image.end();
  } catch (err) {
    if (err instanceof ImageVerifyError) throw verifyFailure(err, net.subject);
    throw err;
  }
  return {
    path: resolve(dest),
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
function verifyFailure(err: ImageVerifyError, subject: string): Error {
  const failure = new GatewayError('download', `${subject}: ${err.message}`);
  return err.failure === 'format' ? failure : new RetryableError(failure);
}
