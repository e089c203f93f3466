/**
 * Small HTTP helpers for talking to the emulator in tests: a well-behaved client by default
 * (the three documented headers), with every header overridable to test the refusals.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { DEFAULT_API_KEY, type Emulator, type ModelSlug, SUBMIT_PATH_OF } from './index.js';

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** Parsed body; undefined when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

/** The headers the gateway documents for submit calls. */
export function gatewayHeaders(key = DEFAULT_API_KEY): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache',
    'Ocp-Apim-Subscription-Key': key,
  };
}

export async function call(
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const res = await request(url, {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    body: init.body,
  });
  const text = await res.body.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

export function submit(
  emu: Emulator,
  model: ModelSlug,
  body: unknown,
  headers: Record<string, string> = gatewayHeaders(),
): Promise<Answer> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return call(`${emu.url}${SUBMIT_PATH_OF[model]}`, { method: 'POST', headers, body: raw });
}

export function status(emu: Emulator, id: string, headers = gatewayHeaders()): Promise<Answer> {
  return call(`${emu.url}/v2/requests/status/${id}`, { headers });
}

/** Submits and asserts acceptance; returns the request id. */
export async function accepted(emu: Emulator, model: ModelSlug, body: unknown): Promise<string> {
  const res = await submit(emu, model, body);
  if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${res.text}`);
  return String(res.json?.request_id);
}

/** Polls until the request leaves QUEUED / PROCESSING; returns the final status body. */
export async function waitDone(
  emu: Emulator,
  id: string,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await status(emu, id);
    const s = res.json?.status;
    if (res.status === 200 && s !== 'QUEUED' && s !== 'PROCESSING') return res.json!;
    if (Date.now() > deadline) throw new Error(`request ${id} still ${String(s)}`);
    await sleep(10);
  }
}

/** A CDN download, as a client must do it: no subscription key. */
export async function download(url: string, headers: Record<string, string> = {}) {
  const res = await request(url, { headers });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, bytes };
}

/** Image format by magic bytes. */
export function sniff(b: Buffer): 'png' | 'jpeg' | 'webp' | null {
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

/** A promise with its resolver, for hooks a test releases at the moment it chooses. */
export function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    open = r;
  });
  return { promise, open };
}
