import { createHash, hash } from 'node:crypto';
import type { ResolvedEntry } from '../manifest/types.js';
import { hashInto } from './files.js';

/** Bump when what the fingerprint covers changes: every image regenerates once. */
export const FINGERPRINT_VERSION = 1;

export interface Fingerprint {
  /** `sha256:<hex>` over everything below. */
  readonly value: string;
  /** Hashes of the three parts, so the plan can say *why* an entry changed. */
  readonly parts: { readonly prompt: string; readonly params: string; readonly inputs: string };
}

/** Canonical JSON: object keys sorted at every level, no whitespace, `undefined` members left out. */
export function canonicalJson(value: unknown): string {
  // One JSON.stringify of a copy whose keys were inserted in sorted order (it keeps insertion
  // order), rather than a call per key and value: half the time for 10,000 entries.
  const copy = sortedCopy(value);
  return copy === UNSORTABLE ? keyByKey(value) : JSON.stringify(copy);
}

/** Returned by sortedCopy when insertion order cannot give the sorted order. */
const UNSORTABLE: unique symbol = Symbol('unsortable');
/** A key JavaScript objects always put first, whatever the insertion order. */
const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      // keyByKey writes nothing for an undefined item; JSON.stringify would write null.
      if (item === undefined) return UNSORTABLE;
      const c = sortedCopy(item);
      if (c === UNSORTABLE) return UNSORTABLE;
      out.push(c);
    }
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      if (INDEX_KEY.test(k)) return UNSORTABLE;
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      const c = sortedCopy(v);
      if (c === UNSORTABLE) return UNSORTABLE;
      out[k] = c;
    }
    return out;
  }
  return value;
}

/** The definition, key by key: used for the rare value sortedCopy cannot order. */
function keyByKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(keyByKey).join(',')}]`;
  if (value && typeof value === 'object') {
    let out = '';
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      out += `${out ? ',' : ''}${JSON.stringify(k)}:${keyByKey(v)}`;
    }
    return `{${out}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(data: string | Buffer): string {
  // One-shot: no Hash object per call (a fingerprint takes four of these).
  return hash('sha256', data);
}

const tagOf = (json: string): string => `sha256:${sha256Hex(json)}`;

/** A file's sha256, read in chunks (never held whole in memory). */
export async function hashFile(file: string): Promise<string> {
  const sha = createHash('sha256');
  await hashInto(file, () => [sha]);
  return sha.digest('hex');
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
  const hashes = new Map<string, string>();
  for (const input of entry.inputs)
    if (input.kind === 'file') hashes.set(input.abs, await files.hash(input.abs));
  return fingerprintOf(entry, upstream, (abs) => hashes.get(abs)!);
}

/** The fingerprint, once the sha256 of every local input is known (`fileSha`). */
function fingerprintOf(
  entry: ResolvedEntry,
  upstream: (id: string) => string,
  fileSha: (abs: string) => string,
): Fingerprint {
  const inputs = entry.inputs.map((input) =>
    input.kind === 'url'
      ? { url: input.url }
      : input.kind === 'file'
        ? { file_sha256: fileSha(input.abs) }
        : { ref: upstream(input.id), index: input.index },
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
  // Each part is serialized once: the whole is the canonical JSON of the three, keys in sorted order.
  const json = {
    prompt: canonicalJson(prompt),
    params: canonicalJson(params),
    inputs: canonicalJson(inputsPart),
  };
  return {
    value: tagOf(`{"inputs":${json.inputs},"params":${json.params},"prompt":${json.prompt}}`),
    parts: { prompt: tagOf(json.prompt), params: tagOf(json.params), inputs: tagOf(json.inputs) },
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
  // Hash every local file up front, concurrently (each once); then every entry is pure computation.
  const abs = new Set(entries.flatMap((e) => e.inputs.flatMap((i) => (i.kind === 'file' ? [i.abs] : []))));
  const hashes = new Map<string, string>();
  await Promise.all([...abs].map(async (f) => hashes.set(f, await files.hash(f))));
  const result = new Map<string, Fingerprint>();
  const upstream = (id: string): string => result.get(id)?.value ?? `missing:${id}`;
  for (const e of dependencyOrder(entries))
    result.set(
      e.id,
      fingerprintOf(e, upstream, (f) => hashes.get(f)!),
    );
  return result;
}
