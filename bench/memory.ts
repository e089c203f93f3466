/**
 * Section 5 — memory and hashing: peak RSS of the built action while it generates 50 large images
 * (downloads stream to disk, so it must not grow with the image size), and the rate at which local
 * reference images are hashed for fingerprints, next to this machine's own sha256 speed.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openManifest } from '../src/engine/session.js';
import { fingerprintAll } from '../src/plan/fingerprint.js';
import { tempWorkspace } from '../test/helpers/workspace.js';
import { med, runBundle } from './action.js';
import type { BenchContext } from './context.js';
import { mb, ms, type Row } from './report.js';
import { ROOT } from './workspace.js';

const MB = 1e6;

/** Peak RSS (MB) and wall time of one run of the bundle, with bench/probe.mjs preloaded (also section 7). */
export async function probedRun(workspace: string, inputs: Record<string, string>, timeoutMs = 600_000) {
  const probe = path.join(os.tmpdir(), `pixazo-bench-rss-${process.pid}-${Date.now()}.json`);
  try {
    const r = await runBundle({
      workspace,
      inputs,
      env: { PIXAZO_BENCH_PROBE: probe },
      nodeArgs: ['--import', path.join(ROOT, 'bench/probe.mjs')],
      timeoutMs,
    });
    if (r.code !== 0)
      throw new Error(`run failed (exit ${r.code}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-1000)}`);
    const { maxRssKb } = JSON.parse(await readFile(probe, 'utf8')) as { maxRssKb: number };
    return { rssMb: (maxRssKb * 1024) / MB, wallMs: r.wallMs, outputs: r.outputs };
  } finally {
    await rm(probe, { force: true });
  }
}

export async function benchMemory(ctx: BenchContext): Promise<Row[]> {
  const { emu } = ctx;
  const rows: Row[] = [];
  const n = ctx.quick ? 10 : 50;
  const sizes = ctx.quick ? [2, 5] : [2, 20];
  emu.options.latency = [200, 400];
  const lines = [
    'version: 1',
    'defaults:',
    '  quality: low',
    '  output_format: png',
    '  out: img/{id}.{ext}',
    'images:',
  ];
  for (let i = 0; i < n; i++) lines.push(`  big${i}:`, `    prompt: Large image ${i}`);
  const results: { size: number; rssMb: number; wallMs: number }[] = [];
  for (const size of sizes) {
    ctx.log(`memory: ${n} images of ${size} MB`);
    const ws = await tempWorkspace({ 'images.config.yaml': `${lines.join('\n')}\n` });
    try {
      emu.options.oversizeMedia = size * MB;
      const r = await probedRun(ws.dir, {
        'api-key': 'test-key',
        'gateway-url': emu.url,
        publish: 'none',
        'poll-interval': '20ms..100ms',
      });
      if (r.outputs['generated'] !== String(n))
        throw new Error(`expected ${n} generated, got ${r.outputs['generated']}`);
      const bytes = (await stat(path.join(ws.dir, 'img/big0.png'))).size;
      if (bytes < size * MB) throw new Error(`image is ${bytes} bytes, expected ${size * MB}`);
      results.push({ size, ...r });
      ctx.log(`  peak RSS ${r.rssMb.toFixed(0)} MB, ${ms(r.wallMs)}`);
    } finally {
      emu.options.oversizeMedia = 0;
      await ws.cleanup();
    }
  }
  const big = results.at(-1)!;
  const small = results[0]!;
  rows.push({
    section: 5,
    name: `peak RSS generating ${n} images of ${big.size} MB (built action)`,
    value: `${big.rssMb.toFixed(0)} MB (${small.size} MB images: ${small.rssMb.toFixed(0)} MB)`,
    target: '≤ 200 MB, independent of image size',
    ok: big.rssMb <= 200,
    note: `${mb(n * big.size * MB)} downloaded and written in ${ms(big.wallMs)} at concurrency 4; emulator pads valid PNGs to size (oversizeMedia): the client checks magic bytes, size and length, never decodes`,
  });

  // Hashing local reference images (the fingerprint reads each once).
  const count = ctx.quick ? 40 : 200;
  const each = 5 * MB;
  ctx.log(`hashing: ${count} reference images of 5 MB`);
  const ws = await tempWorkspace();
  try {
    await mkdir(path.join(ws.dir, 'refs'));
    const block = createHash('sha512').update('pixazo').digest();
    const pattern = Buffer.alloc(each);
    for (let i = 0; i < each; i += block.length) block.copy(pattern, i);
    const refLines = ['version: 1', 'images:'];
    for (let i = 0; i < count; i++) {
      pattern.writeUInt32BE(i, 0);
      await writeFile(path.join(ws.dir, `refs/ref-${i}.png`), pattern);
      refLines.push(`  r${i}:`, '    prompt: Restyle this', `    input_images: [refs/ref-${i}.png]`);
    }
    await writeFile(path.join(ws.dir, 'images.config.yaml'), `${refLines.join('\n')}\n`);
    const { manifest } = await openManifest({ workspace: ws.dir, config: 'images.config.yaml' });
    const times: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      const fps = await fingerprintAll(manifest.entries);
      times.push(performance.now() - t0);
      if (fps.size !== count) throw new Error('fingerprints missing');
    }
    const total = count * each;
    const rate = total / MB / (med(times) / 1000);
    // This machine's ceiling: sha256 of the same amount of bytes already in memory, one thread.
    const t0 = performance.now();
    const h = createHash('sha256');
    for (let i = 0; i < count; i++) h.update(pattern);
    h.digest();
    const ceiling = total / MB / ((performance.now() - t0) / 1000);
    rows.push({
      section: 5,
      name: `hashing ${count} local reference images of 5 MB (fingerprints)`,
      value: `${rate.toFixed(0)} MB/s (${ms(med(times))} for ${mb(total)})`,
      target: 'report',
      note: `files in the page cache (just written), as after a checkout; each file is streamed once through sha256 and git's sha1 (the one hashing of the project), 8 files at a time; sha256 alone in memory runs at ${ceiling.toFixed(0)} MB/s here`,
    });
    const dry = await probedRun(ws.dir, { 'dry-run': 'true', 'gateway-url': emu.url });
    rows.push({
      section: 5,
      name: 'peak RSS of a dry-run hashing those images (built action)',
      value: `${dry.rssMb.toFixed(0)} MB (${ms(dry.wallMs)} wall)`,
      target: '≤ 200 MB',
      ok: dry.rssMb <= 200,
    });
  } finally {
    await ws.cleanup();
  }
  return rows;
}
