/**
 * The lockfile's fingerprint maps: `submitting` reads empty from older lockfiles; a merge keeps
 * one state per fingerprint, the most advanced (a recorded image > pending > submitting > unknown >
 * failed); stale intents become unknown (planning rule 1a); unclaimed records are kept for their
 * windows (pending 7 days, unknown 30 days) and refusals dropped.
 */
import { describe, expect, it } from 'vitest';
import { moveStaleIntents, STOPPED_BEFORE_ANSWER, tidyLockfile } from '../../src/plan/housekeeping.js';
import { emptyLockfile, type Lockfile, parseLockfile } from '../../src/plan/lockfile.js';
import { mergeLockfiles } from '../../src/plan/lockfile-merge.js';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-02T10:00:00.000Z';
const DAY = 86_400_000;
const image = (fingerprint: string, generated_at: string) => ({
  fingerprint,
  parts: { prompt: '', params: '', inputs: '' },
  model: 'gpt-image-2',
  files: [],
  request_id: 'r-img',
  cost_usd: null,
  generated_at,
  duration_s: null,
});
const states = {
  submitting: { id: 'a', at: T0 },
  pending: { id: 'a', request_id: 'r1', submitted_at: T0 },
  unknown: { id: 'a', reason: 'lost', at: T0 },
  failed: { id: 'a', status: 'FAILED', error: 'no', at: T0 },
} as const;
type State = keyof typeof states;
const withState = (state: State, fp = 'fp'): Lockfile => ({
  ...emptyLockfile(),
  [state]: { [fp]: states[state] },
});
const stateOf = (lock: Lockfile, fp = 'fp'): State[] =>
  (Object.keys(states) as State[]).filter((s) => (lock[s] as Record<string, unknown>)[fp]);

describe('submitting', () => {
  it('a lockfile without `submitting` reads with it empty', () => {
    expect(parseLockfile('{"version":1}', 'images.lock.json').submitting).toEqual({});
  });

  it('rule 1a: an intent left at plan time moves to unknown (a move: no other map keeps it)', () => {
    const lock = { ...withState('submitting'), failed: { fp: states.failed } };
    expect(moveStaleIntents(lock)).toEqual(['fp']);
    expect(lock.submitting).toEqual({});
    expect(lock.failed).toEqual({});
    expect(lock.unknown).toEqual({ fp: { id: 'a', reason: STOPPED_BEFORE_ANSWER, at: T0 } });
  });
});

describe('merging one fingerprint found in two states: the most advanced wins', () => {
  const order: State[] = ['pending', 'submitting', 'unknown', 'failed'];
  const pairs = order.flatMap((a, i) => order.slice(i + 1).map((b) => [a, b] as const));
  it.each(pairs)('%s beats %s (a textual git merge kept both; or one from each side)', (better, worse) => {
    const none = { ids: new Set<string>(), fingerprints: new Set<string>(), baseSpent: 0 };
    const both = { ...withState(better), [worse]: { fp: states[worse] } };
    expect(stateOf(mergeLockfiles(emptyLockfile(), both, none))).toEqual([better]);
    // Ours touched the fingerprint in `worse`, theirs holds the other fingerprint record as `better`.
    const ours = { ...withState(worse), [better]: { other: states[better] } };
    const theirs = { ...withState(better, 'other'), [worse]: { other: states[worse] } };
    const merged = mergeLockfiles(ours, theirs, {
      ids: new Set(['a']),
      fingerprints: new Set(['fp']),
      baseSpent: 0,
    });
    expect(stateOf(merged)).toEqual([worse]);
    expect(stateOf(merged, 'other')).toEqual([better]);
  });

  it('each map merges per fingerprint: ours for touched, theirs for the rest', () => {
    const ours = { ...emptyLockfile(), submitting: { x: { id: 'a', at: T1 } } };
    const theirs = { ...emptyLockfile(), submitting: { x: { id: 'a', at: T0 }, y: { id: 'b', at: T0 } } };
    const merged = mergeLockfiles(ours, theirs, {
      ids: new Set(['a']),
      fingerprints: new Set(['x']),
      baseSpent: 0,
    });
    expect(merged.submitting).toEqual({ x: { id: 'a', at: T1 }, y: { id: 'b', at: T0 } });
  });

  it('a recorded image made after a pending request collected it; a later (forced) request stays', () => {
    const collected = { ...withState('pending'), images: { a: image('fp', T1) } };
    const forced = { ...emptyLockfile(), images: { a: image('fp', '2026-11-01T00:00:00.000Z') } };
    const none = { ids: new Set<string>(), fingerprints: new Set<string>(), baseSpent: 0 };
    expect(mergeLockfiles(withState('pending'), collected, none).pending).toEqual({});
    expect(
      stateOf(mergeLockfiles(emptyLockfile(), { ...forced, pending: withState('pending').pending }, none)),
    ).toEqual(['pending']);
  });
});

describe('records no entry asks for', () => {
  const now = Date.parse(T0);
  it.each([
    [
      'pending, 6 days old',
      'pending',
      { id: 'b', request_id: 'r', submitted_at: new Date(now - 6 * DAY).toISOString() },
      true,
    ],
    [
      'pending, 8 days old',
      'pending',
      { id: 'b', request_id: 'r', submitted_at: new Date(now - 8 * DAY).toISOString() },
      false,
    ],
    [
      'unknown, 29 days old',
      'unknown',
      { id: 'b', reason: 'lost', at: new Date(now - 29 * DAY).toISOString() },
      true,
    ],
    [
      'unknown, 31 days old',
      'unknown',
      { id: 'b', reason: 'lost', at: new Date(now - 31 * DAY).toISOString() },
      false,
    ],
    [
      'failed, a day old',
      'failed',
      { id: 'b', status: 'FAILED', error: 'no', at: new Date(now - DAY).toISOString() },
      false,
    ],
  ] as const)('%s (%s)', (_, map, record, kept) => {
    const lock = { ...emptyLockfile(), [map]: { gone: { ...record }, wanted: { ...record } } };
    const tidied = tidyLockfile(lock, new Set(['wanted']), now);
    expect(Object.keys(lock[map]).sort()).toEqual(kept ? ['gone', 'wanted'] : ['wanted']);
    // An unknown outcome kept is marked as reported the first time: the lockfile changes once.
    expect(tidied.changed).toBe(!kept || map === 'unknown');
    if (map === 'pending') expect(tidied.unclaimed.map((p) => p.id)).toEqual(kept ? ['b'] : []);
    if (map === 'unknown') expect(tidied.unmatchedUnknown.map((u) => u.id)).toEqual(kept ? ['b'] : []);
  });

  it('an unknown outcome no entry matches is reported once; matched again, the mark goes', () => {
    const at = new Date(now - DAY).toISOString();
    const lock = { ...emptyLockfile(), unknown: { old: { id: 'b', reason: 'lost', at } } };
    const first = tidyLockfile(lock, new Set(), now);
    expect(first.unmatchedUnknown).toEqual([
      { fingerprint: 'old', id: 'b', at, dropAfter: new Date(now + 29 * DAY).toISOString().slice(0, 10) },
    ]);
    expect(lock.unknown.old).toEqual({ id: 'b', reason: 'lost', at, reported: true });
    const second = tidyLockfile(lock, new Set(), now);
    expect(second).toMatchObject({ unmatchedUnknown: [], changed: false });
    const back = tidyLockfile(lock, new Set(['old']), now);
    expect(back).toMatchObject({ unmatchedUnknown: [], changed: true });
    expect(lock.unknown.old).toEqual({ id: 'b', reason: 'lost', at });
  });
});
