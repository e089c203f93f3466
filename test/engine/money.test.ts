/**
 * Never pay twice, never lose a paid image: one `describe` per engine hole of issue 11, each
 * driven deterministically through the emulator's knobs and hooks (no timer races), each asserting
 * what the lockfile's planning rules and a run's submit / poll / cancel rules require, on observable
 * facts: the jobs the emulator accepted and charged, the lockfile on disk, the report.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { Agent, buildConnector } from 'undici';
import { beforeEach, describe, expect, it, test } from 'vitest';
import type { RunOptions } from '../../src/engine/types.js';
import { PixazoClient, type PixazoClientOptions } from '../../src/gateway/client.js';
import type { Lockfile } from '../../src/plan/lockfile.js';
import { idMatcher } from '../../src/plan/select.js';
import {
  DEFAULT_API_KEY,
  defaultOptions,
  type EmulatorOptions,
  type JobRecord,
  proxyPage,
} from '../emulator/index.js';
import { gate } from '../emulator/testkit.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const ALPHA = 'A lighthouse on a cliff at dawn';
const BETA = 'A harbour at noon';
const GAMMA = 'A fishing boat at dusk';
const MANIFEST = lowQualityManifest(`  alpha:
    prompt: ${ALPHA}
  beta:
    prompt: ${BETA}
    output_format: png
  gamma:
    prompt: ${GAMMA}
    output_format: jpeg
`);
const withPrompt = (prompt: string): string => MANIFEST.replace(ALPHA, prompt);
/** alpha alone, for cases where the others would only wait alongside it. */
const ALONE = `version: 1\nimages:\n  alpha:\n    prompt: ${ALPHA}\n`;

const t = emulatorAndWorkspace({ 'images.config.yaml': MANIFEST });
let earlier = new Set<string>();
beforeEach(() => {
  Object.assign(t.emu.options, defaultOptions(), { latency: 20, port: t.emu.port });
  earlier = new Set(t.emu.jobs.keys());
});

type Opts = Partial<Omit<RunOptions, 'manifest' | 'lockfilePath'>>;
type Lock = Lockfile;

/** Runs the real engine with the real client, tuned for loopback (millisecond backoff). */
function run(opts: Opts = {}, client: Partial<PixazoClientOptions> = {}) {
  const gateway = new PixazoClient({
    baseUrl: t.emu.url,
    apiKey: DEFAULT_API_KEY,
    requestTimeoutMs: 5000,
    retry: { baseMs: 10, capMs: 40, minDelayMs: 2 },
    ...(opts.retryUnknownSubmits ? { retryUnknownSubmits: true } : {}),
    ...client,
  });
  return runOn(t.ws, t.emu, { concurrency: 1, ...opts }, { gateway });
}

const lock = async (): Promise<Lock> => (await t.ws.lock()) as Lock;
/** This test's accepted (paid) jobs, optionally those whose prompt holds `text`. */
const jobs = (text = ''): JobRecord[] =>
  [...t.emu.jobs.values()].filter((j) => !earlier.has(j.requestId) && j.prompt.includes(text));
/** Submits of `text`'s prompt that reached the emulator since the last counter reset. */
const submitsOf = (text: string): number =>
  t.emu.log.filter(
    (r) => r.kind === 'submit' && String((r.body as { prompt?: string })?.prompt).includes(text),
  ).length;
const entry = (r: Awaited<ReturnType<typeof run>>, id: string) => r.report.entries.find((e) => e.id === id)!;
/** The fingerprint a record of the lockfile keeps for `id` (pending, failed, unknown or images). */
function fpOf(l: Lock, id: string): string {
  for (const map of [l.pending, l.failed, l.unknown ?? {}])
    for (const [fp, rec] of Object.entries(map)) if (rec.id === id) return fp;
  return l.images[id]!.fingerprint;
}
const pendingIds = (l: Lock): string[] => Object.values(l.pending).map((p) => p.id);
const unknownIds = (l: Lock): string[] => Object.values(l.unknown ?? {}).map((u) => u.id);
const failedIds = (l: Lock): string[] => Object.values(l.failed).map((f) => f.id);
const writeLock = (l: Lock): Promise<void> =>
  writeFile(path.join(t.ws.dir, 'images.lock.json'), JSON.stringify(l));
/** Alpha's job takes `ms`; the others the usual 20 ms. */
const slowAlpha =
  (ms: number): EmulatorOptions['latency'] =>
  (_m, body) =>
    String(body.prompt).includes('lighthouse') ? ms : 20;

