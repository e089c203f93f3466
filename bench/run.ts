/**
 * `npm run bench`: the figures users feel, measured against the gateway emulator on loopback,
 * printed as a table and recorded in bench/RESULTS.md (between the markers; notes around them are
 * kept). Not a test: nothing here runs in `npm test`.
 *
 *   npm run bench                      every section (a few minutes on 2 cores)
 *   npm run bench -- --quick           smaller sizes, fewer repetitions (a smoke run; RESULTS.md untouched)
 *   npm run bench -- --only=1,3        some sections (RESULTS.md untouched)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../test/emulator/index.js';
import { BUNDLE } from './action.js';
import { benchBundle } from './bundle.js';
import { benchCancel } from './cancel.js';
import type { BenchContext } from './context.js';
import { benchConcurrency, benchPolling } from './generation.js';
import { benchLimits } from './limits.js';
import { benchLockfileRead } from './lockfile-read.js';
import { benchMemory } from './memory.js';
import { benchNoop } from './noop.js';
import { markdownTable, type Row, textTable } from './report.js';
import { ROOT } from './workspace.js';

const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';
/** The whole benchmark is bounded: past this it stops and says so. */
const DEADLINE_MS = 20 * 60_000;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
  .map(Number);
const wanted = (section: number): boolean => !only || only.includes(section);

function machine(): string[] {
  const cpus = os.cpus();
  const git = (...a: string[]): string => {
    try {
      return execFileSync('git', a, { cwd: ROOT }).toString().trim();
    } catch {
      return '?';
    }
  };
  const dirty = git('status', '--porcelain', '--', 'src', 'bench', 'dist') ? ' (uncommitted changes)' : '';
  return [
    `- Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node ${process.version} (V8 ${process.versions.v8}); load average at start ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')}`,
    `- Commit ${git('rev-parse', '--short', 'HEAD')}${dirty}; bundle ${path.relative(ROOT, BUNDLE)}`,
    `- Run ${new Date().toISOString()}`,
  ];
}

/** This machine's speed right now (sha256 of 64 MB on one core, MB/s): shared machines drift. */
function cpuProbe(): number {
  const data = Buffer.alloc(1 << 20, 1);
  const t0 = performance.now();
  const h = createHash('sha256');
  for (let i = 0; i < 64; i++) h.update(data);
  h.digest();
  return (64 * 1.048576) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  await access(BUNDLE).catch(() => {
    throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
  });
  const started = performance.now();
  const deadline = setTimeout(() => {
    console.error(`bench: over ${DEADLINE_MS / 60_000} minutes, stopping`);
    process.exit(2);
  }, DEADLINE_MS);
  deadline.unref();
  const about = machine();
  const probeStart = cpuProbe();
  // Images are rendered at acceptance, as a CDN has its files by completion: downloads cost no rendering.
  const emu = await startEmulator({ latency: 30, prerender: true });
  const ctx: BenchContext = {
    emu,
    quick,
    log: (m) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`),
  };
  const rows: Row[] = [];
  try {
    const sections: [number[], (c: BenchContext) => Promise<Row[]>][] = [
      [[1], benchNoop],
      [[2, 6], benchBundle],
      [[3], benchConcurrency],
      [[4], benchPolling],
      [[5], benchMemory],
      [[7], benchLimits],
      [[8], benchCancel],
      [[8], benchLockfileRead],
    ];
    for (const [ids, fn] of sections) {
      if (!ids.some(wanted)) continue;
      emu.options.latency = 30;
      rows.push(...(await fn(ctx)).filter((r) => wanted(r.section)));
    }
  } finally {
    await emu.close();
  }
  rows.sort((a, b) => a.section - b.section);
  about.push(
    `- CPU probe (sha256 of 64 MB, one core): ${probeStart.toFixed(0)} MB/s at the start, ${cpuProbe().toFixed(0)} MB/s at the end`,
  );
  const took = (performance.now() - started) / 1000;
  console.log(`\n${about.join('\n')}\n- Took ${took.toFixed(0)} s\n`);
  console.log(textTable(rows));
  console.log(
    `\nNotes:\n${rows.flatMap((r) => (r.note ? [`  ${r.section} ${r.name}: ${r.note}`] : [])).join('\n')}`,
  );
  const missed = rows.filter((r) => r.ok === false).length;
  console.log(
    `\n${missed === 0 ? 'Every target holds.' : `${missed} target(s) missed: see bench/RESULTS.md.`}`,
  );

  if (quick || only) return;
  const file = path.join(ROOT, 'bench/RESULTS.md');
  const generated = [
    BEGIN,
    '',
    ...about,
    `- Took ${took.toFixed(0)} s`,
    '',
    markdownTable(rows),
    '',
    END,
  ].join('\n');
  let text = await readFile(file, 'utf8').catch(() => `# Benchmark results\n\n${BEGIN}\n${END}\n`);
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  text =
    a >= 0 && b > a ? text.slice(0, a) + generated + text.slice(b + END.length) : `${text}\n${generated}\n`;
  await writeFile(file, text);
  console.log(`Recorded in ${path.relative(process.cwd(), file)}.`);
}

await main();
