/**
 * Accepted jobs: ids, pricing, the time-driven state machine (QUEUED → PROCESSING → terminal),
 * the status body, booking at the terminal state (refunds, FAILED spend, webhook) and the
 * lazily rendered, cached images.
 */
import { randomBytes } from 'node:crypto';
import { MIME, renderImage } from './images.js';
import type {
  Counters,
  EmulatorOptions,
  JobRecord,
  JsonObject,
  Latency,
  ModelSlug,
  TerminalStatus,
  WireStatus,
} from './types.js';
import type { ParsedSubmit } from './validate.js';

/** Money is kept to the micro-dollar so sums of 0.047s compare exactly in tests. */
export function usd(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A time-ordered UUID (v7), like the `019d…` ids in the gateway's examples. */
function uuidV7(now: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function resolveLatency(latency: Latency, model: ModelSlug, body: JsonObject): number {
  const ms =
    typeof latency === 'number'
      ? latency
      : typeof latency === 'function'
        ? latency(model, body)
        : latency[0] + Math.random() * (latency[1] - latency[0]);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class JobStore {
  readonly jobs = new Map<string, JobRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly images = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly options: EmulatorOptions,
    private readonly counters: Counters,
    private readonly baseUrl: () => string,
  ) {}

  /** USD for the whole request: price per image (by quality, else `default`) × image count. */
  price(model: ModelSlug, parsed: ParsedSubmit): number {
    const table = this.options.prices[model] ?? {};
    return usd((table[parsed.quality] ?? table['default'] ?? 0) * parsed.count);
  }

  /** Creates a paid job: charges the wallet now and schedules its terminal state. */
  accept(model: ModelSlug, body: JsonObject, parsed: ParsedSubmit, webhookUrl: string | null): JobRecord {
    const o = this.options;
    const now = Date.now();
    const requestId = `${model}_${uuidV7(now)}`;
    const slow = parsed.prompt.includes(o.markers.slow) ? o.slowFactor : 1;
    const latency = resolveLatency(o.latency, model, body) * slow;
    const outcome: TerminalStatus = parsed.prompt.includes(o.markers.error)
      ? 'ERROR'
      : parsed.prompt.includes(o.markers.fail)
        ? 'FAILED'
        : 'COMPLETED';
    const scale = o.imageScale > 0 ? o.imageScale : 1;
    const priceUsd = this.price(model, parsed);
    const base = this.baseUrl();
    const job: JobRecord = {
      requestId,
      model,
      body,
      prompt: parsed.prompt,
      format: parsed.format,
      count: parsed.count,
      width: Math.max(1, Math.round(parsed.width * scale)),
      height: Math.max(1, Math.round(parsed.height * scale)),
      transparent: parsed.transparent,
      compression: parsed.compression,
      contentCredentials: o.contentCredentials || parsed.prompt.includes(o.markers.c2pa),
      priceUsd,
      outcome,
      acceptedAt: now,
      processingAt: now + latency * Math.min(1, Math.max(0, o.queuedFraction)),
      completedAt: now + latency,
      terminalSeenAt: null,
      settled: false,
      statusCalls: 0,
      webhookUrl,
      webhookSentAt: null,
      mediaUrls: Array.from(
        { length: parsed.count },
        (_, i) => `${base}/media/v1/${requestId}/output-${i + 1}.${parsed.format}`,
      ),
    };
    this.jobs.set(requestId, job);
    if (o.prerender) for (let i = 1; i <= job.count; i++) void this.image(job, i).catch(() => {});
    o.balance = usd(o.balance - priceUsd);
    this.counters.accepted += 1;
    this.counters.acceptedByModel[model] += 1;
    this.counters.chargedUsd = usd(this.counters.chargedUsd + priceUsd);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.settle(job);
      // +1: a timer may fire a hair early against Date.now(), and settle() checks the clock.
    }, Math.ceil(latency) + 1);
    timer.unref();
    this.timers.add(timer);
    return job;
  }

  stateAt(job: JobRecord, now: number): WireStatus {
    if (now >= job.completedAt) return job.outcome;
    return now >= job.processingAt ? 'PROCESSING' : 'QUEUED';
  }

  /** The status endpoint's body, shaped exactly as the seed's examples. */
  statusBody(job: JobRecord, now: number): JsonObject {
    const status = this.stateAt(job, now);
    const terminal = status !== 'QUEUED' && status !== 'PROCESSING';
    if (terminal) this.settle(job);
    const error =
      status === 'FAILED' ? this.options.failMessage : status === 'ERROR' ? this.options.errorMessage : null;
    const output =
      status === 'COMPLETED'
        ? {
            media_url: job.mediaUrls.map((url, i) => this.options.mediaUrl?.(url, job, i + 1) ?? url),
            // The 1.5 page documents octet-stream; gpt-image-2 reports the real MIME type.
            media_type: job.model === 'gpt-image-1-5-api-923' ? 'application/octet-stream' : MIME[job.format],
          }
        : null;
    const updated = terminal ? job.completedAt : status === 'PROCESSING' ? job.processingAt : job.acceptedAt;
    return {
      request_id: job.requestId,
      status,
      model_id: job.model,
      error,
      output,
      created_at: iso(job.acceptedAt),
      updated_at: iso(updated),
      completed_at: terminal ? iso(job.completedAt) : null,
    };
  }

  /** Books the terminal state once: ERROR refunds, FAILED stays charged, webhook fires. */
  settle(job: JobRecord): void {
    if (job.settled || Date.now() < job.completedAt) return;
    job.settled = true;
    const c = this.counters;
    if (job.outcome === 'ERROR') {
      this.options.balance = usd(this.options.balance + job.priceUsd);
      c.chargedUsd = usd(c.chargedUsd - job.priceUsd);
      c.refundedUsd = usd(c.refundedUsd + job.priceUsd);
      c.errored += 1;
    } else if (job.outcome === 'FAILED') {
      c.failedUsd = usd(c.failedUsd + job.priceUsd);
      c.failed += 1;
    } else {
      c.completed += 1;
    }
    if (this.options.webhooks && job.webhookUrl) void this.sendWebhook(job, job.webhookUrl);
  }

  /** Image `index` (1-based) of a job, rendered on first request and cached. */
  image(job: JobRecord, index: number): Promise<Buffer> {
    const key = `${job.requestId}#${index}`;
    let bytes = this.images.get(key);
    if (!bytes) {
      bytes = renderImage({ ...job, index });
      // A failed render must not poison the cache.
      bytes.catch(() => this.images.delete(key));
      this.images.set(key, bytes);
    }
    return bytes;
  }

  /** Posts the final status body to the webhook, loopback only: the emulator never calls out. */
  private async sendWebhook(job: JobRecord, target: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return;
    }
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) return;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(this.statusBody(job, Date.now())),
        signal: AbortSignal.timeout(5000),
      });
      await res.body?.cancel();
      job.webhookSentAt = Date.now();
      this.counters.webhooksSent += 1;
    } catch {
      // A receiver that is gone is the receiver's problem, as with the real gateway.
    }
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