describe('1. cancel while a submit is in flight', () => {
  it('mid-submit (hook-driven): the sent submit is awaited and recorded pending; the next run resumes it', async () => {
    const ac = new AbortController();
    t.emu.options.hooks = {
      afterAccept: () => {
        if (!ac.signal.aborted) ac.abort(new Error('received SIGINT'));
      },
    };
    const r = await run({ signal: ac.signal });
    expect(r.report.cancelled).toBe(true);
    expect(t.emu.counters.submissions).toBe(1);
    const [job] = jobs();
    expect(job!.prompt).toBe(ALPHA);
    expect(entry(r, 'alpha').status).toBe('pending');
    expect(r.report.submissions).toMatchObject({
      attempted: 1,
      accepted: 1,
      outcomeUnknown: 0,
      notSubmitted: 2,
    });
    const l = await lock();
    expect(l.images).toEqual({});
    expect(Object.values(l.pending)).toEqual([
      expect.objectContaining({ id: 'alpha', request_id: job!.requestId }),
    ]);
    expect(unknownIds(l)).toEqual([]);

    t.emu.options.hooks = {};
    t.emu.resetCounters();
    const again = await run();
    expect(submitsOf(ALPHA)).toBe(0);
    expect(entry(again, 'alpha')).toMatchObject({
      action: 'resume',
      status: 'generated',
      requestId: job!.requestId,
    });
    expect(jobs(ALPHA)).toHaveLength(1);
    expect(again.report.totals).toMatchObject({ generated: 3, failed: 0 });
  });

  it('an answer that does not come within the grace is an unknown outcome: recorded, never resubmitted', async () => {
    const ac = new AbortController();
    const release = gate();
    t.emu.options.hooks = {
      afterAccept: () => {
        ac.abort(new Error('received SIGINT'));
        return release.promise; // held until the run has returned
      },
    };
    const r = await run({ signal: ac.signal, cancelGraceMs: 50 });
    release.open();
    expect(jobs(ALPHA)).toHaveLength(1);
    expect(entry(r, 'alpha').status).toBe('failed');
    const l = await lock();
    expect(pendingIds(l)).toEqual([]);
    expect(Object.values(l.unknown ?? {})).toEqual([
      { id: 'alpha', reason: expect.any(String), at: expect.any(String) },
    ]);

    t.emu.options.hooks = {};
    t.emu.resetCounters();
    const again = await run();
    expect(submitsOf(ALPHA)).toBe(0);
    expect(entry(again, 'alpha').status).toBe('failed');
    expect(entry(again, 'alpha').error).toContain('outcome unknown since');
    expect(jobs(ALPHA)).toHaveLength(1);
  });
});

describe('2. a pending request is collected before force and max_age', () => {
  it('a forced entry left pending at poll-timeout is resumed, not bought again', async () => {
    t.emu.options.latency = slowAlpha(300);
    const first = await run({ force: idMatcher(['alpha']), pollTimeoutMs: 1 });
    expect(entry(first, 'alpha').status).toBe('pending');
    const { request_id } = (await lock()).pending[fpOf(await lock(), 'alpha')]!;

    t.emu.resetCounters();
    const again = await run({ force: idMatcher(['alpha']) });
    expect(submitsOf(ALPHA)).toBe(0);
    expect(entry(again, 'alpha')).toMatchObject({
      action: 'resume',
      status: 'generated',
      requestId: request_id,
    });
    expect((await lock()).images.alpha!.request_id).toBe(request_id);
    expect(jobs(ALPHA)).toHaveLength(1);
  });

  it('a stale entry (max_age exceeded) with a pending request is resumed on the next run', async () => {
    await t.ws.write(
      'images.config.yaml',
      MANIFEST.replace(`prompt: ${ALPHA}`, `prompt: ${ALPHA}\n    max_age: 1h`),
    );
    await run();
    const l = await lock();
    l.images.alpha!.generated_at = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await writeLock(l);
    t.emu.options.latency = slowAlpha(300);
    const stale = await run({ pollTimeoutMs: 1 });
    expect(entry(stale, 'alpha')).toMatchObject({ action: 'generate', status: 'pending' });
    const { request_id } = (await lock()).pending[fpOf(await lock(), 'alpha')]!;

    t.emu.resetCounters();
    const again = await run();
    expect(submitsOf(ALPHA)).toBe(0);
    expect(entry(again, 'alpha')).toMatchObject({
      action: 'resume',
      status: 'generated',
      requestId: request_id,
    });
    expect(jobs(ALPHA)).toHaveLength(2); // the first image, and the stale refresh bought once
  });
});

