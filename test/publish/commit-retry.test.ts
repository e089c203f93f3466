/**
 * A busy branch is outwaited: real git with a bare remote and a pusher that moves the branch before
 * every push of ours, an injected sleep recording the waits (about a minute in all, growing, jittered),
 * the give-up message; and after a race, the image index rebuilt from the merged lockfile.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openManifest } from '../../src/engine/session.js';
import { emptyLockfile, type Lockfile, parseLockfile, stableStringify } from '../../src/plan/lockfile.js';
import { commitAndPush, PublishError } from '../../src/publish/commit.js';
import { derivedFromLockfile } from '../../src/publish/commit-derived.js';
import { DEFAULT_PUSH_ATTEMPTS, pushRetryWait } from '../../src/publish/commit-retry.js';
import { imageIndexSchema } from '../../src/site/index-schema.js';
import {
  createGitFixture,
  type GitFixture,
  installRacingPrePush,
  racePush,
  writeFiles,
} from '../fakes/git-repo.js';
import { fakeClock } from '../helpers/recorders.js';
import { gitChecks, INITIAL, LOCK, lockText, mergeTouching, optionsFor } from './commit-fixtures.js';

let fx: GitFixture;
beforeEach(async () => {
  fx = await createGitFixture(INITIAL);
});
afterEach(async () => {
  await fx.cleanup();
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the waits between push attempts', () => {
  test.each([
    ['middle of the jitter', () => 0.5],
    ['always lowest', () => 0],
    ['always highest', () => 0.999],
    ['alternating extremes', (i: number) => (i % 2 ? 0.999 : 0)],
    ['alternating the other way', (i: number) => (i % 2 ? 0 : 0.999)],
  ])('%s: about a minute in all, each wait longer than the one before', (_name, random) => {
    const waits = Array.from({ length: DEFAULT_PUSH_ATTEMPTS - 1 }, (_, i) => pushRetryWait(i, random(i)));
    expect(sum(waits)).toBeGreaterThanOrEqual(50_000);
    expect(sum(waits)).toBeLessThanOrEqual(70_000);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]!);
  });

  test('jittered: the same retry waits differently for different random numbers, within ±15 %', () => {
    for (let i = 0; i < DEFAULT_PUSH_ATTEMPTS - 1; i++) {
      const [low, mid, high] = [0, 0.5, 0.999].map((r) => pushRetryWait(i, r));
      expect(low).toBeLessThan(mid!);
      expect(mid).toBeLessThan(high!);
      expect(low! / mid!).toBeCloseTo(0.85, 2);
    }
  });
});

describe('a branch that keeps moving', () => {
  test.each([
    [true, /Re-run the workflow: nothing is paid again/],
    [false, /re-run the workflow with `cache: true`/],
  ])(
    'gives up after about a minute of growing waits, naming the branch (cached: %s)',
    async (cached, advice) => {
      const randoms = [0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4];
      const clock = fakeClock([...randoms]);
      const other = await fx.clone('other');
      await installRacingPrePush(fx.work, other);
      const ours = lockText('old', 'a');
      await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: ours });

      const err = await commitAndPush(optionsFor(fx.work, 'a', clock, { cached })).catch((e) => e);

      expect(err).toBeInstanceOf(PublishError);
      expect(err.attempts).toBe(DEFAULT_PUSH_ATTEMPTS);
      expect(clock.sleeps).toEqual(randoms.map((r, i) => pushRetryWait(i, r)));
      expect(sum(clock.sleeps)).toBeGreaterThan(50_000);
      expect(sum(clock.sleeps)).toBeLessThan(70_000);
      for (let i = 1; i < clock.sleeps.length; i++)
        expect(clock.sleeps[i]).toBeGreaterThan(clock.sleeps[i - 1]!);
      expect(err.message).toMatch(/the branch main kept moving/);
      expect(err.message).toMatch(/over \d\d s/);
      expect(err.message).toMatch(advice);
      expect(err.message).toMatch(/still in the workspace/);
      expect(await readFile(path.join(fx.work, LOCK), 'utf8')).toBe(ours);
      expect(await gitChecks(fx).remoteTree()).not.toContain('img/a.png');
    },
  );

  test('a branch that settles within the minute is caught up with: the late attempt lands', async () => {
    const other = await fx.clone('other');
    await installRacingPrePush(fx.work, other);
    // The pusher stops after five of our attempts: the sixth lands.
    const clock = fakeClock([], async () => {
      if (clock.sleeps.length === 5) await fx.git(fx.work, 'config', 'core.hooksPath', '/nonexistent');
    });
    await writeFiles(fx.work, { 'img/a.png': 'AAA', [LOCK]: lockText('old', 'a') });
    const result = await commitAndPush(optionsFor(fx.work, 'a', clock));
    expect(result.attempts).toBe(6);
    expect(await gitChecks(fx).remoteFile('img/a.png')).toBe('AAA');
  }, 180_000);
});

const MANIFEST = `version: 1
index: site/images.json
defaults:
  quality: low
  output_format: png
  out: img/{id}.png
images:
  old: { prompt: old one, alt: Old }
  a: { prompt: ours, alt: Ours }
  b: { prompt: theirs, alt: Theirs }
`;

function lockWith(...ids: string[]): string {
  const lock: Lockfile = emptyLockfile();
  for (const id of ids) {
    const sha = id.charCodeAt(0).toString(16).padStart(2, '0').repeat(32);
    lock.images[id] = {
      fingerprint: `sha256:${id}`,
      parts: { prompt: 'p', params: 'q', inputs: 'i' },
      model: 'gpt-image-2',
      files: [{ path: `img/${id}.png`, sha256: sha, blob: `${id}-blob`, bytes: 3, width: 64, height: 32 }],
      request_id: `req-${id}`,
      cost_usd: 0.01,
      generated_at: '2026-01-01T00:00:00Z',
      duration_s: 1,
    };
  }
  return stableStringify(lock);
}

describe('after a push race', () => {
  test('the image index is rebuilt from the merged lockfile, not re-applied over theirs', async () => {
    const INDEX = 'site/images.json';
    await writeFiles(fx.work, { 'images.config.yaml': MANIFEST });
    const { manifest } = await openManifest({ workspace: fx.work, config: 'images.config.yaml' });
    const indexOf = async (...ids: string[]) => {
      const [file] = await derivedFromLockfile(manifest, LOCK)!(lockWith(...ids), async () => undefined);
      return file!.text;
    };
    const other = await fx.clone('other');
    await racePush(
      fx.git,
      other,
      { 'img/b.png': 'BBB', [LOCK]: lockWith('old', 'b'), [INDEX]: await indexOf('old', 'b') },
      'shard b',
    );
    await writeFiles(fx.work, {
      'img/a.png': 'AAA',
      [LOCK]: lockWith('old', 'a'),
      [INDEX]: await indexOf('old', 'a'),
    });

    const result = await commitAndPush(
      optionsFor(fx.work, 'a', fakeClock(), {
        paths: ['img/a.png', INDEX, LOCK],
        rebuild: derivedFromLockfile(manifest, LOCK),
        mergeLockfile: mergeTouching('a'),
      }),
    );

    expect(result.attempts).toBe(2);
    const check = gitChecks(fx);
    const lock = parseLockfile(await check.remoteFile(LOCK), LOCK);
    expect(Object.keys(lock.images).sort()).toEqual(['a', 'b', 'old']);
    const index = imageIndexSchema.parse(JSON.parse(await check.remoteFile(INDEX)));
    expect(Object.keys(index.images).sort()).toEqual(['a', 'b', 'old']);
    expect(index.images.b!.alt).toBe('Theirs');
    expect(index.images.a!.files[0]!.path).toBe('../img/a.png');
    expect(await check.remoteFile(INDEX)).toBe(await indexOf('a', 'b', 'old'));
    // The workspace follows the commit: the rebuilt index is written back for later steps.
    expect(await readFile(path.join(fx.work, INDEX), 'utf8')).toBe(await check.remoteFile(INDEX));
  });
});
