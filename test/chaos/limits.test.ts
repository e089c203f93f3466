/**
 * The concurrency checks of the chaos test (limits.ts) can fail, and pass a clean log; the draws
 * give `auto` runs with hidden caps, `Retry-After: 0` and storms of 429s.
 */
import { describe, expect, it } from 'vitest';
import type { LoggedRequest } from '../emulator/index.js';
import { checkLimits, type LimitFacts } from './limits.js';
import { drawTrial } from './trial.js';

/** A logged request: only what the checks read. */
function req(
  kind: 'submit' | 'status',
  at: number,
  answer: LoggedRequest['answer'],
  extra: { prompt?: string; requestId?: string; retryAfter?: string } = {},
): LoggedRequest {
  return {
    at,
    method: kind === 'submit' ? 'POST' : 'GET',
    path: '/',
    kind,
    headers: {},
    body: kind === 'submit' ? { prompt: extra.prompt ?? 'p' } : undefined,
    rawBody: '',
    apiKey: undefined,
    noCache: false,
    webhookUrl: undefined,
    answer,
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
    ...(extra.retryAfter !== undefined ? { retryAfter: extra.retryAfter } : {}),
  };
}

const facts = (log: LoggedRequest[], extra: Partial<LimitFacts> = {}): LimitFacts => ({
  run: 0,
  concurrency: 2,
  pollTimeoutMs: 1000,
  runsAtOnce: 1,
  inFlightCap: 3,
  peakInFlight: 2,
  floorMs: 100,
  entriesByPrompt: new Map([
    ['a', 1],
    ['b', 1],
    ['c', 1],
  ]),
  log,
  ...extra,
});

describe('the limit checks', () => {
  it.each([
    {
      name: 'a clean run: two in flight, a 429 waited out',
      f: facts([
        req('submit', 0, 202, { prompt: 'a', requestId: 'r1' }),
        req('submit', 5, 429, { prompt: 'b', retryAfter: '0' }),
        req('status', 50, 200, { requestId: 'r1' }),
        req('submit', 105, 202, { prompt: 'b', requestId: 'r2' }),
        req('status', 200, 200, { requestId: 'r2' }),
      ]),
      expected: [],
    },
    {
      name: 'three in flight with a limit of 2',
      f: facts([
        req('submit', 0, 202, { prompt: 'a', requestId: 'r1' }),
        req('submit', 1, 202, { prompt: 'b', requestId: 'r2' }),
        req('submit', 2, 202, { prompt: 'c', requestId: 'r3' }),
        req('status', 10, 200, { requestId: 'r1' }),
        req('status', 11, 200, { requestId: 'r2' }),
        req('status', 12, 200, { requestId: 'r3' }),
      ]),
      expected: ['over-limit'],
    },
    {
      name: "two runs at once: the waiting run polls the other one's jobs (not held against either)",
      f: facts(
        [
          req('submit', 0, 202, { prompt: 'a', requestId: 'r1' }),
          req('submit', 1, 202, { prompt: 'b', requestId: 'r2' }),
          req('submit', 2, 202, { prompt: 'c', requestId: 'r3' }),
          req('status', 10, 200, { requestId: 'r1' }),
          req('status', 11, 200, { requestId: 'r2' }),
          req('status', 12, 200, { requestId: 'r3' }),
        ],
        { runsAtOnce: 2 },
      ),
      expected: [],
    },
    {
      name: 'the gateway held more than its cap',
      f: facts([], { peakInFlight: 4 }),
      expected: ['cap-exceeded'],
    },
    {
      name: 'a 429 that made a job',
      f: facts([req('submit', 0, 429, { prompt: 'a', requestId: 'r1' })]),
      expected: ['429-charged'],
    },
    {
      name: 'sent again 30 ms after a 429 (Retry-After: 0)',
      f: facts([
        req('submit', 0, 429, { prompt: 'a', retryAfter: '0' }),
        req('submit', 30, 202, { prompt: 'a', requestId: 'r1' }),
      ]),
      expected: ['429-storm'],
    },
    {
      name: 'sent again 500 ms after a 429 asking for 1 s',
      f: facts([
        req('submit', 0, 429, { prompt: 'a', retryAfter: '1' }),
        req('submit', 500, 202, { prompt: 'a', requestId: 'r1' }),
      ]),
      expected: ['429-storm'],
    },
    {
      name: 'refused six times with a fixed limit (5 attempts)',
      f: facts(Array.from({ length: 6 }, (_, i) => req('submit', i * 200, 429, { prompt: 'a' }))),
      expected: ['429-storm'],
    },
  ])('$name', ({ f, expected }) => {
    expect([...new Set(checkLimits(f).map((v) => v.invariant))]).toEqual(expected);
  });

  it('auto may be refused for as long as poll-timeout allows, a pause apart', () => {
    const log = Array.from({ length: 12 }, (_, i) => req('submit', i * 100, 429, { prompt: 'a' }));
    expect(checkLimits(facts(log, { concurrency: 'auto' }))).toEqual([]);
    expect(
      checkLimits(facts(log, { concurrency: 'auto', pollTimeoutMs: 500 })).map((v) => v.invariant),
    ).toEqual(['429-storm']);
  });
});

describe('the draws', () => {
  it('give auto runs, hidden caps with Retry-After 0, token buckets and storms of 429s', () => {
    const trials = Array.from({ length: 300 }, (_, i) => drawTrial(1000 + i));
    const auto = trials.filter((t) => t.concurrency === 'auto');
    expect(auto.length).toBeGreaterThan(100);
    expect(auto.some((t) => t.limits?.inFlightCap !== undefined && t.limits.capRetryAfterS === 0)).toBe(true);
    expect(auto.some((t) => t.limits?.submitRate)).toBe(true);
    expect(auto.some((t) => (t.limits?.storm.length ?? 0) >= 8)).toBe(true);
    // A storm is answered first: its 429s lead the first run's submit faults.
    for (const t of trials)
      expect(t.faults.failNextSubmits?.slice(0, t.limits?.storm.length)).toEqual(t.limits?.storm);
  });
});
