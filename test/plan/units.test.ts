import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, test } from 'vitest';
import { pollSchedule } from '../../src/engine/schedule.js';
import type { ResolvedEntry } from '../../src/manifest/types.js';
import { entryPrice, unitPrice } from '../../src/models/pricing.js';
import { effectiveParams, getModel, wireBody } from '../../src/models/registry.js';
import { canonicalJson, fingerprintAll } from '../../src/plan/fingerprint.js';
import { emptyLockfile, lockfilePathFor, parseLockfile, stableStringify } from '../../src/plan/lockfile.js';
import { mergeLockfiles } from '../../src/plan/lockfile-merge.js';
import { idMatcher, shardEntries, unmatchedPatternWarnings } from '../../src/plan/select.js';
import { formatCostOutput } from '../../src/shared/format.js';
import { Semaphore } from '../../src/shared/semaphore.js';

function entry(over: Partial<ResolvedEntry> & { id: string }): ResolvedEntry {
  const model = over.model ?? 'gpt-image-2';
  return {
    model,
    mode: 'text-to-image',
    prompt: 'a cat',
    params: effectiveParams(getModel(model), {}),
    inputs: [],
    format: 'webp',
    count: 1,
    out: [`${over.id}.webp`],
    outWorkspace: [`${over.id}.webp`],
    ...over,
  };
}

const fp = async (e: ResolvedEntry) => (await fingerprintAll([e])).get(e.id)!.value;

