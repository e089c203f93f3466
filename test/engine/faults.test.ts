/**
 * The fault matrix: the real engine and gateway client against the emulator with its fault knobs.
 * Whatever goes wrong, every case checks the same invariants: each entry that should exist is
 * written, valid and recorded; each failed one leaves no file and no record; nothing is charged
 * twice; `cost` is exactly what the emulator charged for the images we kept; the key is nowhere.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, test } from 'vitest';
import type { EngineDeps, RunEvent, RunOptions } from '../../src/engine/types.js';
import { PixazoClient, type PixazoClientOptions } from '../../src/gateway/client.js';
import { sniffFormat } from '../../src/images/sniff.js';
import type { RunReport } from '../../src/report/types.js';
import { type Clock, realClock } from '../../src/shared/clock.js';
import { defaultOptions, type Emulator, type EmulatorOptions, startEmulator } from '../emulator/index.js';
import { THREE_FORMATS } from '../helpers/manifests.js';
import { recordingClock, steppedClock } from '../helpers/recorders.js';
import { runOn, type TempWorkspace, tempWorkspace } from '../helpers/workspace.js';

/** A key no output may contain (distinctive, so a match is never a coincidence). */
const KEY = 'pxz_live_K3y7Qw9Zt2Lm5Vb8';
/**
 * A request's deadline in these tests, and how long a stalled answer is held. Both are real timers
 * (the client's request timeout does not run on the injected Clock): the deadline leaves a loaded
 * machine 3 s for a loopback answer, and a late deadline timer 5 s before a stalled answer arrives.
 */
const DEADLINE_MS = 3000;
const STALL_MS = 8000;

/** Three entries over three formats, one with two images: 4 images, $0.048 at low quality. */
const MANIFEST = THREE_FORMATS;

const FORMAT: Record<string, 'webp' | 'png' | 'jpeg'> = { alpha: 'webp', beta: 'png', gamma: 'jpeg' };
const FILES: Record<string, string[]> = {
  alpha: ['img/alpha.webp'],
  beta: ['img/beta.png'],
  gamma: ['img/gamma-1.jpg', 'img/gamma-2.jpg'],
};
const PRICE: Record<string, number> = { alpha: 0.012, beta: 0.012, gamma: 0.024 };

let emu: Emulator;
let ws: TempWorkspace;
/** Jobs of earlier tests (the emulator keeps them): not this test's charges. */
let earlierJobs = new Set<string>();
beforeAll(async () => {
  emu = await startEmulator({ latency: 20, apiKey: KEY, stallMs: STALL_MS });
});
afterAll(() => emu.close());
beforeEach(async () => {
  Object.assign(emu.options, knobDefaults());
  emu.resetCounters();
  earlierJobs = new Set(emu.jobs.keys());
  ws = await tempWorkspace({ 'images.config.yaml': MANIFEST });
});
afterEach(() => ws.cleanup());

/** Knobs every test starts from (a test may change them; they are put back before the next). */
function knobDefaults(): Partial<EmulatorOptions> {
  return {
    ...defaultOptions(),
    apiKey: KEY,
    latency: 20,
    slowFactor: 20, // [[SLOW]]: 400 ms
    stallMs: STALL_MS,
  };
}

/**
 * The real client, tuned for loopback: deadlines far above a loaded machine's answer times (a
 * normal answer never looks stalled), far below the emulator's stalls; millisecond backoff.
 */
function client(extra: Partial<PixazoClientOptions> = {}): PixazoClient {
  return new PixazoClient({
    baseUrl: emu.url,
    apiKey: KEY,
    requestTimeoutMs: DEADLINE_MS,
    downloadTimeoutMs: DEADLINE_MS,
    retry: { baseMs: 20, capMs: 80, minDelayMs: 5 },
    ...extra,
  });
}

type Run = { report: RunReport; events: RunEvent[] };

