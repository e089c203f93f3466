/**
 * Candidates in the engine (SPEC §10, §4 rule 1c): a candidates run buys N images in one request
 * under `<candidates-dir>/<id>/<k>.<ext>`, recorded under `candidates`; a re-run awaits a pick with
 * no call; a run outside a pull request uses candidate 1; `pick` takes candidate k; an entry whose
 * `@id` input awaits a pick waits too; the estimate and max-cost count all N.
 */
import { createHash } from 'node:crypto';
import { readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BudgetError } from '../../src/engine/errors.js';
import type { RunOptions } from '../../src/engine/types.js';
import { PixazoClient } from '../../src/gateway/client.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { setup } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const KEY = 'pxz_live_Cand1dateKey';
const MANIFEST = lowQualityManifest(`  hero:
    prompt: A lighthouse on a cliff at dawn
    candidates: 3
  anime:
    prompt: The same, as anime
    input_images: ["@hero"]
`);

const t = setup({
  emulator: { latency: 5, apiKey: KEY },
  resetKnobs: true,
  workspace: { kind: 'temp', files: { 'images.config.yaml': MANIFEST } },
});

async function run(opts: Partial<Omit<RunOptions, 'manifest' | 'lockfilePath'>> = {}) {
  const gateway = new PixazoClient({
    baseUrl: t.emu.url,
    apiKey: KEY,
    retry: { baseMs: 5, capMs: 20, minDelayMs: 1 },
  });
  const inputUrl = (i: { workspacePath: string }) => `https://example.com/${i.workspacePath}`;
  const { report } = await runOn(t.ws, undefined, opts, { gateway, inputUrl });
  return { report, entry: (id: string) => report.entries.find((e) => e.id === id)! };
}
const exists = (rel: string) =>
  stat(path.join(t.ws.dir, rel)).then(
    () => true,
    () => false,
  );

