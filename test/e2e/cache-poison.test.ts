/**
 * A poisoned image cache through the built action (dist/index.js) and the REAL @actions/cache
 * against the local results-service fake: an entry whose image was replaced (an HTML page in a valid
 * tar, or a cut-off image) is never restored into the workspace or the lockfile; the entry is
 * generated, with a warning naming it. A good restore keeps the provenance the lockfile records.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyImageFile } from '../../src/images/verify.js';
import type { Lockfile } from '../../src/plan/lockfile.js';
import { createActionsCache, stagingDir } from '../../src/publish/cache.js';
import { silentLogger } from '../../src/shared/logger.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { annotations, inputsFor, logOf, MANIFEST } from './fixtures.js';

const t = setup({ emulator: { latency: 30 }, results: true, workspace: { kind: 'runner' } });

const env = () => ({ ...t.results.env('77', 'job-1'), RUNNER_TEMP: t.layout.runnerTemp });
const cacheInputs = () => inputsFor(t.emu, { publish: 'none', cache: 'true' });
const freshRunner = () =>
  rm(path.join(t.layout.runnerTemp, 'pixazo-images-cache'), { recursive: true, force: true });
/** Pending requests cached by earlier runs are collected at no charge; tests that want a generation drop them. */
const forgetPending = () => {
  for (const key of t.results.caches.keys()) if (key.includes('-pending-')) t.results.caches.delete(key);
};
const lockOf = async (ws: string) =>
  JSON.parse(await readFile(path.join(ws, 'images.lock.json'), 'utf8')) as Lockfile;

/**
 * Replaces the cache entry of `fingerprint` with `bytes` as its one image, saved by the real library
 * (a valid tar, the same key and version), as anyone able to write the repository's cache could.
 */
async function poison(fingerprint: string, bytes: Buffer, workspace: string): Promise<void> {
  const key = `pixazo-images-v1-${fingerprint}`;
  expect(t.results.caches.delete(key)).toBe(true);
  const vars = { ...env(), GITHUB_WORKSPACE: workspace };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    const staged = path.join(t.layout.runnerTemp, 'poison', 'hero.webp');
    await mkdir(path.dirname(staged), { recursive: true });
    await writeFile(staged, bytes);
    const cache = createActionsCache({
      prefix: 'pixazo-images-v1',
      runnerTemp: t.layout.runnerTemp,
      logger: silentLogger,
    });
    await cache.save(fingerprint, [staged]);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await freshRunner();
  }
  expect(t.results.caches.get(key)?.finalized).toBe(true);
  expect(stagingDir(t.layout.runnerTemp, fingerprint)).toContain('pixazo-images-cache');
}

describe('a poisoned image cache (built action, real @actions/cache)', () => {
  it.each([
    ['an HTML page', () => Buffer.from('<!doctype html><html><body>You have been poisoned</body></html>')],
    ['a cut-off image', (good: Buffer) => good.subarray(0, Math.floor(good.length / 2))],
  ])('%s: never lands; the entry is generated; a good restore keeps its provenance', async (_name, bad) => {
    t.results.reset();
    const first = await t.layout.workspace(`first-${_name.length}`, { 'images.config.yaml': MANIFEST });
    const one = await runAction({ workspace: first, inputs: cacheInputs(), env: env() });
    expect(one.code, logOf(one)).toBe(0);
    const recorded = await lockOf(first);
    const hero = recorded.images.hero!;
    const good = await readFile(path.join(first, 'img/hero.webp'));
    const poisonBytes = bad(good);

    // A fresh workspace without a lockfile: the cache is all it has.
    const second = await t.layout.workspace(`second-${_name.length}`, { 'images.config.yaml': MANIFEST });
    await poison(hero.fingerprint, poisonBytes, second);
    // The pending request the first run cached would be collected again at no charge: gone, so only
    // a new generation can give hero its image.
    forgetPending();
    t.emu.resetCounters();
    const two = await runAction({ workspace: second, inputs: cacheInputs(), env: env() });
    expect(two.code, logOf(two)).toBe(0);
    expect(t.emu.counters.submissions).toBe(1);
    expect(two.outputs).toMatchObject({ generated: '1', reused: '2', failed: '0' });
    const warnings = annotations(two, 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /hero: the cached image did not verify: .* — not used; generating it instead/,
    );
    const landed = await readFile(path.join(second, 'img/hero.webp'));
    expect(landed.equals(poisonBytes)).toBe(false);
    await expect(verifyImageFile(path.join(second, 'img/hero.webp'), 'webp')).resolves.toBeTruthy();
    const lockTwo = await lockOf(second);
    expect(lockTwo.images.hero!.request_id).not.toBe(hero.request_id);
    expect(lockTwo.images.hero!.request_id).toMatch(/^gpt-image-2/);

    // The lockfile records the images, the files are gone: the cache restores them. Hero's entry is
    // still poisoned (keys are immutable): not the recorded image, so generated; the others are
    // restored with every fact of their records kept.
    const third = await t.layout.workspace(`third-${_name.length}`, {
      'images.config.yaml': MANIFEST,
      'images.lock.json': await readFile(path.join(first, 'images.lock.json'), 'utf8'),
    });
    await freshRunner();
    forgetPending();
    t.emu.resetCounters();
    const three = await runAction({ workspace: third, inputs: cacheInputs(), env: env() });
    expect(three.code, logOf(three)).toBe(0);
    expect(t.emu.counters.submissions).toBe(1);
    expect(three.outputs).toMatchObject({ generated: '1', reused: '2' });
    expect(annotations(three, 'warning').join('\n')).toMatch(/hero: the cached image did not verify/);
    const lockThree = await lockOf(third);
    for (const id of ['harbour', 'gulls']) expect(lockThree.images[id], id).toEqual(recorded.images[id]);
    expect(lockThree.images.hero!.fingerprint).toBe(hero.fingerprint);
    expect(lockThree.images.hero!.files[0]!.sha256).not.toBe(hero.files[0]!.sha256);
  });
});
