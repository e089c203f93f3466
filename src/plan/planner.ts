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
  const files = new FileStates(opts);
  await opts.verifier.ready();
  const ids = new Set(opts.allIds ?? opts.entries.map((e) => e.id));

  // Rules 1–2 need no file; rule 3 needs the entry's own record. Its files are asked for all
  // entries at once (from git's answer in memory where it has one), then decided without waiting.
  const planned: (PlannedEntry | Undecided)[] = opts.entries.map((entry) => firstRules(entry, opts));
  await files.ask(planned.flatMap((p) => (isUndecided(p) && p.own ? [p.own] : [])));
  const rest: Undecided[] = [];
  for (let i = 0; i < planned.length; i++) {
    const p = planned[i]!;
    if (!isUndecided(p)) continue;
    const decided = p.own ? ownRule(p, files.state(p.own)) : undefined;
    if (decided) planned[i] = decided;
    else rest.push(p);
  }
  // Rules 5–8 for the rest: the records that hold the same fingerprint, asked together.
  await files.ask(rest.flatMap((p) => (byFingerprint.get(p.fp.value) ?? []).map((c) => c.record)));
  const byEntry = new Map(rest.map((p) => [p, laterRules(p, opts, byFingerprint, files, ids)]));
  const result = planned.map((p) => (isUndecided(p) ? byEntry.get(p)! : p));
  markCopies(result);
  return result;
}

/** An entry that rules 1–2 did not decide: what the later rules need. */
interface Undecided {
  readonly undecided: true;
  readonly entry: ResolvedEntry;
  readonly fp: Fingerprint;
  readonly previous: LockRecord | undefined;
  /** The entry's own record when rule 3 applies to it (same fingerprint and paths). */
  readonly own: LockRecord | undefined;
  ownState?: FileState;
}

function isUndecided(p: PlannedEntry | Undecided): p is Undecided {
  return 'undecided' in p;
}

/** The recorded files' states, asked in batches: git's answer where it has one, else a look at the file. */
class FileStates {
  private readonly states = new Map<string, FileState>();

  constructor(private readonly opts: PlanOptions) {}

  async ask(records: readonly LockRecord[]): Promise<void> {
    const slow: Promise<unknown>[] = [];
    for (const record of records) {
      for (const file of record.files) {
        const key = this.key(file);
        if (this.states.has(key)) continue;
        const abs = path.resolve(this.opts.dir, file.path);
        const known = this.opts.verifier.known(abs, file);
        // Placeholder until the slow answer lands, so a file is looked at once.
        this.states.set(key, known ?? 'missing');
        if (!known) slow.push(this.opts.verifier.verify(abs, file).then((s) => this.states.set(key, s)));
      }
    }
    await Promise.all(slow);
  }

  /** A record's state (its files asked before): missing beats differs beats same. */
  state(record: LockRecord): FileState {
    let state: FileState = 'same';
    for (const file of record.files) {
      const s = this.states.get(this.key(file)) ?? 'missing';
      if (s === 'missing') return 'missing';
      if (s === 'differs') state = 'differs';
    }
    return state;
  }

  /** One answer per path and expected content (two records may claim one path with different bytes). */
  private key(file: LockFile): string {
    return `${file.path}\0${file.sha256}`;
  }
}

/** Rules 1 (forced / stale) and 2 (refused before); otherwise what rule 3 must look at. */
function firstRules(entry: ResolvedEntry, opts: PlanOptions): PlannedEntry | Undecided {
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
  const samePaths =
    previous !== undefined &&
    previous.files.length === entry.out.length &&
    previous.files.every((f, i) => f.path === entry.out[i]);
  const own = previous && previous.fingerprint === fp.value && samePaths ? previous : undefined;
  return { undecided: true, entry, fp, previous, own };
}

/** Rules 3 (unchanged) and 4 (kept), given the state of the entry's own record. */
function ownRule(p: Undecided, state: FileState): PlannedEntry | undefined {
  p.ownState = state;
  const base = { entry: p.entry, fp: p.fp, previous: p.previous, bypassCache: false } as const;
  if (state === 'same') return { ...base, action: 'unchanged', reason: 'unchanged' };
  if (state === 'differs')
    return { ...base, action: 'kept', reason: 'edited by hand: kept (force to regenerate)' };
  return undefined;
}

/** Rules 5 (move / copy), 6 (resume) and 8 (generate); 7 (cache) is the engine's. */
function laterRules(
  p: Undecided,
  opts: PlanOptions,
  byFingerprint: Map<string, { id: string; record: LockRecord }[]>,
  files: FileStates,
  ids: ReadonlySet<string>,
): PlannedEntry {
  const { entry, fp, previous, ownState } = p;
  const base = { entry, fp, previous, bypassCache: false } as const;
  for (const candidate of byFingerprint.get(fp.value) ?? []) {
    if (candidate.id === entry.id && ownState === 'missing') continue;
    if (files.state(candidate.record) !== 'same') continue;
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
