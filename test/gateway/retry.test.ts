import { describe, expect, it, test } from 'vitest';
import {
  isConnectError,
  isPermanentNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  RetryableError,
  withRetry,
} from '../../src/gateway/retry.js';
import { GatewayError } from '../../src/gateway/types.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, retryPolicy } from '../../src/shared/backoff.js';
import { type Clock, realClock } from '../../src/shared/clock.js';
import { fakeClock, recordingLogger, rejection } from './helpers.js';

const policy = retryPolicy({
  baseMs: 1000,
  capMs: 4000,
  minDelayMs: 100,
  maxRetryAfterMs: 60_000,
  maxAttempts: 5,
});
const transient = () => new RetryableError(new GatewayError('transient', 'HTTP 503', 503));

describe('backoffDelay', () => {
  test.each([
    [0, 0.5, 500],
    [1, 0.5, 1000],
    [2, 0.5, 2000],
    [3, 0.5, 2000], // window capped at 4000
    [50, 0.999, 3996], // huge exponent: still the cap, never Infinity or NaN
    [0, 0, 100], // floor: no zero-delay retry
    [2, 0.01, 100],
    [1, Number.NaN, 2000], // a broken random() is clamped, not propagated
    [1, 7, 2000],
  ])('retry %i with random %d waits %i ms', (index, random, expected) => {
    expect(backoffDelay(index, random, policy)).toBe(expected);
  });

  it('defaults are sane', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({
      maxAttempts: 5,
      baseMs: 1000,
      capMs: 30_000,
      maxRetryAfterMs: 60_000,
    });
    expect(backoffDelay(0, 0.999_999, DEFAULT_RETRY_POLICY)).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-31T10:00:00.000Z');
  test.each<[string | string[] | undefined, number | undefined]>([
    ['7', 7000],
    [' 0 ', 0],
    [['3', '9'], 3000],
    ['Tue, 31 Mar 2026 10:00:12 GMT', 12_000],
    ['Tue, 31 Mar 2026 09:00:00 GMT', 0], // in the past
    ['Tuesday, 31-Mar-26 10:00:30 GMT', 30_000], // RFC 850 form
    ['soon', undefined],
    ['1.5', undefined], // not delta-seconds, and not a date either
    ['-1', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %s', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('retryPolicy', () => {
  test.each([{ baseMs: Number.NaN }, { capMs: -1 }, { maxAttempts: 0 }, { maxAttempts: 2.5 }])(
    'rejects %j',
    (o) => {
      expect(() => retryPolicy(o)).toThrow(RangeError);
    },
  );
  it('ignores undefined overrides', () => {
    expect(retryPolicy({ maxAttempts: undefined })).toEqual(DEFAULT_RETRY_POLICY);
  });
});

describe('withRetry', () => {
  it('follows the full-jitter schedule exactly and gives up with the attempt count', async () => {
    const clock = fakeClock([0.25, 0.5, 0.75, 0.999]);
    const log = recordingLogger();
    let calls = 0;
    const err = await rejection<GatewayError>(
      withRetry({ clock, policy, label: 'op', logger: log.logger }, async () => {
        calls++;
        throw transient();
      }),
    );
    // windows 1000, 2000, 4000, 4000 (cap) × the random draws
    expect(clock.sleeps).toEqual([250, 1000, 3000, 3996]);
    expect(calls).toBe(5);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'transient', attempts: 5, httpStatus: 503 });
    expect(err.message).toContain('gave up after 5 attempts');
    expect(log.warning).toEqual(['op: giving up after 5 attempts: HTTP 503']);
    expect(log.debug.filter((l) => l.includes('retrying in'))).toHaveLength(4);
    expect(log.debug[0]).toBe('op: attempt 1/5');
  });

  it('returns the first success', async () => {
    const clock = fakeClock([0.1]);
    const result = await withRetry({ clock, policy, label: 'op' }, async (n) => {
      if (n === 1) throw transient();
      return n;
    });
    expect(result).toBe(2);
    expect(clock.sleeps).toEqual([100]);
  });

  test.each([
    [7000, 7000],
    [0, 100], // Retry-After: 0 still waits the floor
    [3_600_000, 60_000], // bounded
  ])('Retry-After %i ms waits %i ms without drawing jitter', async (retryAfter, expected) => {
    const randoms = [0.5];
    const clock = fakeClock(randoms);
    await withRetry({ clock, policy, label: 'op' }, async (n) => {
      if (n === 1) throw new RetryableError(new GatewayError('transient', '429', 429), retryAfter);
      return n;
    });
    expect(clock.sleeps).toEqual([expected]);
    expect(randoms).toEqual([0.5]);
  });

  it('rethrows a final GatewayError at once, with the attempt count', async () => {
    const clock = fakeClock();
    const err = await rejection<GatewayError>(
      withRetry({ clock, policy, label: 'op' }, async (n) => {
        if (n === 1) throw transient();
        throw new GatewayError('auth', 'nope', 401);
      }),
    );
    expect(err).toMatchObject({ kind: 'auth', attempts: 2, httpStatus: 401 });
    expect(clock.sleeps).toHaveLength(1);
  });

  it('lets other errors (bugs) through untouched', async () => {
    const bug = new TypeError('boom');
    await expect(
      withRetry({ clock: fakeClock(), policy, label: 'op' }, async () => Promise.reject(bug)),
    ).rejects.toBe(bug);
  });

  it('is cancelled by the signal, before an attempt or during the wait', async () => {
    const before = new AbortController();
    before.abort();
    let calls = 0;
    const err1 = await rejection<GatewayError>(
      withRetry({ clock: fakeClock(), policy, label: 'op', signal: before.signal }, async () => calls++),
    );
    expect(err1.kind).toBe('aborted');
    expect(calls).toBe(0);

    // The real clock's timer, cancelled once the wait has begun: an hour's wait that ignored the
    // signal would outlast the test's timeout (a failure), so no elapsed time is measured.
    const during = new AbortController();
    const waits: number[] = [];
    const abortingClock: Clock = {
      ...realClock,
      sleep: (ms, signal) => {
        waits.push(ms);
        const wait = realClock.sleep(ms, signal);
        during.abort();
        return wait;
      },
    };
    const hour = 3_600_000;
    const err2 = await rejection<GatewayError>(
      withRetry(
        {
          clock: abortingClock,
          policy: retryPolicy({ baseMs: hour, capMs: hour, minDelayMs: hour }),
          label: 'op',
          signal: during.signal,
        },
        async () => {
          throw transient();
        },
      ),
    );
    expect(err2).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect(waits).toEqual([hour]);
  });
});

describe('classification', () => {
  test.each([
    [200, false],
    [400, false],
    [401, false],
    [404, false],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
  ])('HTTP %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  const withCode = (code: string) => Object.assign(new Error(code), { code });
  test.each([
    ['ECONNREFUSED', true, false],
    ['UND_ERR_CONNECT_TIMEOUT', true, false],
    ['ENOTFOUND', true, false],
    ['UND_ERR_SOCKET', false, false],
    ['ECONNRESET', false, false],
    ['UND_ERR_HEADERS_TIMEOUT', false, false],
    ['UND_ERR_BODY_TIMEOUT', false, false],
    ['UND_ERR_INVALID_ARG', false, true],
    ['CERT_HAS_EXPIRED', false, true],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', false, true],
  ])('%s: connect-phase %s, permanent %s', (code, connect, permanent) => {
    expect(isConnectError(withCode(code))).toBe(connect);
    expect(isPermanentNetworkError(withCode(code))).toBe(permanent);
  });

  it('reads the code of a wrapped cause', () => {
    expect(isConnectError(new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }))).toBe(true);
  });
});
