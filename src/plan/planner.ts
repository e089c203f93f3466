import path from 'node:path';
import type { Manifest, ResolvedEntry } from '../manifest/types.js';
import { ACTION_NAMES, type SettingNames } from '../shared/settings.js';
import { applyCandidates, candidateRule } from './candidates.js';
import type { FileState, FileVerifier } from './files.js';
import type { Fingerprint } from './fingerprint.js';
import { moveStaleIntents, STOPPED_BEFORE_ANSWER } from './housekeeping.js';
import type { Lockfile, LockRecord, RecordedFile } from './lockfile.js';
import type { IdMatcher } from './select.js';
import { type PlannedEntry, spends } from './types.js';

/** The planner's own working copy of a decision, which its later steps revise. */
type Planning = { -readonly [K in keyof PlannedEntry]: PlannedEntry[K] };

export interface PlanOptions {
  readonly entries: readonly ResolvedEntry[];
  readonly fingerprints: ReadonlyMap<string, Fingerprint>;
  readonly lock: Lockfile;
  /** Manifest folder (absolute): recorded paths are relative to it. */
  readonly dir: string;
  readonly verifier: FileVerifier;
  readonly force?: IdMatcher;
  /** Resubmit fingerprints whose earlier submit had an unknown outcome (may pay twice). */
  readonly retryUnknownSubmits?: boolean;
  /** How reasons name settings (the action's inputs by default; the CLI's flags). */
  readonly names?: SettingNames | undefined;
  readonly now: number;
  /** Every id of the manifest (entries may be a selection): tells a rename from a duplicate. */
  readonly allIds?: readonly string[];
  /** A pull request run or `generate --candidates`: entries with `candidates` buy sets, sets await a pick. */
  readonly candidates?: boolean;
  /** `pick <id> <k>`: that entry's image is candidate k of its set. */
  readonly pick?: { readonly id: string; readonly k: number };
  /** Where candidate sets go (`candidates-dir`). */
  readonly manifest?: Pick<Manifest, 'candidatesDir' | 'dir' | 'workspace'>;
}

/**
 * Decide what to do with every entry. The rules and their numbers are SPEC §4's planning rules
 * (docs/how-a-run-decides.md numbers them alike) — the first rule that applies wins:
 *  1. (a) an intent left in `submitting` by a run that stopped → moved to `unknown` in `opts.lock`
 *     (then planned like any unknown record); (b) pending → resume (a generation already bought
 *     is collected by whichever entry has its fingerprint, forced or stale or renamed or not);
 *     (c) a paid candidate set → await a pick, or use candidate 1 (plan/candidates.ts)
 *  2. forced → generate           3. refused or paid in vain before → skip
 *  4. outcome unknown → skip      5. own files edited by hand → kept
 *  6. stale (max_age) → generate  7. own files as recorded → unchanged
 *  8. recorded elsewhere → move/copy
 *  9. the image cache has it → reuse: planned here as `generate` with `bypassCache` false, since
 *     only the run can look into the cache; the engine restores it (engine/entries.ts)
 * 10. otherwise → generate (new or changed).
 * Then an entry planned by rules 7–9 whose `@id` upstream makes a new image in this run is
 * generated too, and identical entries that generate share one image (the first, the rest copy).
 */
