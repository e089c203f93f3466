import path from 'node:path';
import { z } from 'zod';
import { duplicateKeys, lineAt, lineOf } from './lockfile-text.js';

const text = z.string().min(1);

/** One image file recorded for an entry; `path` is relative to the manifest's folder, `/`-separated. */
const recordedFile = z.strictObject({
  path: text,
  /** Hex sha256 of the bytes. */
  sha256: z.string(),
  /** Git blob id of the bytes (`git hash-object`), so git can answer "unchanged" without reading. */
  blob: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Pixel size from the image header, so the image index needs no image read (absent in older lockfiles). */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  /**
   * Whether the bytes carry C2PA content credentials as delivered (PNG `caBX`, JPEG APP11 JUMBF,
   * RIFF `C2PA`); presence only, signatures are not validated. Absent in older lockfiles: unknown.
   */
  content_credentials: z.boolean().optional(),
});

const lockRecord = z.strictObject({
  fingerprint: text,
  parts: z.strictObject({ prompt: z.string(), params: z.string(), inputs: z.string() }),
  model: z.string(),
  files: z.array(recordedFile),
  request_id: z.string().nullable().default(null),
  cost_usd: z.number().nullable().default(null),
  generated_at: z.string(),
  duration_s: z.number().nullable().default(null),
  /** Quality the image was made at (for learning latency per model and quality). */
  quality: z.string().optional(),
});

/**
 * A write-ahead intent: on disk before its submit is sent, so a run killed before the answer was
 * recorded leaves a trace (the next run moves it to `unknown`).
 */
const submittingRecord = z.strictObject({ id: z.string(), at: z.string() });

/** A request the gateway accepted whose images this repository does not have yet. */
const pendingRecord = z.strictObject({
  id: z.string(),
  request_id: z.string(),
  submitted_at: z.string(),
  model: z.string().optional(),
  /** Runs that got the request COMPLETED but could not download or verify its images. */
  download_attempts: z.number().int().nonnegative().optional(),
  /** A candidate set's request (§10): how many candidates it buys. */
  candidates: z.number().int().positive().optional(),
});

/** A paid candidate set awaiting a pick (§10); `files` are `<candidates-dir>/<id>/<k>.<ext>`, k = 1…N. */
const candidatesRecord = z.strictObject({
  id: z.string(),
  request_id: z.string().nullable().default(null),
  files: z.array(recordedFile),
  cost_usd: z.number().nullable().default(null),
  created_at: z.string(),
  /** The pull request the set was bought for, when known. */
  pr: z.number().int().positive().optional(),
});

/** A fingerprint refused, or paid for in vain: skipped until it changes or is forced. */
const failedRecord = z.strictObject({
  id: z.string(),
  status: z.string(),
  error: z.string(),
  at: z.string(),
});

/** A submit whose outcome is unknown (possibly accepted and charged, no request id). */
const unknownRecord = z.strictObject({
  id: z.string(),
  reason: z.string(),
  at: z.string(),
  /** Set once no entry matches it any more and a run has said so: reported once (SPEC §4). */
  reported: z.literal(true).optional(),
});

/** The lockfile's one definition: what may be read (with defaults for older files) and its types. */
export const lockSchema = z.object({
  version: z.literal(1),
  spent_usd: z.number().nonnegative().default(0),
  images: z.record(z.string(), lockRecord).default({}),
  submitting: z.record(z.string(), submittingRecord).default({}),
  pending: z.record(z.string(), pendingRecord).default({}),
  candidates: z.record(z.string(), candidatesRecord).default({}),
  failed: z.record(z.string(), failedRecord).default({}),
  unknown: z.record(z.string(), unknownRecord).default({}),
});

export type RecordedFile = z.infer<typeof recordedFile>;
export type LockRecord = z.infer<typeof lockRecord>;
export type PendingRecord = z.infer<typeof pendingRecord>;

/**
 * What the image cache keeps of a pending request: enough to collect it from another branch's run.
 * Read back from a cache entry written by any version, so keys beyond these are dropped, not refused.
 */
export const cachedPendingSchema = z
  .object(pendingRecord.shape)
  .pick({ id: true, request_id: true, submitted_at: true });
export type CachedPending = z.infer<typeof cachedPendingSchema>;
export type CandidatesRecord = z.infer<typeof candidatesRecord>;
export type Lockfile = z.infer<typeof lockSchema>;

