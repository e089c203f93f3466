import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { plainLockfile } from './lockfile-fast.js';

/** One image file recorded for an entry. */
export interface LockFile {
  /** Relative to the manifest's folder, `/`-separated. */
  path: string;
  /** Hex sha256 of the bytes. */
  sha256: string;
  /** Git blob id of the bytes (`git hash-object`), so git can answer "unchanged" without reading. */
  blob: string;
  bytes: number;
}

export interface LockRecord {
  fingerprint: string;
  parts: { prompt: string; params: string; inputs: string };
  model: string;
  files: LockFile[];
  request_id: string | null;
  cost_usd: number | null;
  generated_at: string;
  duration_s: number | null;
  /** Quality the image was made at (for learning latency per model and quality). */
  quality?: string;
}

export interface PendingRecord {
  id: string;
  request_id: string;
  submitted_at: string;
  model?: string;
}

export interface FailedRecord {
  id: string;
  status: string;
  error: string;
  at: string;
}

export interface Lockfile {
  version: 1;
  spent_usd: number;
  images: Record<string, LockRecord>;
  pending: Record<string, PendingRecord>;
  failed: Record<string, FailedRecord>;
}

const sha = z.string().min(1);
/** The lockfile's schema: what may be read, with defaults; lockfile-fast.ts recognises our own output without it. */
export const lockSchema = z.object({
  version: z.literal(1),
  spent_usd: z.number().nonnegative().default(0),
  images: z
    .record(
      z.string(),
      z.object({
        fingerprint: sha,
        parts: z.object({ prompt: z.string(), params: z.string(), inputs: z.string() }),
        model: z.string(),
        files: z.array(
          z.object({
            path: z.string().min(1),
            sha256: z.string(),
            blob: z.string(),
            bytes: z.number().int().nonnegative(),
          }),
        ),
        request_id: z.string().nullable().default(null),
        cost_usd: z.number().nullable().default(null),
        generated_at: z.string(),
        duration_s: z.number().nullable().default(null),
        quality: z.string().optional(),
      }),
    )
    .default({}),
  pending: z
    .record(
      z.string(),
      z.object({
        id: z.string(),
        request_id: z.string(),
        submitted_at: z.string(),
        model: z.string().optional(),
      }),
    )
    .default({}),
  failed: z
    .record(z.string(), z.object({ id: z.string(), status: z.string(), error: z.string(), at: z.string() }))
    .default({}),
});

/** A lockfile that exists but cannot be used. Never silently discarded. */
export class LockfileError extends Error {
  override readonly name = 'LockfileError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      `${file}: the lockfile is unreadable (${detail}). Fix or restore it from git (git checkout -- ${file}); ` +
        'delete it only if you accept regenerating every image.',
    );
  }
}

export function emptyLockfile(): Lockfile {
  return { version: 1, spent_usd: 0, images: {}, pending: {}, failed: {} };
}

/**
 * The lockfile path for a manifest: beside it, dropping `.yaml`/`.yml` and a trailing `.config`,
 * adding `.lock.json` (`images.config.yaml` → `images.lock.json`).
 */
export function lockfilePathFor(manifestPath: string): string {
  const dir = path.dirname(manifestPath);
  const base = path
    .basename(manifestPath)
    .replace(/\.ya?ml$/i, '')
    .replace(/\.config$/i, '');
  return path.join(dir, `${base}.lock.json`);
}

/** Parse lockfile text; `file` names it in errors. */
export function parseLockfile(text: string, file: string): Lockfile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new LockfileError(file, `invalid JSON: ${(err as Error).message}`);
  }
  const plain = plainLockfile(raw);
  if (plain) return plain;
  // jitless: parsed once per run (see the manifest's schema check in manifest/check.ts).
  const parsed = lockSchema.safeParse(raw, { jitless: true });
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new LockfileError(file, `${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data as Lockfile;
}

/** Read the lockfile; a missing file is an empty lockfile, anything else unusable is an error. */
export async function readLockfile(file: string, display = file): Promise<Lockfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyLockfile();
    throw new LockfileError(display, (err as Error).message);
  }
  return parseLockfile(text, display);
}

/** Deterministic JSON: keys sorted at every level, two-space indent, trailing newline. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Round money to 6 decimals so repeated additions don't accumulate float noise in the file. */
export function roundUsd(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Write atomically (temp file + rename): a reader never sees half a lockfile. */
export async function writeLockfile(
  file: string,
  lock: Lockfile,
  text = stableStringify(lock),
): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/**
 * Merge two lockfiles by entry, never textually: used when a push raced another run (or shard).
 * `touched` are the entry ids (and fingerprints, for pending/failed) this run changed: for those
 * ours wins, for the rest theirs wins. Spend adds up: `base` is the spend both started from.
 */
export function mergeLockfiles(
  ours: Lockfile,
  theirs: Lockfile,
  touched: { ids: ReadonlySet<string>; fingerprints: ReadonlySet<string>; baseSpent: number },
): Lockfile {
  const images: Record<string, LockRecord> = { ...theirs.images };
  for (const id of touched.ids) {
    if (ours.images[id]) images[id] = ours.images[id];
    else delete images[id];
  }
  const pending = { ...theirs.pending };
  const failed = { ...theirs.failed };
  for (const fp of touched.fingerprints) {
    if (ours.pending[fp]) pending[fp] = ours.pending[fp];
    else delete pending[fp];
    if (ours.failed[fp]) failed[fp] = ours.failed[fp];
    else delete failed[fp];
  }
  const ourSpend = Math.max(0, ours.spent_usd - touched.baseSpent);
  return { version: 1, spent_usd: roundUsd(theirs.spent_usd + ourSpend), images, pending, failed };
}

/**
 * The per-entry lockfile merge for push races: ours for the entries this run touched (and every
 * pending/failed fingerprint they carry), theirs for the rest; spend adds up: theirs plus this
 * run's cost (so a retried merge never counts our cost twice).
 */
export function mergeLockfileText(
  oursText: string,
  theirsText: string,
  touchedIds: ReadonlySet<string>,
  file: string,
  runCost: number,
): string {
  const ours = parseLockfile(oursText, file);
  if (!theirsText.trim()) return stableStringify(ours);
  const theirs = parseLockfile(theirsText, file);
  const fingerprints = new Set<string>();
  for (const [fp, p] of Object.entries(ours.pending)) if (touchedIds.has(p.id)) fingerprints.add(fp);
  for (const [fp, f] of Object.entries(ours.failed)) if (touchedIds.has(f.id)) fingerprints.add(fp);
  for (const [fp, p] of Object.entries(theirs.pending)) if (touchedIds.has(p.id)) fingerprints.add(fp);
  for (const [fp, f] of Object.entries(theirs.failed)) if (touchedIds.has(f.id)) fingerprints.add(fp);
  const merged = mergeLockfiles(ours, theirs, {
    ids: touchedIds,
    fingerprints,
    baseSpent: ours.spent_usd - runCost,
  });
  return stableStringify(merged);
}
