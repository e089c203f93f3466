import type { CachedPending } from '../plan/lockfile.js';

/**
 * The image cache as the engine sees it (implemented over @actions/cache in src/publish/cache.ts,
 * loaded only when a run needs it). All methods are best effort: failures are misses.
 */
export interface ImageCacheLike {
  /** Staged file paths (image order) for a fingerprint, or undefined on a miss. */
  restore(fingerprint: string, count: number, ext: string): Promise<string[] | undefined>;
  save(fingerprint: string, files: readonly string[]): Promise<void>;
  savePending?(fingerprint: string, pending: CachedPending): Promise<void>;
  restorePending?(fingerprint: string): Promise<CachedPending | undefined>;
}

/** A best-effort lookup that a cancel cuts short: undefined (a miss) once `signal` aborts. */
export function untilCancelled<T>(
  lookup: Promise<T | undefined>,
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  if (!signal) return lookup;
  if (signal.aborted) return Promise.resolve(undefined);
  const { promise: cancelled, resolve } = Promise.withResolvers<undefined>();
  const onAbort = (): void => resolve(undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  return Promise.race([lookup, cancelled]).finally(() => signal.removeEventListener('abort', onAbort));
}
