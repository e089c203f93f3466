/**
 * The plan of a run: the per-entry rules asked in their order (plan/entry-rules.ts), then the
 * passes that only the whole plan can make (dependants regenerated, identical entries copied).
 */
import type { Manifest, ResolvedEntry } from '../manifest/types.js';
import { applyCandidates } from './candidates.js';
import { firstRules, isUndecided, laterRules, ownRules, type RuleOptions } from './entry-rules.js';
import { FileStates } from './file-states.js';
import type { FileVerifier } from './files.js';
import { moveStaleIntents } from './housekeeping.js';
import type { LockRecord } from './lockfile.js';
import { type PlannedEntry, spends } from './types.js';

/** The planner's own working copy of a decision, which its later steps revise. */
type Planning = { -readonly [K in keyof PlannedEntry]: PlannedEntry[K] };

/** What a plan is made from: the entries and everything the rules decide by (see `RuleOptions`). */
export interface PlanOptions extends RuleOptions {
  readonly entries: readonly ResolvedEntry[];
  /** Manifest folder (absolute): recorded paths are relative to it. */
  readonly dir: string;
  readonly verifier: FileVerifier;
  /** Every id of the manifest (entries may be a selection): tells a rename from a duplicate. */
  readonly allIds?: readonly string[];
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
  const files = new FileStates(opts.dir, opts.verifier);
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
