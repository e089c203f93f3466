import { describe, expect, it } from 'vitest';
import { AUTO_MAX, Limiter, ordinal, PROBE_WAIT_MS, type Slot } from '../../src/engine/limiter.js';
import type { Clock } from '../../src/shared/clock.js';

/** Virtual time: sleepers wake only when the test moves the clock; `random` draws from a list. */
function manualClock(randoms: number[] = []) {
  let t = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => t,
    random: () => randoms.shift() ?? 0,
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        sleepers.push({ at: t + ms, wake: resolve });
      });
    },
  };
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    clock,
    sleeps,
    async advance(ms: number): Promise<void> {
      const end = t + ms;
      for (;;) {
        await settle();
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > end) break;
        sleepers.shift();
        t = next.at;
        next.wake();
      }
      t = end;
      await settle();
    },
    settle,
  };
}

/** Takes `n` submit places now (they must all be free). */
async function take(limiter: Limiter, n: number): Promise<Slot[]> {
  const slots: Slot[] = [];
  for (let i = 0; i < n; i++) {
    const s = await limiter.acquire('submit');
    if (!s) throw new Error('no slot');
    slots.push(s);
  }
  return slots;
}

/** Starts a waiting acquire and tells whether it got its place yet. */
function pending(limiter: Limiter, kind: 'submit' | 'resume' = 'submit') {
  let got: Slot | undefined;
  const p = limiter.acquire(kind).then((s) => {
    got = s;
    return s;
  });
  return { p, got: () => got };
}