describe('3. a pending request that ends FAILED or ERROR on resume', () => {
  it('FAILED is remembered in `failed`, skipped next run, and only force submits it anew', async () => {
    await t.ws.write('images.config.yaml', withPrompt(`"[[FAIL]] ${ALPHA}"`));
    t.emu.options.latency = slowAlpha(300);
    await run({ pollTimeoutMs: 1 });
    expect(pendingIds(await lock())).toContain('alpha');

    t.emu.resetCounters();
    const resumed = await run();
    expect(submitsOf(ALPHA)).toBe(0);
    expect(entry(resumed, 'alpha').status).toBe('failed');
    const l = await lock();
    expect(pendingIds(l)).not.toContain('alpha');
    expect(l.failed[fpOf(l, 'alpha')]).toMatchObject({ id: 'alpha', status: 'FAILED' });

    t.emu.resetCounters();
    const skipped = await run();
    expect(t.emu.counters.submissions).toBe(0);
    expect(entry(skipped, 'alpha')).toMatchObject({ action: 'skip', status: 'failed' });
    expect(entry(skipped, 'alpha').error).toContain('refused before');

    t.emu.resetCounters();
    const forced = await run({ force: idMatcher(['alpha']) });
    expect(submitsOf(ALPHA)).toBe(1);
    expect(entry(forced, 'alpha').action).toBe('generate');
    expect(jobs(ALPHA)).toHaveLength(2);
  });

  it('ERROR (not charged) is submitted anew on resume', async () => {
    t.emu.options.latency = slowAlpha(300);
    t.emu.options.markers = { ...t.emu.options.markers, error: 'lighthouse' };
    await run({ pollTimeoutMs: 1 });
    const { request_id } = (await lock()).pending[fpOf(await lock(), 'alpha')]!;
    t.emu.options.markers = defaultOptions().markers;

    t.emu.resetCounters();
    const again = await run();
    expect(submitsOf(ALPHA)).toBe(1);
    expect(entry(again, 'alpha').status).toBe('generated');
    expect(entry(again, 'alpha').requestId).not.toBe(request_id);
    expect(failedIds(await lock())).toEqual([]);
  });
});

/** A port nothing listens on: connecting to it is refused. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** A dispatcher whose first connection is refused (sent nowhere), then connects normally. */
async function refusedOnce(): Promise<Agent> {
  const port = String(await deadPort());
  const connect = buildConnector({});
  let refused = false;
  return new Agent({
    connect: (opts, cb) => {
      if (refused) return connect(opts, cb);
      refused = true;
      return connect({ ...opts, port }, cb);
    },
  });
}

describe('4. submit answers that may have been accepted are never repeated', () => {
  const ambiguous: [string, Partial<EmulatorOptions>][] = [
    ['502', { acceptThenFailNextSubmits: [{ status: 502 }] }],
    ['504', { acceptThenFailNextSubmits: [{ status: 504 }] }],
    ['500 with a proxy page', { acceptThenFailNextSubmits: [proxyPage(500)] }],
    ['2xx without request_id', { acceptThenFailNextSubmits: [{ status: 202 }] }],
    ['reset after accept', { dropResponseAfterAcceptNext: 1 }],
  ];

  test.each(ambiguous)('%s: one submission, recorded in `unknown`, skipped next run', async (_n, knobs) => {
    Object.assign(t.emu.options, knobs);
    const r = await run();
    expect(submitsOf(ALPHA)).toBe(1);
    expect(jobs(ALPHA)).toHaveLength(1);
    expect(entry(r, 'alpha').status).toBe('failed');
    expect(r.report.submissions.outcomeUnknown).toBe(1);
    const l = await lock();
    expect(pendingIds(l)).not.toContain('alpha');
    expect(l.unknown?.[fpOf(l, 'alpha')]).toEqual({
      id: 'alpha',
      reason: expect.any(String),
      at: expect.any(String),
    });

    t.emu.resetCounters();
    const again = await run();
    expect(submitsOf(ALPHA)).toBe(0);
    expect(entry(again, 'alpha').status).toBe('failed');
    expect(entry(again, 'alpha').error).toContain('outcome unknown since');
    expect(again.report.totals.failed).toBe(1);
  });

  test.each([
    ['force', { force: idMatcher(['alpha']) }],
    ['retry-unknown-submits', { retryUnknownSubmits: true }],
  ] as [string, Opts][])('%s submits an unknown outcome again and clears the record', async (_n, opts) => {
    t.emu.options.acceptThenFailNextSubmits = [{ status: 502 }];
    await run();
    expect(unknownIds(await lock())).toEqual(['alpha']);
    t.emu.resetCounters();
    const again = await run(opts);
    expect(submitsOf(ALPHA)).toBe(1);
    expect(entry(again, 'alpha').status).toBe('generated');
    expect(unknownIds(await lock())).toEqual([]);
  });

  const surelyNot: [string, Partial<EmulatorOptions>][] = [
    ['429', { failNextSubmits: [{ status: 429, retryAfter: '0' }] }],
    ['500 with the gateway’s JSON', { failNextSubmits: [{ status: 500 }] }],
    ['503 with the gateway’s JSON', { failNextSubmits: [{ status: 503 }] }],
  ];
  test.each(surelyNot)('%s was not accepted: retried, and succeeds', async (_n, knobs) => {
    Object.assign(t.emu.options, knobs);
    const r = await run();
    expect(submitsOf(ALPHA)).toBe(2);
    expect(jobs(ALPHA)).toHaveLength(1);
    expect(entry(r, 'alpha').status).toBe('generated');
    expect(r.report.submissions).toMatchObject({ outcomeUnknown: 0 });
    expect(r.report.submissions.retries).toBeGreaterThanOrEqual(1);
    expect(unknownIds(await lock())).toEqual([]);
  });

  it('a refused connection was not accepted: retried, and succeeds', async () => {
    const r = await run({}, { dispatcher: await refusedOnce() });
    expect(submitsOf(ALPHA)).toBe(1);
    expect(entry(r, 'alpha').status).toBe('generated');
    expect(r.report.submissions).toMatchObject({ outcomeUnknown: 0 });
    expect(r.report.submissions.retries).toBeGreaterThanOrEqual(1);
    expect(unknownIds(await lock())).toEqual([]);
  });
});

