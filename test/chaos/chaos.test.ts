/**
 * The randomized chaos test, bounded for `npm test`: a fixed range of seeds (CHAOS_SEED moves it),
 * one test per trial, so a failure names the seed to replay with `npm run chaos -- --trials 1
 * --seed S`. `npm run chaos` runs many more. The checks themselves are shown to fail first.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunReport } from '../../src/report/types.js';
import { type Emulator, type JobRecord, startEmulator } from '../emulator/index.js';
import { tempWorkspace } from '../helpers/workspace.js';
import { checkRun, checkTrial, type Lock, type RunFacts } from './invariants.js';
import { CHAOS_KEY, type ChaosEnv, chaosEnv, runTrial } from './runner.js';
import { drawTrial, manifestText } from './trial.js';

const TRIALS = 40;
const BASE = Number(process.env.CHAOS_SEED ?? 20_261);
/**
 * Seeds that once found a hole, replayed every time: 7025 and 7056 paid twice when the client used
 * undici's process-wide dispatcher, which never reports a request as sent (a cancelled submit held
 * by the gateway looked "not sent" and the next run paid again).
 */
const FOUND = [7025, 7056];
/**
 * Trials that go through the built action too: 7025 holds a cancelled submit, 30370 SIGKILLs the
 * action while a submit's answer is held (the next run finds the intent: unknown, never paid
 * again), 30077 starts two actions at once on one workspace (the run lock: one pays, one waits).
 */
const BUNDLE_SEEDS = [7025, 30370, 30077, BASE, BASE + 1];

