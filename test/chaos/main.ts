/**
 * The chaos runner: `npm run chaos -- --trials 500 [--seed N] [--bundle K]`. Trial i uses seed
 * N + i (N random unless given), so `--seed S --trials 1` replays trial S; every K-th trial runs
 * through the built action (`node dist/index.js`) instead of the engine in-process (K = 10 unless
 * given, 0 = never). Prints the statistics and the seed of every trial that broke an invariant;
 * exits 1 when any did.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from '../emulator/index.js';
import { ensureFreshDist } from '../helpers/fresh-dist.js';
import { addTrial, chaosEnv, emptyStatistics, runTrial, type Statistics } from './runner.js';

function parse(): { trials: number; seed: number; bundle: number; verbose: boolean } {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '100' },
      seed: { type: 'string' },
      bundle: { type: 'string', default: '10' },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const trials = Number(values.trials);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!Number.isInteger(trials) || trials < 1) throw new Error(`--trials: expected a positive integer`);
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer`);
  const bundle = Number(values.bundle);
  if (!Number.isInteger(bundle) || bundle < 0) throw new Error(`--bundle: expected an integer ≥ 0`);
  return { trials, seed, bundle, verbose: values.verbose };
}

function print(stats: Statistics, seed: number, ms: number, diskMode: string): void {
  console.log(
    `\nchaos: ${stats.trials} trials from seed ${seed} in ${(ms / 1000).toFixed(1)} s (${stats.bundleTrials} through the built action)`,
  );
  console.log(`  runs ${stats.runs}, submissions ${stats.submissions}, accepted ${stats.accepted}`);
  console.log(
    `  charged $${stats.chargedUsd.toFixed(3)}, faults injected ${stats.faults}, cancels ${stats.cancels}`,
  );
  console.log(
    `  hard kills ${stats.kills}, write failures ${stats.writeFailures}, two runs at once ${stats.twoRuns}, key-reflecting gateways ${stats.reflecting}, poisoned cache entries ${stats.poisoned}`,
  );
  console.log(`  write failures: ${diskMode}`);
  console.log('  violations by invariant:');
  for (const [name, n] of Object.entries(stats.violations)) console.log(`    ${name.padEnd(28)} ${n}`);
  const trials = stats.failing.length;
  console.log(
    `  trials with a violation: ${trials}${trials ? ` (replay one: npm run chaos -- --trials 1 --seed S)` : ''}`,
  );
  for (const f of stats.failing)
    console.log(`    seed ${f.seed}: ${f.violations.map((v) => `${v.invariant}: ${v.detail}`).join(' | ')}`);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  // Trials through the built action run dist/: never yesterday's build.
  if (args.bundle > 0) ensureFreshDist();
  const emu = await startEmulator();
  const env = await chaosEnv(emu);
  const stats = emptyStatistics();
  const started = Date.now();
  try {
    for (let i = 0; i < args.trials; i++) {
      const bundle = args.bundle > 0 && i % args.bundle === args.bundle - 1;
      const r = await runTrial(env, args.seed + i, { bundle });
      addTrial(stats, r);
      if (bundle) stats.bundleTrials++;
      if (args.verbose || r.violations.length > 0)
        console.log(
          `trial ${i + 1}/${args.trials} seed ${r.seed}${bundle ? ' (bundle)' : ''}: ${r.violations.length} violation(s)`,
        );
    }
  } finally {
    await env.disk.close();
    await emu.close();
  }
  print(stats, args.seed, Date.now() - started, env.disk.mode);
  if (stats.failing.length > 0) process.exitCode = 1;
}

await main();