describe('fingerprint', () => {
  test.each([
    ['id', { id: 'other' }, false],
    ['out', { out: ['x/y.webp'], outWorkspace: ['x/y.webp'] }, false],
    ['max_age', { maxAgeMs: 1000 }, false],
    ['alt', { alt: 'text' }, false],
    ['prompt', { prompt: 'a dog' }, true],
    ['variant', { variant: 2 }, true],
    ['params', { params: effectiveParams(getModel('gpt-image-2'), { quality: 'high' }) }, true],
    ['model', { model: 'gpt-image-1.5', params: effectiveParams(getModel('gpt-image-1.5'), {}) }, true],
    [
      'inputs',
      { mode: 'image-to-image' as const, inputs: [{ kind: 'url' as const, url: 'https://x/y.png' }] },
      true,
    ],
  ])('changing %s changes the fingerprint: %s', async (_name, over, changes) => {
    const base = entry({ id: 'a' });
    expect((await fp(entry({ id: 'a', ...over }))) !== (await fp(base))).toBe(changes);
  });

  it('explicit defaults hash like omitted ones, and aspect_ratio like image_size on 1.5', async () => {
    const m2 = getModel('gpt-image-2');
    expect(effectiveParams(m2, { quality: 'auto', output_compression: 90 })).toEqual(effectiveParams(m2, {}));
    const m15 = getModel('gpt-image-1.5');
    expect(effectiveParams(m15, { aspect_ratio: '3:2' })).toEqual(
      effectiveParams(m15, { image_size: '1536x1024' }),
    );
    expect(effectiveParams(m15, {})).toEqual({ image_size: '1024x1024', output_format: 'webp' });
    expect(effectiveParams(m15, { number_of_images: 1, output_format: 'webp' })).toEqual(
      effectiveParams(m15, {}),
    );
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('canonical JSON sorts keys that look like array indexes as text too', () => {
    // A plain object would put "2" and "10" first, in numeric order.
    expect(canonicalJson({ b: 1, 10: 'x', 2: 'y', a: [{ 1: 1, '01': 2 }] })).toBe(
      '{"10":"x","2":"y","a":[{"01":2,"1":1}],"b":1}',
    );
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[,1]}');
  });

  it('fingerprints are what every earlier version recorded (a change would regenerate and bill every image)', async () => {
    const hero = entry({
      id: 'hero',
      prompt: 'A lighthouse at dawn, "flat" vector — ünïcode ✓',
      params: { quality: 'high', output_format: 'webp', image_size: '1536x1024' },
    });
    const down = entry({
      id: 'down',
      mode: 'image-to-image',
      variant: 2,
      prompt: hero.prompt,
      params: hero.params,
      inputs: [
        { kind: 'ref', id: 'hero' },
        { kind: 'ref', id: 'hero', index: 1 },
        { kind: 'url', url: 'https://example.com/a.png' },
      ],
    });
    const fps = await fingerprintAll([down, hero]);
    expect(fps.get('hero')).toEqual({
      value: 'sha256:be69b152c4919574c3f6dbf9877b350ecaf094c74989cd1987e2bcac6d925329',
      parts: {
        prompt: 'sha256:fc7ac82e93fd192e457c1ab78862bca8bd954a1d480400f32b5c7a2f29173146',
        params: 'sha256:214ec8b5a8662959765b9bab5af364c60d8aede2b34b7a0796281fb7a3e75887',
        inputs: 'sha256:5ce73dbf508f0245d3d498ac85a884aa54b2b9a9ca81f97e868ccbe6d7febd8a',
      },
    });
    expect(fps.get('down')).toEqual({
      value: 'sha256:7ccf320a96fdc73e0f7c2050a241b0c264b2089ab99629ad58a7cabf984c9b74',
      parts: {
        prompt: 'sha256:fc7ac82e93fd192e457c1ab78862bca8bd954a1d480400f32b5c7a2f29173146',
        params: 'sha256:ba08ebf5e1b0471e4567a85bd6f5e383e51e2dbb4d3e6247ee2355ff5e27ca4a',
        inputs: 'sha256:a7fbaaa731a77810bcb7e3478ade43c1f76342da8743665727faa2ef25a571fb',
      },
    });
  });

  it('a local input is fingerprinted by its bytes, as every earlier version did', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixazo-fp-'));
    try {
      await writeFile(path.join(dir, 'ref.png'), 'reference image bytes \u2713\n');
      const team = entry({
        id: 'team',
        mode: 'image-to-image',
        prompt: 'Restyle as watercolour',
        params: { quality: 'low', output_format: 'png' },
        inputs: [
          { kind: 'file', path: 'ref.png', abs: path.join(dir, 'ref.png'), workspacePath: 'ref.png' },
          { kind: 'url', url: 'https://example.com/b.png' },
        ],
      });
      expect((await fingerprintAll([team])).get('team')).toEqual({
        value: 'sha256:25c0cb3a52a114ffcfd566c21bfa13c5e2d8933742c4ee5f3ae85c40c560ca48',
        parts: {
          prompt: 'sha256:599d3d387e4ce5da6e3b1af22cb8c53009d56d08cb95b921481f644a1dc210ce',
          params: 'sha256:4f2231434d6ed2a4242d4b9334b9ba6352069c6c2f284c72cb01eb5ac62d2225',
          inputs: 'sha256:6440a1422621e565cecf25a868f0eb2a03a68ca6b058fbab197630ace8f238be',
        },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a dependant changes with its upstream, and only then', async () => {
    const up = entry({ id: 'up' });
    const down = entry({ id: 'down', mode: 'image-to-image', inputs: [{ kind: 'ref', id: 'up' }] });
    const a = await fingerprintAll([down, up]);
    const b = await fingerprintAll([down, { ...up, prompt: 'changed' }]);
    const c = await fingerprintAll([down, { ...up, out: ['moved.webp'] }]);
    expect(a.get('down')!.value).not.toBe(b.get('down')!.value);
    expect(a.get('down')!.value).toBe(c.get('down')!.value);
    expect(a.get('down')!.parts.inputs).not.toBe(b.get('down')!.parts.inputs);
    expect(a.get('down')!.parts.prompt).toBe(b.get('down')!.parts.prompt);
  });
});

describe('registry and wire bodies', () => {
  it('maps 1.5 parameters to their wire names and sends only what is set', () => {
    const m = getModel('gpt-image-1.5');
    const params = effectiveParams(m, { aspect_ratio: '2:3', number_of_images: 3, quality: 'high' });
    expect(wireBody(m, 'p', params)).toEqual({
      prompt: 'p',
      image_size: '1024x1536',
      num_images: 3,
      quality: 'high',
      output_format: 'webp',
    });
  });
  it('gpt-image-2 carries every documented default', () => {
    const m = getModel('gpt-image-2');
    expect(wireBody(m, 'p', effectiveParams(m, {}), ['https://a/b.png'])).toEqual({
      prompt: 'p',
      input_images: ['https://a/b.png'],
      quality: 'auto',
      background: 'auto',
      moderation: 'auto',
      aspect_ratio: '1:1',
      output_format: 'webp',
      number_of_images: 1,
      output_compression: 90,
    });
  });
});

describe('pricing', () => {
  test.each([
    ['gpt-image-2', 'low', {}, 0.012],
    ['gpt-image-2', 'medium', {}, 0.047],
    ['gpt-image-2', 'high', {}, 0.128],
    ['gpt-image-2', 'auto', {}, 0.128],
    ['gpt-image-1.5', 'high', {}, null],
    ['gpt-image-1.5', undefined, {}, null],
    ['gpt-image-1.5', 'high', { 'gpt-image-1.5': { high: 0.133 } }, 0.133],
    ['gpt-image-1.5', 'low', { 'gpt-image-1.5': { high: 0.133, default: 0.02 } }, 0.02],
    ['gpt-image-1.5', undefined, { 'gpt-image-1.5': { default: 0.02 } }, 0.02],
    ['gpt-image-2', 'low', { 'gpt-image-2': { low: 0.01 } }, 0.01],
  ] as const)('%s at %s with %o costs %s per image', (model, quality, overrides, price) => {
    expect(unitPrice(model, quality, overrides)).toBe(price);
  });
  it('multiplies by the number of images without float noise', () => {
    const e = { model: 'gpt-image-2', count: 3, params: { quality: 'medium' } };
    expect(entryPrice(e, {})).toBe(0.141);
    expect(formatCostOutput(0.1 + 0.2)).toBe('0.3000');
    expect(formatCostOutput(0.04705)).toBe('0.0471');
  });
});

describe('lockfile', () => {
  test.each([
    ['images.config.yaml', 'images.lock.json'],
    ['docs/site.config.yml', 'docs/site.lock.json'],
    ['assets.yaml', 'assets.lock.json'],
  ])('%s → %s', (manifest, lock) => {
    expect(lockfilePathFor(manifest)).toBe(lock);
  });
  it('is written with sorted keys, two-space indent and a trailing newline', () => {
    const text = stableStringify({ version: 1, images: {}, spent_usd: 0, pending: {}, failed: {} });
    expect(text).toBe(
      '{\n  "failed": {},\n  "images": {},\n  "pending": {},\n  "spent_usd": 0,\n  "version": 1\n}\n',
    );
  });
  test.each([['not json'], ['{"version":2}'], ['{"version":1,"images":{"a":{"fingerprint":1}}}']])(
    'a corrupt lockfile is an error naming the file: %s',
    (text) => {
      expect(() => parseLockfile(text, 'docs/images.lock.json')).toThrow(
        /^docs\/images\.lock\.json(:\d+)?: the lockfile (is unreadable|was written by a newer pixazo-images)/,
      );
    },
  );
  it('merges by entry: ours for touched ids, theirs for the rest, spend added', () => {
    const rec = (fingerprint: string) => ({
      fingerprint,
      parts: { prompt: '', params: '', inputs: '' },
      model: 'gpt-image-2',
      files: [],
      request_id: null,
      cost_usd: null,
      generated_at: '',
      duration_s: null,
    });
    const ours = { ...emptyLockfile(), spent_usd: 1.5, images: { a: rec('a2'), b: rec('b1') } };
    const theirs = {
      ...emptyLockfile(),
      spent_usd: 1.2,
      images: { a: rec('a1'), b: rec('b2'), c: rec('c1') },
    };
    const merged = mergeLockfiles(ours, theirs, {
      ids: new Set(['a']),
      fingerprints: new Set(),
      baseSpent: 1,
    });
    expect(Object.fromEntries(Object.entries(merged.images).map(([k, v]) => [k, v.fingerprint]))).toEqual({
      a: 'a2',
      b: 'b2',
      c: 'c1',
    });
    expect(merged.spent_usd).toBe(1.7);
  });
});

describe('selection', () => {
  it('matches globs and all', () => {
    expect(idMatcher(['hero*'])!('hero-anime')).toBe(true);
    expect(idMatcher(['hero*'])!('banner')).toBe(false);
    expect(idMatcher(['all'])!('x')).toBe(true);
    expect(idMatcher([])).toBeUndefined();
  });
  test.each([
    ['a typo, with the id it resembles', ['heor'], ["--only 'heor' matches no entry; did you mean 'hero'?"]],
    ['a glob that matches nothing', ['ban*'], ["--only 'ban*' matches no entry"]],
    ['nothing close', ['zzzzzz'], ["--only 'zzzzzz' matches no entry"]],
    [
      'each unmatched pattern once',
      ['heor', 'heor', 'hero'],
      ["--only 'heor' matches no entry; did you mean 'hero'?"],
    ],
    ['ids and globs that match', ['hero', 'team-*', '*'], []],
    ['all, which is a keyword', ['all'], []],
  ])('unmatched patterns: %s', (_name, patterns, expected) => {
    expect(unmatchedPatternWarnings('--only', patterns, ['hero', 'team-a', 'team-b'])).toEqual(expected);
  });
  it('partitions entries, keeping @id chains in one shard', () => {
    const entries = Array.from({ length: 40 }, (_, i) => entry({ id: `e${i}` }));
    entries.push(entry({ id: 'child', inputs: [{ kind: 'ref', id: 'e7' }] }));
    const shards = [1, 2, 3].map((index) => shardEntries(entries, { index, total: 3 }).map((e) => e.id));
    expect(shards.flat().sort()).toEqual(entries.map((e) => e.id).sort());
    expect(shards.filter((s) => s.length > 0).length).toBe(3);
    expect(shards.find((s) => s.includes('e7'))).toContain('child');
  });
});

describe('scheduling', () => {
  it('keeps poll waits inside the bounds and backs off toward the cap', () => {
    const s = pollSchedule({ min: 2000, max: 10000 }, () => 0.5);
    const waits = Array.from({ length: 8 }, (_, i) => s.next(i * 1000));
    expect(waits[0]).toBe(2000);
    expect(waits.every((w) => w >= 2000 && w <= 10000)).toBe(true);
    expect(waits.at(-1)).toBe(10000);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
  });
  it('gets near an expected latency in few calls, then polls in small steps of the time elapsed', () => {
    const s = pollSchedule({ min: 1000, max: 10000 }, () => 0.5, 30000);
    // 70 % of 30 s in three even waits (the cap is 10 s), then 6 % of the time elapsed.
    expect(s.next(0)).toBe(7000);
    expect(s.next(7000)).toBe(7000);
    expect(s.next(14000)).toBe(7000);
    expect(s.next(21000)).toBe(1260);
    expect(s.next(30000)).toBe(1800);
    // Running late (past 130 %): 12 %, within the cap.
    expect(s.next(40000)).toBe(4800);
    expect(s.next(100000)).toBe(10000);
  });
  it('jitter never leaves the bounds', () => {
    for (const r of [0, 0.999]) {
      const s = pollSchedule({ min: 100, max: 200 }, () => r);
      for (let i = 0; i < 10; i++) {
        const w = s.next(0);
        expect(w).toBeGreaterThanOrEqual(100);
        expect(w).toBeLessThanOrEqual(200);
      }
    }
  });
  it('the semaphore bounds concurrency', async () => {
    const sem = new Semaphore(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const release = await sem.acquire();
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        release();
      }),
    );
    expect(peak).toBe(2);
  });
});
