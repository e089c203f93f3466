/**
 * Properties of the gateway boundary: whatever the gateway (or a proxy in front of it) answers, the
 * client returns a validated result or throws a GatewayError — never another exception, never text
 * holding the key — and its schedules stay inside their bounds. (Manifest input has its own
 * property test in test/manifest/fuzz.test.ts.)
 */
import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pollSchedule } from '../../src/engine/schedule.js';
import { PixazoClient } from '../../src/gateway/client.js';
import { gatewayMessage, httpFailure } from '../../src/gateway/errors.js';
import { cleanText } from '../../src/gateway/redact.js';
import { parseRetryAfter, RetryableError } from '../../src/gateway/retry.js';
import { parseStatus } from '../../src/gateway/status.js';
import { GatewayError, type StatusResult } from '../../src/gateway/types.js';
import { backoffDelay, retryPolicy } from '../../src/shared/backoff.js';
import { fakeClock, startServer, type TestServer } from '../gateway/helpers.js';

const KEY = 'pxzKEY0123456789abcdef';
const ID = 'gpt-image-2-text-to-image_019d0000-aaaa';
const STATUSES = ['QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'ERROR'] as const;

/** Plausible status bodies: the documented shape with each field sometimes wrong or missing. */
const statusBody = fc.record(
  {
    request_id: fc.oneof(fc.constant(ID), fc.string({ maxLength: 20 }), fc.constant(null), fc.integer()),
    status: fc.oneof(fc.constantFrom(...STATUSES), fc.string({ maxLength: 12 }), fc.constant(null)),
    model_id: fc.string({ maxLength: 12 }),
    error: fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 40 }),
      fc.constant(`leaked ${KEY}`),
      fc.constant({ detail: `nested ${KEY}` }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    output: fc.oneof(
      fc.constant(null),
      fc.record(
        {
          media_url: fc.oneof(
            fc.array(fc.webUrl(), { maxLength: 3 }),
            fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
            fc.string({ maxLength: 10 }),
          ),
          media_type: fc.oneof(fc.constant('image/png'), fc.constant(null), fc.integer()),
        },
        { requiredKeys: [] },
      ),
    ),
    created_at: fc.oneof(fc.string({ maxLength: 24 }), fc.constant(null), fc.integer()),
    completed_at: fc.oneof(fc.string({ maxLength: 24 }), fc.constant(null)),
  },
  { requiredKeys: [] },
);

/** Text a broken gateway or proxy might send: JSON of any shape, cut JSON, HTML, noise. */
const anyBody = fc.oneof(
  statusBody.map((b) => JSON.stringify(b)),
  statusBody.chain((b) => {
    const text = JSON.stringify(b);
    return fc.nat({ max: text.length }).map((n) => text.slice(0, n));
  }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '{}',
    '<html>502 Bad Gateway</html>',
    `{"status":"COMPLETED","x":"${KEY}"}`,
  ),
);

/** A StatusResult as the engine relies on it. */
function expectValid(r: StatusResult): void {
  expect(r.requestId).toBe(ID);
  expect(STATUSES).toContain(r.status);
  expect(r.mediaUrls.every((u) => typeof u === 'string' && u.length > 0)).toBe(true);
  if (r.status === 'COMPLETED') expect(r.mediaUrls.length).toBeGreaterThan(0);
  expect(r.error === null || typeof r.error === 'string').toBe(true);
  expect(JSON.stringify(r)).not.toContain(KEY);
}

describe('status parsing', () => {
  test('any text: a valid StatusResult or a one-line reason, never an exception or the key', () => {
    fc.assert(
      fc.property(anyBody, (text) => {
        const r = parseStatus(text, ID, [KEY]);
        if (typeof r === 'string') {
          expect(r.length).toBeGreaterThan(0);
          expect(r).not.toMatch(/[\r\n]/);
          expect(r).not.toContain(KEY);
        } else expectValid(r);
      }),
      { numRuns: 2000 },
    );
  });

  test('documented bodies parse to what they say', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STATUSES),
        fc.array(fc.webUrl(), { minLength: 1, maxLength: 3 }),
        (status, urls) => {
          const r = parseStatus(
            JSON.stringify({ request_id: ID, status, error: null, output: { media_url: urls } }),
            ID,
            [KEY],
          );
          expect(r).toMatchObject({ status, mediaUrls: urls });
        },
      ),
    );
  });
});

