/**
 * The per-entry planning rules (SPEC §4, numbered alike in docs/how-a-run-decides.md): what one
 * entry's own record, the lockfile and the state of recorded files decide for it. The passes over
 * the whole plan, and the order the rules are asked in, are the planner's (plan/planner.ts).
 */
import type { ResolvedEntry } from '../manifest/types.js';
import { formatAge } from '../shared/format.js';
import { ACTION_NAMES, type SettingNames } from '../shared/settings.js';
import { candidateRule } from './candidates.js';
import type { FileStates } from './file-states.js';
import type { FileState } from './files.js';
import type { Fingerprint } from './fingerprint.js';
import { STOPPED_BEFORE_ANSWER } from './housekeeping.js';
import type { Lockfile, LockRecord } from './lockfile.js';
import type { IdMatcher } from './select.js';
import type { PlannedEntry } from './types.js';

/** What the rules decide by (part of the planner's options). */
export interface RuleOptions {
  readonly fingerprints: ReadonlyMap<string, Fingerprint>;
  readonly lock: Lockfile;
  readonly force?: IdMatcher;
  /** Resubmit fingerprints whose earlier submit had an unknown outcome (may pay twice). */
  readonly retryUnknownSubmits?: boolean;
  /** How reasons name settings (the action's inputs by default; the CLI's flags). */
  readonly names?: SettingNames | undefined;
  readonly now: number;
  /** A pull request run or `generate --candidates`: entries with `candidates` buy sets, sets await a pick. */
  readonly candidates?: boolean;
  /** `pick <id> <k>`: that entry's image is candidate k of its set. */
  readonly pick?: { readonly id: string; readonly k: number };
}

/** The recorded entries by fingerprint: where rule 8 looks for bytes to move or copy. */
export type RecordsByFingerprint = ReadonlyMap<string, readonly { id: string; record: LockRecord }[]>;

/** An entry that rules 1–4 did not decide: what rules 5–10 need. */
export interface Undecided {
  readonly undecided: true;
  readonly entry: ResolvedEntry;
  readonly fp: Fingerprint;
  readonly previous: LockRecord | undefined;
  /** The entry's own record when it has the same fingerprint and paths. */
  readonly own: LockRecord | undefined;
  ownState?: FileState;
}

/** Whether the rules asked so far left the entry undecided. */
export function isUndecided(p: PlannedEntry | Undecided): p is Undecided {
  return 'undecided' in p;
}

/** Rules 1–4, which need no file; otherwise what the later rules must look at. */
export function firstRules(entry: ResolvedEntry, opts: RuleOptions): PlannedEntry | Undecided {
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
export function ownRules(p: Undecided, files: FileStates, opts: RuleOptions): PlannedEntry | undefined {
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
export function laterRules(
  p: Undecided,
  opts: RuleOptions,
  byFingerprint: RecordsByFingerprint,
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
  opts: RuleOptions,
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
