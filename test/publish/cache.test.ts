/**
 * The image cache against the REAL @actions/cache, talking to a local fake of the results service.
 * The library reads its environment when called, so env is set before the first cache operation
 * (the adapter imports the library lazily, on first use).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActionsCache, stagingDir } from '../../src/publish/cache.js';
import { type ResultsService, startResultsService } from '../fakes/results-service.js';
import { recordingLogger } from '../helpers/recorders.js';

const PREFIX = 'pixazo-images-v1';
let service: ResultsService;
let dir: string;
let workspace: string;
let runnerTemp: string;
const savedEnv = { ...process.env };

const fp = (seed: string): string => `sha256:${createHash('sha256').update(seed).digest('hex')}`;

function newCache(log = recordingLogger(), runId = '100-1') {
  return createActionsCache({ prefix: PREFIX, runnerTemp, logger: log.logger, runId });
}

/** Writes `count` files of random bytes into the workspace, as the engine's outputs would be. */
async function images(name: string, count: number, ext = 'webp'): Promise<string[]> {
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = join(workspace, `${name}-${i}.${ext}`);
    await writeFile(file, randomBytes(2048 + i));
    files.push(file);
  }
  return files;
}

/** A fresh runner: nothing staged from an earlier job. */
const wipeStaging = () => rm(join(runnerTemp, 'pixazo-images-cache'), { recursive: true, force: true });

beforeAll(async () => {
  // @actions/cache archives with the system tar (and zstd when present): fail clearly without it.
  expect(execFileSync('tar', ['--version']).toString()).toMatch(/tar/);
  service = await startResultsService();
  dir = await mkdtemp(join(tmpdir(), 'pixazo-cache-'));
  workspace = join(dir, 'work', 'repo', 'repo');
  runnerTemp = join(dir, 'work', '_temp');
  await mkdir(workspace, { recursive: true });
  await mkdir(runnerTemp, { recursive: true });
});

beforeEach(() => {
  Object.assign(process.env, service.env(), { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp });
  delete process.env.ACTIONS_CACHE_URL;
  delete process.env.ACTIONS_CACHE_MODE;
  service.failAll = false;
});

afterEach(() => {
  process.env = { ...savedEnv };
});

afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('image cache over @actions/cache', () => {
  it('saves, then restores identical bytes into a fresh staging dir', async () => {
    const log = recordingLogger();
    const files = await images('hero', 2);
    await newCache(log).save(fp('hero'), files);

    const entry = service.caches.get(`${PREFIX}-${fp('hero')}`);
    expect(entry?.finalized).toBe(true);
    await wipeStaging();

    const restored = await newCache(log).restore(fp('hero'), 2, 'webp');
    expect(restored).toEqual([1, 2].map((n) => join(stagingDir(runnerTemp, fp('hero')), `${n}.webp`)));
    for (const [i, file] of (restored ?? []).entries()) {
      expect(await readFile(file)).toEqual(await readFile(files[i] as string));
    }
    expect(log.warning).toEqual([]);
  });

  it('refuses a second save of the same key softly, keeping the first entry', async () => {
    const log = recordingLogger();
    const first = await images('dup-a', 1);
    await newCache(log).save(fp('dup'), first);
    const entries = service.caches.size;

    await expect(newCache(log).save(fp('dup'), await images('dup-b', 1))).resolves.toBeUndefined();
    expect(service.caches.size).toBe(entries);
    expect(log.warning).toEqual([]);

    await wipeStaging();
    const [restored] = (await newCache(log).restore(fp('dup'), 1, 'webp')) ?? [];
    expect(await readFile(restored as string)).toEqual(await readFile(first[0] as string));
  });

  it('misses on an unknown fingerprint, and when the image count differs (another version)', async () => {
    const cache = newCache();
    expect(await cache.restore(fp('never-saved'), 1, 'png')).toBeUndefined();
    await cache.save(fp('two'), await images('two', 2));
    await wipeStaging();
    expect(await newCache().restore(fp('two'), 3, 'webp')).toBeUndefined();
  });

  it('treats jpeg and jpg alike in staged names', async () => {
    await newCache().save(fp('photo'), await images('photo', 1, 'jpeg'));
    await wipeStaging();
    const restored = await newCache().restore(fp('photo'), 1, 'jpg');
    expect(restored?.[0]).toMatch(/1\.jpg$/);
  });

  it('restores many fingerprints at once, duplicates included', async () => {
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const saved = new Map<string, string[]>();
    const writer = newCache();
    await Promise.all(
      ids.map(async (id) => {
        const files = await images(id, 2, 'png');
        saved.set(id, files);
        await writer.save(fp(id), files);
      }),
    );
    await wipeStaging();

    const log = recordingLogger();
    const reader = newCache(log);
    const lookups = [...ids, 'c1', 'c3'].map((id) =>
      reader.restore(fp(id), 2, 'png').then((r) => [id, r] as const),
    );
    for (const [id, restored] of await Promise.all(lookups)) {
      expect(restored).toHaveLength(2);
      for (const [i, file] of (restored ?? []).entries()) {
        expect(await readFile(file)).toEqual(await readFile(saved.get(id)?.[i] as string));
      }
    }
    expect(log.warning).toEqual([]);
  });

  it('round-trips pending requests, newest first', async () => {
    const fingerprint = fp('pending');
    const older = { id: 'hero', request_id: 'req-old', submitted_at: '2026-01-01T00:00:00Z' };
    const newer = { id: 'hero', request_id: 'req-new', submitted_at: '2026-01-01T00:05:00Z' };
    await newCache(recordingLogger(), '7-1').savePending(fingerprint, older);
    await newCache(recordingLogger(), '8-1').savePending(fingerprint, newer);
    await wipeStaging();

    expect(await newCache().restorePending(fingerprint)).toEqual(newer);
    expect(await newCache().restorePending(fp('no-pending'))).toBeUndefined();
  });

  it('reads a cached pending request through the lockfile schema: extra keys dropped, a broken one a miss', async () => {
    // What the engine saves is the whole lockfile record; only what collects the request comes back.
    const full = {
      id: 'hero',
      request_id: 'req-1',
      submitted_at: '2026-01-01T00:00:00Z',
      model: 'gpt-image-2',
    };
    await newCache(recordingLogger(), '9-1').savePending(fp('full'), full);
    const broken = { id: 'hero', submitted_at: '2026-01-01T00:00:00Z' } as unknown as typeof full;
    await newCache(recordingLogger(), '9-1').savePending(fp('broken'), broken);
    await wipeStaging();

    expect(await newCache().restorePending(fp('full'))).toEqual({
      id: 'hero',
      request_id: 'req-1',
      submitted_at: '2026-01-01T00:00:00Z',
    });
    expect(await newCache().restorePending(fp('broken'))).toBeUndefined();
  });

  it('loads @actions/cache only when a lookup or save happens', async () => {
    const load = vi.fn(() => import('@actions/cache'));
    const cache = createActionsCache({ prefix: PREFIX, runnerTemp, logger: recordingLogger().logger, load });
    expect(load).not.toHaveBeenCalled();
    await cache.restore(fp('lazy'), 1, 'png');
    await cache.restore(fp('lazy-2'), 1, 'png');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('rejects caller mistakes on lookups, but a save only warns', async () => {
    const log = recordingLogger();
    const cache = newCache(log);
    await expect(cache.restore('hero', 1, 'png')).rejects.toThrow(TypeError);
    await expect(cache.restore(fp('zero'), 0, 'png')).rejects.toThrow(TypeError);
    await expect(cache.save(fp('gone'), [join(workspace, 'missing.png')])).resolves.toBeUndefined();
    expect(log.warning).toEqual([expect.stringMatching(/Could not cache the images of sha256:/)]);
    // A local problem is not an outage: the cache still works afterwards.
    await cache.save(fp('after'), await images('after', 1));
    expect(service.caches.get(`${PREFIX}-${fp('after')}`)?.finalized).toBe(true);
  });

  it('rejects a prefix the library would refuse', () => {
    expect(() => createActionsCache({ prefix: 'a,b', runnerTemp, logger: recordingLogger().logger })).toThrow(
      /commas/,
    );
  });
});

describe('when the cache service is unusable', () => {
  /** Every operation of a run, concurrently: each must answer as a miss or a no-op. */
  async function exerciseRun(log: ReturnType<typeof recordingLogger>): Promise<void> {
    const cache = newCache(log);
    const files = await images('down', 1);
    const results = await Promise.all([
      cache.restore(fp('down-1'), 1, 'webp'),
      cache.restore(fp('down-2'), 1, 'webp'),
      cache.restorePending(fp('down-1')),
      cache.save(fp('down-3'), files),
      cache.savePending(fp('down-3'), { id: 'x', request_id: 'r', submitted_at: 'now' }),
    ]);
    expect(results).toEqual([undefined, undefined, undefined, undefined, undefined]);
  }

  it('warns once and misses when the service answers 503', async () => {
    service.failAll = true;
    const before = service.requests.length;
    const log = recordingLogger();
    await exerciseRun(log);
    expect(log.warning).toHaveLength(1);
    expect(log.warning[0]).toMatch(/Image cache unavailable.*503.*service unavailable/);
    // One probe, no library call: the service sees every request, so none of the library's retries
    // (~25 s per lookup) can hide; counting them needs no clock.
    expect(service.requests.slice(before)).toHaveLength(1);
  });

  it('warns once when nothing listens at ACTIONS_RESULTS_URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    process.env.ACTIONS_RESULTS_URL = `http://127.0.0.1:${port}/`;

    const log = recordingLogger();
    await exerciseRun(log);
    expect(log.warning).toHaveLength(1);
    expect(log.warning[0]).toMatch(/unreachable/);
  });

  it('warns once when the job has no cache service at all', async () => {
    delete process.env.ACTIONS_RESULTS_URL;
    const log = recordingLogger();
    await exerciseRun(log);
    expect(log.warning).toEqual([expect.stringMatching(/no Actions cache service/)]);
  });

  it('warns once when the runtime token is missing', async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    const log = recordingLogger();
    await exerciseRun(log);
    expect(log.warning).toEqual([expect.stringMatching(/ACTIONS_RUNTIME_TOKEN/)]);
  });
});
