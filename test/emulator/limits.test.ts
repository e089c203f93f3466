import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { defaultOptions, type Emulator, type ModelSlug, startEmulator } from './index.js';
import { submit } from './testkit.js';

const T2I: ModelSlug = 'gpt-image-2-text-to-image';
const BODY = { prompt: 'p', output_format: 'png' };

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
  // Jobs that never finish by themselves: the cap is only freed by finishNow.
  Object.assign(emu.options, defaultOptions(), { latency: 600_000, port: emu.port });
  for (const id of emu.jobs.keys()) emu.finishNow(id);
  emu.resetCounters();
});

describe('hidden limits', () => {
  test.each([1, 3])(
    'inFlightCap %i: one more submit is refused with the seed 429 and Retry-After',
    async (cap) => {
      emu.options.inFlightCap = cap;
      emu.options.capRetryAfterS = 7;
      const answers = [];
      for (let i = 0; i <= cap; i++) answers.push(await submit(emu, T2I, BODY));
      expect(answers.map((a) => a.status)).toEqual([...Array<number>(cap).fill(202), 429]);
      const refused = answers[cap]!;
      expect(refused.headers['retry-after']).toBe('7');
      expect(refused.json).toEqual({ error: 'Too Many Requests', message: expect.any(String) });
      expect(emu.counters).toMatchObject({
        accepted: cap,
        limitedByCap: 1,
        limitedByRate: 0,
        peakInFlight: cap,
      });
      // A job that finishes frees its place: the next submit is taken.
      emu.finishNow(String(answers[0]!.json?.request_id));
      expect((await submit(emu, T2I, BODY)).status).toBe(202);
    },
  );

  test('submitRate: a burst is taken, then one a token, with the seconds until the next token', async () => {
    emu.options.submitRate = { perMinute: 6, burst: 2 };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await submit(emu, T2I, BODY));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 429]);
    // 6 a minute: the next token in (just under) 10 s.
    expect(Number(answers[2]!.headers['retry-after'])).toBeGreaterThanOrEqual(9);
    expect(Number(answers[2]!.headers['retry-after'])).toBeLessThanOrEqual(10);
    expect(emu.counters).toMatchObject({ accepted: 2, limitedByRate: 1, limitedByCap: 0 });
  });

  test('off by default: many jobs in flight, no 429', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => submit(emu, T2I, BODY)));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(emu.counters.peakInFlight).toBe(40);
  });

  test('a refused key is told so before any limit (401, not 429)', async () => {
    emu.options.inFlightCap = 0;
    const res = await submit(emu, T2I, BODY, {
      'Content-Type': 'application/json',
      'Ocp-Apim-Subscription-Key': 'wrong',
    });
    expect(res.status).toBe(401);
    expect(emu.counters.limitedByCap).toBe(0);
  });
});
