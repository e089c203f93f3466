import { createHash } from 'node:crypto';
import type { ResolvedEntry } from '../manifest/types.js';
import { hashFileSha256 } from './files.js';

/** Bump when what the fingerprint covers changes: every image regenerates once. */
export const FINGERPRINT_VERSION = 1;

export interface Fingerprint {
  /** `sha256:<hex>` over everything below. */
  readonly value: string;
  /** Hashes of the three parts, so the plan can say *why* an entry changed. */
  readonly parts: { readonly prompt: string; readonly params: string; readonly inputs: string };
}

/**
 * Canonical JSON: object keys sorted (as strings) at every level, no whitespace, `undefined` object
 * members left out (an `undefined` array item writes nothing). Every recorded fingerprint was computed
 * with exactly this: a change here would regenerate, and bill, every image.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const members: string[] = [];
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) members.push(`${JSON.stringify(k)}:${canonicalJson(v)}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

const tagOf = (json: string): string => `sha256:${createHash('sha256').update(json).digest('hex')}`;

/**
 * The fingerprint of one entry, once `upstream` gives the fingerprints of the entries it references
 * with `@id` and `fileSha` the sha256 of its local inputs. Excludes out, max_age, alt, the id, pricing
 * and formatting: none of them changes the image.
 */
function fingerprintOf(
  entry: ResolvedEntry,
  upstream: (id: string) => string,
  fileSha: ReadonlyMap<string, string>,
): Fingerprint {
  const inputs = entry.inputs.map((input) =>
    input.kind === 'url'
      ? { url: input.url }
      : input.kind === 'file'
        ? { file_sha256: fileSha.get(input.abs) }
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
  return {
    value: tagOf(canonicalJson({ prompt, params, inputs: inputsPart })),
    parts: {
      prompt: tagOf(canonicalJson(prompt)),
      params: tagOf(canonicalJson(params)),
      inputs: tagOf(canonicalJson(inputsPart)),
    },
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

/** Fingerprints of all entries, by id. Each local input file is read once, however many entries use it. */
export async function fingerprintAll(entries: readonly ResolvedEntry[]): Promise<Map<string, Fingerprint>> {
  const files = new Set(entries.flatMap((e) => e.inputs.flatMap((i) => (i.kind === 'file' ? [i.abs] : []))));
  const fileSha = new Map(
    await Promise.all([...files].map(async (f) => [f, await hashFileSha256(f)] as const)),
  );
  const result = new Map<string, Fingerprint>();
  const upstream = (id: string): string => result.get(id)?.value ?? `missing:${id}`;
  for (const e of dependencyOrder(entries)) result.set(e.id, fingerprintOf(e, upstream, fileSha));
  return result;
}