describe('5. a 404 on status never loses a paid request', () => {
  it('404s for a fresh request are transient: it completes once the gateway knows it', async () => {
    t.emu.options.notFoundNextStatus = 3;
    const r = await run();
    expect(entry(r, 'alpha').status).toBe('generated');
    const id = jobs(ALPHA)[0]!.requestId;
    expect(
      t.emu.log.filter((q) => q.kind === 'status' && q.requestId === id && q.answer === 404),
    ).toHaveLength(3);
    expect(jobs()).toHaveLength(3);
    expect((await lock()).pending).toEqual({});
  });

  it('only 404 until poll-timeout: stays pending, and the next run collects it', async () => {
    await t.ws.write('images.config.yaml', ALONE);
    t.emu.options.notFoundNextStatus = 1_000_000;
    const r = await run({ pollTimeoutMs: 300 });
    expect(entry(r, 'alpha').status).toBe('pending');
    const id = jobs(ALPHA)[0]!.requestId;
    expect(Object.values((await lock()).pending).map((p) => p.request_id)).toContain(id);

    t.emu.options.notFoundNextStatus = 0;
    t.emu.resetCounters();
    const again = await run();
    expect(submitsOf(ALPHA)).toBe(0);
    expect(entry(again, 'alpha')).toMatchObject({ status: 'generated', requestId: id });
    expect(jobs(ALPHA)).toHaveLength(1);
  });

  test.each([
    ['the gateway knows the id but answers 404', false],
    ['the gateway does not know the id', true],
  ])('a pending request submitted over 24 h ago answered 404 moves to `unknown` (%s)', async (_n, forget) => {
    await t.ws.write('images.config.yaml', ALONE);
    t.emu.options.latency = slowAlpha(300);
    await run({ pollTimeoutMs: 1 });
    const l = await lock();
    const fp = fpOf(l, 'alpha');
    l.pending[fp]!.submitted_at = new Date(Date.now() - 25 * 3_600_000).toISOString();
    if (forget) l.pending[fp]!.request_id = 'gpt-image-2-text-to-image_00000000-0000-7000-8000-000000000000';
    await writeLock(l);
    t.emu.options.notFoundNextStatus = 1_000_000;

    t.emu.resetCounters();
    // The first 404 decides; poll-timeout stays long, so a slow answer cannot turn it into pending.
    const r = await run();
    expect(t.emu.counters.submissions).toBe(0);
    expect(entry(r, 'alpha').status).toBe('failed');
    const after = await lock();
    expect(after.pending).toEqual({});
    expect(after.unknown?.[fp]).toMatchObject({ id: 'alpha' });

    t.emu.options.notFoundNextStatus = 0;
    t.emu.resetCounters();
    await run();
    expect(t.emu.counters.submissions).toBe(0);
  });
});

