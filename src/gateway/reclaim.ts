/**
 * Keeps the memory of a run independent of image size. Every chunk a socket reads arrives in a
 * fresh 64 KiB buffer outside the JavaScript heap, dead a few milliseconds later once hashed and
 * written. Streaming allocates so little JavaScript that V8 rarely collects, and it starts a
 * collection for outside memory only once ~64 MB of it has piled up: with large images that pile,
 * not the live data (a few hundred KiB per download), sets the peak. A full collection after every
 * 8 MiB received, across all downloads, frees them: 50 images of 20 MB peak at ~130 MB instead of
 * ~165 MB (young-generation collections freed only part of them when measured). Each costs a few
 * milliseconds: ~1 ms per MiB at loopback speed, nothing measurable
 * against a gateway's 30-120 s per image. Measured by `npm run bench` (section 5).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes received between two collections. */
export const RECLAIM_EVERY = 8 * 2 ** 20;

type Collect = () => void;

/** Counts received bytes and collects garbage every `every` bytes. */
export class BufferReclaimer {
  #since = 0;

  constructor(
    private readonly collect: Collect | undefined = garbageCollector(),
    private readonly every = RECLAIM_EVERY,
  ) {}

  /** `bytes` more were received (and will be dead soon). */
  received(bytes: number): void {
    this.#since += bytes;
    if (this.#since < this.every || !this.collect) return;
    this.#since = 0;
    this.collect();
  }
}

let cached: Collect | null | undefined;

/**
 * A function that runs a full collection, or `undefined` where V8 offers none.
 * Node exposes `gc()` only with `--expose-gc`, a flag an action cannot pass to the runner's node;
 * set at run time, V8 installs `gc` in contexts created afterwards, so a fresh context hands it out
 * (the main context's globals are left as they were).
 */
export function garbageCollector(): Collect | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  try {
    const own = (globalThis as { gc?: unknown }).gc;
    let gc = typeof own === 'function' ? own : undefined;
    if (!gc) {
      setFlagsFromString('--expose-gc');
      const fromContext = runInNewContext('typeof gc === "function" ? gc : undefined') as unknown;
      if (typeof fromContext === 'function') gc = fromContext;
    }
    if (gc) {
      const fn = gc as (opts?: { type: 'minor' | 'major' }) => void;
      cached = () => fn({ type: 'major' });
    }
  } catch {
    // No collector: memory is then bounded by V8's own limits, as without this module.
  }
  return cached ?? undefined;
}