describe('the checks can fail', () => {
  const job = (requestId: string, outcome: JobRecord['outcome'] = 'COMPLETED') =>
    ({ requestId, outcome, prompt: 'p', priceUsd: 0.012 }) as JobRecord;
  const facts = (lock: Lock, extra: Partial<RunFacts> = {}): RunFacts => ({
    index: 0,
    dir: '/nonexistent',
    events: [],
    fingerprints: new Map([['a', 'sha256:a']]),
    lockText: '',
    lock,
    ...extra,
  });
  const empty = (): Lock => ({
    version: 1,
    spent_usd: 0,
    images: {},
    submitting: {},
    pending: {},
    failed: {},
    unknown: {},
    candidates: {},
  });

  test('a fingerprint accepted twice, and a completed job nobody recorded', () => {
    const paid = [
      { job: job('r1'), fingerprint: 'sha256:a', run: 0 },
      { job: job('r2', 'FAILED'), fingerprint: 'sha256:a', run: 1 },
      { job: job('r3', 'ERROR'), fingerprint: 'sha256:b', run: 0 },
      { job: job('r4', 'ERROR'), fingerprint: 'sha256:b', run: 1 },
    ];
    const v = checkTrial(paid, facts(empty()), false);
    expect(v.map((x) => x.invariant).sort()).toEqual(['paid-image-lost', 'paid-twice']);
    expect(checkTrial(paid, facts(empty()), true).map((x) => x.invariant)).toEqual(['paid-image-lost']);
    const pending = empty();
    pending.pending['sha256:a'] = { id: 'a', request_id: 'r1', submitted_at: '' };
    expect(checkTrial(paid, facts(pending), true)).toEqual([]);
  });

  test('missing and altered files, a leaked key, a status that lies, a temp file', async () => {
    const ws = await tempWorkspace({ 'img/a.png': 'not a png', 'img/x.webp.1234.tmp': '' });
    try {
      const lock = empty();
      const file = { sha256: '0', blob: '', bytes: 9 };
      lock.images.a = {
        fingerprint: 'sha256:a',
        parts: { prompt: '', params: '', inputs: '' },
        model: 'gpt-image-2',
        files: [
          { path: 'img/a.png', ...file },
          { path: 'img/gone.png', ...file },
        ],
        request_id: 'r1',
        cost_usd: 0,
        generated_at: '',
        duration_s: 1,
      };
      const report = {
        totals: { generated: 1, reused: 0, unchanged: 0, failed: 0 },
        entries: [{ id: 'a', status: 'generated' }],
      } as RunReport;
      const events = [{ type: 'notice' as const, message: `key ${CHAOS_KEY}` }];
      const v = await checkRun(facts(lock, { dir: ws.dir, report, events }), CHAOS_KEY);
      expect([...new Set(v.map((x) => x.invariant))].sort()).toEqual([
        'key-leak',
        'lockfile-names-missing-file',
        'record-mismatch',
        'status-truth',
        'temp-file-left',
      ]);
    } finally {
      await ws.cleanup();
    }
  });

  test('.git changed, a run lock or an intent left, bytes the gateway never made', async () => {
    const ws = await tempWorkspace({ 'img/a.png': 'not a png' });
    try {
      const lock = empty();
      lock.submitting['sha256:a'] = { id: 'a', at: '' };
      lock.images.a = {
        fingerprint: 'sha256:a',
        parts: { prompt: '', params: '', inputs: '' },
        model: 'gpt-image-2',
        files: [{ path: 'img/a.png', sha256: 'c'.repeat(64), blob: '', bytes: 9 }],
        request_id: 'r1',
        cost_usd: 0,
        generated_at: '',
        duration_s: 1,
      };
      const genuine = {
        all: new Set(['c'.repeat(64)]),
        byFingerprint: new Map([['sha256:b', new Set(['c'.repeat(64)])]]),
      };
      const run = facts(lock, { dir: ws.dir, git: { before: 'x', after: 'y' }, runLockLeft: true, genuine });
      const names = (v: { invariant: string }[]) => [...new Set(v.map((x) => x.invariant))].sort();
      expect(names(await checkRun(run, CHAOS_KEY))).toEqual(
        expect.arrayContaining(['git-changed', 'run-lock-left', 'submitting-left', 'unverified-image']),
      );
      // A killed run may leave its lock and its intents; .git and the bytes still hold.
      expect(names(await checkRun({ ...run, killed: true }, CHAOS_KEY))).toEqual([
        'git-changed',
        'unverified-image',
      ]);
    } finally {
      await ws.cleanup();
    }
  });

  test('candidates: a set not whole on disk, bytes not made for it, a set shown but not recorded', async () => {
    const ws = await tempWorkspace({ '.pixazo/candidates/a/1.png': 'not a png' });
    try {
      const lock = empty();
      const file = { sha256: 'c'.repeat(64), blob: '', bytes: 9 };
      lock.candidates['sha256:a'] = {
        id: 'a',
        request_id: 'r1',
        files: [
          { path: '.pixazo/candidates/a/1.png', ...file },
          { path: '.pixazo/candidates/a/2.png', ...file },
        ],
        cost_usd: 0.024,
        created_at: '',
      };
      const genuine = { all: new Set<string>(), byFingerprint: new Map<string, Set<string>>() };
      const report = {
        totals: { generated: 1, reused: 0, unchanged: 1, failed: 0 },
        entries: [
          { id: 'a', status: 'generated', action: 'generate', candidates: { files: [], cost: 0.024 } },
          { id: 'b', status: 'unchanged', action: 'await', candidates: { files: [], cost: 0.024 } },
        ],
      } as unknown as RunReport;
      const run = facts(lock, {
        dir: ws.dir,
        report,
        genuine,
        fingerprints: new Map([
          ['a', 'sha256:a'],
          ['b', 'sha256:b'],
        ]),
      });
      const v = await checkRun(run, CHAOS_KEY);
      expect([...new Set(v.map((x) => x.invariant))].sort()).toEqual([
        'lockfile-names-missing-file',
        'record-mismatch',
        'status-truth',
        'unverified-image',
      ]);
      expect(v.filter((x) => x.invariant === 'status-truth').map((x) => x.detail)).toEqual([
        'run 0: a shows a candidate set that is not recorded and on disk',
        'run 0: b shows a candidate set that is not recorded and on disk',
      ]);
      // A completed candidate request held in `candidates` is not lost.
      const paid = [{ job: job('r1'), fingerprint: 'sha256:a', run: 0 }];
      expect(checkTrial(paid, facts(lock), false)).toEqual([]);
      expect(checkTrial(paid, facts(empty()), false).map((x) => x.invariant)).toEqual(['paid-image-lost']);
    } finally {
      await ws.cleanup();
    }
  });

  test('a seed draws the same trial, and its manifest names every entry', () => {
    const a = drawTrial(BASE);
    expect(drawTrial(BASE)).toEqual(a);
    expect(a.entries.length).toBeGreaterThanOrEqual(2);
    for (const e of a.entries) expect(manifestText(a.entries)).toContain(`  ${e.id}:\n`);
  });
});

describe(`chaos: ${TRIALS} trials from seed ${BASE}`, () => {
  let emu: Emulator;
  let env: ChaosEnv;
  beforeAll(async () => {
    emu = await startEmulator();
    env = await chaosEnv(emu);
    console.log(`chaos write failures: ${env.disk.mode}`);
  });
  afterAll(async () => {
    await env.disk.close();
    await emu.close();
  });

  test.each([...FOUND, ...Array.from({ length: TRIALS }, (_, i) => BASE + i)])(
    'seed %i keeps every invariant',
    async (seed) => {
      const r = await runTrial(env, seed);
      expect(r.violations).toEqual([]);
    },
  );

  // A sample through the built action (dist/index.js as the runner starts it), cancels included.
  test.each(BUNDLE_SEEDS)('seed %i keeps every invariant through the built action', async (seed) => {
    const r = await runTrial(env, seed, { bundle: true });
    expect(r.violations).toEqual([]);
  });
});
