/**
 * Records of entries that left the manifest: their files stay unless `prune`, but a record none of
 * whose files is left any more is dropped by the next run that writes, without `prune`.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { idMatcher } from '../../src/plan/select.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const MANIFEST = lowQualityManifest(`  hero:
    prompt: A lighthouse on a cliff at dawn
  steps:
    prompt: Install steps
    number_of_images: 2
    out: img/steps-{n}.{ext}
`);

const WITHOUT_STEPS = MANIFEST.replace(/ {2}steps:[\s\S]*$/, '');

const t = emulatorAndWorkspace({ 'images.config.yaml': MANIFEST });

const calls = (): number => t.emu.counters.submissions + t.emu.counters.statusCalls;

describe('orphans without prune', () => {
  it('keeps the files and the record while any file is left; drops the record once all are gone', async () => {
    await runOn(t.ws, t.emu);
    await t.ws.write('images.config.yaml', WITHOUT_STEPS);
    t.emu.resetCounters();

    const kept = await runOn(t.ws, t.emu);
    expect(kept.report.orphans).toEqual([
      { id: 'steps', files: ['img/steps-1.webp', 'img/steps-2.webp'], pruned: false },
    ]);
    expect((await t.ws.lock()).images.steps).toBeDefined();

    // One file deleted by hand: the other is still there, so the record stays.
    await rm(path.join(t.ws.dir, 'img/steps-1.webp'));
    const half = await runOn(t.ws, t.emu);
    expect(half.report.orphans[0]!.pruned).toBe(false);
    expect((await t.ws.lock()).images.steps).toBeDefined();

    await rm(path.join(t.ws.dir, 'img/steps-2.webp'));
    const gone = await runOn(t.ws, t.emu);
    expect(gone.report.orphans).toEqual([
      { id: 'steps', files: ['img/steps-1.webp', 'img/steps-2.webp'], pruned: true, filesGone: true },
    ]);
    expect(gone.report.filesDeleted).toEqual([]);
    expect(gone.report.lockfileChanged).toBe(true);
    expect(gone.events).toContainEqual({
      type: 'notice',
      message: 'Dropped the record of "steps": it left the manifest and its files are gone.',
    });
    const lock = await t.ws.lock();
    expect(lock.images.steps).toBeUndefined();
    expect(lock.images.hero).toBeDefined();
    // Nothing was generated for it: the hero stayed unchanged.
    expect(calls()).toBe(0);
    await stat(path.join(t.ws.dir, 'img/hero.webp'));
  });

  it('a dry run, a plan-only run, an `only` run and a later shard leave such a record alone', async () => {
    await runOn(t.ws, t.emu);
    await t.ws.write('images.config.yaml', WITHOUT_STEPS);
    await rm(path.join(t.ws.dir, 'img/steps-1.webp'));
    await rm(path.join(t.ws.dir, 'img/steps-2.webp'));
    const before = await t.ws.read('images.lock.json');

    for (const opts of [
      { dryRun: true },
      { only: idMatcher(['hero'])! },
      { shard: { index: 2, total: 2 } },
    ]) {
      const { report } = await runOn(t.ws, t.emu, opts);
      expect(report.orphans[0]!.pruned).toBe(false);
    }
    await runOn(t.ws, undefined); // no gateway: plan only
    expect(await t.ws.read('images.lock.json')).toEqual(before);

    const first = await runOn(t.ws, t.emu, { shard: { index: 1, total: 2 } });
    expect(first.report.orphans[0]!.pruned).toBe(true);
    expect((await t.ws.lock()).images.steps).toBeUndefined();
  });

  it('an entry renamed with the same files takes them over: the old record is dropped, the files stay', async () => {
    await runOn(t.ws, t.emu);
    await t.ws.write('images.config.yaml', MANIFEST.replace('  steps:\n', '  guide:\n'));
    t.emu.resetCounters();
    const { report } = await runOn(t.ws, t.emu);
    expect(calls()).toBe(0);
    expect(report.orphans).toEqual([
      { id: 'steps', files: ['img/steps-1.webp', 'img/steps-2.webp'], pruned: true, filesGone: true },
    ]);
    expect(report.filesDeleted).toEqual([]);
    const lock = await t.ws.lock();
    expect(lock.images.steps).toBeUndefined();
    expect(lock.images.guide!.files.map((f) => f.path)).toEqual(['img/steps-1.webp', 'img/steps-2.webp']);
    await stat(path.join(t.ws.dir, 'img/steps-2.webp'));
  });
});

/** One decision of which orphans are gone: what a plan shows is what the next generate does. */
describe('plan and generate agree on gone orphans', () => {
  const rmSteps =
    (...n: number[]) =>
    async (): Promise<void> => {
      for (const i of n) await rm(path.join(t.ws.dir, `img/steps-${i}.webp`));
    };
  const cases: {
    name: string;
    manifest: string;
    change?: () => Promise<void>;
    opts?: Parameters<typeof runOn>[2];
    gone: boolean;
  }[] = [
    { name: 'every file deleted', manifest: WITHOUT_STEPS, change: rmSteps(1, 2), gone: true },
    { name: 'one file left', manifest: WITHOUT_STEPS, change: rmSteps(1), gone: false },
    { name: 'files still there', manifest: WITHOUT_STEPS, gone: false },
    {
      name: 'files taken over by a renamed entry',
      manifest: MANIFEST.replace('  steps:\n', '  guide:\n'),
      gone: true,
    },
    {
      name: 'files deleted, but a run restricted by only',
      manifest: WITHOUT_STEPS,
      change: rmSteps(1, 2),
      opts: { only: idMatcher(['hero'])! },
      gone: false,
    },
    {
      name: 'files deleted, but a later shard',
      manifest: WITHOUT_STEPS,
      change: rmSteps(1, 2),
      opts: { shard: { index: 2, total: 2 } },
      gone: false,
    },
  ];
  it.each(cases)('$name: gone $gone', async (c) => {
    await runOn(t.ws, t.emu);
    await t.ws.write('images.config.yaml', c.manifest);
    await c.change?.();

    const plan = await runOn(t.ws, undefined, c.opts);
    const dry = await runOn(t.ws, t.emu, { ...c.opts, dryRun: true });
    for (const shown of [plan, dry]) {
      expect(shown.report.orphans[0]!.filesGone ?? false).toBe(c.gone);
      expect(shown.report.orphans[0]!.pruned).toBe(false);
    }
    const generated = await runOn(t.ws, t.emu, c.opts);
    expect(generated.report.orphans[0]!.pruned).toBe(c.gone);
    expect((await t.ws.lock()).images.steps === undefined).toBe(c.gone);
  });
});
