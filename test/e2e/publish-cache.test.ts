/**
 * The image cache through the built action (dist/index.js), with the REAL @actions/cache (service v2,
 * system tar) saving to and restoring from a local fake of the Actions results t.results. Workspaces and
 * RUNNER_TEMP are laid out as on a hosted runner (see `runnerLayout`).
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { annotations, IMAGE_FILES, inputsFor, logOf, MANIFEST } from './fixtures.js';

const t = setup({ emulator: { latency: 30 }, results: true, workspace: { kind: 'runner' } });

const env = () => ({ ...t.results.env('77', 'job-1'), RUNNER_TEMP: t.layout.runnerTemp });
const cacheInputs = (extra: Record<string, string> = {}) =>
  inputsFor(t.emu, { publish: 'none', cache: 'true', ...extra });
const gatewayCalls = () => t.emu.counters.submissions + t.emu.counters.statusCalls + t.emu.counters.mediaGets;
/** A new job on a new runner: nothing staged from the previous one. */
const freshRunner = () =>
  rm(path.join(t.layout.runnerTemp, 'pixazo-images-cache'), { recursive: true, force: true });
const imageKeys = () => [...t.results.caches.keys()].filter((k) => !k.includes('-pending-'));

describe('cache: true (built action, real @actions/cache)', () => {
  it('saves what it generates; a fresh workspace restores it with no gateway call and no cost', async () => {
    const first = await t.layout.workspace('a', { 'images.config.yaml': MANIFEST });
    const one = await runAction({ workspace: first, inputs: cacheInputs(), env: env() });
    expect(one.code, logOf(one)).toBe(0);
    expect(one.outputs.generated).toBe('3');
    expect(annotations(one, 'warning')).toEqual([]);
    const keys = imageKeys();
    expect(keys).toHaveLength(3);
    for (const k of keys) expect(k).toMatch(/^pixazo-images-v1-sha256:[0-9a-f]{64}$/);
    expect([...t.results.caches.values()].every((e) => e.finalized)).toBe(true);

    // No lockfile, no images: only the cache can help.
    await freshRunner();
    t.emu.resetCounters();
    const second = await t.layout.workspace('b', { 'images.config.yaml': MANIFEST });
    const two = await runAction({ workspace: second, inputs: cacheInputs(), env: env() });
    expect(two.code, logOf(two)).toBe(0);
    expect(gatewayCalls()).toBe(0);
    expect(two.outputs).toMatchObject({ generated: '0', reused: '3', failed: '0', cost: '0.0000' });
    expect(two.outputs.files!.split('\n').sort()).toEqual(IMAGE_FILES);
    for (const f of IMAGE_FILES) {
      expect((await readFile(path.join(second, f))).equals(await readFile(path.join(first, f))), f).toBe(
        true,
      );
    }
    expect(two.summary).toMatch(/restored from cache/);
    const lock = JSON.parse(await readFile(path.join(second, 'images.lock.json'), 'utf8')) as {
      images: Record<string, unknown>;
    };
    expect(Object.keys(lock.images).sort()).toEqual(['gulls', 'harbour', 'hero']);
    expect(annotations(two, 'warning')).toEqual([]);

    // Forced regeneration saves again under the same (immutable) keys: refused quietly.
    await freshRunner();
    t.emu.resetCounters();
    const forced = await runAction({ workspace: second, inputs: cacheInputs({ force: 'all' }), env: env() });
    expect(forced.code, logOf(forced)).toBe(0);
    expect(forced.outputs.generated).toBe('3');
    expect(annotations(forced, 'warning')).toEqual([]);
    expect(imageKeys().sort()).toEqual(keys.sort());
  });

  it('a cache service that is down costs exactly one warning; the run goes on', async () => {
    t.results.failAll = true;
    const ws = await t.layout.workspace('down', { 'images.config.yaml': MANIFEST });
    const run = await runAction({ workspace: ws, inputs: cacheInputs(), env: env() });
    expect(run.code, logOf(run)).toBe(0);
    expect(run.outputs.generated).toBe('3');
    const warnings = annotations(run, 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Image cache unavailable.*503/);
    expect(t.results.caches.size).toBe(0);
  });

  it('a cancelled run resumes from the cached pending request, in a workspace without the lockfile', async () => {
    t.emu.options.slowFactor = 100; // [[SLOW]]: 3 s, time to cancel while the request runs
    const manifest =
      'version: 1\nimages:\n  dusk:\n    prompt: A harbour at dusk [[SLOW]]\n    quality: low\n';
    const first = await t.layout.workspace('a', { 'images.config.yaml': manifest });
    const cancelled = await runAction({
      workspace: first,
      inputs: cacheInputs(),
      env: env(),
      onSpawn: (child, output) => {
        const timer = setInterval(() => {
          if (/dusk: submitted/.test(output())) {
            clearInterval(timer);
            child.kill('SIGINT');
          }
        }, 20);
        child.on('close', () => clearInterval(timer));
      },
    });
    expect(cancelled.code, logOf(cancelled)).not.toBe(0);
    expect(t.emu.counters.accepted).toBe(1);
    expect([...t.results.caches.keys()].filter((k) => k.includes('-pending-'))).toHaveLength(1);

    await freshRunner();
    t.emu.resetCounters();
    const second = await t.layout.workspace('b', { 'images.config.yaml': manifest });
    const resumed = await runAction({ workspace: second, inputs: cacheInputs(), env: env() });
    expect(resumed.code, logOf(resumed)).toBe(0);
    expect(t.emu.counters.submissions).toBe(0);
    expect(resumed.outputs.generated).toBe('1');
    expect(resumed.outputs.cost).toBe('0.0120');
    t.emu.options.slowFactor = 50;
  });
});