describe('6. only refusals of the request itself are remembered', () => {
  it('a disabled model fails the entry this run but is not remembered; once back, it is generated', async () => {
    t.emu.options.disabledModels = ['gpt-image-2-text-to-image'];
    const r = await run();
    expect(entry(r, 'alpha').status).toBe('failed');
    expect(entry(r, 'alpha').error).toContain('not found or is disabled');
    expect(jobs()).toHaveLength(0);
    expect(failedIds(await lock())).toEqual([]);

    t.emu.options.disabledModels = [];
    const again = await run();
    expect(again.report.totals).toMatchObject({ generated: 3, failed: 0 });
    expect(jobs()).toHaveLength(3);
  });

  it('a content refusal (400 Validation Error) is remembered and skipped next run', async () => {
    t.emu.options.failNextSubmits = [
      { status: 400, body: { error: 'Validation Error', message: 'prompt violates the content policy' } },
    ];
    const r = await run();
    expect(entry(r, 'alpha').status).toBe('failed');
    const l = await lock();
    expect(l.failed[fpOf(l, 'alpha')]).toMatchObject({ id: 'alpha' });

    t.emu.resetCounters();
    const again = await run();
    expect(submitsOf(ALPHA)).toBe(0);
    expect(entry(again, 'alpha').error).toContain('refused before');
  });
});

describe('7. a completed request whose images never verify', () => {
  it.each([
    ['wrongFormatNextMedia', /is png, expected webp/],
    // Without Content-Length, ended cleanly half way: only the walk to the RIFF end can tell.
    ['cutOffNextMedia', /ends early, after \d+ bytes/],
    ['garbageNextMedia', /runs past the end the RIFF size field gives|the first WebP chunk is/],
    ['corruptNextMedia', /chunk "VP8 " at byte \d+ runs past the end the RIFF size field gives/],
  ] as const)(
    '%s: stays pending for three runs that tried, never written, then is remembered',
    async (knob, message) => {
      await t.ws.write('images.config.yaml', ALONE);
      t.emu.options[knob] = 1_000_000;
      for (const attempts of [1, 2]) {
        t.emu.resetCounters();
        const r = await run();
        expect(['failed', 'pending']).toContain(entry(r, 'alpha').status);
        expect(entry(r, 'alpha').error).toMatch(message);
        const l = await lock();
        expect(l.pending[fpOf(l, 'alpha')]).toMatchObject({ id: 'alpha', download_attempts: attempts });
        expect(l.images).toEqual({});
        // Never written: no image, no temp file left beside it.
        const files = await readdir(t.ws.dir, { recursive: true });
        expect(files.filter((f) => !f.startsWith('.git') && /\.(png|tmp)$/.test(f))).toEqual([]);
        // A wrong format is final at once; a cut-off or damaged body is retried within the policy.
        expect(t.emu.counters.mediaGets).toBe(knob === 'wrongFormatNextMedia' ? 1 : 5);
      }
      const third = await run();
      expect(entry(third, 'alpha').status).toBe('failed');
      const l = await lock();
      expect(l.pending).toEqual({});
      expect(l.failed[fpOf(l, 'alpha')]!.error).toContain('paid, but the image did not verify');
      expect(jobs()).toHaveLength(1);

      t.emu.resetCounters();
      const fourth = await run();
      expect(t.emu.counters.submissions + t.emu.counters.mediaGets).toBe(0);
      expect(entry(fourth, 'alpha').status).toBe('failed');

      t.emu.options[knob] = 0;
      const forced = await run({ force: idMatcher(['alpha']) });
      expect(entry(forced, 'alpha').status).toBe('generated');
      expect(jobs()).toHaveLength(2);
    },
  );
});

describe('10. forcing an upstream regenerates its dependants', () => {
  it('hero forced: hero-night is generated from the new hero; the rest untouched', async () => {
    await t.ws.write(
      'images.config.yaml',
      `version: 1
defaults:
  quality: low
images:
  hero:
    prompt: A lighthouse
  hero-night:
    prompt: The same lighthouse at night
    input_images: ["@hero"]
  other:
    prompt: Unrelated
`,
    );
    await run();
    t.emu.resetCounters();
    const r = await run({ force: idMatcher(['hero']) });
    expect(entry(r, 'hero').status).toBe('generated');
    expect(entry(r, 'hero-night').status).toBe('generated');
    expect(entry(r, 'hero-night').reason).toContain('input hero regenerated');
    expect(entry(r, 'other').status).toBe('unchanged');
    const night = jobs('at night').at(-1)!;
    expect(night.body.input_images).toEqual(entry(r, 'hero').mediaUrls);
    expect(jobs()).toHaveLength(5);
  });
});
