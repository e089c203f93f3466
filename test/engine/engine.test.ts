import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { BudgetError } from '../../src/engine/errors.js';
import { sniffFormat } from '../../src/images/sniff.js';
import { idMatcher } from '../../src/plan/select.js';
import { realClock } from '../../src/shared/clock.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const MIXED = `version: 1
defaults:
  quality: low
images:
  hero:
    prompt: A lighthouse on a cliff at dawn
    aspect_ratio: "3:2"
    out: img/hero.{ext}
  banner:
    model: gpt-image-1.5
    prompt: An old banner
    aspect_ratio: "2:3"
    output_format: png
    out: img/banner.{ext}
  anime:
    prompt: Transform this into an anime illustration
    input_images: ["https://example.com/ref.png"]
    output_format: jpeg
    number_of_images: 2
    out: img/anime-{n}.{ext}
`;

const t = emulatorAndWorkspace({ 'images.config.yaml': MIXED });

const calls = (): number =>
  t.emu.counters.submissions + t.emu.counters.statusCalls + t.emu.counters.mediaGets;

describe('engine against the emulator', () => {
  it('generates a manifest mixing all three endpoints, then makes zero calls on an unchanged re-run', async () => {
    const { report } = await runOn(t.ws, t.emu);
    expect(report.totals).toEqual({ generated: 3, reused: 0, unchanged: 0, failed: 0 });
    expect(t.emu.counters.accepted).toBe(3);
    const paths = t.emu.log
      .filter((r) => r.kind === 'submit')
      .map((r) => r.path)
      .sort();
    expect(paths).toEqual([
      '/gpt-image-1-5-api-923/v1/gpt-image-1-5-api-request',
      '/gpt-image-2-image-to-image/v1/gpt-image-2-image-to-image/generate',
      '/gpt-image-2-text-to-image/v1/gpt-image-2-text-to-image/generate',
    ]);
    const hero = await t.ws.read('img/hero.webp');
    expect(sniffFormat(hero)).toBe('webp');
    const size = imageSize(hero);
    expect(size.width! / size.height!).toBeCloseTo(1.5);
    expect(sniffFormat(await t.ws.read('img/banner.png'))).toBe('png');
    const banner = imageSize(await t.ws.read('img/banner.png'));
    expect(banner.height! / banner.width!).toBeCloseTo(1.5);
    for (const n of [1, 2]) expect(sniffFormat(await t.ws.read(`img/anime-${n}.jpg`))).toBe('jpeg');
    expect(report.cost).toBeCloseTo(0.012 + 0.024, 6); // 1.5 is unpriced
    expect(report.unpriced).toBe(1);
    expect(report.filesWritten.sort()).toEqual([
      'img/anime-1.jpg',
      'img/anime-2.jpg',
      'img/banner.png',
      'img/hero.webp',
    ]);

    const lock = await t.ws.lock();
    expect(Object.keys(lock.images).sort()).toEqual(['anime', 'banner', 'hero']);
    expect(lock.images.banner!.cost_usd).toBeNull();
    expect(lock.images.hero!.files[0]).toMatchObject({ path: 'img/hero.webp', bytes: hero.length });
    expect(lock.spent_usd).toBeCloseTo(0.036, 6);
    expect(lock.pending).toEqual({});
    const text = await readFile(path.join(t.ws.dir, 'images.lock.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);

    t.emu.resetCounters();
    const mtime = (await stat(path.join(t.ws.dir, 'images.lock.json'))).mtimeMs;
    const again = await runOn(t.ws, t.emu);
    expect(calls()).toBe(0);
    expect(again.report.totals).toEqual({ generated: 0, reused: 0, unchanged: 3, failed: 0 });
    expect((await stat(path.join(t.ws.dir, 'images.lock.json'))).mtimeMs).toBe(mtime);
    expect(again.report.lockfileChanged).toBe(false);
  });

  it('sends the documented bodies: gpt-image-2 with every default, 1.5 with wire names only', async () => {
    await runOn(t.ws, t.emu);
    const bodies = Object.fromEntries(
      t.emu.log.filter((r) => r.kind === 'submit').map((r) => [r.path.split('/')[1], r.body]),
    );
    expect(bodies['gpt-image-2-text-to-image']).toEqual({
      prompt: 'A lighthouse on a cliff at dawn',
      quality: 'low',
      background: 'auto',
      moderation: 'auto',
      aspect_ratio: '3:2',
      output_format: 'webp',
      number_of_images: 1,
      output_compression: 90,
    });
    expect(bodies['gpt-image-1-5-api-923']).toEqual({
      prompt: 'An old banner',
      quality: 'low',
      image_size: '1024x1536',
      output_format: 'png',
    });
    const headers = t.emu.log.filter((r) => r.kind === 'submit')[0]!.headers;
    expect(headers['content-type']).toMatch(/application\/json/);
    expect(headers['cache-control']).toBe('no-cache');
    expect(t.emu.counters.mediaWithKey).toBe(0);
  });

  it('changing one prompt submits exactly that entry, and says why', async () => {
    await runOn(t.ws, t.emu);
    t.emu.resetCounters();
    await t.ws.write(
      'images.config.yaml',
      MIXED.replace('A lighthouse on a cliff at dawn', 'A lighthouse at night'),
    );
    const { report } = await runOn(t.ws, t.emu);
    expect(t.emu.counters.accepted).toBe(1);
    const hero = report.entries.find((e) => e.id === 'hero')!;
    expect(hero).toMatchObject({ status: 'generated', reason: 'prompt changed' });
    expect(report.totals.unchanged).toBe(2);
  });

  it('moving an output copies the recorded bytes without a call and removes the old file', async () => {
    await runOn(t.ws, t.emu);
    const before = await t.ws.read('img/hero.webp');
    t.emu.resetCounters();
    await t.ws.write('images.config.yaml', MIXED.replace('out: img/hero.{ext}', 'out: pics/hero.{ext}'));
    const { report } = await runOn(t.ws, t.emu);
    expect(calls()).toBe(0);
    expect(report.entries.find((e) => e.id === 'hero')).toMatchObject({ action: 'move', status: 'reused' });
    expect(await t.ws.read('pics/hero.webp')).toEqual(before);
    await expect(stat(path.join(t.ws.dir, 'img/hero.webp'))).rejects.toThrow();
    expect(report.filesDeleted).toEqual(['img/hero.webp']);
    expect((await t.ws.lock()).images.hero!.files[0]!.path).toBe('pics/hero.webp');
  });

  it('renaming an entry reuses its image; the old id is an orphan until pruned', async () => {
    await runOn(t.ws, t.emu);
    t.emu.resetCounters();
    await t.ws.write(
      'images.config.yaml',
      MIXED.replace('  hero:\n', '  lighthouse:\n').replace('img/hero.{ext}', 'img/lighthouse.{ext}'),
    );
    const { report } = await runOn(t.ws, t.emu);
    expect(calls()).toBe(0);
    expect(report.entries.find((e) => e.id === 'lighthouse')).toMatchObject({
      action: 'move',
      reason: 'renamed from hero',
    });
    expect(report.orphans).toEqual([{ id: 'hero', files: ['img/hero.webp'], pruned: false }]);
    await stat(path.join(t.ws.dir, 'img/hero.webp'));
    const pruned = await runOn(t.ws, t.emu, { prune: true });
    expect(pruned.report.orphans[0]!.pruned).toBe(true);
    expect(pruned.report.filesDeleted).toEqual(['img/hero.webp']);
    expect((await t.ws.lock()).images.hero).toBeUndefined();
  });

  it('never reads, copies or deletes a recorded path outside the workspace', async () => {
    await runOn(t.ws, t.emu);
    const outside = path.join(path.dirname(t.ws.dir), `${path.basename(t.ws.dir)}-outside.txt`);
    await writeFile(outside, 'not ours');
    try {
      const lock = await t.ws.lock();
      const stolen = {
        ...lock.images.hero!,
        files: [{ ...lock.images.hero!.files[0]!, path: `../${path.basename(outside)}` }],
      };
      lock.images.evil = stolen; // an orphan whose file lies outside
      await writeFile(path.join(t.ws.dir, 'images.lock.json'), JSON.stringify(lock));
      // hero's own record now points outside, with that file's true hashes: a move would copy it in.
      const { hashFileBoth } = await import('../../src/plan/files.js');
      const h = await hashFileBoth(outside);
      lock.images.hero!.files = [
        { path: `../${path.basename(outside)}`, sha256: h.sha256, blob: h.blob, bytes: h.bytes },
      ];
      await writeFile(path.join(t.ws.dir, 'images.lock.json'), JSON.stringify(lock));
      const { report } = await runOn(t.ws, t.emu, { prune: true });
      expect(report.filesDeleted).toEqual([]);
      expect(await readFile(outside, 'utf8')).toBe('not ours');
      expect(report.entries.find((e) => e.id === 'hero')).toMatchObject({
        action: 'generate',
        status: 'generated',
      });
      expect(String(await t.ws.read('img/hero.webp'))).not.toBe('not ours');
    } finally {
      const { rm } = await import('node:fs/promises');
      await rm(outside, { force: true });
    }
  });

  it('dry-run plans and estimates with no call and no file', async () => {
    const { report } = await runOn(t.ws, t.emu, { dryRun: true });
    expect(calls()).toBe(0);
    expect(report.estimatedCost).toBeCloseTo(0.036, 6);
    expect(report.unpriced).toBe(1);
    expect(report.entries.every((e) => e.status === 'planned')).toBe(true);
    expect(await readdir(t.ws.dir)).toEqual(['images.config.yaml']);
  });

  it("a plan tells each entry's action in a field, and dates the report by the clock of the run", async () => {
    const start = Date.parse('2030-01-02T03:04:05.000Z');
    const clock = { ...realClock, now: () => start };
    const { report, events } = await runOn(t.ws, undefined, {}, { clock });
    expect(report.startedAt).toBe('2030-01-02T03:04:05.000Z');
    const planned = events.flatMap((e) =>
      e.type === 'entry' && e.state === 'planned' ? [[e.id, e.action]] : [],
    );
    expect(planned).toEqual(report.entries.map((e) => [e.id, 'generate']));
    expect(planned).toHaveLength(3);
  });

  it('refuses a plan over max-cost before any submission', async () => {
    await t.ws.write('images.config.yaml', MIXED.replace(/ {2}banner:[\s\S]*?(?= {2}anime:)/, ''));
    const err = await runOn(t.ws, t.emu, { maxCost: 0.02 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BudgetError);
    expect((err as BudgetError).message).toMatch(/\$0\.036, over the `max-cost` input \$0\.020/);
    expect(t.emu.counters.submissions).toBe(0);
  });

  it('stops before spending when max-cost is set and the plan holds unpriced images', async () => {
    const err = await runOn(t.ws, t.emu, { maxCost: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BudgetError);
    expect((err as Error).message).toMatch(/pricing:/);
    expect(t.emu.counters.submissions).toBe(0);
    await t.ws.write('images.config.yaml', `${MIXED}pricing:\n  gpt-image-1.5: { default: 0.05 }\n`);
    const { report } = await runOn(t.ws, t.emu, { maxCost: 100 });
    expect(report.cost).toBeCloseTo(0.086, 6);
    expect(report.unpriced).toBe(0);
  });

  it('FAILED and ERROR entries do not block the others; FAILED is remembered, ERROR retried', async () => {
    await t.ws.write(
      'images.config.yaml',
      `${MIXED}  bad:\n    prompt: "[[FAIL]] refused"\n  flaky:\n    prompt: "[[ERROR]] oops"\n`,
    );
    const { report } = await runOn(t.ws, t.emu);
    expect(report.totals).toEqual({ generated: 3, reused: 0, unchanged: 0, failed: 2 });
    const bad = report.entries.find((e) => e.id === 'bad')!;
    expect(bad.status).toBe('failed');
    expect(bad.possiblyCharged).toBeCloseTo(0.012, 6);
    expect(report.possiblyCharged).toBeCloseTo(0.012, 6);
    expect(report.cost).toBeCloseTo(0.036, 6);
    const lock = await t.ws.lock();
    expect(Object.values(lock.failed).map((f) => f.id)).toEqual(['bad']);
    expect(lock.images.bad).toBeUndefined();
    expect(lock.images.flaky).toBeUndefined();
    await stat(path.join(t.ws.dir, 'img/hero.webp'));

    t.emu.resetCounters();
    const again = await runOn(t.ws, t.emu);
    expect(t.emu.counters.accepted).toBe(1); // flaky (ERROR) retried; bad skipped with its reason
    expect(again.report.entries.find((e) => e.id === 'bad')).toMatchObject({
      action: 'skip',
      status: 'failed',
    });
    expect(again.report.entries.find((e) => e.id === 'bad')!.reason).toMatch(/refused before/);
  });

  it('identical entries are generated once; variant makes them distinct', async () => {
    await t.ws.write(
      'images.config.yaml',
      `version: 1\nimages:\n  a:\n    prompt: same\n  b:\n    prompt: same\n  c:\n    prompt: same\n    variant: 2\n`,
    );
    const { report } = await runOn(t.ws, t.emu);
    expect(t.emu.counters.accepted).toBe(2);
    expect(report.entries.find((e) => e.id === 'b')).toMatchObject({
      action: 'copy',
      reason: 'copied — same as a',
      status: 'reused',
    });
    expect(await t.ws.read('b.webp')).toEqual(await t.ws.read('a.webp'));
  });

  it('keeps a hand-edited image and regenerates it only when forced', async () => {
    await runOn(t.ws, t.emu);
    await writeFile(path.join(t.ws.dir, 'img/hero.webp'), 'edited by a person');
    t.emu.resetCounters();
    const { report, events } = await runOn(t.ws, t.emu);
    expect(calls()).toBe(0);
    expect(report.entries.find((e) => e.id === 'hero')).toMatchObject({ action: 'kept', status: 'kept' });
    expect(
      events.some((e) => e.type === 'entry' && e.id === 'hero' && /edited by hand/.test(e.detail ?? '')),
    ).toBe(true);
    const forced = await runOn(t.ws, t.emu, { force: idMatcher(['her*']) });
    expect(t.emu.counters.accepted).toBe(1);
    expect(forced.report.entries.find((e) => e.id === 'hero')).toMatchObject({
      status: 'generated',
      reason: 'forced',
    });
  });

  it('regenerates a missing file and an entry past max_age', async () => {
    await runOn(t.ws, t.emu);
    await t.ws.write(
      'images.config.yaml',
      MIXED.replace('    out: img/hero.{ext}\n', '    out: img/hero.{ext}\n    max_age: 30d\n'),
    );
    const lock = await t.ws.lock();
    lock.images.hero!.generated_at = '2020-01-01T00:00:00Z';
    await writeFile(path.join(t.ws.dir, 'images.lock.json'), JSON.stringify(lock));
    await writeFile(path.join(t.ws.dir, 'img/banner.png'), '');
    const { unlink } = await import('node:fs/promises');
    await unlink(path.join(t.ws.dir, 'img/banner.png'));
    t.emu.resetCounters();
    const { report } = await runOn(t.ws, t.emu);
    expect(t.emu.counters.accepted).toBe(2);
    expect(report.entries.find((e) => e.id === 'hero')!.reason).toBe('stale (older than 30d)');
    expect(report.entries.find((e) => e.id === 'banner')!.reason).toBe('file missing');
  });

  it('a 401 stops new submissions; the entries never submitted count as failed', async () => {
    t.emu.options.apiKey = 'another-key';
    try {
      const { report } = await runOn(t.ws, t.emu, { concurrency: 1 });
      expect(report.totals.failed).toBe(3);
      expect(t.emu.counters.submissions).toBe(1);
      expect(report.submissions.notSubmitted).toBe(2);
      expect(report.entries.filter((e) => /not submitted/.test(e.error ?? '')).length).toBe(2);
    } finally {
      t.emu.options.apiKey = 'test-key';
    }
  });

  it('only and shard restrict the run deterministically', async () => {
    const { report } = await runOn(t.ws, t.emu, { only: idMatcher(['hero', 'banner']) });
    expect(report.entries.map((e) => e.id).sort()).toEqual(['banner', 'hero']);
    const shares = [];
    for (const index of [1, 2]) {
      const { report: r } = await runOn(t.ws, undefined, { dryRun: true, shard: { index, total: 2 } });
      shares.push(r.entries.map((e) => e.id));
    }
    expect([...shares[0]!, ...shares[1]!].sort()).toEqual(['anime', 'banner', 'hero']);
  });
});

describe('the image cache under a cancel', () => {
  it('a restore that hangs and a pending save that hangs do not hold a cancelled run past the grace period', async () => {
    const ac = new AbortController();
    const never = new Promise<never>(() => {});
    let restores = 0;
    const cache = {
      restore: () => {
        restores++;
        // The cancel comes while the cache is being asked.
        ac.abort(new Error('received SIGINT'));
        return never;
      },
      save: () => never,
      savePending: () => never,
      restorePending: () => never,
    };
    // restore, save and savePending never settle: the run returning at all is the proof that the
    // grace period ends the wait (a hang is the test's own timeout, far above the 50 ms grace).
    const { report } = await runOn(t.ws, t.emu, { signal: ac.signal, cancelGraceMs: 50 }, { cache });
    expect(restores).toBeGreaterThan(0);
    expect(report.cancelled).toBe(true);
    // Nothing was submitted after the cancel: every entry ends failed, none is paid.
    expect(report.totals.generated).toBe(0);
    expect(t.emu.counters.accepted).toBe(0);
  });

  it('a pending save that hangs does not hold an accepted request: it is recorded, and the run finishes', async () => {
    const ac = new AbortController();
    const never = new Promise<never>(() => {});
    const cache = {
      restore: async () => undefined,
      save: async () => {},
      savePending: () => {
        ac.abort(new Error('received SIGINT'));
        return never;
      },
      restorePending: async () => undefined,
    };
    await runOn(t.ws, t.emu, { signal: ac.signal, cancelGraceMs: 50, concurrency: 1 }, { cache });
    const lock = JSON.parse(await t.ws.read('images.lock.json').then(String)) as { pending: object };
    expect(Object.keys(lock.pending)).toHaveLength(t.emu.counters.accepted);
    expect(t.emu.counters.accepted).toBeGreaterThan(0);
  });
});

describe('a pending request found in the image cache', () => {
  it('is collected, not bought again, and recorded in this lockfile so a timeout keeps it pending', async () => {
    const requestId = 'gpt-image-2-text-to-image_00000000-other-branch';
    const cache = {
      restore: async () => undefined,
      save: async () => {},
      restorePending: async () => ({
        id: 'elsewhere',
        request_id: requestId,
        submitted_at: new Date().toISOString(),
      }),
    };
    const { report } = await runOn(
      t.ws,
      t.emu,
      { only: (id) => id === 'hero', pollTimeoutMs: 50 },
      { cache },
    );
    // The gateway does not know it yet (404): it stays pending, and nothing was submitted for it.
    expect(t.emu.counters.submissions).toBe(0);
    expect(report.entries.find((e) => e.id === 'hero')).toMatchObject({
      action: 'generate',
      status: 'pending',
    });
    const lock = JSON.parse(String(await t.ws.read('images.lock.json'))) as {
      pending: Record<string, { id: string; request_id: string }>;
    };
    expect(Object.values(lock.pending)).toMatchObject([{ id: 'hero', request_id: requestId }]);
  });
});
