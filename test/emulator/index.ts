/**
 * The Pixazo gateway emulator: a loopback HTTP server that follows the gateway's documented
 * protocol (submit → 202 + request_id, status polling, CDN media), with knobs to inject faults
 * deterministically. Used by integration and end-to-end tests, `npm start` and the benchmark.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JobStore } from './jobs.js';
import { HiddenLimits } from './limits.js';
import { createHandler, SUBMIT_PATHS } from './server.js';
import type { Counters, EmulatorOptions, JobRecord, LoggedRequest, ModelSlug } from './types.js';

export { proxyPage } from './faults.js';
export type * from './types.js';

export const DEFAULT_API_KEY = 'test-key';
export const MODEL_SLUGS: readonly ModelSlug[] = Object.values(SUBMIT_PATHS);

/** Submit path of each model slug. */
export const SUBMIT_PATH_OF = Object.fromEntries(
  Object.entries(SUBMIT_PATHS).map(([path, slug]) => [slug, path]),
) as Readonly<Record<ModelSlug, string>>;

export interface Emulator {
  /** Gateway base URL, e.g. `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The live knobs: mutate between or during runs. */
  readonly options: EmulatorOptions;
  readonly counters: Counters;
  /** Every request received, in arrival order. */
  readonly log: LoggedRequest[];
  /** Every accepted (paid) job by request id. */
  readonly jobs: ReadonlyMap<string, JobRecord>;
  /** Zeroes the counters and empties the log; jobs, images and knobs are kept. */
  resetCounters(): void;
  /** The bytes of image `index` (1-based) of an accepted job, as its media URL serves them unfaulted. */
  image(requestId: string, index: number): Promise<Buffer>;
  /** Brings a job to its terminal state now (a test's way to end a long job without waiting). */
  finishNow(requestId: string): void;
  close(): Promise<void>;
}

/** Knobs with their defaults; faults all off. */
export function defaultOptions(): EmulatorOptions {
  return {
    port: 0,
    apiKey: DEFAULT_API_KEY,
    forbiddenKeys: [],
    disabledModels: [],
    latency: 30,
    queuedFraction: 0.2,
    slowFactor: 50,
    markers: { fail: '[[FAIL]]', error: '[[ERROR]]', slow: '[[SLOW]]', c2pa: '[[C2PA]]' },
    contentCredentials: false,
    failMessage: 'Image generation failed: the request was rejected by the safety system.',
    errorMessage: 'Internal error while processing the request (not charged).',
    balance: Number.POSITIVE_INFINITY,
    prices: {
      'gpt-image-2-text-to-image': { low: 0.012, medium: 0.047, high: 0.128, auto: 0.128 },
      'gpt-image-2-image-to-image': { low: 0.012, medium: 0.047, high: 0.128, auto: 0.128 },
      // The gateway publishes no 1.5 price; the emulator charges a nominal one.
      'gpt-image-1-5-api-923': { default: 0.04 },
    },
    imageScale: 0.25,
    webhooks: false,
    stallMs: 2000,
    prerender: false,
    hooks: {},
    failNextSubmits: [],
    resetNextSubmits: 0,
    dropResponseAfterAcceptNext: 0,
    acceptThenFailNextSubmits: [],
    stallNextSubmits: 0,
    failNextStatus: [],
    garbageNextStatus: 0,
    resetNextStatus: 0,
    stallNextStatus: 0,
    notFoundNextStatus: 0,
    failNextMedia: 0,
    truncateNextMedia: 0,
    wrongFormatNextMedia: 0,
    cutOffNextMedia: 0,
    cutOffAt: 0,
    garbageNextMedia: 0,
    corruptNextMedia: 0,
    stallNextMedia: 0,
    oversizeMedia: 0,
    mediaUrl: undefined,
    redirectNextMedia: [],
    inFlightCap: Number.POSITIVE_INFINITY,
    capRetryAfterS: 1,
    submitRate: null,
  };
}

function zeroCounters(): Counters {
  return {
    submissions: 0,
    accepted: 0,
    acceptedByModel: Object.fromEntries(MODEL_SLUGS.map((m) => [m, 0])) as Record<ModelSlug, number>,
    statusCalls: 0,
    mediaGets: 0,
    mediaWithKey: 0,
    chargedUsd: 0,
    failedUsd: 0,
    refundedUsd: 0,
    completed: 0,
    failed: 0,
    errored: 0,
    webhooksSent: 0,
    limitedByCap: 0,
    limitedByRate: 0,
    peakInFlight: 0,
  };
}

/** Starts an emulator on 127.0.0.1 (a free port unless `options.port` is set). */
export async function startEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  const defaults = defaultOptions();
  const opts: EmulatorOptions = {
    ...defaults,
    ...options,
    markers: { ...defaults.markers, ...options.markers },
    prices: { ...defaults.prices, ...options.prices },
  };
  const counters = zeroCounters();
  const log: LoggedRequest[] = [];
  const closing = new AbortController();
  let url = '';
  const store = new JobStore(opts, counters, () => url);
  const server = createServer(
    createHandler({
      options: opts,
      counters,
      log,
      store,
      limits: new HiddenLimits(opts, store),
      baseUrl: () => url,
      signal: closing.signal,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    options: opts,
    counters,
    log,
    jobs: store.jobs,
    resetCounters() {
      Object.assign(counters, zeroCounters());
      log.length = 0;
    },
    image(requestId, index) {
      const job = store.jobs.get(requestId);
      if (!job) throw new Error(`no job ${requestId}`);
      return store.image(job, index);
    },
    finishNow(requestId) {
      const job = store.jobs.get(requestId);
      if (!job) throw new Error(`no job ${requestId}`);
      job.processingAt = Math.min(job.processingAt, Date.now());
      job.completedAt = Math.min(job.completedAt, Date.now());
    },
    async close() {
      closing.abort();
      store.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