describe('candidates in the engine', () => {
  it('buys a set of 3 in one request, awaits a pick on a re-run, and the dependant waits', async () => {
    const first = await run({ candidates: true });
    expect(t.emu.counters.submissions).toBe(1);
    expect(first.entry('hero').estimatedCost).toBeCloseTo(0.036);
    expect(first.entry('hero').files).toEqual([
      '.pixazo/candidates/hero/1.webp',
      '.pixazo/candidates/hero/2.webp',
      '.pixazo/candidates/hero/3.webp',
    ]);
    expect(first.entry('anime').action).toBe('await');
    expect(first.entry('anime').reason).toBe('input hero awaits a pick');
    const lock = await t.ws.lock();
    const sets = Object.values(lock.candidates);
    expect(sets.map((s) => [s.id, s.files.length])).toEqual([['hero', 3]]);
    expect(lock.images.hero).toBeUndefined();
    for (const k of [1, 2, 3]) expect(await exists(`.pixazo/candidates/hero/${k}.webp`)).toBe(true);
    expect(await exists('img/hero.webp')).toBe(false);

    t.emu.resetCounters();
    const again = await run({ candidates: true });
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls).toBe(0);
    expect(again.entry('hero').action).toBe('await');
    expect(again.entry('hero').reason).toMatch(/^awaiting a pick \(3 candidates\)/);
    // Nothing to do for either in this run: counted as unchanged (the `unchanged` output).
    expect(again.report.totals).toEqual({ generated: 0, reused: 0, unchanged: 2, failed: 0 });
  });

  it('a run outside a pull request uses candidate 1 and removes the set; the next run is a no-op', async () => {
    await run({ candidates: true });
    const set = Object.values((await t.ws.lock()).candidates)[0]!;
    const one = await readFile(path.join(t.ws.dir, '.pixazo/candidates/hero/1.webp'));
    t.emu.resetCounters();
    const push = await run();
    expect(push.entry('hero').reason).toBe('no pick in the pull request: used candidate 1 of 3');
    expect(t.emu.counters.submissions).toBe(1); // anime only, made from the chosen image
    expect(await readFile(path.join(t.ws.dir, 'img/hero.webp'))).toEqual(one);
    const lock = await t.ws.lock();
    expect(lock.candidates).toEqual({});
    expect(lock.images.hero!.request_id).toBe(set.request_id);
    for (const k of [1, 2, 3]) expect(await exists(`.pixazo/candidates/hero/${k}.webp`)).toBe(false);
    t.emu.resetCounters();
    await run();
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls).toBe(0);
  });

  it('a chosen image lost before a pull request run is repaired as one image, not bought again as a set', async () => {
    // Chaos seed 420033: the set was used (candidate 1), the file went, and the next pull request run
    // bought a new set, leaving the record naming the missing file (and paying 3 for 1).
    await run({ candidates: true });
    await run();
    const chosen = (await t.ws.lock()).images.hero!;
    await unlink(path.join(t.ws.dir, 'img/hero.webp'));
    t.emu.resetCounters();
    const pr = await run({ candidates: true });
    expect(pr.entry('hero').action).toBe('generate');
    expect(pr.entry('hero').reason).toBe('file missing');
    expect(pr.entry('hero').candidates).toBeUndefined();
    expect(pr.entry('hero').files).toEqual(['img/hero.webp']);
    expect(t.emu.counters.submissions).toBe(1);
    expect([...t.emu.jobs.values()].at(-1)!.count).toBe(1);
    const lock = await t.ws.lock();
    expect(lock.candidates).toEqual({});
    expect(lock.images.hero!.fingerprint).toBe(chosen.fingerprint);
    const bytes = await readFile(path.join(t.ws.dir, 'img/hero.webp'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(lock.images.hero!.files[0]!.sha256);
    for (const k of [1, 2, 3]) expect(await exists(`.pixazo/candidates/hero/${k}.webp`)).toBe(false);
  });

  it('forced while its image file is gone: a new set, and the record that named the lost file goes', async () => {
    // Chaos seed 430062: the set was bought, and the image record still named the missing file.
    await run({ candidates: true });
    await run();
    const fp = (await t.ws.lock()).images.hero!.fingerprint;
    await unlink(path.join(t.ws.dir, 'img/hero.webp'));
    t.emu.resetCounters();
    const pr = await run({ candidates: true, force: (id) => id === 'hero' });
    expect(pr.entry('hero').reason).toBe('forced: buying 3 candidates to pick from');
    expect(t.emu.counters.submissions).toBe(1);
    const lock = await t.ws.lock();
    expect(lock.candidates[fp]!.files).toHaveLength(3);
    expect(lock.images.hero).toBeUndefined();
  });

  it('changed while its image file is gone: a new set, and the old record that named the lost file goes', async () => {
    // Chaos seed 2320017: the prompt changed on a candidates run after the image file was lost; the
    // set was bought, and the old fingerprint's record still named the missing file.
    await run({ candidates: true });
    await run();
    const old = (await t.ws.lock()).images.hero!.fingerprint;
    await unlink(path.join(t.ws.dir, 'img/hero.webp'));
    await t.ws.write('images.config.yaml', MANIFEST.replace('at dawn', 'at dusk'));
    t.emu.resetCounters();
    const pr = await run({ candidates: true });
    expect(pr.entry('hero').reason).toBe('prompt changed: buying 3 candidates to pick from');
    expect(t.emu.counters.submissions).toBe(1);
    const lock = await t.ws.lock();
    expect(Object.values(lock.candidates).map((c) => c.id)).toEqual(['hero']);
    expect(lock.candidates[old]).toBeUndefined();
    expect(lock.images.hero).toBeUndefined();
  });

  it('changed while its image file is there: the new set awaits a pick, and the old image stays recorded', async () => {
    await run({ candidates: true });
    await run();
    const before = (await t.ws.lock()).images.hero;
    await t.ws.write('images.config.yaml', MANIFEST.replace('at dawn', 'at dusk'));
    await run({ candidates: true });
    expect((await t.ws.lock()).images.hero).toEqual(before);
  });

  it('pick takes candidate k: byte-identical, recorded under the fingerprint, no call', async () => {
    await run({ candidates: true });
    const two = await readFile(path.join(t.ws.dir, '.pixazo/candidates/hero/2.webp'));
    const set = Object.values((await t.ws.lock()).candidates)[0]!;
    t.emu.resetCounters();
    const picked = await run({ pick: { id: 'hero', k: 2 }, only: (id) => id === 'hero' });
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls).toBe(0);
    expect(picked.entry('hero').reason).toBe('picked candidate 2 of 3');
    expect(await readFile(path.join(t.ws.dir, 'img/hero.webp'))).toEqual(two);
    const lock = await t.ws.lock();
    expect(lock.candidates).toEqual({});
    expect(lock.images.hero!.files[0]!.sha256).toBe(set.files[1]!.sha256);
    expect(lock.images.hero!.files[0]!.path).toBe('img/hero.webp');
    expect(picked.report.filesDeleted.sort()).toEqual(
      [1, 2, 3].map((k) => `.pixazo/candidates/hero/${k}.webp`),
    );
  });

  it('an entry whose @id input awaited a pick is generated from the picked image after it', async () => {
    await run({ candidates: true });
    await run({ pick: { id: 'hero', k: 3 }, only: (id) => id === 'hero' });
    t.emu.resetCounters();
    const next = await run({ candidates: true });
    expect(next.entry('hero').action).toBe('unchanged');
    expect(next.entry('anime').status).toBe('generated');
    expect(t.emu.counters.submissions).toBe(1);
    const job = [...t.emu.jobs.values()].find((j) => j.prompt === 'The same, as anime')!;
    expect(JSON.stringify(job.body)).toContain('https://example.com/img/hero.webp');
    expect(JSON.stringify(job.body)).not.toContain('.pixazo/candidates');
  });

  it('a twin without candidates, forced on a pull request run, waits for the shared set: it never replaces it', async () => {
    // Chaos seed 830061: the forced twin bought a lone image for the fingerprint, which dropped the
    // paid set that hero's reviewers were shown.
    await t.ws.write(
      'images.config.yaml',
      'version: 1\ndefaults:\n  quality: low\n  out: img/{id}.{ext}\nimages:\n' +
        '  hero:\n    prompt: A lighthouse\n    candidates: 2\n  twin:\n    prompt: A lighthouse\n',
    );
    await run({ candidates: true });
    const set = Object.values((await t.ws.lock()).candidates);
    t.emu.resetCounters();
    const forced = await run({ candidates: true, force: (id) => id === 'twin' });
    expect(t.emu.counters.submissions).toBe(0);
    expect(forced.entry('twin').action).toBe('await');
    expect(forced.entry('twin').reason).toBe(
      'awaiting a pick (2 candidates): /pixazo pick twin <k> (forced, but only an entry with `candidates:` buys a new set: reroll hero)',
    );
    expect(Object.values((await t.ws.lock()).candidates)).toEqual(set);
  });

  it('identical entries share one set: the twin waits for the pick, then copies the chosen image', async () => {
    await t.ws.write(
      'images.config.yaml',
      'version: 1\ndefaults:\n  quality: low\n  out: img/{id}.{ext}\nimages:\n' +
        '  hero:\n    prompt: A lighthouse\n    candidates: 2\n  twin:\n    prompt: A lighthouse\n',
    );
    const pr = await run({ candidates: true });
    expect(t.emu.counters.submissions).toBe(1);
    expect(pr.entry('twin').action).toBe('await');
    expect(pr.entry('twin').reason).toBe('same as hero, which awaits a pick');
    expect((await t.ws.lock()).images.twin).toBeUndefined();
    const one = await readFile(path.join(t.ws.dir, '.pixazo/candidates/hero/1.webp'));
    t.emu.resetCounters();
    const push = await run();
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls).toBe(0);
    expect(push.entry('hero').reason).toBe('no pick in the pull request: used candidate 1 of 2');
    expect(push.entry('twin').reason).toBe('copied — same as hero');
    expect(await readFile(path.join(t.ws.dir, 'img/hero.webp'))).toEqual(one);
    expect(await readFile(path.join(t.ws.dir, 'img/twin.webp'))).toEqual(one);
    expect((await t.ws.lock()).candidates).toEqual({});
  });

  it('a changed prompt buys a new set, which replaces the record of the set shown before', async () => {
    await run({ candidates: true });
    const before = Object.keys((await t.ws.lock()).candidates);
    await t.ws.write('images.config.yaml', MANIFEST.replace('at dawn', 'at dusk'));
    t.emu.resetCounters();
    const next = await run({ candidates: true });
    expect(t.emu.counters.submissions).toBe(1);
    expect(next.entry('hero').reason).toMatch(/buying 3 candidates/);
    const after = (await t.ws.lock()).candidates;
    expect(Object.keys(after)).toHaveLength(1);
    expect(Object.keys(after)).not.toEqual(before);
    // The files at the set's paths are the new set's, as recorded.
    const { createHash } = await import('node:crypto');
    for (const f of Object.values(after)[0]!.files)
      expect(
        createHash('sha256')
          .update(await readFile(path.join(t.ws.dir, f.path)))
          .digest('hex'),
      ).toBe(f.sha256);
  });

  it('a paid set follows its fingerprint: the twin awaiting it takes it into its own folder before its first owner buys anew', async () => {
    const twins = (lighthouse: string) =>
      'version: 1\ndefaults:\n  quality: low\n  out: img/{id}.{ext}\nimages:\n' +
      `  hero:\n    prompt: ${lighthouse}\n    candidates: 2\n  twin:\n    prompt: A lighthouse\n    candidates: 2\n`;
    await t.ws.write('images.config.yaml', twins('A lighthouse'));
    await run({ candidates: true });
    const [bought] = Object.entries((await t.ws.lock()).candidates);
    expect(bought![1].id).toBe('hero');
    const bytes = await Promise.all(bought![1].files.map((f) => readFile(path.join(t.ws.dir, f.path))));
    // hero changes; twin keeps the prompt hero's set was bought for, and awaits that set.
    await t.ws.write('images.config.yaml', twins('A lighthouse at dusk'));
    t.emu.resetCounters();
    const next = await run({ candidates: true });
    expect(t.emu.counters.submissions).toBe(1);
    expect(next.entry('twin').action).toBe('await');
    expect(next.entry('twin').reason).toBe('awaiting a pick (2 candidates): /pixazo pick twin <k>');
    expect(next.entry('twin').candidates?.files).toEqual([
      '.pixazo/candidates/twin/1.webp',
      '.pixazo/candidates/twin/2.webp',
    ]);
    const sets = (await t.ws.lock()).candidates;
    // Both paid sets are recorded, each at its own paths, and the bytes there are the recorded ones.
    expect(sets[bought![0]]!.id).toBe('twin');
    expect(
      Object.values(sets)
        .map((s) => s.id)
        .sort(),
    ).toEqual(['hero', 'twin']);
    const { createHash } = await import('node:crypto');
    for (const set of Object.values(sets))
      for (const f of set.files)
        expect(
          createHash('sha256')
            .update(await readFile(path.join(t.ws.dir, f.path)))
            .digest('hex'),
        ).toBe(f.sha256);
    for (const [i, f] of sets[bought![0]]!.files.entries())
      expect(await readFile(path.join(t.ws.dir, f.path))).toEqual(bytes[i]);
  });

  it('a renamed entry takes its awaited set into its own folder, even when nothing else changed', async () => {
    const named = (id: string) =>
      'version: 1\ndefaults:\n  quality: low\n  out: img/{id}.{ext}\nimages:\n' +
      `  ${id}:\n    prompt: A lighthouse\n    candidates: 2\n`;
    await t.ws.write('images.config.yaml', named('hero'));
    await run({ candidates: true });
    const [fp, bought] = Object.entries((await t.ws.lock()).candidates)[0]!;
    const bytes = await Promise.all(bought.files.map((f) => readFile(path.join(t.ws.dir, f.path))));
    await t.ws.write('images.config.yaml', named('banner'));
    t.emu.resetCounters();
    const next = await run({ candidates: true });
    expect(t.emu.counters.submissions).toBe(0);
    const shown = ['.pixazo/candidates/banner/1.webp', '.pixazo/candidates/banner/2.webp'];
    expect(next.entry('banner').action).toBe('await');
    expect(next.entry('banner').candidates?.files).toEqual(shown);
    // Shown where it is: the files moved, and the record with them.
    const set = (await t.ws.lock()).candidates[fp]!;
    expect(set.id).toBe('banner');
    expect(set.files.map((f) => f.path)).toEqual(shown);
    for (const [i, rel] of shown.entries())
      expect(await readFile(path.join(t.ws.dir, rel))).toEqual(bytes[i]);
    expect(await exists('.pixazo/candidates/hero/1.webp')).toBe(false);
    // And the run after that is a no-op that awaits the pick in the new folder.
    const again = await run({ candidates: true });
    expect(again.entry('banner').candidates?.files).toEqual(shown);
    expect(t.emu.counters.submissions).toBe(0);
  });

  it.each([
    ['refused (400)', { status: 400 as const }],
    ['answered without a request id (an unknown outcome)', { status: 202 as const }],
  ])('a reroll %s keeps the set shown: nothing paid is lost', async (_name, answer) => {
    await run({ candidates: true, only: (id) => id === 'hero' });
    const before = (await t.ws.lock()).candidates;
    t.emu.options.failNextSubmits = [answer];
    const reroll = await run({ candidates: true, only: (id) => id === 'hero', force: (id) => id === 'hero' });
    expect(reroll.entry('hero').status).toBe('failed');
    const after = await t.ws.lock();
    expect(after.candidates).toEqual(before);
    for (const f of Object.values(after.candidates)[0]!.files) expect(await exists(f.path)).toBe(true);
  });

  it('max-cost counts all N candidates', async () => {
    await expect(
      run({ candidates: true, maxCost: 0.03, only: (id) => id === 'hero' }),
    ).rejects.toBeInstanceOf(BudgetError);
    expect(t.emu.counters.submissions).toBe(0);
  });
});
