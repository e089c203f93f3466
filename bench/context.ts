import type { Emulator } from '../test/emulator/index.js';
import { med, timeNode } from './action.js';

/** What every section of the benchmark shares. */
export interface BenchContext {
  readonly emu: Emulator;
  /** Fewer repetitions and smaller sizes (a smoke run of the benchmark itself). */
  readonly quick: boolean;
  log(message: string): void;
}

/** Milliseconds of bare `node -e 0`, spawned exactly like the bundle. */
export async function nodeStartup(): Promise<number> {
  return (await timeNode(['-e', '0'])).wallMs;
}

/** Runs `fn` `n` times, each after one `node -e 0`, so start-up drifts with the machine alike. */
export async function paired<T>(n: number, fn: () => Promise<T>): Promise<{ node: number; results: T[] }> {
  const node: number[] = [];
  const results: T[] = [];
  for (let i = 0; i < n; i++) {
    node.push(await nodeStartup());
    results.push(await fn());
  }
  return { node: med(node), results };
}

/** Gateway requests the emulator has seen since its counters were reset. */
export function gatewayCalls(emu: Emulator): number {
  return emu.counters.submissions + emu.counters.statusCalls + emu.counters.mediaGets;
}
