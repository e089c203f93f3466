import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Clock, Gateway } from '../gateway/types.js';
import type { ResolvedEntry } from '../manifest/types.js';
import { entryPrice } from '../models/pricing.js';
import { pricingQuality } from '../models/registry.js';
import type { SubmissionCounts } from '../report/types.js';
import type { ImageCacheLike } from './cache.js';
import { median } from './schedule.js';
import type { LockStore } from './store.js';
import type { RunEvent, RunOptions } from './types.js';

type EntryState = Extract<RunEvent, { type: 'entry' }>['state'];

/** The shared state of one run's execution phase: counters, stop flag, lockfile, events. */
export class Execution {
  readonly counts: SubmissionCounts = {
    attempted: 0,
    accepted: 0,
    refused: 0,
    outcomeUnknown: 0,
    notSubmitted: 0,
    retries: 0,
  };
  /** FAILED requests' prices by entry id (possibly charged, not in cost). */
  readonly possiblyChargedBy = new Map<string, number | null>();
  private stopped?: string;
  private readonly latency = new Map<string, number | undefined>();
  private readonly dirs = new Map<string, Promise<unknown>>();

  constructor(
    readonly opts: RunOptions,
    readonly gateway: Gateway,
    readonly clock: Clock,
    readonly store: LockStore,
    private readonly emit: (e: RunEvent) => void,
    private readonly started: number,
    readonly cache?: ImageCacheLike,
  ) {}

  get signal(): AbortSignal | undefined {
    return this.opts.signal;
  }

  event(id: string, state: EntryState, detail?: string): void {
    this.emit({
      type: 'entry',
      id,
      state,
      elapsedMs: this.clock.now() - this.started,
      ...(detail ? { detail } : {}),
    });
  }

  /** Stop new submissions for the rest of the run (key or balance problem, cancellation). */
  stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.emit({ type: 'warning', message: `No new submissions for the rest of this run: ${reason}` });
  }

  stopReason(): string | undefined {
    if (this.opts.signal?.aborted) return 'the run was cancelled';
    return this.stopped;
  }

  /** An accepted submit is recorded at once: a cancelled or killed run still knows what it paid for. */
  async recordPending(
    fingerprint: string,
    entry: ResolvedEntry,
    requestId: string,
    submittedAt: number,
  ): Promise<void> {
    const pending = {
      id: entry.id,
      request_id: requestId,
      submitted_at: new Date(submittedAt).toISOString(),
      model: entry.model,
    };
    this.store.lock.pending[fingerprint] = pending;
    await Promise.all([this.store.save(), this.cache?.savePending?.(fingerprint, pending)]);
  }

  dropPending(fingerprint: string): void {
    delete this.store.lock.pending[fingerprint];
  }

  possiblyCharged(entry: ResolvedEntry): void {
    const price = entryPrice(entry, this.opts.manifest.pricing);
    const prev = this.possiblyChargedBy.get(entry.id);
    this.possiblyChargedBy.set(entry.id, price === null || prev === null ? null : (prev ?? 0) + price);
  }

  /**
   * The typical latency (ms) for this model and quality, from the durations the lockfile
   * recorded, used to time the first status call.
   */
  expectedLatency(entry: ResolvedEntry): number | undefined {
    const quality = pricingQuality(entry.params);
    const key = `${entry.model}\0${quality}`;
    if (!this.latency.has(key)) {
      const durations = Object.values(this.store.lock.images)
        .filter((r) => r.model === entry.model && (r.quality ?? 'auto') === quality && r.duration_s !== null)
        .map((r) => r.duration_s! * 1000);
      this.latency.set(key, median(durations));
    }
    return this.latency.get(key);
  }

  ensureDir(file: string): Promise<unknown> {
    const dir = path.dirname(file);
    let p = this.dirs.get(dir);
    if (!p) {
      p = mkdir(dir, { recursive: true });
      this.dirs.set(dir, p);
    }
    return p;
  }
}
