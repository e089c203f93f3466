import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ResolvedEntry } from '../manifest/types.js';

/** Bump when what the fingerprint covers changes: every image regenerates once. */
export const FINGERPRINT_VERSION = 1;

export interface Fingerprint {
  /** `sha256:<hex>` over everything below. */
  readonly value: string;
  /** Hashes of the three parts, so the plan can say *why* an entry changed. */
  readonly parts: { readonly prompt: string; readonly params: string; readonly inputs: string };
}

/** Canonical JSON: object keys sorted at every level, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const tag = (value: unknown): string => `sha256:${sha256Hex(canonicalJson(value))}`;

/** Streams a file through sha256 (never holds it whole in memory). */
export function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Hashes of local files, shared across entries of a run (a reference image is read once). */
export class FileHasher {
  private readonly cache = new Map<string, Promise<string>>();
  hash(abs: string): Promise<string> {
    let p = this.cache.get(abs);
    if (!p) {
      p = hashFile(abs);
      this.cache.set(abs, p);
    }
    return p;
  }
}

/**
 * Fingerprint of one entry. `upstream` gives the fingerprints of entries referenced with `@id`
 * (computed first, in dependency order). Excludes out, max_age, alt, the id, pricing, formatting.
 */
export async function fingerprintEntry(
  entry: ResolvedEntry,
  upstream: (id: string) => string,
  files: FileHasher,
): Promise<Fingerprint> {
  const inputs = await Promise.all(
    entry.inputs.map(async (input) => {
      switch (input.kind) {
        case 'url':
          return { url: input.url };
        case 'file':
          return { file_sha256: await files.hash(input.abs) };
        case 'ref':
          return { ref: upstream(input.id), index: input.index };
      }
    }),
  );
  const prompt = { v: FINGERPRINT_VERSION, prompt: entry.prompt };
  const params = {
    v: FINGERPRINT_VERSION,
    model: entry.model,
    mode: entry.mode,
    params: entry.params,
    variant: entry.variant,
  };
  const inputsPart = { v: FINGERPRINT_VERSION, inputs };
  return {
    value: tag({ prompt, params, inputs: inputsPart }),
    parts: { prompt: tag(prompt), params: tag(params), inputs: tag(inputsPart) },
  };
}

/**
 * Entries in dependency order (upstreams first), stable with respect to manifest order.
 * The manifest loader has already rejected unknown ids and cycles.
 */
export function dependencyOrder(entries: readonly ResolvedEntry[]): ResolvedEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const done = new Set<string>();
  const out: ResolvedEntry[] = [];
  const visit = (e: ResolvedEntry, stack: Set<string>): void => {
    if (done.has(e.id) || stack.has(e.id)) return;
    stack.add(e.id);
    for (const input of e.inputs) {
      if (input.kind === 'ref') {
        const up = byId.get(input.id);
        if (up) visit(up, stack);
      }
    }
    stack.delete(e.id);
    done.add(e.id);
    out.push(e);
  };
  for (const e of entries) visit(e, new Set());
  return out;
}

/** Fingerprints of all entries, by id. */
export async function fingerprintAll(
  entries: readonly ResolvedEntry[],
  files = new FileHasher(),
): Promise<Map<string, Fingerprint>> {
  const result = new Map<string, Fingerprint>();
  // Hash every local file up front, concurrently; the per-entry pass then only awaits cached promises.
  for (const e of entries)
    for (const i of e.inputs) if (i.kind === 'file') void files.hash(i.abs).catch(() => {});
  for (const e of dependencyOrder(entries)) {
    result.set(e.id, await fingerprintEntry(e, (id) => result.get(id)?.value ?? `missing:${id}`, files));
  }
  return result;
}
