import path from 'node:path';
import { type Clock, type Gateway, GatewayError, type StatusResult } from '../gateway/types.js';
import type { ResolvedEntry } from '../manifest/types.js';
import { entryPrice } from '../models/pricing.js';
import { pricingQuality } from '../models/registry.js';
import type { SubmissionCounts } from '../report/types.js';
import { guardedMkdir, guardPath } from '../shared/guard.js';
import { Semaphore } from '../shared/semaphore.js';
import { Limiter } from './limiter.js';
import { noSubmissions } from './plan-report.js';
import type { LockRecords } from './records.js';
import { median } from './schedule.js';
import type { EntryProgress, RunEvent, RunOptions } from './types.js';

/** One status call's outcome, kept as a value so it can be asked early and read later. */
export type StatusAnswer = { status: StatusResult } | { error: unknown };

/** The shared state of one run's execution phase: counters, stop flag, lockfile, events. */
export class Execution {
  readonly counts: SubmissionCounts = noSubmissions();
  /** FAILED requests' prices by entry id (possibly charged, not in cost). */
  readonly possiblyChargedBy = new Map<string, number | null>();
  private stopped?: string;
  private readonly latency = new Map<string, number | undefined>();
  private readonly dirs = new Map<string, Promise<unknown>>();
  /** First status answers of the requests a previous run left pending (see `prepoll`). */
  private readonly firstLooks = new Map<string, Promise<StatusAnswer>>();
  private prepolled: Promise<unknown> = Promise.resolve();

  constructor(
    readonly opts: RunOptions,
    readonly gateway: Gateway,
    readonly clock: Clock,
    private readonly records: LockRecords,
    private readonly emit: (e: RunEvent) => void,
    private readonly started: number,
  ) {
    this.limiter = new Limiter(opts.concurrency, clock);
  }

  /** The run's in-flight limit: every submit and every collected request holds a place in it. */
  readonly limiter: Limiter;

  get signal(): AbortSignal | undefined {
    return this.opts.signal;
  }

  event(id: string, state: EntryProgress, detail?: string): void {
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

  warn(message: string, id?: string): void {
    this.emit({ type: 'warning', message, ...(id !== undefined ? { id } : {}) });
  }

  /**
   * Resume before spending: poll every request a previous run left pending once, right
   * away and before any submission — a request that completed meanwhile is downloaded with no new
   * charge, and a key refused by the status endpoint stops the run before it pays for anything.
   * Bounded by the in-flight limit as the run starts; independent of the entries' slots, so submits can wait for it.
   */
  prepoll(requestIds: readonly string[]): void {
    const slots = new Semaphore(this.limiter.current);
    for (const id of new Set(requestIds)) {
      const answer = slots.acquire().then(async (release) => {
        try {
          const a = await this.askStatus(id);
          if ('error' in a && a.error instanceof GatewayError && a.error.kind === 'auth')
            this.stop(a.error.message);
          return a;
        } finally {
          release();
        }
      });
      this.firstLooks.set(id, answer);
    }
    this.prepolled = Promise.all(this.firstLooks.values());
  }

  /** The answer `prepoll` got for this request (handed out once), if it asked. */
  firstLook(requestId: string): Promise<StatusAnswer> | undefined {
    const answer = this.firstLooks.get(requestId);
    this.firstLooks.delete(requestId);
    return answer;
  }

  /** Resolves once every pending request has had its first poll: new submits wait for it. */
  resumesPolled(): Promise<unknown> {
    return this.prepolled;
  }

  /** Ask for a request's status once (retrying transient errors until `deadline`); never rejects. */
  askStatus(requestId: string, deadline?: number): Promise<StatusAnswer> {
    const onRateLimit = (): void => this.limiter.statusRefused();
    return this.gateway.status(requestId, { signal: this.signal, deadline, onRateLimit }).then(
      (status) => ({ status }),
      (error: unknown) => ({ error }),
    );
  }

  stopReason(): string | undefined {
    if (this.opts.signal?.aborted) return 'the run was cancelled';
    return this.stopped;
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
    // An unknown latency is not remembered: images finished earlier in this run record their
    // durations, so a cold run learns as it goes.
    if (this.latency.get(key) === undefined) {
      const durations = Object.values(this.records.lock.images)
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
      const root = this.opts.manifest.workspace;
      // The file is checked first so that a refusal names it, not a folder on its way.
      p = guardPath(root, file, 'write').then(() => guardedMkdir(root, dir));
      this.dirs.set(dir, p);
    }
    return p;
  }
}
