/**
 * The run's status poller: the first look at every request a previous run left pending (asked before
 * any submit), and the polling of each request to its end, timed from the latency the lockfile
 * recorded for its model and quality.
 */
import { type Gateway, GatewayError, type StatusResult } from '../gateway/types.js';
import type { ResolvedEntry } from '../manifest/types.js';
import { pricingQuality } from '../models/registry.js';
import type { Lockfile, PendingRecord } from '../plan/lockfile.js';
import type { Clock } from '../shared/clock.js';
import { formatSetting } from '../shared/format.js';
import { Semaphore } from '../shared/semaphore.js';
import { ACTION_NAMES } from '../shared/settings.js';
import type { EntryFeed, SubmitGate } from './feed.js';
import type { Limiter, Slot } from './limiter.js';
import type { GenerateOutcome } from './outcome.js';
import { median, pollSchedule } from './schedule.js';
import type { RunOptions } from './types.js';
import { FORGOTTEN_AFTER_MS } from './unclaimed.js';

/** One status call's outcome, kept as a value so it can be asked early and read later. */
export type StatusAnswer = { status: StatusResult } | { error: unknown };

export type PollResult =
  | { kind: 'status'; status: StatusResult }
  | { kind: 'errored'; why: string }
  | Extract<GenerateOutcome, { kind: 'pending' | 'refused' | 'unknown' }>;

/** A request in flight: its id, when it was submitted, the place it holds, and a status already asked. */
export interface InFlight {
  readonly requestId: string;
  readonly submittedAt: number;
  /** Its place in the in-flight limit (none when the run was cancelled while it waited). */
  readonly held: Slot | undefined;
  readonly first?: Promise<StatusAnswer> | undefined;
}