export async function planEntries(opts: PlanOptions): Promise<PlannedEntry[]> {
  moveStaleIntents(opts.lock);
  const files = new FileStates(opts);
  await opts.verifier.ready();
  const first = opts.entries.map((entry) => firstRules(entry, opts));
  await files.ask(first.flatMap((p) => (isUndecided(p) && p.own ? [p.own] : [])));
  const second = first.map((p) => (isUndecided(p) ? (ownRules(p, files, opts) ?? p) : p));

  const byFingerprint = new Map<string, { id: string; record: LockRecord }[]>();
  for (const [id, record] of Object.entries(opts.lock.images)) {
    const list = byFingerprint.get(record.fingerprint) ?? [];
    list.push({ id, record });
    byFingerprint.set(record.fingerprint, list);
  }
  const rest = second.filter(isUndecided);
  await files.ask(rest.flatMap((p) => (byFingerprint.get(p.fp.value) ?? []).map((c) => c.record)));
  const ids = new Set(opts.allIds ?? opts.entries.map((e) => e.id));
  const planned = second.map((p) => (isUndecided(p) ? laterRules(p, opts, byFingerprint, files, ids) : p));
  regenerateDependants(planned);
  markCopies(planned);
  // Candidates (§10): sets bought or collected, and entries waiting for a pick of their input.
  return applyCandidates(
    planned,
    opts.lock,
    opts.manifest ?? { dir: opts.dir, workspace: opts.dir },
    opts.candidates ?? false,
  );
}

/** An entry that rules 1–4 did not decide: what rules 5–10 need. */
interface Undecided {
  readonly undecided: true;
  readonly entry: ResolvedEntry;
  readonly fp: Fingerprint;
  readonly previous: LockRecord | undefined;
  /** The entry's own record when it has the same fingerprint and paths. */
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
    const asked: Promise<unknown>[] = [];
    for (const record of records) {
      for (const file of record.files) {
        const key = this.key(file);
        if (this.states.has(key)) continue;
        const abs = path.resolve(this.opts.dir, file.path);
        const known = this.opts.verifier.known(abs, file);
        // Placeholder until the answer lands, so a file is looked at once.
        this.states.set(key, known ?? 'missing');
        if (!known) asked.push(this.opts.verifier.verify(abs, file).then((s) => this.states.set(key, s)));
      }
    }
    await Promise.all(asked);
  }

  /** A record's state (its files asked before): missing beats differs beats same. */
  state(record: LockRecord): FileState {
    let state: FileState = 'same';
    for (const file of record.files) {
      const s = this.of(file);
      if (s === 'missing') return 'missing';
      if (s === 'differs') state = 'differs';
    }
    return state;
  }

  of(file: RecordedFile): FileState {
    return this.states.get(this.key(file)) ?? 'missing';
  }

  /** One answer per path and expected content (two records may claim one path with different bytes). */
  private key(file: RecordedFile): string {
    return `${file.path}\0${file.sha256}`;
  }
}

/** Rules 1–4, which need no file; otherwise what the later rules must look at. */
function firstRules(entry: ResolvedEntry, opts: PlanOptions): PlannedEntry | Undecided {
  const fp = opts.fingerprints.get(entry.id)!;
  const previous = opts.lock.images[entry.id];
  const base = { entry, fp, previous, bypassCache: false } as const;

  // Rule 1b: a generation already bought is collected, forced or stale or renamed or not.
  const pending = opts.lock.pending[fp.value];
  if (pending) {
    const renamed = pending.id !== entry.id ? ` (paid for as "${pending.id}")` : '';
    return { ...base, action: 'resume', reason: `resuming ${pending.request_id}${renamed}`, pending };
  }
  // Rule 1c: a paid candidate set awaits a pick (or is used, outside pull requests).
  const fromSet = candidateRule(base, opts.lock, {
    forced: opts.force?.(entry.id) ?? false,
    ...(opts.candidates !== undefined && { candidates: opts.candidates }),
    ...(opts.pick && { pick: opts.pick }),
  });
  if (fromSet) return fromSet;
  if (opts.force?.(entry.id)) return { ...base, action: 'generate', reason: 'forced', bypassCache: true };
  const failed = opts.lock.failed[fp.value];
  if (failed) {
    const why = failed.status === 'COMPLETED' ? failed.error : `refused before: ${failed.error}`;
    return { ...base, action: 'skip', reason: `${why} (change the entry or force it to try again)` };
  }
  const unknown = opts.lock.unknown[fp.value];
  if (unknown && !opts.retryUnknownSubmits)
    return {
      ...base,
      action: 'skip',
      reason: `outcome unknown since ${unknown.at}: check the Pixazo dashboard, then force it or set ${(opts.names ?? ACTION_NAMES)('retry-unknown-submits')}${unknown.reason === STOPPED_BEFORE_ANSWER ? ` (${unknown.reason})` : ''}`,
    };
  const samePaths =
    previous !== undefined &&
    previous.files.length === entry.out.length &&
    previous.files.every((f, i) => f.path === entry.out[i]);
  const own = previous && previous.fingerprint === fp.value && samePaths ? previous : undefined;
  return { undecided: true, entry, fp, previous, own };
}

