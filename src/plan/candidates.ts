/**
 * Candidates (§10) in the plan: rule 1c (a fingerprint with a paid set awaiting a pick), the set an
 * entry buys on a pull request run, and entries whose `@id` input awaits a pick. The candidate set
 * of an entry is planned as an entry of its own shape — N images in one request, written to
 * `<candidates-dir>/<id>/<k>.<ext>` — so the estimate, `max-cost`, write-ahead, pending and resume
 * apply to it exactly as to any other request.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_CANDIDATES_DIR } from '../manifest/candidates-key.js';
import type { CandidatesDir, Manifest, ResolvedEntry } from '../manifest/types.js';
import { FORMAT_EXT } from '../models/registry.js';
import { toPosix } from '../shared/paths.js';
import { plural } from '../shared/words.js';
import type { CandidatesRecord, Lockfile, LockRecord } from './lockfile.js';
import type { PlannedEntry } from './types.js';

/** The manifest's `candidates-dir`, or the default beside the manifest. */
export function candidatesDirOf(
  manifest: Pick<Manifest, 'candidatesDir' | 'dir' | 'workspace'>,
): CandidatesDir {
  if (manifest.candidatesDir) return manifest.candidatesDir;
  const abs = path.resolve(manifest.dir, DEFAULT_CANDIDATES_DIR);
  return {
    abs,
    rel: toPosix(path.relative(manifest.dir, abs)),
    workspacePath: toPosix(path.relative(manifest.workspace, abs)),
  };
}

/**
 * The entry as a candidate set: N images in one request (`number_of_images`/`num_images` = N, so
 * the price counts all N), written to `<candidates-dir>/<id>/<k>.<ext>`. Same id and prompt.
 */
export function candidateSetEntry(
  entry: ResolvedEntry,
  n: number,
  manifest: Pick<Manifest, 'candidatesDir' | 'dir' | 'workspace'>,
): ResolvedEntry {
  const dir = candidatesDirOf(manifest);
  const ext = FORMAT_EXT[entry.format];
  const names = Array.from({ length: n }, (_, i) => `${entry.id}/${i + 1}.${ext}`);
  return {
    ...entry,
    count: n,
    params: { ...entry.params, number_of_images: n },
    out: names.map((f) => path.posix.join(dir.rel, f)),
    outWorkspace: names.map((f) => path.posix.join(dir.workspacePath, f)),
  };
}

/** The image cache key of a fingerprint's candidate set (a fingerprint-shaped key of its own). */
export function candidateCacheKey(fingerprint: string): string {
  return `sha256:${createHash('sha256').update(`candidates\0${fingerprint}`).digest('hex')}`;
}

/** "awaiting a pick (4 candidates)". */
export function awaitingReason(id: string, record: CandidatesRecord): string {
  return `awaiting a pick (${plural(record.files.length, 'candidate')}): /pixazo pick ${id} <k>`;
}

/** The record a used candidate k lands with: the set's provenance, candidate k's file. */
export function candidateSource(
  fp: { value: string; parts: LockRecord['parts'] },
  entry: ResolvedEntry,
  record: CandidatesRecord,
  k: number,
): { id: string; files: LockRecord['files']; record: LockRecord } {
  const file = record.files[k - 1]!;
  return {
    // Not the entry's id: the candidate files are removed as a set, not as a moved file.
    id: '',
    files: [file],
    record: {
      fingerprint: fp.value,
      parts: { ...fp.parts },
      model: entry.model,
      files: [file],
      request_id: record.request_id,
      cost_usd: record.cost_usd,
      generated_at: record.created_at,
      duration_s: null,
    },
  };
}

/**
 * Rule 1c: the fingerprint has a paid candidate set. On a candidates run (a pull request, or
 * `generate --candidates`) the entry awaits a pick — or, forced, buys a new set; elsewhere it uses
 * candidate 1 (or the candidate `pick` names). Undefined when the rule does not apply.
 */
export function candidateRule(
  base: Pick<PlannedEntry, 'entry' | 'fp' | 'previous' | 'bypassCache'>,
  lock: Lockfile,
  opts: { candidates?: boolean; forced: boolean; pick?: { id: string; k: number } },
): PlannedEntry | undefined {
  const record = lock.candidates[base.fp.value];
  if (!record) return undefined;
  const picked = opts.pick?.id === base.entry.id ? opts.pick.k : undefined;
  if (picked === undefined && opts.candidates) {
    if (opts.forced && base.entry.candidates !== undefined)
      return { ...base, action: 'generate', reason: 'forced: a new set of candidates', bypassCache: true };
    // Only an entry with `candidates:` buys a set. One that shares this set (an identical entry)
    // waits for its pick even when forced: a lone image bought now would replace the paid set.
    const forced = opts.forced
      ? ` (forced, but only an entry with \`candidates:\` buys a new set: reroll ${record.id})`
      : '';
    return {
      ...base,
      action: 'await',
      reason: `${awaitingReason(base.entry.id, record)}${forced}`,
      awaiting: record,
    };
  }
  const k = picked ?? 1;
  const n = record.files.length;
  return {
    ...base,
    action: 'move',
    reason: picked
      ? `picked candidate ${k} of ${n}`
      : `no pick in the pull request: used candidate 1 of ${n}`,
    source: candidateSource(base.fp, base.entry, record, k),
    fromCandidates: { record, k },
  };
}

/**
 * After the rules: on a candidates run, an entry with `candidates: N` that generates buys a set
 * instead, and a request paid for as a set is collected as one; an entry whose `@id` input awaits a
 * pick (or is being bought as a set) waits too, instead of being made from an image nobody chose.
 */
