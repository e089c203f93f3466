/**
 * Low-level answers, including the broken ones the fault knobs need: a reset before any
 * answer, a response cut off after its headers, invalid JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from './types.js';

/** Largest request body read; the gateway's bodies are a few hundred bytes. */
const MAX_BODY = 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyTooLarge('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The gateway's error shape: `{"error": "...", "message": "..."}`. */
export function errorBody(error: string, message: string): JsonObject {
  return { error, message };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: JsonObject | string,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Abort the connection with a TCP reset and no answer at all. */
export function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (socket && !socket.destroyed) socket.resetAndDestroy();
}

/**
 * Announce the full body in Content-Length, send only its first half, then close: the client
 * sees a response that started (status and headers) and ended early.
 */
export function sendCutOff(res: ServerResponse, status: number, contentType: string, body: Buffer): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(body.length) });
  // Destroy only once the partial bytes are flushed, so the cut is mid-body, never before headers.
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
}

/** A 200 whose JSON body is truncated: what a broken proxy or a cut cache entry looks like. */
export function sendGarbage(res: ServerResponse, requestId: string): void {
  const text = `{"request_id": "${requestId}", "status": "COMPL`;
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Content-Type without parameters, lower-cased. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Request headers flattened to a lower-case name → value record. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