describe('the client against a gateway answering anything', () => {
  const agent = new Agent();
  let server: TestServer;
  let next: (res: ServerResponse) => void = (res) => res.end();
  beforeAll(async () => {
    server = await startServer((_q, res) => next(res));
  });
  afterAll(async () => {
    await server.close();
    await agent.close();
  });
  const client = () =>
    new PixazoClient({
      baseUrl: server.url,
      apiKey: KEY,
      dispatcher: agent,
      clock: fakeClock(),
      maxAttempts: 2,
    });
  const answer = (status: number, text: string) => (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const httpStatus = fc.oneof(
    fc.constant(200),
    fc.constantFrom(201, 202, 204, 301, 400, 401, 402, 403, 404, 408, 409, 429, 500, 502, 503, 504),
    fc.integer({ min: 200, max: 599 }),
  );

  test('status(): a valid result or a GatewayError without the key', async () => {
    await fc.assert(
      fc.asyncProperty(httpStatus, anyBody, async (status, text) => {
        next = answer(status, text);
        try {
          expectValid(await client().status(ID));
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(300);
        } catch (err) {
          expect(err).toBeInstanceOf(GatewayError);
          const e = err as GatewayError;
          expect(e.message).not.toContain(KEY);
          expect(e.message).not.toMatch(/[\r\n]/);
          if (status === 404) expect(e.kind).toBe('not-found');
          if (status === 401 || status === 403) expect(e.kind).toBe('auth');
        }
      }),
      { numRuns: 150 },
    );
  });

  test('submit(): a request id, or a GatewayError whose kind matches the answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        httpStatus,
        fc.oneof(
          anyBody,
          fc.jsonValue().map((v) => JSON.stringify({ request_id: v })),
          fc.string({ minLength: 1, maxLength: 30 }).map((id) => JSON.stringify({ request_id: id })),
        ),
        async (status, text) => {
          next = answer(status, text);
          try {
            const r = await client().submit('/gpt-image-2-text-to-image/v1/x/generate', { prompt: 'p' });
            expect(status >= 200 && status < 300).toBe(true);
            expect(typeof r.requestId).toBe('string');
            expect(r.requestId.length).toBeGreaterThan(0);
          } catch (err) {
            expect(err).toBeInstanceOf(GatewayError);
            const e = err as GatewayError;
            expect(e.message).not.toContain(KEY);
            // A 5xx is surely no acceptance only in the gateway's own words (a JSON `error`), never a 502/504.
            const ownWords = (() => {
              try {
                const j = JSON.parse(text) as unknown;
                return (
                  typeof j === 'object' && j !== null && typeof (j as { error?: unknown }).error === 'string'
                );
              } catch {
                return false;
              }
            })();
            const expected =
              status >= 200 && status < 300
                ? 'outcome-unknown'
                : status === 400
                  ? /not found or is disabled|"Model not found"/i.test(text)
                    ? 'model-unavailable'
                    : 'bad-request'
                  : status === 401 || status === 403
                    ? 'auth'
                    : status === 402
                      ? 'balance'
                      : status >= 500 && (status === 502 || status === 504 || !ownWords)
                        ? 'outcome-unknown'
                        : status === 408 || status === 429 || status >= 500
                          ? 'transient'
                          : 'protocol';
            expect(e.kind).toBe(expected);
            // Only answers that surely were not an acceptance are ever repeated.
            if (expected !== 'transient') expect(e.attempts).toBe(1);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('echoed text and schedules', () => {
  const key = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/);

  test('the key never survives cleaning, wherever the gateway puts it', () => {
    fc.assert(
      fc.property(
        key,
        fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 600 }),
        fc.boolean(),
        (secret, parts, max, encoded) => {
          const text = parts.join(encoded ? encodeURIComponent(secret) : secret);
          const out = cleanText(text, [secret], Math.max(1, max));
          expect(out).not.toContain(secret);
          expect(out).not.toMatch(/[\r\n\u2028\u2029]/);
          expect(out.length).toBeLessThanOrEqual(Math.max(1, max));
        },
      ),
    );
  });

  test('error answers: a GatewayError or RetryableError with a clean message, whatever the body', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 599 }),
        anyBody,
        fc.constantFrom('submit', 'status', 'download') as fc.Arbitrary<'submit' | 'status' | 'download'>,
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        (status, body, op, retryAfter) => {
          const headers = retryAfter === undefined ? {} : { 'retry-after': retryAfter };
          const r = httpFailure(status, headers, `${body} ${KEY}`, {
            op,
            subject: 'x',
            secrets: [KEY],
            nowMs: Date.parse('2026-03-31T10:00:00Z'),
          });
          const e = r instanceof RetryableError ? r.error : r;
          expect(e).toBeInstanceOf(GatewayError);
          expect(e.message).not.toContain(KEY);
          if (r instanceof RetryableError && r.retryAfterMs !== undefined) {
            expect(Number.isFinite(r.retryAfterMs)).toBe(true);
            expect(r.retryAfterMs).toBeGreaterThanOrEqual(0);
          }
          expect(gatewayMessage(body, [KEY])).not.toContain(KEY);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('Retry-After: a finite wait ≥ 0 or nothing, never NaN', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.date().map((d) => d.toUTCString()),
        ),
        (value) => {
          const ms = parseRetryAfter(value, Date.parse('2026-03-31T10:00:00Z'));
          if (ms !== undefined) {
            expect(Number.isFinite(ms)).toBe(true);
            expect(ms).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  test('backoff: whole milliseconds within [floor, cap], whatever the draw', () => {
    const policy = retryPolicy();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double(), (n, r) => {
        const d = backoffDelay(n, r, policy);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(policy.minDelayMs);
        expect(d).toBeLessThanOrEqual(policy.capMs);
      }),
    );
  });

  test('poll waits start at the lower bound, grow toward the upper one, and never leave them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 40,
        }),
        (min, extra, draws) => {
          const max = min + extra;
          let i = 0;
          const s = pollSchedule({ min, max }, () => draws[i++ % draws.length]!);
          const waits = draws.map((_, k) => s.next(k * min));
          for (const w of waits) {
            expect(w).toBeGreaterThanOrEqual(min);
            expect(w).toBeLessThanOrEqual(max);
          }
          // Jitter is ±10 %: the first wait is the lower bound give or take that.
          expect(waits[0]).toBeLessThanOrEqual(Math.min(max, min * 1.1));
          // Backoff by 1.5 per call, capped: the k-th wait is at most min·1.5^k (+10 %).
          waits.forEach((w, k) => {
            expect(w).toBeLessThanOrEqual(Math.min(max, min * 1.5 ** k * 1.1) + 1e-6);
          });
        },
      ),
    );
  });
});
