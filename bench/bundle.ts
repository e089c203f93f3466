/**
 * Sections 2 and 6 — the bundle: time to the first log line of dist/index.js, which chunk files a
 * no-op and a dry-run load (heavy ones must stay unparsed), dist/'s size next to official actions'
 * bundles, and the cold parse time of the entry file.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE, med, runBundle, timeNode } from './action.js';
import { type BenchContext, paired } from './context.js';
import { mb, ms, type Row } from './report.js';
import { noopWorkspace, ROOT } from './workspace.js';

/**
 * Official actions' committed bundles, for scale. Sizes read with `git ls-tree -l` from each
 * repository's default branch (the newest snapshot available to us); dates are of that commit.
 */
export const OFFICIAL_BUNDLES = [
  {
    name: 'actions/cache',
    files: 'dist/{restore,save,restore-only,save-only}/index.js',
    bytes: 3_199_749 + 3_199_846 + 3_199_749 + 3_199_846,
    entry: 3_199_749,
    source: 'github.com/actions/cache @ 27d5ce7 (2026-04-13), `git ls-tree -l HEAD dist/`',
  },
  {
    name: 'actions/checkout',
    files: 'dist/index.js',
    bytes: 1_452_503,
    entry: 1_452_503,
    source: 'github.com/actions/checkout @ f548e57 (2026-07-20), `git ls-tree -l HEAD dist/`',
  },
];

/** Chunks over this size are third-party libraries; our own lazily loaded modules are far smaller. */
const HEAVY = 100_000;
const MARKERS: [RegExp, string][] = [
  [/@azure\//, 'Azure SDK'],
  [/@octokit\//, 'octokit'],
  [/DefaultArtifactClient/, '@actions/artifact'],
  [/@actions\/cache/, '@actions/cache'],
  [/undici/, 'undici'],
  [/YAMLParseError/, 'yaml (the located manifest reader)'],
];

interface Chunk {
  file: string;
  bytes: number;
  holds: string[];
}

async function chunks(dist: string): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for (const file of (await readdir(dist)).filter((f) => /^\d+\.index\.js$/.test(f))) {
    const text = await readFile(path.join(dist, file), 'utf8');
    out.push({ file, bytes: text.length, holds: MARKERS.filter(([re]) => re.test(text)).map(([, n]) => n) });
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return total;
}

/** Chunk files of dist/ that a run of the bundle loaded (via bench/probe.mjs). */
async function loadedChunks(inputs: Record<string, string>, workspace: string): Promise<string[]> {
  const probe = path.join(os.tmpdir(), `pixazo-bench-probe-${process.pid}-${Date.now()}.json`);
  try {
    const r = await runBundle({
      workspace,
      inputs,
      env: { PIXAZO_BENCH_PROBE: probe },
      nodeArgs: ['--import', path.join(ROOT, 'bench/probe.mjs')],
    });
    if (r.code !== 0) throw new Error(`probe run failed (exit ${r.code}):\n${r.stdout.slice(-1500)}`);
    const { loaded } = JSON.parse(await readFile(probe, 'utf8')) as { loaded: string[] };
    return loaded.map((u) => path.basename(new URL(u).pathname)).filter((f) => /^\d+\.index\.js$/.test(f));
  } finally {
    await rm(probe, { force: true });
  }
}

export async function benchBundle(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const dist = path.dirname(BUNDLE);
  const all = await chunks(dist);
  const heavy = all.filter((c) => c.bytes >= HEAVY);
  const describe = (files: string[]): string => {
    const hit = heavy.filter((c) => files.includes(c.file));
    const light = files.filter((f) => !heavy.some((c) => c.file === f));
    return hit.length
      ? `heavy: ${hit.map((c) => `${c.file} (${c.holds.join(', ')})`).join('; ')}`
      : `none heavy; ${light.length} small chunk(s) of our own${light.length ? `: ${light.join(', ')}` : ''}`;
  };

  ctx.log('bundle: start-up and loaded chunks');
  const ws = await noopWorkspace(100, { git: true });
  try {
    const inputs = { 'api-key': 'test-key', 'gateway-url': ctx.emu.url };
    const reps = ctx.quick ? 5 : 15;
    const { node, results } = await paired(reps, () => runBundle({ workspace: ws.dir, inputs }));
    const first = med(results.map((r) => r.firstOutputMs ?? Number.NaN));
    rows.push({
      section: 2,
      name: 'start-up: spawn → first log line of dist/index.js',
      value: `${ms(first - node)} over node (${ms(first)}, node ${ms(node)})`,
      target: 'report',
      note: `median of ${reps}; parse and evaluation of the entry chunk (${mb((await stat(BUNDLE)).size)}): zod, yaml and our code`,
    });
    for (const [label, extra] of [
      ['no-op run (100 unchanged entries, api-key set)', {}],
      ['dry-run', { 'dry-run': 'true' }],
    ] as const) {
      const files = await loadedChunks({ ...inputs, ...extra }, ws.dir);
      const bad = heavy.filter((c) => files.includes(c.file));
      rows.push({
        section: 2,
        name: `heavy modules parsed by a ${label}`,
        value: describe(files),
        target: 'none (@actions/cache, @actions/artifact, octokit, Azure SDK, undici, yaml)',
        ok: bad.length === 0,
      });
    }
  } finally {
    await ws.cleanup();
  }

  const total = await dirBytes(dist);
  const entry = (await stat(BUNDLE)).size;
  const action = entry + all.reduce((a, c) => a + c.bytes, 0);
  const official = OFFICIAL_BUNDLES.map((o) => `${o.name} ${mb(o.bytes)} (entry ${mb(o.entry)})`).join('; ');
  rows.push({
    section: 6,
    name: 'bundle size (dist/index.js + its lazily loaded chunks)',
    value: `action ${mb(action)}: entry ${mb(entry)} + ${all.length} chunks, largest ${all
      .slice(0, 3)
      .map((c) => `${mb(c.bytes)} ${c.holds.join('+') || 'ours'}`)
      .join(', ')}`,
    target: `compare: ${official}`,
    note: `whole dist/ ${mb(total)} with the CLI bundle and licenses; official sizes from ${OFFICIAL_BUNDLES.map((o) => o.source).join('; ')}`,
  });
  const reps = ctx.quick ? 5 : 11;
  const { node, results } = await paired(reps, () => timeNode(['--check', BUNDLE]));
  const check = med(results.map((r) => r.wallMs));
  rows.push({
    section: 6,
    name: 'cold parse of the entry file (`node --check dist/index.js`)',
    value: `${ms(check - node)} over node (${ms(check)}, node ${ms(node)})`,
    target: 'report',
    note: `median of ${reps}; V8 pre-parses every function once, compiles lazily`,
  });
  return rows;
}