describe('Limiter (auto)', () => {
  it('starts at 4 and grows by one per accepted submit, up to 32', async () => {
    const { clock } = manualClock();
    const limiter = new Limiter('auto', clock);
    expect(limiter.current).toBe(4);
    const first = await take(limiter, 4);
    for (const s of first) s.accepted();
    expect(limiter.current).toBe(8);
    for (let i = 0; i < 28; i++) (await limiter.acquire('submit'))!.accepted();
    expect(limiter.current).toBe(AUTO_MAX);
    expect(limiter.report().summary).toBe(
      'in flight: up to 32 (the most `auto` allows); the gateway refused none',
    );
  });

  it.each([
    {
      cap: 16,
      expected: 'in flight: up to 16; the gateway refused the 17th (1 refusal (429), never charged)',
    },
    { cap: 3, expected: 'in flight: up to 3; the gateway refused the 4th (1 refusal (429), never charged)' },
    { cap: 0, expected: 'in flight: up to 1; the gateway refused the 2nd (1 refusal (429), never charged)' },
  ])('a first 429 sets the limit to the requests held: cap $cap', async ({ cap, expected }) => {
    const { clock } = manualClock();
    const limiter = new Limiter('auto', clock);
    for (let i = 0; i < cap; i++) (await limiter.acquire('submit'))!.accepted();
    // More submits already out when the cap is hit: one refusal counts for the limit, every one for the pause.
    const extra = await take(limiter, 3);
    extra[0]!.refused(1000);
    extra[1]!.refused(1000);
    extra[2]!.refused(1000);
    expect(limiter.current).toBe(Math.max(1, cap));
    const r = limiter.report();
    expect(r.refusals).toBe(3);
    expect(r.summary).toBe(expected.replace('1 refusal (429)', '3 refusals (429)'));
  });

  it.each([
    { name: 's3 accepted late counts', s3: 'accepted', s5: 'refused', expected: 3 },
    { name: 's3 refused too', s3: 'refused', s5: 'refused', expected: 2 },
    { name: 's5 (sent after s4) accepted does not count', s3: 'refused', s5: 'accepted', expected: 2 },
  ] as const)('hidden cap 3, a 202 on its way when the 429 comes: $name', async ({ s3, s5, expected }) => {
    const { clock } = manualClock();
    const limiter = new Limiter('auto', clock);
    // Four submits out; the gateway takes the first ones and refuses the fourth.
    const [a1, a2, a3, a4] = await take(limiter, 4);
    a1!.accepted();
    a2!.accepted(); // limit 6: a5 and a6 go out, after a4
    const [a5, a6] = await take(limiter, 2);
    // a4's 429 arrives before a3's answer: 2 held, a3 sent before a4 and unanswered.
    a4!.refused(1000);
    expect(limiter.current).toBe(2);
    const answer = (slot: Slot, how: 'accepted' | 'refused'): void =>
      how === 'accepted' ? slot.accepted() : slot.refused(1000);
    answer(a3!, s3);
    answer(a5!, s5);
    a6!.refused(1000);
    expect(limiter.current).toBe(expected);
    expect(limiter.report().summary).toMatch(
      new RegExp(`^in flight: up to ${expected}; the gateway refused the`),
    );
  });

  it('a 429 answered before every 202 of the submits sent ahead of it: the cap comes in with them', async () => {
    const { clock } = manualClock();
    const limiter = new Limiter('auto', clock);
    const slots = await take(limiter, 4);
    slots[3]!.refused(1000); // nothing held yet: at least 1
    expect(limiter.current).toBe(1);
    for (const s of slots.slice(0, 3)) s.accepted();
    expect(limiter.current).toBe(3);
  });

  it('a 429 with the learned limit in use is a lower cap, not a rate', async () => {
    const { clock, advance } = manualClock();
    const limiter = new Limiter('auto', clock);
    const held = await take(limiter, 3);
    for (const s of held) s.accepted(); // limit 7
    (await take(limiter, 1))[0]!.refused(1000); // cap 3
    expect(limiter.current).toBe(3);
    await advance(2000);
    held[0]!.release();
    const third = (await take(limiter, 1))[0]!;
    third.refused(1000); // 2 held + this one = the limit: the gateway now holds 2 at most
    expect(limiter.current).toBe(2);
    expect(limiter.report().summary).toMatch(/^in flight: up to 2; the gateway refused the 3rd/);
  });

  it('a 429 with fewer held than the learned limit is a rate limit: the limit halves', async () => {
    const { clock, advance } = manualClock();
    const limiter = new Limiter('auto', clock);
    const held = await take(limiter, 4);
    for (const s of held) s.accepted(); // limit 8
    const refused = (await take(limiter, 1))[0]!;
    refused.refused(undefined); // cap learned: 4
    expect(limiter.current).toBe(4);
    held[0]!.release();
    held[1]!.release(); // 2 held of 4
    const next = pending(limiter);
    await advance(1000); // the pause of the first 429 (its backoff, no Retry-After)
    next.got()!.refused(1000);
    expect(limiter.current).toBe(2);
    expect(limiter.report().summary).toMatch(/^in flight: up to 2; the gateway limits the rate of submits/);
  });

  it('pauses every waiting submit until Retry-After, each with its own jitter; resumes do not wait', async () => {
    const randoms = [0, 0.5, 0.99];
    const { clock, advance } = manualClock(randoms);
    const limiter = new Limiter(8, clock);
    const [a] = await take(limiter, 1);
    a!.refused(4000); // pause 4 s, jitter up to half of it
    const waiting = [pending(limiter), pending(limiter), pending(limiter)];
    const resume = pending(limiter, 'resume');
    await advance(0);
    expect(resume.got()).toBeDefined();
    expect(waiting.map((w) => w.got())).toEqual([undefined, undefined, undefined]);
    await advance(3999);
    expect(waiting.filter((w) => w.got()).length).toBe(0);
    await advance(1); // 4000: the one with jitter 0
    expect(waiting.filter((w) => w.got()).length).toBe(1);
    await advance(1000); // 5000: jitter 0.5 × 2000
    expect(waiting.filter((w) => w.got()).length).toBe(2);
    await advance(1000); // 6000 > 4000 + 0.99 × 2000
    expect(waiting.filter((w) => w.got()).length).toBe(3);
  });

  it('a newer 429 during the pause extends it for every waiter', async () => {
    const { clock, advance } = manualClock();
    const limiter = new Limiter('auto', clock);
    const [a, b] = await take(limiter, 2);
    a!.refused(1000);
    const w = pending(limiter);
    await advance(500);
    b!.refused(3000); // until 3500
    await advance(600); // 1100: the first pause is over, the second is not
    expect(w.got()).toBeUndefined();
    await advance(2400); // 3500
    expect(w.got()).toBeDefined();
  });

  it('after a quiet minute with the limit in use it probes one higher; a refused probe doubles the wait', async () => {
    const { clock, advance } = manualClock();
    const limiter = new Limiter('auto', clock);
    const held = await take(limiter, 3);
    for (const s of held) s.accepted(); // limit 7
    (await take(limiter, 1))[0]!.refused(1000); // cap 3
    expect(limiter.current).toBe(3);
    await advance(1000);
    // The limit in use (3 held), then a quiet minute: the next acquire probes 4.
    held[2]!.release();
    const again = (await limiter.acquire('submit'))!;
    again.accepted();
    await advance(PROBE_WAIT_MS);
    const probe = (await limiter.acquire('submit'))!;
    expect(limiter.current).toBe(4);
    probe.refused(1000); // refused probe: back to 3, next probe after 2 minutes
    expect(limiter.current).toBe(3);
    await advance(1000);
    held[0]!.release();
    (await limiter.acquire('submit'))!.accepted();
    await advance(PROBE_WAIT_MS);
    const early = pending(limiter);
    await advance(0);
    expect(limiter.current).toBe(3);
    expect(early.got()).toBeUndefined();
    await advance(PROBE_WAIT_MS);
    held[1]!.release(); // a waiter checks again: two quiet minutes, so it probes
    await advance(0);
    expect(limiter.current).toBe(4);
    expect(early.got()).toBeDefined();
  });

  it('doubles the wait after each refused probe, up to 16 minutes', async () => {
    const { clock, advance } = manualClock();
    const limiter = new Limiter('auto', clock);
    let h = (await limiter.acquire('submit'))!;
    h.accepted(); // limit 5, one held
    (await take(limiter, 1))[0]!.refused(1000); // cap 1
    /** Frees the held place and takes it again: the acquire is where a due probe happens. */
    const cycle = async (): Promise<void> => {
      h.release();
      h = (await limiter.acquire('submit'))!;
      h.accepted();
    };
    const waits: number[] = [];
    let wait = PROBE_WAIT_MS;
    for (let round = 0; round < 7; round++) {
      await advance(wait - 1);
      await cycle();
      expect(limiter.current).toBe(1);
      await advance(1);
      await cycle();
      expect(limiter.current).toBe(2);
      waits.push(wait);
      (await limiter.acquire('submit'))!.refused(1000); // the probe, refused
      expect(limiter.current).toBe(1);
      wait = Math.min(16 * 60_000, wait * 2);
    }
    expect(waits.map((w) => w / 60_000)).toEqual([1, 2, 4, 8, 16, 16, 16]);
  });

  it('a cancel ends the wait with no place', async () => {
    const { clock, advance } = manualClock();
    const limiter = new Limiter(1, clock);
    await take(limiter, 1);
    const ctl = new AbortController();
    const w = limiter.acquire('submit', ctl.signal);
    ctl.abort();
    await advance(0);
    expect(await w).toBeUndefined();
  });
});

describe('Limiter (fixed)', () => {
  it('never moves, whatever the gateway answers', async () => {
    const { clock } = manualClock();
    const limiter = new Limiter(3, clock);
    const slots = await take(limiter, 3);
    for (const s of slots) s.accepted();
    const w = pending(limiter);
    await Promise.resolve();
    expect(w.got()).toBeUndefined();
    slots[0]!.release();
    await w.p;
    w.got()!.refused(undefined);
    expect(limiter.current).toBe(3);
    expect(limiter.report(5)).toMatchObject({ mode: 'fixed', limit: 3, peak: 3, refusals: 5 });
    expect(limiter.report().summary).toBe('in flight: up to 3 (fixed by `concurrency`)');
  });
});

describe('ordinal', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [17, '17th'],
    [21, '21st'],
    [33, '33rd'],
  ])('%i → %s', (n, s) => expect(ordinal(n)).toBe(s));
});