export class StatusPoller {
  private readonly latency = new Map<string, number | undefined>();
  /** First status answers of the requests a previous run left pending (see `prepoll`). */
  private readonly firstLooks = new Map<string, Promise<StatusAnswer>>();
  private prepolled: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly gateway: Gateway,
    private readonly clock: Clock,
    private readonly signal: AbortSignal | undefined,
    private readonly settings: Pick<RunOptions, 'pollInterval' | 'pollTimeoutMs' | 'names'>,
    private readonly limiter: Limiter,
    private readonly feed: EntryFeed,
    private readonly gate: SubmitGate,
    /** The lockfile as it is now: the durations it records time the first status call. */
    private readonly lock: () => Lockfile,
  ) {}

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
            this.gate.stop(a.error.message);
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
  private firstLook(requestId: string): Promise<StatusAnswer> | undefined {
    const answer = this.firstLooks.get(requestId);
    this.firstLooks.delete(requestId);
    return answer;
  }

  /**
   * Collect a request an earlier run paid for: in flight at the gateway, it holds a place in the
   * in-flight limit while it runs and lands; its first look (`prepoll`) is read before any wait.
   */
  async collect(pending: Pick<PendingRecord, 'request_id' | 'submitted_at'>): Promise<InFlight> {
    const first = this.firstLook(pending.request_id);
    const held = await this.limiter.acquire('resume', this.signal);
    return { requestId: pending.request_id, submittedAt: Date.parse(pending.submitted_at), held, first };
  }

  /** Resolves once every pending request has had its first poll: new submits wait for it. */
  resumesPolled(): Promise<unknown> {
    return this.prepolled;
  }

  /**
   * Poll until COMPLETED/FAILED/ERROR, the poll timeout, or cancellation. `first` is an answer
   * already asked for (resume): it is used before the first wait. A 404 is transient — the gateway
   * may not know the request yet, or be failing over — unless the request is over a day old.
   */
  async poll(
    entry: ResolvedEntry,
    requestId: string,
    submittedAt: number,
    first?: Promise<StatusAnswer>,
  ): Promise<PollResult> {
    const expected = this.expectedLatency(entry);
    const schedule = pollSchedule(this.settings.pollInterval, () => this.clock.random(), expected);
    const deadline = this.clock.now() + this.settings.pollTimeoutMs;
    const cancelled = {
      kind: 'pending',
      requestId,
      error: 'cancelled while running — the next run collects it',
    } as const;
    let last = '';
    let unknownToGateway = false;
    let next = first;
    for (;;) {
      if (!next) {
        const wait = schedule.next(this.clock.now() - submittedAt);
        if (this.clock.now() + wait > deadline) {
          const why = unknownToGateway ? 'the gateway does not know it yet (404)' : 'still running';
          return {
            kind: 'pending',
            requestId,
            error: `${why} after ${formatSetting(this.settings.pollTimeoutMs)} (${(this.settings.names ?? ACTION_NAMES)('poll-timeout')}) — the next run collects it with no new charge`,
          };
        }
        try {
          await this.clock.sleep(wait, this.signal);
        } catch {
          return cancelled;
        }
        next = this.askStatus(requestId, deadline);
      }
      const answer = await next;
      next = undefined;
      if (this.signal?.aborted) return cancelled;
      if ('error' in answer) {
        const err = answer.error;
        if (err instanceof GatewayError && err.kind === 'not-found') {
          if (this.clock.now() - submittedAt > FORGOTTEN_AFTER_MS)
            return {
              kind: 'unknown',
              error: `request ${requestId} is unknown to the gateway more than a day after its submit: whether it was charged is unknown`,
            };
          unknownToGateway = true;
          this.feed.event(
            entry.id,
            'retry',
            `request ${requestId} is not known to the gateway yet (404): polling on`,
          );
          continue;
        }
        if (err instanceof GatewayError && err.kind === 'auth') {
          // The request was accepted: keep it, so the next run (with a working key) collects it.
          this.gate.stop(err.message);
          return { kind: 'pending', requestId, error: `${err.message} — the next run collects it` };
        }
        // Transient errors were retried inside the client; keep waiting within poll-timeout.
        this.feed.event(entry.id, 'retry', `status check failed: ${(err as Error).message}`);
        continue;
      }
      const status = answer.status;
      unknownToGateway = false;
      if (status.status !== last) {
        last = status.status;
        if (status.status === 'QUEUED') this.feed.event(entry.id, 'queued');
        if (status.status === 'PROCESSING') this.feed.event(entry.id, 'processing');
      }
      if (status.status === 'COMPLETED') return { kind: 'status', status };
      if (status.status === 'FAILED')
        return {
          kind: 'refused',
          status: 'FAILED',
          error: status.error ?? 'failed',
          remember: true,
          charged: true,
        };
      if (status.status === 'ERROR')
        return { kind: 'errored', why: `ERROR (${status.error ?? 'gateway error'})` };
    }
  }

  /** Ask for a request's status once (retrying transient errors until `deadline`); never rejects. */
  private askStatus(requestId: string, deadline?: number): Promise<StatusAnswer> {
    const onRateLimit = (): void => this.limiter.statusRefused();
    return this.gateway.status(requestId, { signal: this.signal, deadline, onRateLimit }).then(
      (status) => ({ status }),
      (error: unknown) => ({ error }),
    );
  }

  /**
   * The typical latency (ms) for this model and quality, from the durations the lockfile
   * recorded, used to time the first status call.
   */
  private expectedLatency(entry: ResolvedEntry): number | undefined {
    const quality = pricingQuality(entry.params);
    const key = `${entry.model}\0${quality}`;
    // An unknown latency is not remembered: images finished earlier in this run record their
    // durations, so a cold run learns as it goes.
    if (this.latency.get(key) === undefined) {
      const durations = Object.values(this.lock().images)
        .filter((r) => r.model === entry.model && (r.quality ?? 'auto') === quality && r.duration_s !== null)
        .map((r) => r.duration_s! * 1000);
      this.latency.set(key, median(durations));
    }
    return this.latency.get(key);
  }
}
