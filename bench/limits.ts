/**
 * Section 7 — `concurrency: auto` against the gateway's hidden limits (issue #23): the emulator
 * caps jobs in flight, or meters submits through a token bucket, and answers 429 with Retry-After.
 * Each case runs side by side with fixed limits and is compared with the ideal for the hidden
 * limit. Latencies are 30–120 s scaled 1/20 (1.5–6 s): a coarser scale than sections 3–4, because
 * Retry-After is whole seconds (at 1/100 a 1 s Retry-After would stand for 100 s). The quiet minute
 * before a probe is not scaled, so no probe happens within these runs (they are shorter).
 */
import os from 'node:os';
import { runEngine } from '../src/engine/run.js';
import { openManifest } from '../src/engine/session.js';
import { PixazoClient } from '../src/gateway/client.js';
import type { RunReport } from '../src/report/types.js';
import { realClock } from '../src/shared/clock.js';
import type { Concurrency } from '../src/shared/settings.js';
import { DEFAULT_API_KEY, type Emulator } from '../test/emulator/index.js';
import { tempWorkspace } from '../test/helpers/workspace.js';
import type { BenchContext } from './context.js';
import { probedRun } from './memory.js';
import type { Row } from './report.js';

/** 1 real second → this many emulated milliseconds. */
const SCALE = 1000 / 20;
const POLL = { min: 2 * SCALE, max: 10 * SCALE };

/** Entry i's latency (ms): spread evenly over 30–120 s, scaled, in a fixed shuffled order. */
function latencyOf(i: number, n: number): number {
  const k = (i * 37) % n;
  return Math.round((30 + (90 * k) / Math.max(1, n - 1)) * SCALE);
}

function manifest(n: number): string {
  const lines = [
    'version: 1',
    'defaults:',
    '  model: gpt-image-2',
    '  output_format: webp',
    '  out: img/{id}.{ext}',
    'images:',
  ];
  for (let i = 0; i < n; i++)
    lines.push(`  e${i}:`, `    prompt: Limits benchmark image ${i}`, '    quality: low');
  return `${lines.join('\n')}\n`;
}

/** The best wall time with at most `cap` in flight: manifest order, each job as soon as a place frees. */
function idealWall(latencies: number[], cap: number): number {
  const free = Array<number>(cap).fill(0);
  for (const l of latencies) {
    free.sort((a, b) => a - b);
    free[0]! += l;
  }
  return Math.max(...free);
}

interface Outcome {
  wall: number;
  report: RunReport;
  submits: number;
  refused: number;
  doubleCharged: number;
}

