import path from 'node:path';
import type { ResolvedEntry } from '../manifest/types.js';
import type { PlanAction } from '../report/types.js';
import type { FileState, FileVerifier } from './files.js';
import type { Fingerprint } from './fingerprint.js';
import type { FailedRecord, LockFile, Lockfile, LockRecord, PendingRecord } from './lockfile.js';
import type { IdMatcher } from './select.js';

/** One entry's decision, with everything the engine needs to carry it out. */
export interface PlannedEntry {
  readonly entry: ResolvedEntry;
  readonly fp: Fingerprint;
  action: PlanAction;
  reason: string;
  /** The entry's previous record (this id), if any. */
  readonly previous?: LockRecord;
  /** move: recorded files to copy from (manifest-relative paths) and whose record they are. */
  source?: { id: string; files: readonly LockFile[]; record: LockRecord };
  /** copy: the entry generated in this run whose image this one gets. */
  copyOf?: string;
  /** resume: the pending request. */
  pending?: PendingRecord;
  failed?: FailedRecord;
  /** generate because forced or stale: the image cache must not stand in. */
  bypassCache: boolean;
}

export interface PlanOptions {
  readonly entries: readonly ResolvedEntry[];
  readonly fingerprints: ReadonlyMap<string, Fingerprint>;
  readonly lock: Lockfile;
  /** Manifest folder (absolute): recorded paths are relative to it. */
  readonly dir: string;
  readonly verifier: FileVerifier;
  readonly force?: IdMatcher;
  readonly now: number;
  /** Every id of the manifest (entries may be a selection): tells a rename from a duplicate. */
  readonly allIds?: readonly string[];
}

/**
 * Decide what to do with every entry — the first rule that applies wins (SPEC §4):
 * forced/stale → generate; refused before → skip; same fingerprint and files → unchanged;
 * same fingerprint, file edited → kept; fingerprint recorded elsewhere → move/copy; pending →
 * resume; otherwise generate (the engine may still turn that into a cache `reuse`).
 */
export async function planEntries(opts: PlanOptions): Promise<PlannedEntry[]> {
  const byFingerprint = new Map<string, { id: string; record: LockRecord }[]>();
  for (const [id, record] of Object.entries(opts.lock.images)) {
    const list = byFingerprint.get(record.fingerprint) ?? [];
    list.push({ id, record });
    byFingerprint.set(record.fingerprint, list);
  }
  const fileStates = new Map<string, Promise<FileState>>();
  const check = (file: LockFile): Promise<FileState> => {
    const abs = path.resolve(opts.dir, file.path);
    let p = fileStates.get(abs);
    if (!p) {
      p = opts.verifier.verify(abs, file);
      fileStates.set(abs, p);
    }
    return p;
  };
  const recordState = async (record: LockRecord): Promise<FileState> => {
    const states = await Promise.all(record.files.map(check));
    if (states.includes('missing')) return 'missing';
    return states.includes('differs') ? 'differs' : 'same';
  };

  const ids = new Set(opts.allIds ?? opts.entries.map((e) => e.id));
  const planned = await Promise.all(
    opts.entries.map((entry) => planOne(entry, opts, byFingerprint, recordState, ids)),
  );
  markCopies(planned);
  return planned;
}

async function planOne(
  entry: ResolvedEntry,
  opts: PlanOptions,
  byFingerprint: Map<string, { id: string; record: LockRecord }[]>,
  recordState: (r: LockRecord) => Promise<FileState>,
  ids: ReadonlySet<string>,
): Promise<PlannedEntry> {
  const fp = opts.fingerprints.get(entry.id)!;
  const previous = opts.lock.images[entry.id];
  const base = { entry, fp, previous, bypassCache: false } as const;

  if (opts.force?.(entry.id)) return { ...base, action: 'generate', reason: 'forced', bypassCache: true };
  if (previous && entry.maxAgeMs !== undefined) {
    const age = opts.now - Date.parse(previous.generated_at);
    if (!(age <= entry.maxAgeMs)) {
      return {
        ...base,
        action: 'generate',
        reason: `stale (older than ${formatAge(entry.maxAgeMs)})`,
        bypassCache: true,
      };
    }
  }
  const failed = opts.lock.failed[fp.value];
  if (failed) return { ...base, action: 'skip', reason: `refused before: ${failed.error}`, failed };

  let ownState: FileState | undefined;
  const samePaths =
    previous !== undefined && previous.files.map((f) => f.path).join('\0') === entry.out.join('\0');
  if (previous && previous.fingerprint === fp.value && samePaths) {
    ownState = await recordState(previous);
    if (ownState === 'same') return { ...base, action: 'unchanged', reason: 'unchanged' };
    if (ownState === 'differs')
      return { ...base, action: 'kept', reason: 'edited by hand: kept (force to regenerate)' };
  }
  for (const candidate of byFingerprint.get(fp.value) ?? []) {
    if (candidate.id === entry.id && ownState === 'missing') continue;
    if ((await recordState(candidate.record)) !== 'same') continue;
    const reason =
      candidate.id === entry.id
        ? `moved from ${candidate.record.files.map((f) => f.path).join(', ')}`
        : !ids.has(candidate.id)
          ? `renamed from ${candidate.id}`
          : `same as ${candidate.id}`;
    return {
      ...base,
      action: 'move',
      reason,
      source: { id: candidate.id, files: candidate.record.files, record: candidate.record },
    };
  }
  const pending = opts.lock.pending[fp.value];
  if (pending) return { ...base, action: 'resume', reason: `resuming ${pending.request_id}`, pending };
  return { ...base, action: 'generate', reason: changeReason(entry, fp, previous, ownState, opts) };
}

/** Why an entry generates: new, or which fingerprint parts changed against its record. */
function changeReason(
  entry: ResolvedEntry,
  fp: Fingerprint,
  previous: LockRecord | undefined,
  ownState: FileState | undefined,
  opts: PlanOptions,
): string {
  if (!previous) return 'new';
  if (previous.fingerprint === fp.value) return ownState === 'missing' ? 'file missing' : 'regenerate';
  const changed: string[] = [];
  if (previous.parts.prompt !== fp.parts.prompt) changed.push('prompt');
  if (previous.parts.params !== fp.parts.params)
    changed.push(previous.model !== entry.model ? 'model' : 'params');
  if (previous.parts.inputs !== fp.parts.inputs) {
    const refs = entry.inputs.flatMap((i) => (i.kind === 'ref' ? [i.id] : []));
    // An upstream whose fingerprint moved away from its record is what changed this entry's inputs.
    const refChanged = refs.filter(
      (id) => opts.lock.images[id]?.fingerprint !== opts.fingerprints.get(id)?.value,
    );
    changed.push(refChanged.length > 0 ? `input ${[...new Set(refChanged)].join(', ')}` : 'inputs');
  }
  return changed.length > 0 ? `${changed.join(', ')} changed` : 'changed';
}

/** Identical entries planned to generate: the first (manifest order) generates, the rest copy it. */
function markCopies(planned: PlannedEntry[]): void {
  const leader = new Map<string, PlannedEntry>();
  for (const p of planned) {
    if (p.action !== 'generate' && p.action !== 'resume') continue;
    const first = leader.get(p.fp.value);
    if (!first) {
      leader.set(p.fp.value, p);
      continue;
    }
    p.action = 'copy';
    p.copyOf = first.entry.id;
    p.reason = `same as ${first.entry.id}`;
  }
}

/** Ages for reasons: the largest whole unit. */
export function formatAge(ms: number): string {
  const units: [string, number][] = [
    ['w', 604_800_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [u, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${u}`;
  return `${ms}ms`;
}