export function applyCandidates(
  planned: PlannedEntry[],
  lock: Lockfile,
  manifest: Pick<Manifest, 'candidatesDir' | 'dir' | 'workspace'>,
  candidatesRun: boolean,
): PlannedEntry[] {
  const out = planned.map((p) => {
    const pendingSet = p.action === 'resume' ? p.pending?.candidates : undefined;
    const buys = p.action === 'generate' && candidatesRun && p.entry.candidates !== undefined && !isRepair(p);
    if (!pendingSet && !buys) return p;
    const n = pendingSet ?? p.entry.candidates!;
    const reason = buys ? `${p.reason}: buying ${plural(n, 'candidate')} to pick from` : p.reason;
    return { ...p, entry: candidateSetEntry(p.entry, n, manifest), reason, candidateSet: { n } };
  });
  shareChosenCandidate(out);
  followAwaitedSets(out, lock, manifest);
  const byId = new Map(out.map((p) => [p.entry.id, p]));
  const waits = (p: PlannedEntry | undefined): boolean =>
    p !== undefined && (p.action === 'await' || p.candidateSet !== undefined);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [i, p] of out.entries()) {
      if (['await', 'unchanged', 'kept', 'skip', 'resume'].includes(p.action)) continue;
      if (p.candidateSet) continue;
      // An identical entry copies the image of its leader: a leader buying or awaiting a set has none yet.
      const leader = p.copyOf !== undefined && waits(byId.get(p.copyOf)) ? p.copyOf : undefined;
      const upstream = p.entry.inputs.find((r) => r.kind === 'ref' && waits(byId.get(r.id)));
      if (leader === undefined && upstream?.kind !== 'ref') continue;
      const reason =
        leader !== undefined
          ? `same as ${leader}, which awaits a pick`
          : `input ${(upstream as { id: string }).id} awaits a pick`;
      const { source: _moved, copyOf: _copied, ...rest } = p;
      const waiting: PlannedEntry = { ...rest, action: 'await', reason };
      out[i] = waiting;
      byId.set(p.entry.id, waiting);
      changed = true;
    }
  }
  return out;
}

/**
 * An entry whose recorded image has this very fingerprint, generated only because its files are gone
 * (not forced, not stale): the choice for this fingerprint was made (picked, or candidate 1 used), so
 * the image is repaired like any other — from the image cache first, else one image — and no new set
 * is bought. A set would show reviewers a choice already made, pay N for one lost file, and leave the
 * record naming the missing file until a pick (candidates are keyed by fingerprint, §10).
 */
function isRepair(p: PlannedEntry): boolean {
  return !p.bypassCache && p.previous !== undefined && p.previous.fingerprint === p.fp.value;
}

/**
 * A paid set follows its fingerprint, like a pending request (§4): an entry that awaits a set
 * recorded under another id (it was renamed, or the identical entry that bought it changed) takes
 * the set into its own folder, `<candidates-dir>/<id>/<k>`, so a new set bought under the old id
 * never lands on it. The first such entry carries it; identical entries show it where it went. The
 * set stays where it is while the id it is recorded under still has its fingerprint, or when its new
 * place holds another set that an entry awaits.
 */
function followAwaitedSets(
  out: PlannedEntry[],
  lock: Lockfile,
  manifest: Pick<Manifest, 'candidatesDir' | 'dir' | 'workspace'>,
): void {
  const holders = new Set(out.map((p) => `${p.entry.id}\0${p.fp.value}`));
  const awaited = new Set(out.flatMap((p) => (p.action === 'await' && p.awaiting ? [p.fp.value] : [])));
  const carried = new Map<string, ResolvedEntry>();
  for (const [i, p] of out.entries()) {
    const set = p.awaiting;
    if (p.action !== 'await' || !set || set.id === p.entry.id) continue;
    if (holders.has(`${set.id}\0${p.fp.value}`)) continue;
    const already = carried.get(p.fp.value);
    const to = already ?? candidateSetEntry(p.entry, set.files.length, manifest);
    if (!already && setsAt(lock, to.out, p.fp.value).some((fp) => awaited.has(fp))) continue;
    carried.set(p.fp.value, to);
    out[i] = { ...p, setMove: { out: to.out, outWorkspace: to.outWorkspace, carries: !already } };
  }
}

/**
 * The fingerprints of the sets, other than `fp`'s, recorded with a file at one of `paths`
 * (manifest-relative): a set written there replaces them (their images stay in the image cache).
 */
export function setsAt(lock: Pick<Lockfile, 'candidates'>, paths: readonly string[], fp: string): string[] {
  const at = new Set(paths);
  return Object.entries(lock.candidates).flatMap(([other, set]) =>
    other !== fp && set.files.some((f) => at.has(f.path)) ? [other] : [],
  );
}

/**
 * Identical entries (one fingerprint) share one set: the first that uses a candidate takes it (and
 * removes the set's files); the others copy its image, as identical entries always do.
 */
function shareChosenCandidate(out: PlannedEntry[]): void {
  const first = new Map<string, PlannedEntry>();
  for (const [i, p] of out.entries()) {
    if (!p.fromCandidates) continue;
    const leader = first.get(p.fp.value);
    if (!leader) {
      first.set(p.fp.value, p);
      continue;
    }
    const { fromCandidates: _chosen, source: _moved, ...rest } = p;
    out[i] = {
      ...rest,
      action: 'copy',
      copyOf: leader.entry.id,
      reason: `copied — same as ${leader.entry.id}`,
    };
  }
}