async function run(emu: Emulator, n: number, concurrency: Concurrency): Promise<Outcome> {
  const ws = await tempWorkspace({ 'images.config.yaml': manifest(n) });
  try {
    emu.resetCounters();
    const before = emu.jobs.size;
    const { manifest: m, lockfilePath } = await openManifest({
      workspace: ws.dir,
      config: 'images.config.yaml',
    });
    const t0 = performance.now();
    const report = await runEngine(
      {
        manifest: m,
        lockfilePath,
        dryRun: false,
        prune: false,
        concurrency,
        pollInterval: POLL,
        pollTimeoutMs: 15 * 60 * SCALE * 4,
      },
      { clock: realClock, gateway: new PixazoClient({ baseUrl: emu.url, apiKey: DEFAULT_API_KEY }) },
    );
    const wall = performance.now() - t0;
    // A double charge: one prompt accepted (paid) more than once in this run.
    const prompts = new Map<string, number>();
    for (const job of [...emu.jobs.values()].slice(before))
      prompts.set(job.prompt, (prompts.get(job.prompt) ?? 0) + 1);
    const doubleCharged = [...prompts.values()].filter((c) => c > 1).length;
    return {
      wall,
      report,
      submits: emu.counters.submissions,
      refused: emu.counters.limitedByCap + emu.counters.limitedByRate,
      doubleCharged,
    };
  } finally {
    await ws.cleanup();
  }
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const pct = (a: number, b: number): string => `${b === 0 ? 0 : ((100 * a) / b).toFixed(1)} %`;
const clean = (o: Outcome): boolean => o.report.totals.failed === 0 && o.doubleCharged === 0;
/** The load average (1 min) now: the machine is shared. */
const loadNow = (): string => `load average ${os.loadavg()[0]!.toFixed(1)}`;
const where = (o: Outcome): string =>
  `${o.report.concurrency?.summary ?? '?'}; ${o.report.totals.failed} failed, ${o.doubleCharged} double charges`;

export async function benchLimits(ctx: BenchContext): Promise<Row[]> {
  const { emu } = ctx;
  const n = ctx.quick ? 24 : 60;
  const latencies = Array.from({ length: n }, (_, i) => latencyOf(i, n));
  const byPrompt = new Map(latencies.map((l, i) => [`Limits benchmark image ${i}`, l]));
  emu.options.latency = (_model, body) => byPrompt.get(String(body['prompt'])) ?? 30 * SCALE;
  const rows: Row[] = [];
  try {
    // Hidden cap 16.
    emu.options.inFlightCap = 16;
    ctx.log('limits: hidden cap 16, auto');
    const auto16 = await run(emu, n, 'auto');
    const l1 = loadNow();
    ctx.log('limits: hidden cap 16, fixed 4');
    const fixed4 = await run(emu, n, 4);
    const ideal16 = idealWall(latencies, 16);
    rows.push({
      section: 7,
      name: `hidden cap 16, ${n} images: auto wall / ideal (⌈cap 16⌉ list schedule)`,
      value: `${(auto16.wall / ideal16).toFixed(2)} (${s(auto16.wall)} / ${s(ideal16)}); ${auto16.refused} refusals of ${auto16.submits} submits`,
      target: '≤ 1.25, 0 failed, 0 double charges',
      ok: auto16.wall / ideal16 <= 1.25 && clean(auto16),
      note: `${where(auto16)}; ${l1}`,
    });
    rows.push({
      section: 7,
      name: 'hidden cap 16: auto against fixed 4',
      value: `${(fixed4.wall / auto16.wall).toFixed(2)}× faster (fixed 4: ${s(fixed4.wall)})`,
      target: '≥ 3×',
      ok: fixed4.wall / auto16.wall >= 3 && clean(fixed4),
      note: `fixed 4 ideal ${s(idealWall(latencies, 4))}; ${where(fixed4)}`,
    });
    // Hidden cap 3.
    emu.options.inFlightCap = 3;
    ctx.log('limits: hidden cap 3, auto');
    const auto3 = await run(emu, n, 'auto');
    ctx.log('limits: hidden cap 3, fixed 3');
    const fixed3 = await run(emu, n, 3);
    const l2 = loadNow();
    rows.push({
      section: 7,
      name: `hidden cap 3, ${n} images: auto wall / fixed 3 wall`,
      value: `${(auto3.wall / fixed3.wall).toFixed(2)} (${s(auto3.wall)} / ${s(fixed3.wall)}; ideal ${s(idealWall(latencies, 3))})`,
      target: '≤ 1.2',
      ok: auto3.wall / fixed3.wall <= 1.2 && clean(auto3) && clean(fixed3),
      note: `${where(auto3)}; ${l2}`,
    });
    rows.push({
      section: 7,
      name: 'hidden cap 3: 429s / submits (auto)',
      value: `${pct(auto3.refused, auto3.submits)} (${auto3.refused} of ${auto3.submits})`,
      target: '≤ 10 %',
      ok: auto3.refused / auto3.submits <= 0.1,
    });
    // Token bucket: 10 submits a minute (scaled), a burst of 4.
    emu.options.inFlightCap = Number.POSITIVE_INFINITY;
    emu.options.submitRate = { perMinute: 10 * (1000 / SCALE), burst: 4 };
    ctx.log('limits: token bucket 10/min, auto');
    const bucket = await run(emu, n, 'auto');
    const l3 = loadNow();
    const ideal = ((n - 4) / 10) * 60 * SCALE + latencies.at(-1)!;
    rows.push({
      section: 7,
      name: `token bucket 10/min (burst 4), ${n} images, auto: 429s / submits`,
      value: `${pct(bucket.refused, bucket.submits)} (${bucket.refused} of ${bucket.submits}); wall ${s(bucket.wall)} (rate-bound ≈ ${s(ideal)})`,
      target: '≤ 15 %, no entry fails, 0 double charges',
      ok: bucket.refused / bucket.submits <= 0.15 && clean(bucket),
      note: `${where(bucket)}; ${l3}`,
    });
  } finally {
    emu.options.inFlightCap = Number.POSITIVE_INFINITY;
    emu.options.submitRate = null;
  }
  for (const r of rows) ctx.log(`  ${r.name}: ${r.value} (${r.note ?? ''})`);
  // Peak RSS of the built action with 60 in flight.
  ctx.log('limits: peak RSS at concurrency 60 (built action)');
  emu.options.latency = [200, 400];
  emu.options.oversizeMedia = 20e6;
  const ws = await tempWorkspace({
    'images.config.yaml': manifest(60).replace('output_format: webp', 'output_format: png'),
  });
  try {
    const r = await probedRun(ws.dir, {
      'api-key': 'test-key',
      'gateway-url': emu.url,
      publish: 'none',
      'poll-interval': '20ms..100ms',
      concurrency: '60',
    });
    rows.push({
      section: 7,
      name: 'peak RSS, 60 images of 20 MB at concurrency 60 (built action)',
      value: `${r.rssMb.toFixed(0)} MB`,
      target: '≤ 200 MB',
      ok: r.rssMb <= 200 && r.outputs['failed'] === '0',
      note: `${r.outputs['generated']} generated, ${r.outputs['failed']} failed, in ${s(r.wallMs)}; ${loadNow()}`,
    });
  } finally {
    emu.options.oversizeMedia = 0;
    await ws.cleanup();
  }
  return rows;
}