/** Rules 5 (kept), 6 (stale) and 7 (unchanged), given the state of the entry's own files. */
function ownRules(p: Undecided, files: FileStates, opts: PlanOptions): PlannedEntry | undefined {
  const base = { entry: p.entry, fp: p.fp, previous: p.previous, bypassCache: false } as const;
  const state = p.own ? files.state(p.own) : undefined;
  p.ownState = state;
  const stale = isStale(p.entry, p.previous, opts.now);
  if (state === 'differs') {
    const edited = p.own!.files.filter((f) => files.of(f) === 'differs');
    const age = stale ? `; older than max_age ${formatAge(p.entry.maxAgeMs!)}, but not regenerated` : '';
    return {
      ...base,
      action: 'kept',
      reason: `edited by hand${age} (force to regenerate)`,
      edited,
      ...(stale && { staleKept: true as const }),
    };
  }
  if (stale)
    return {
      ...base,
      action: 'generate',
      reason: `stale (older than ${formatAge(p.entry.maxAgeMs!)})`,
      bypassCache: true,
    };
  if (state === 'same') return { ...base, action: 'unchanged', reason: 'unchanged' };
  return undefined;
}

function isStale(entry: ResolvedEntry, previous: LockRecord | undefined, now: number): boolean {
  if (!previous || entry.maxAgeMs === undefined) return false;
  return !(now - Date.parse(previous.generated_at) <= entry.maxAgeMs);
}

/** Rule 8 (move / copy), else rule 10 (generate); rule 9 (cache) is carried out by the engine. */
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
          : `copied — same as ${candidate.id}`;
    return {
      ...base,
      action: 'move',
      reason,
      source: { id: candidate.id, files: candidate.record.files, record: candidate.record },
    };
  }
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

/**
 * An entry about to reuse recorded bytes (unchanged, moved, copied) whose `@id` upstream makes a
 * new image in this run (forced, stale, resumed) would keep an image made from the old input:
 * it is generated too, along the whole chain. (An upstream whose fingerprint changed changes its
 * dependants' fingerprints already.)
 */
function regenerateDependants(planned: Planning[]): void {
  const byId = new Map(planned.map((p) => [p.entry.id, p]));
  const makesNew = (p: PlannedEntry | undefined): boolean =>
    p !== undefined && (p.action === 'resume' || (p.action === 'generate' && p.bypassCache));
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of planned) {
      const reuses = p.action === 'unchanged' || p.action === 'move';
      // A generate that the cache could answer (rule 9) would restore an image of the old input.
      if (!reuses && !(p.action === 'generate' && !p.bypassCache)) continue;
      const upstream = p.entry.inputs.find((i) => i.kind === 'ref' && makesNew(byId.get(i.id)));
      if (upstream?.kind !== 'ref') continue;
      if (reuses) {
        p.action = 'generate';
        p.reason = `input ${upstream.id} regenerated`;
        delete p.source;
      }
      p.bypassCache = true;
      changed = true;
    }
  }
}

/** Identical entries planned to generate: the first (manifest order) generates, the rest copy it. */
function markCopies(planned: Planning[]): void {
  const leader = new Map<string, Planning>();
  for (const p of planned) {
    if (!spends(p.action)) continue;
    const first = leader.get(p.fp.value);
    if (!first) {
      leader.set(p.fp.value, p);
      continue;
    }
    p.action = 'copy';
    p.copyOf = first.entry.id;
    p.reason = `copied — same as ${first.entry.id}`;
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