/** A lockfile that exists but cannot be used. Never silently discarded, never rewritten. */
export class LockfileError extends Error {
  override readonly name = 'LockfileError';
  /** 1-based line of the problem, when known. */
  readonly line: number | undefined;
  constructor(
    readonly file: string,
    detail: string,
    opts: {
      /** 1-based line the problem is on, when known: the message starts `file:line:`. */
      line?: number | undefined;
      /** Written by a newer pixazo-images: the advice is to upgrade, not to restore. */
      newer?: boolean;
    } = {},
  ) {
    const where = opts.line ? `${file}:${opts.line}` : file;
    super(
      opts.newer
        ? `${where}: the lockfile was written by a newer pixazo-images (${detail}); upgrade pixazo-images to use it. It was left as it is.`
        : `${where}: the lockfile is unreadable (${detail}). Fix or restore it from git (git checkout -- ${file}); ` +
            'delete it only if you accept regenerating every image.',
    );
    this.line = opts.line;
  }
}

export function emptyLockfile(): Lockfile {
  return {
    version: 1,
    spent_usd: 0,
    images: {},
    submitting: {},
    pending: {},
    candidates: {},
    failed: {},
    unknown: {},
  };
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

/**
 * Parse lockfile text strictly; `file` names it in errors. It must be JSON (it is written as JSON:
 * YAML-only syntax such as comments or unquoted strings is refused), no object may hold a key twice
 * (a textual merge that kept both sides; `JSON.parse` alone would keep the last one), and a lockfile
 * of a newer version of the tool (a `version` above 1, or top-level keys this one does not know) is
 * refused with the advice to upgrade: reading it would drop what this version does not know.
 */
export function parseLockfile(text: string, file: string): Lockfile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw invalidJson(text, file, err as Error);
  }
  const [dup] = duplicateKeys(text);
  if (dup)
    throw new LockfileError(
      file,
      `key "${dup.key}" appears twice${dup.path.length ? ` in ${dup.path.join('.')}` : ''} — a merge kept both sides`,
      { line: dup.line },
    );
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const { version } = raw as { version?: unknown };
    if (typeof version === 'number' && Number.isInteger(version) && version > 1)
      throw new LockfileError(file, `version ${version}; this one reads version 1`, {
        newer: true,
        line: lineOf(text, ['version']),
      });
    const known = new Set(Object.keys(lockSchema.shape));
    const unknown = Object.keys(raw).filter((k) => !known.has(k));
    if (version === 1 && unknown.length > 0)
      throw new LockfileError(
        file,
        `keys this version does not know: ${unknown.map((k) => `"${k}"`).join(', ')}`,
        {
          newer: true,
          line: lineOf(text, [unknown[0]!]),
        },
      );
  }
  const parsed = lockSchema.safeParse(raw);
  if (!parsed.success) {
    // Records are read strictly too: a key inside one that this version does not know would be
    // dropped on rewrite, so it means a newer tool wrote the file — refused, never rewritten.
    const issues = parsed.error.issues;
    const newer = issues.find((i) => i.code === 'unrecognized_keys');
    if (newer) {
      const keys = newer.keys;
      const at = newer.path.join('.');
      throw new LockfileError(
        file,
        `keys this version does not know in ${at}: ${keys.map((k) => `"${k}"`).join(', ')}`,
        { newer: true, line: lineOf(text, [...newer.path, keys[0]!]) },
      );
    }
    const first = issues[0]!;
    throw new LockfileError(file, `${first.path.join('.') || '(root)'}: ${first.message}`, {
      line: lineOf(text, first.path),
    });
  }
  return parsed.data;
}

/** Not JSON: located at the offending character; a merge's conflict markers say so. */
function invalidJson(text: string, file: string, err: Error): LockfileError {
  const marker = /^(<{7}|={7}|>{7})(?: |$)/m.exec(text);
  if (marker)
    return new LockfileError(file, 'merge conflict markers: a merge left both sides in it', {
      line: lineAt(text, marker.index),
    });
  const at = /at position (\d+)/.exec(err.message);
  const line = at ? lineAt(text, Number(at[1])) : undefined;
  return new LockfileError(file, `invalid JSON: ${err.message.replace(/ in JSON at position \d+.*$/, '')}`, {
    line,
  });
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