async function run(
  opts: Partial<Omit<RunOptions, 'manifest' | 'lockfilePath'>> = {},
  clientOpts: Partial<PixazoClientOptions> = {},
  onEvent?: (e: RunEvent) => void,
  deps: Partial<EngineDeps> = {},
): Promise<Run> {
  const events: RunEvent[] = [];
  const res = await runOn(ws, undefined, opts, {
    ...deps,
    gateway: client(clientOpts),
    events: (e) => {
      events.push(e);
      onEvent?.(e);
    },
  });
  return { report: res.report, events };
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const prompts = (): string[] =>
  [...emu.jobs.values()].filter((j) => !earlierJobs.has(j.requestId)).map((j) => j.prompt);
const promptOf = (id: string): string => new RegExp(`  ${id}:\\n    prompt: (.*)`).exec(MANIFEST)![1]!;

/** Every file under the workspace (relative paths). */
async function allFiles(): Promise<string[]> {
  const entries = await readdir(ws.dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(ws.dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

interface Expect {
  /** Entries whose images must exist, be valid and recorded. Default: all three. */
  generated?: string[];
  /** Entries that must have failed, with their error. */
  failed?: Record<string, RegExp>;
  /** Entries left in the lockfile's `pending` (a subset of `failed`). */
  pending?: string[];
  /** Paid jobs the emulator accepted in this run. Default: one per entry that was submitted. */
  accepted?: number;
}

/**
 * The invariants of every fault case. `generated` entries: status generated, files valid and in
 * the format asked for, recorded with their hashes, counted in cost. `failed` entries: no file, no
 * record, the expected error. Cost matches what the emulator charged for the images we kept, no
 * prompt was paid twice, no temp file is left behind, and the key appears in no output.
 */
async function verify(r: Run, want: Expect = {}): Promise<void> {
  const generated = want.generated ?? ['alpha', 'beta', 'gamma'];
  const failed = want.failed ?? {};
  const { report, events } = r;
  const lockText = await readFile(path.join(ws.dir, 'images.lock.json'), 'utf8');
  const lock = JSON.parse(lockText) as import('../../src/plan/lockfile.js').Lockfile;

  for (const id of generated) {
    const e = report.entries.find((x) => x.id === id)!;
    expect(e.status, `${id}: ${e.error}`).toBe('generated');
    const rec = lock.images[id]!;
    expect(rec, `${id} recorded`).toBeDefined();
    expect(rec.files.map((f) => f.path)).toEqual(FILES[id]);
    for (const f of rec.files) {
      const bytes = await ws.read(f.path);
      expect(sniffFormat(bytes), f.path).toBe(FORMAT[id]);
      expect(f.sha256).toBe(sha256(bytes));
      expect(f.bytes).toBe(bytes.length);
    }
    expect(emu.jobs.get(rec.request_id!)?.outcome).toBe('COMPLETED');
    expect(Object.values(lock.pending).map((p) => p.id)).not.toContain(id);
  }
  for (const [id, error] of Object.entries(failed)) {
    const e = report.entries.find((x) => x.id === id)!;
    expect(['failed', 'pending']).toContain(e.status);
    expect(e.error).toMatch(error);
    expect(lock.images[id], `${id} must have no record`).toBeUndefined();
    const files = await allFiles();
    for (const f of FILES[id]!) expect(files, `${id} must leave no file`).not.toContain(f);
  }
  const pendingIds = Object.values(lock.pending)
    .map((p) => p.id)
    .sort();
  expect(pendingIds).toEqual([...(want.pending ?? [])].sort());
  for (const id of want.pending ?? [])
    expect(report.entries.find((x) => x.id === id)!.error).toMatch(/collects it|download failed/);

  expect(report.totals.generated).toBe(generated.length);
  expect(report.totals.failed).toBe(Object.keys(failed).length);
  const expectedCost = generated.reduce((a, id) => a + PRICE[id]!, 0);
  expect(report.cost).toBeCloseTo(expectedCost, 9);
  // What the gateway charged for the images we recorded is exactly what the report calls cost.
  const charged = generated.reduce((a, id) => a + emu.jobs.get(lock.images[id]!.request_id!)!.priceUsd, 0);
  expect(report.cost).toBeCloseTo(charged, 9);
  expect(emu.counters.accepted).toBe(want.accepted ?? generated.length + Object.keys(failed).length);
  expect(report.submissions.accepted).toBeLessThanOrEqual(emu.counters.accepted);

  // No partial or temp file anywhere; the only files are the manifest, the lockfile and images we kept.
  const files = await allFiles();
  expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  const kept = Object.values(lock.images).flatMap((rec) => rec.files.map((f) => f.path));
  expect(files.sort()).toEqual(['images.config.yaml', 'images.lock.json', ...kept].sort());

  await expectNoKey(report, events, lockText);
}

async function expectNoKey(report: RunReport, events: RunEvent[], lockText: string): Promise<void> {
  expect(JSON.stringify(report)).not.toContain(KEY);
  expect(JSON.stringify(events)).not.toContain(KEY);
  expect(lockText).not.toContain(KEY);
  for (const f of await allFiles()) expect((await ws.read(f)).includes(KEY), f).toBe(false);
}

/** Accepted jobs per prompt: never more than one unless a test opts into paying twice. */
function expectNoDoubleCharge(): void {
  const seen = new Map<string, number>();
  for (const p of prompts()) seen.set(p, (seen.get(p) ?? 0) + 1);
  for (const [p, n] of seen) expect(n, `"${p}" accepted ${n} times`).toBe(1);
}

describe('fault matrix: faults the client absorbs (every image made, each paid once)', () => {
  const absorbed: [string, Partial<EmulatorOptions>, Partial<RunReport['submissions']>][] = [
    ['no fault', {}, { attempted: 3, accepted: 3, retries: 0 }],
    ['429 with Retry-After', { failNextSubmits: [{ status: 429, retryAfter: '1' }] }, { retries: 1 }],
    [
      "500 and 503 on submit, in the gateway's own words",
      { failNextSubmits: [{ status: 500 }, { status: 503 }, { status: 500 }] },
      { retries: 3, accepted: 3 },
    ],
    ['garbled status answers', { garbageNextStatus: 4 }, {}],
    [
      'failing, reset and stalled status calls',
      {
        failNextStatus: [{ status: 500 }, { status: 503, retryAfter: '0' }, { status: 429 }, { status: 502 }],
        resetNextStatus: 2,
        stallNextStatus: 1,
      },
      {},
    ],
    // More consecutive failures than the client's attempts: the engine keeps polling within poll-timeout.
    ['status failing past the client retries', { failNextStatus: Array(9).fill({ status: 503 }) }, {}],
    ['truncated media', { truncateNextMedia: 3 }, {}],
    ['media 500 and a stalled download', { failNextMedia: 3, stallNextMedia: 1 }, {}],
  ];

  test.each(absorbed)('%s', async (_name, knobs, submissions) => {
    Object.assign(emu.options, knobs);
    const clock = recordingClock();
    const r = await run({ concurrency: 2 }, { clock });
    await verify(r);
    expectNoDoubleCharge();
    expect(r.report.submissions).toMatchObject({ refused: 0, outcomeUnknown: 0, notSubmitted: 0 });
    expect(r.report.submissions).toMatchObject(submissions);
    // Retry-After is honoured: the client's clock was asked for exactly that wait.
    if (knobs.failNextSubmits?.[0]?.retryAfter === '1') expect(clock.sleeps).toContain(1000);
  });
});

describe('fault matrix: faults that fail an entry', () => {
  it('an answer lost after acceptance is "outcome unknown — not resubmitted"; the rest complete', async () => {
    emu.options.dropResponseAfterAcceptNext = 1;
    const r = await run({ concurrency: 1 });
    // The emulator accepted (and charged) alpha's submit; we never learnt its id.
    await verify(r, {
      generated: ['beta', 'gamma'],
      failed: { alpha: /outcome unknown — not resubmitted/ },
      accepted: 3,
    });
    expectNoDoubleCharge();
    expect(r.report.submissions).toMatchObject({ attempted: 3, accepted: 2, outcomeUnknown: 1, retries: 0 });
    expect(r.report.entries.find((e) => e.id === 'alpha')!.error).toMatch(/may have accepted and charged/);
  });

  test.each([502, 504] as const)(
    'a %i on submit may mean accepted: outcome unknown, remembered, never resubmitted by itself',
    async (status) => {
      emu.options.failNextSubmits = [{ status }];
      const r = await run({ concurrency: 1 });
      await verify(r, {
        generated: ['beta', 'gamma'],
        failed: { alpha: new RegExp(`outcome unknown — not resubmitted.*HTTP ${status}`) },
        accepted: 2,
      });
      expect(r.report.submissions).toMatchObject({
        attempted: 3,
        accepted: 2,
        outcomeUnknown: 1,
        retries: 0,
      });
      const lock = await ws.lock();
      expect(Object.values(lock.unknown).map((u) => u.id)).toEqual(['alpha']);
      emu.resetCounters();
      const again = await run();
      expect(emu.counters.submissions).toBe(0);
      expect(again.report.entries.find((e) => e.id === 'alpha')).toMatchObject({
        action: 'skip',
        status: 'failed',
      });
      expect(again.report.entries.find((e) => e.id === 'alpha')!.error).toMatch(
        /^outcome unknown since .*: check the Pixazo dashboard, then force it or set the `retry-unknown-submits` input/,
      );
    },
  );

  it('a reset after the request was sent is outcome unknown too: the client cannot tell it was not accepted', async () => {
    // The emulator resets before accepting, but from the client's side the request was sent and no
    // answer came: it may have been accepted. Not resubmitted, by this run or the next; with
    // retry-unknown-submits the next run submits it again.
    emu.options.resetNextSubmits = 1;
    const r = await run({ concurrency: 1 });
    await verify(r, {
      generated: ['beta', 'gamma'],
      failed: {
        alpha: /outcome unknown — not resubmitted.*ECONNRESET|outcome unknown — not resubmitted.*closed/,
      },
      accepted: 2,
    });
    expect(r.report.submissions).toMatchObject({ attempted: 3, accepted: 2, outcomeUnknown: 1 });
    emu.resetCounters();
    const again = await run();
    expect(emu.counters.submissions).toBe(0);
    expect(again.report.entries.find((e) => e.id === 'alpha')!.error).toMatch(/^outcome unknown since/);
    const retried = await run({ retryUnknownSubmits: true });
    await verify(retried, { generated: ['alpha'], accepted: 1 });
    expect((await ws.lock()).unknown).toEqual({});
  });

  it('a retried unknown outcome whose new submit is surely not accepted stays unknown: the first may have been charged', async () => {
    emu.options.resetNextSubmits = 1;
    await run({ concurrency: 1 });
    const unknown = (await ws.lock()).unknown;
    expect(Object.values(unknown).map((u) => u.id)).toEqual(['alpha']);
    // Told to retry, alpha is submitted again, and the wallet refuses it (402: surely not accepted).
    emu.options.balance = 0;
    const retried = await run({ retryUnknownSubmits: true });
    expect(retried.report.entries.find((e) => e.id === 'alpha')).toMatchObject({ status: 'failed' });
    expect(retried.report.entries.find((e) => e.id === 'alpha')!.error).toMatch(/balance/);
    const lock = await ws.lock();
    expect(lock.unknown).toEqual(unknown);
    expect(lock.submitting).toEqual({});
  });

  it('with retryUnknownSubmits, a lost answer and then refusals to the end is outcome unknown: the lost one may be charged', async () => {
    // alpha's first submit is accepted and its answer lost; every resubmit then meets a 429 until
    // the client gives up. The accepted job must stay named: unknown, never resubmitted by itself.
    emu.options.dropResponseAfterAcceptNext = 1;
    emu.options.hooks = {
      afterAccept: () => {
        emu.options.failNextSubmits = Array.from({ length: 20 }, () => ({ status: 429 as const }));
        emu.options.hooks = {};
      },
    };
    const r = await run({ concurrency: 1 }, { retryUnknownSubmits: true });
    const alpha = r.report.entries.find((e) => e.id === 'alpha')!;
    expect(alpha.status).toBe('failed');
    expect(alpha.error).toMatch(
      /^outcome unknown — a submit whose answer was lost was resubmitted, then: .*429/,
    );
    expect(prompts().filter((p) => p === promptOf('alpha'))).toHaveLength(1);
    const lock = await ws.lock();
    expect(Object.values(lock.unknown).map((u) => u.id)).toEqual(['alpha']);
    expect(lock.submitting).toEqual({});
  });

  it('with retryUnknownSubmits the lost answer is resubmitted: paid twice, and the report says so', async () => {
    emu.options.dropResponseAfterAcceptNext = 1;
    const r = await run({ concurrency: 1 }, { retryUnknownSubmits: true });
    await verify(r, { accepted: 4 });
    expect(prompts().filter((p) => p === promptOf('alpha'))).toHaveLength(2);
    expect(r.report.submissions).toMatchObject({ attempted: 3, accepted: 3, outcomeUnknown: 1, retries: 1 });
    expect(
      r.events.some((e) => e.type === 'warning' && /alpha/.test(e.id ?? '') && /twice/.test(e.message)),
    ).toBe(true);
  });

  it('a submit that stalls past the deadline is outcome unknown, not repeated', async () => {
    emu.options.stallNextSubmits = 1;
    const r = await run({ concurrency: 1 });
    // The stalled request is handled (accepted, charged) after the client gave up on it.
    await waitFor(() => emu.counters.accepted === 3);
    await verify(r, {
      generated: ['beta', 'gamma'],
      failed: { alpha: /outcome unknown — not resubmitted.*no answer within/ },
      accepted: 3,
    });
    expect(r.report.submissions.outcomeUnknown).toBe(1);
  });

  it('FAILED is remembered and possibly charged; ERROR is not charged and not remembered', async () => {
    await ws.write(
      'images.config.yaml',
      MANIFEST.replace('A harbour at noon', '"[[FAIL]] A harbour"').replace(
        'A fishing boat at dusk',
        '"[[ERROR]] A boat"',
      ),
    );
    const r = await run();
    await verify(r, {
      generated: ['alpha'],
      failed: { beta: /FAILED: Image generation failed/, gamma: /ERROR/ },
    });
    expect(r.report.possiblyCharged).toBeCloseTo(0.012, 9);
    const lock = await ws.lock();
    expect(Object.values(lock.failed).map((f) => f.id)).toEqual(['beta']);
  });

  it('wrong-format media fails the entry but keeps it pending: the next run downloads it without paying', async () => {
    emu.options.wrongFormatNextMedia = 1;
    const first = await run({ concurrency: 1 });
    await verify(first, {
      generated: ['beta', 'gamma'],
      failed: { alpha: /download failed: .*is \w+, expected webp/ },
      pending: ['alpha'],
      accepted: 3,
    });
    emu.resetCounters();
    const second = await run();
    expect(emu.counters.submissions).toBe(0);
    expect(second.report.entries.find((e) => e.id === 'alpha')).toMatchObject({
      action: 'resume',
      status: 'generated',
    });
    // The image is paid for and counted in the run that finishes it.
    expect(second.report.cost).toBeCloseTo(0.012, 9);
    expect(sniffFormat(await ws.read('img/alpha.webp'))).toBe('webp');
    expect((await ws.lock()).pending).toEqual({});
  });

  it('an image over max-image-bytes is refused, kept pending, and fetched once the cap is raised', async () => {
    emu.options.oversizeMedia = 300_000;
    const first = await run({}, { maxImageBytes: 200_000 });
    await verify(first, {
      generated: [],
      failed: { alpha: /max-image-bytes/, beta: /max-image-bytes/, gamma: /max-image-bytes/ },
      pending: ['alpha', 'beta', 'gamma'],
    });
    expect(emu.counters.mediaGets).toBeGreaterThanOrEqual(3);
    emu.resetCounters();
    const second = await run({}, { maxImageBytes: 1_000_000 });
    expect(emu.counters.submissions).toBe(0);
    expect(second.report.totals).toMatchObject({ generated: 3, failed: 0 });
    expect(second.report.cost).toBeCloseTo(0.048, 9);
  });

  it('media failing past every retry keeps the paid request pending', async () => {
    emu.options.failNextMedia = 50;
    const first = await run({ concurrency: 1 });
    expect(first.report.totals.failed).toBe(3);
    expect(Object.keys((await ws.lock()).pending)).toHaveLength(3);
    emu.options.failNextMedia = 0;
    emu.resetCounters();
    const second = await run();
    await verify(second, { accepted: 0 });
    expect(emu.counters.submissions).toBe(0);
  });

  it('402 mid-run stops new submissions; what was accepted is still polled, downloaded and kept', async () => {
    emu.options.balance = 0.012 + 0.001; // one low image
    emu.options.latency = 150; // alpha is still running when the others are refused
    const r = await run({ concurrency: 4 });
    await verify(r, {
      generated: ['alpha'],
      failed: { beta: /insufficient balance.*top up/, gamma: /insufficient balance.*top up/ },
      accepted: 1,
    });
    expect(r.report.submissions).toMatchObject({ accepted: 1, refused: 2 });
    expect(r.events.some((e) => e.type === 'warning' && /No new submissions/.test(e.message))).toBe(true);
  });

  it('402 with concurrency 1: the entries after it are not submitted, with what to do', async () => {
    emu.options.balance = 0.024 + 0.001;
    const r = await run({ concurrency: 1 });
    await verify(r, {
      generated: ['alpha', 'beta'],
      failed: { gamma: /insufficient balance.*top up the Pixazo wallet/ },
      accepted: 2,
    });
  });

  it('a 401 after the first acceptance: in-flight requests finish, later ones are not submitted', async () => {
    await ws.write(
      'images.config.yaml',
      MANIFEST.replace('A lighthouse on a cliff at dawn', '"[[SLOW]] A lighthouse"'),
    );
    // alpha ([[SLOW]], 400 ms) is in flight when the key is refused
    let armed = false;
    const r = await run({ concurrency: 2 }, {}, (e) => {
      if (!armed && e.type === 'entry' && e.state === 'submitted' && emu.counters.accepted === 2) {
        armed = true;
        emu.options.failNextSubmits.push({ status: 401 });
      }
    });
    await verify(r, {
      generated: ['alpha', 'beta'],
      failed: { gamma: /refused the API key.*api-key/ },
      accepted: 2,
    });
  });

  it('a 401 on a status call stops new submissions and keeps the accepted request pending', async () => {
    emu.options.failNextStatus = [{ status: 401 }];
    const r = await run({ concurrency: 1 });
    await verify(r, {
      generated: [],
      failed: { alpha: /refused the API key/, beta: /not submitted: .*api-key/, gamma: /not submitted/ },
      pending: ['alpha'],
      accepted: 1,
    });
    expect(r.report.entries.find((e) => e.id === 'alpha')!.status).toBe('pending');
    emu.resetCounters();
    const again = await run();
    await verify(again, { accepted: 2 });
    expect(again.report.entries.find((e) => e.id === 'alpha')!.action).toBe('resume');
    expectNoDoubleCharge();
  });

  test.each([
    ['401 (wrong key)', { apiKey: 'another-key' }, /refused the API key \(HTTP 401/],
    ['403 (forbidden key)', { forbiddenKeys: [KEY] }, /refused the API key \(HTTP 403/],
  ])('%s on the first submit: nothing else is submitted', async (_n, knobs, message) => {
    Object.assign(emu.options, knobs);
    const r = await run({ concurrency: 1 });
    expect(emu.counters.submissions).toBe(1);
    await verify(r, {
      generated: [],
      failed: { alpha: message, beta: /not submitted: .*api-key/, gamma: /not submitted/ },
      accepted: 0,
    });
    expect(r.report.submissions).toMatchObject({ attempted: 1, refused: 1, notSubmitted: 2 });
  });

  it('a gateway that echoes the key in its error texts: redacted everywhere', async () => {
    emu.options.failNextSubmits = [
      { status: 400, body: { error: 'Bad Request', message: `key ${KEY} is not valid for this body` } },
    ];
    emu.options.failNextStatus = [{ status: 500, body: `<html>upstream saw ${KEY}</html>` }];
    emu.options.failMessage = `rejected (subscription ${encodeURIComponent(KEY)})`;
    await ws.write('images.config.yaml', MANIFEST.replace('A fishing boat at dusk', '"[[FAIL]] boat"'));
    const r = await run({ concurrency: 1 });
    await verify(r, {
      generated: ['beta'],
      failed: { alpha: /not valid for this body/, gamma: /FAILED: rejected/ },
      accepted: 2,
    });
    expect(r.report.entries.find((e) => e.id === 'alpha')!.error).toContain('***');
  });
});

describe('everything at once', () => {
  it('whatever the mix of faults, nothing paid is lost and nothing is paid twice', async () => {
    const ids = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'];
    const formats = ['webp', 'png', 'jpeg'] as const;
    const ext = { webp: 'webp', png: 'png', jpeg: 'jpg' } as const;
    let manifest = 'version: 1\ndefaults:\n  quality: low\nimages:\n';
    ids.forEach((id, i) => {
      manifest += `  ${id}:\n    prompt: Chaos picture number ${i}\n    output_format: ${formats[i % 3]}\n`;
    });
    manifest +=
      '  doomed:\n    prompt: "[[FAIL]] refused"\n  broken:\n    prompt: "[[ERROR]] gateway fault"\n';
    await ws.write('images.config.yaml', manifest);
    Object.assign(emu.options, {
      failNextSubmits: [{ status: 429, retryAfter: '0' }, { status: 500 }, { status: 503 }],
      resetNextSubmits: 1,
      dropResponseAfterAcceptNext: 1,
      garbageNextStatus: 2,
      failNextStatus: [{ status: 500 }, { status: 502 }],
      resetNextStatus: 1,
      truncateNextMedia: 2,
      failNextMedia: 2,
      wrongFormatNextMedia: 1,
    });
    const { report, events } = await run({ concurrency: 4 });
    const lockText = await readFile(path.join(ws.dir, 'images.lock.json'), 'utf8');
    const lock = JSON.parse(lockText) as import('../../src/plan/lockfile.js').Lockfile;
    const pendingIds = new Set(Object.values(lock.pending).map((p) => p.id));
    const files = await allFiles();
    for (const e of report.entries) {
      const i = ids.indexOf(e.id);
      const file = `${e.id}.${i >= 0 ? ext[formats[i % 3]!] : 'webp'}`;
      if (e.status === 'generated') {
        const bytes = await ws.read(file);
        expect(sniffFormat(bytes)).toBe(formats[i % 3]);
        expect(lock.images[e.id]!.files[0]!.sha256).toBe(sha256(bytes));
        expect(pendingIds.has(e.id)).toBe(false);
      } else {
        expect(e.status === 'failed' || e.status === 'pending', e.id).toBe(true);
        expect(files, `${e.id}: ${e.error}`).not.toContain(file);
        expect(lock.images[e.id]).toBeUndefined();
        // Pending exactly when the request is paid for and can still be fetched.
        expect(pendingIds.has(e.id), `${e.id}: ${e.error}`).toBe(
          /kept pending|collects it/.test(e.error ?? ''),
        );
      }
    }
    expect(report.entries.find((e) => e.id === 'doomed')!.error).toMatch(/FAILED/);
    expect(report.entries.find((e) => e.id === 'broken')!.error).toMatch(/ERROR/);
    expect(Object.values(lock.failed).map((f) => f.id)).toEqual(['doomed']);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The gateway accepted what the report says, give or take the submits whose answer was lost.
    const s = report.submissions;
    expect(emu.counters.accepted).toBeGreaterThanOrEqual(s.accepted);
    expect(emu.counters.accepted).toBeLessThanOrEqual(s.accepted + s.outcomeUnknown);
    expect(s.outcomeUnknown).toBe(2); // the reset and the dropped answer
    expectNoDoubleCharge();
    const generated = report.entries.filter((e) => e.status === 'generated');
    expect(report.cost).toBeCloseTo(generated.length * 0.012, 9);
    const charged = generated.reduce((a, e) => a + emu.jobs.get(lock.images[e.id]!.request_id!)!.priceUsd, 0);
    expect(report.cost).toBeCloseTo(charged, 9);
    await expectNoKey(report, events, lockText);

    // A calm second run: pending ones are fetched for free; only what was never accepted (or ended
    // ERROR) is submitted; the refused one and the two with an unknown outcome stay skipped.
    const paidBefore = new Set(prompts());
    const unknownIds = report.entries.filter((e) => /outcome unknown/.test(e.error ?? '')).map((e) => e.id);
    expect(unknownIds).toHaveLength(2);
    emu.resetCounters();
    const again = await run();
    expect(again.report.totals.generated + report.totals.generated).toBe(8 - 2);
    expect(again.report.entries.find((e) => e.id === 'doomed')!.action).toBe('skip');
    for (const id of unknownIds)
      expect(again.report.entries.find((e) => e.id === id)!.error).toMatch(/^outcome unknown since/);
    for (const q of emu.log.filter((l) => l.kind === 'submit')) {
      const prompt = (q.body as { prompt: string }).prompt;
      const before = report.entries.find((e) => e.prompt === prompt)!;
      // Resubmitted only when nothing of it was paid for, or it ended ERROR (not charged).
      expect(pendingIds.has(before.id), before.id).toBe(false);
      if (paidBefore.has(prompt)) expect(before.error ?? '', before.id).toMatch(/ERROR/);
    }
    expect((await ws.lock()).pending).toEqual({});
    // Told to (the dashboard showed nothing), the two unknown ones are submitted once more.
    emu.resetCounters();
    const retried = await run({ retryUnknownSubmits: true });
    expect(retried.report.totals.generated).toBe(2);
    expect((await ws.lock()).unknown).toEqual({});
  });
});

describe('poll-timeout and resume', () => {
  const SLOW = MANIFEST.replace('A lighthouse on a cliff at dawn', '"[[SLOW]] A lighthouse"');

  /**
   * A first run that leaves alpha, and only alpha, pending at poll-timeout however loaded the
   * machine: alpha's job runs for an hour, the others are complete when accepted (their first poll
   * finds them done), and the engine's clock moves only when it sleeps (steppedClock): alpha's ten
   * minutes of poll-timeout pass in a few dozen polls, and no status call of the others is cut
   * short by the deadline. Knobs are put back after.
   */
  async function leaveAlphaPending(markers: Partial<EmulatorOptions['markers']> = {}): Promise<Run> {
    await ws.write('images.config.yaml', SLOW);
    emu.options.latency = (_m, body) => (String(body.prompt).includes('lighthouse') ? 3_600_000 : 0);
    emu.options.markers = { ...emu.options.markers, ...markers };
    const r = await run({ pollTimeoutMs: 600_000, pollInterval: { min: 5, max: 120_000 } }, {}, undefined, {
      clock: steppedClock(),
    });
    Object.assign(emu.options, knobDefaults());
    expect(r.report.entries.find((e) => e.id === 'alpha')!.status).toBe('pending');
    return r;
  }

  it('a request still running at poll-timeout goes to pending; the next run resumes it with no new submission', async () => {
    const first = await leaveAlphaPending();
    await verify(first, {
      generated: ['beta', 'gamma'],
      failed: { alpha: /still running after .* collects it with no new charge/ },
      pending: ['alpha'],
      accepted: 3,
    });
    const pending = Object.values((await ws.lock()).pending)[0]!;

    emu.finishNow(pending.request_id);
    emu.resetCounters();
    const second = await run();
    expect(emu.counters.submissions).toBe(0);
    await verify(second, { generated: ['alpha'], accepted: 0 });
    expect(second.report.entries.find((e) => e.id === 'alpha')).toMatchObject({
      action: 'resume',
      requestId: pending.request_id,
    });
    expect((await ws.lock()).images.alpha!.request_id).toBe(pending.request_id);
    expect(second.report.totals.unchanged).toBe(2);
  });

  it('every pending request is polled before anything new is submitted', async () => {
    await leaveAlphaPending();
    const { request_id } = Object.values((await ws.lock()).pending)[0]!;
    emu.finishNow(request_id);
    // Two new entries ahead of alpha in the manifest, and a single slot.
    await ws.write(
      'images.config.yaml',
      SLOW.replace('images:\n', 'images:\n  new1:\n    prompt: new one\n  new2:\n    prompt: new two\n'),
    );
    emu.resetCounters();
    const r = await run({ concurrency: 1 });
    expect(r.report.totals).toMatchObject({ generated: 3, failed: 0 });
    const firstSubmit = emu.log.findIndex((q) => q.kind === 'submit');
    const firstPoll = emu.log.findIndex((q) => q.kind === 'status' && q.requestId === request_id);
    expect(firstPoll).toBeGreaterThanOrEqual(0);
    expect(firstPoll).toBeLessThan(firstSubmit);
    expect(emu.counters.accepted).toBe(2);
  });

  test.each([
    ['FAILED', 'fail'],
    ['ERROR', 'error'],
  ] as const)(
    'a pending request that ended %s: remembered if FAILED, submitted anew if ERROR',
    async (status, marker) => {
      // Run 1: alpha is slow and fated to end `status`; it is left pending at poll-timeout, then ends.
      await leaveAlphaPending({ [marker]: 'lighthouse' });
      const { request_id } = Object.values((await ws.lock()).pending)[0]!;
      emu.finishNow(request_id);

      emu.resetCounters();
      const second = await run();
      if (status === 'FAILED') {
        // Possibly charged, and not bought again: remembered until the entry changes or is forced.
        expect(emu.counters.submissions).toBe(0);
        expect(second.report.possiblyCharged).toBeCloseTo(0.012, 9);
        const lock = await ws.lock();
        expect(Object.values(lock.failed)).toMatchObject([{ id: 'alpha', status: 'FAILED' }]);
        expect(lock.pending).toEqual({});
        const third = await run();
        expect(emu.counters.submissions).toBe(0);
        expect(third.report.entries.find((e) => e.id === 'alpha')).toMatchObject({
          action: 'skip',
          status: 'failed',
        });
        const forced = await run({ force: (id) => id === 'alpha' });
        await verify(forced, { generated: ['alpha'], accepted: 1 });
        return;
      }
      expect(emu.counters.accepted).toBe(1);
      await verify(second, { generated: ['alpha'], accepted: 1 });
      expect(second.report.entries.find((e) => e.id === 'alpha')!.requestId).not.toBe(request_id);
      expect(
        second.events.some(
          (e) => e.type === 'entry' && e.id === 'alpha' && e.state === 'retry' && e.detail?.includes(status),
        ),
      ).toBe(true);
      expect(second.report.possiblyCharged).toBe(0);
    },
  );

  it('a pending request the gateway answers 404 for stays pending: never submitted anew because of it', async () => {
    await leaveAlphaPending();
    const lock = await ws.lock();
    const fp = Object.keys(lock.pending)[0]!;
    lock.pending[fp]!.request_id = 'gpt-image-2-text-to-image_00000000-gone';
    await writeFile(path.join(ws.dir, 'images.lock.json'), JSON.stringify(lock));
    emu.resetCounters();
    const r = await run({ pollTimeoutMs: 150 });
    expect(emu.counters.submissions).toBe(0);
    expect(r.report.entries.find((e) => e.id === 'alpha')).toMatchObject({ status: 'pending' });
    expect(r.report.entries.find((e) => e.id === 'alpha')!.error).toMatch(/does not know it yet \(404\)/);
    expect(Object.values((await ws.lock()).pending).map((p) => p.request_id)).toEqual([
      'gpt-image-2-text-to-image_00000000-gone',
    ]);
  });

  it('a pending request answered 404 more than a day after its submit moves to unknown', async () => {
    await leaveAlphaPending();
    const lock = await ws.lock();
    const fp = Object.keys(lock.pending)[0]!;
    lock.pending[fp]!.request_id = 'gpt-image-2-text-to-image_00000000-gone';
    lock.pending[fp]!.submitted_at = new Date(Date.now() - 25 * 3_600_000).toISOString();
    await writeFile(path.join(ws.dir, 'images.lock.json'), JSON.stringify(lock));
    emu.resetCounters();
    const r = await run();
    expect(emu.counters.submissions).toBe(0);
    expect(r.report.entries.find((e) => e.id === 'alpha')!.error).toMatch(
      /unknown to the gateway more than a day/,
    );
    const after = await ws.lock();
    expect(after.pending).toEqual({});
    expect(Object.values(after.unknown).map((u) => u.id)).toEqual(['alpha']);
  });

  it('a pending request whose entry left the manifest is kept and reported, asked about once, never downloaded', async () => {
    await leaveAlphaPending();
    const { request_id } = Object.values((await ws.lock()).pending)[0]!;
    await ws.write('images.config.yaml', MANIFEST.replace(/ {2}alpha:\n.*\n/, ''));
    emu.resetCounters();
    const r = await run();
    // One free status check (a 404 a day after its submit would drop it); no submit, no download.
    expect(emu.counters).toMatchObject({ statusCalls: 1, submissions: 0, mediaGets: 0 });
    expect(Object.values((await ws.lock()).pending).map((p) => p.request_id)).toEqual([request_id]);
    const warning = r.events.find((e) => e.type === 'warning' && e.message.includes(request_id));
    expect(warning).toMatchObject({ id: 'alpha' });
    expect((warning as { message: string }).message).toMatch(
      /^paid request of removed entry alpha: add it back to collect the image at no charge; dropped after \d{4}-\d\d-\d\d/,
    );
  });
});

describe('cancellation (the engine side; the action side is test/e2e/cancel.test.ts)', () => {
  it('stops submitting, records what runs and what finished, and does not wait out a sleep', async () => {
    await ws.write(
      'images.config.yaml',
      `${MANIFEST.replace('A lighthouse on a cliff at dawn', '"[[SLOW]] A lighthouse"')}  delta:\n    prompt: Never sent\n`,
    );
    const ac = new AbortController();
    // alpha takes minutes and its polls back off (50, 75, 112 ms…): its first wait of 100 ms or
    // more never ends on its own, only through the signal. A cancel that waited for the sleep to
    // end would never finish (the test's timeout), however loaded the machine; no time is measured.
    emu.options.slowFactor = 10_000;
    let sleepingLong: () => void = () => {};
    let alphaSleeping = false;
    const alphaAsleep = new Promise<void>((resolve) => {
      sleepingLong = resolve;
    });
    const clock: Clock = {
      ...realClock,
      sleep(ms, signal) {
        if (ms < 100) return realClock.sleep(ms, signal);
        alphaSleeping = true;
        sleepingLong();
        return new Promise((_, reject) => {
          if (signal?.aborted) reject(signal.reason);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      },
    };
    // beta's and gamma's images are served once alpha sleeps; the cancel comes with the first one
    // written, while delta still waits for a slot (concurrency 3).
    let asleepAtCancel = false;
    emu.options.hooks = { beforeMedia: () => alphaAsleep };
    const r = await run(
      { concurrency: 3, signal: ac.signal, pollInterval: { min: 50, max: 60_000 } },
      { downloadTimeoutMs: 30_000 },
      (e) => {
        if (e.type === 'entry' && e.state === 'written' && !ac.signal.aborted) {
          asleepAtCancel = alphaSleeping;
          ac.abort(new Error('received SIGINT'));
        }
      },
      { clock },
    );
    emu.options.hooks = {};
    expect(asleepAtCancel).toBe(true);
    expect(r.report.cancelled).toBe(true);
    const lock = await ws.lock();
    const done = Object.keys(lock.images);
    expect(done.length).toBeGreaterThanOrEqual(1);
    const pending = Object.values(lock.pending).map((p) => p.id);
    expect(pending).toContain('alpha');
    expect(r.report.entries.find((e) => e.id === 'delta')!.error).toMatch(/not submitted: .*cancelled/);
    expect(r.report.entries.find((e) => e.id === 'alpha')).toMatchObject({ status: 'pending' });
    // Every accepted request is either recorded as an image or pending: nothing paid is forgotten.
    expect(done.length + pending.length).toBe(emu.counters.accepted);

    for (const p of Object.values(lock.pending)) emu.finishNow(p.request_id);
    emu.resetCounters();
    const again = await run();
    expect(emu.counters.accepted).toBe(4 - done.length - pending.length);
    expect(again.report.totals).toMatchObject({ failed: 0 });
    expectNoDoubleCharge();
  });
});

describe('cancellation at the awkward moments', () => {
  it('mid-download: the paid image stays pending and the next run fetches it with no new charge', async () => {
    const ac = new AbortController();
    // The cancel comes while alpha's first image is being fetched (its answer waits for it).
    emu.options.hooks = {
      beforeMedia: () => {
        ac.abort(new Error('received SIGINT'));
      },
    };
    const r = await run({ concurrency: 1, signal: ac.signal }, { downloadTimeoutMs: 5000 });
    emu.options.hooks = {};
    const alpha = r.report.entries.find((e) => e.id === 'alpha')!;
    expect(alpha).toMatchObject({ status: 'pending' });
    expect(alpha.error).toMatch(/cancelled while downloading/);
    expect(r.report.totals.failed).toBe(3);
    expect(r.report.cost).toBe(0);
    expect(Object.values((await ws.lock()).pending).map((p) => p.id)).toEqual(['alpha']);
    expect((await allFiles()).sort()).toEqual(['images.config.yaml', 'images.lock.json']);

    emu.resetCounters();
    const again = await run();
    await verify(again, { accepted: 2 });
    expect(again.report.entries.find((e) => e.id === 'alpha')!.action).toBe('resume');
    expectNoDoubleCharge();
  });
});

/** Waits for what the emulator will do; bounded by the test's own timeout, not by a deadline of its own. */
async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}
