/**
 * Merging two lockfiles by entry, never textually: what a push that raced another run (or shard)
 * commits. The format itself is ./lockfile.ts.
 */
import { addCost } from '../models/pricing.js';
import { type Lockfile, type LockRecord, parseLockfile, stableStringify } from './lockfile.js';

/**
 * Merge two lockfiles by entry, never textually: used when a push raced another run (or shard).
 * `touched` are the entry ids (and fingerprints, for the fingerprint maps) this run changed: for
 * those ours wins, for the rest theirs wins. Every fingerprint map merges per fingerprint; where
 * the result has one fingerprint in two maps, the most advanced state wins (see STATE_ORDER), and
 * a recorded image made after a record's time wins over it (that request was collected). Spend
 * adds up: `base` is the spend both started from.
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
  const merged = {
    version: 1,
    spent_usd: addCost(theirs.spent_usd, Math.max(0, ours.spent_usd - touched.baseSpent)),
    images,
  } as Lockfile;
  for (const key of FINGERPRINT_MAPS) {
    const map: Record<string, unknown> = { ...theirs[key] };
    for (const fp of touched.fingerprints) {
      const mine = ours[key][fp];
      if (mine) map[fp] = mine;
      else delete map[fp];
    }
    (merged as Record<FingerprintMap, unknown>)[key] = map;
  }
  keepMostAdvanced(merged);
  return merged;
}

/**
 * The fingerprint maps, most advanced state first: where a merge finds one fingerprint in two of
 * them, the first wins and the others lose it (a state is in one map at a time). A recorded image
 * beats them all.
 */
const STATE_ORDER = ['candidates', 'pending', 'submitting', 'unknown', 'failed'] as const;
/** The lockfile's maps keyed by fingerprint (each record names its entry by `id`). */
const FINGERPRINT_MAPS = STATE_ORDER;
type FingerprintMap = (typeof FINGERPRINT_MAPS)[number];

/** When a fingerprint map's record was made (its state began). */
function recordTime(key: FingerprintMap, record: object): number {
  const r = record as { at?: string; submitted_at?: string; created_at?: string };
  const at = key === 'pending' ? r.submitted_at : key === 'candidates' ? r.created_at : r.at;
  return Date.parse(at ?? '');
}

/** One state per fingerprint: the most advanced wins; an image recorded after a record supersedes it. */
function keepMostAdvanced(lock: Lockfile): void {
  const imageTime = new Map<string, number>();
  for (const r of Object.values(lock.images)) {
    const t = Date.parse(r.generated_at);
    imageTime.set(r.fingerprint, Math.max(imageTime.get(r.fingerprint) ?? -Infinity, t));
  }
  const seen = new Set<string>();
  for (const key of STATE_ORDER) {
    const map = lock[key] as Record<string, object>;
    for (const [fp, record] of Object.entries(map)) {
      const collected = (imageTime.get(fp) ?? -Infinity) >= recordTime(key, record);
      if (seen.has(fp) || collected) delete map[fp];
      else seen.add(fp);
    }
  }
}

/**
 * The per-entry lockfile merge for push races: ours for the entries this run touched (and every
 * pending/failed/unknown fingerprint they carry), theirs for the rest; spend adds up: theirs plus
 * this run's cost (so a retried merge never counts our cost twice).
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
  for (const lock of [ours, theirs])
    for (const key of FINGERPRINT_MAPS)
      for (const [fp, r] of Object.entries(lock[key])) if (touchedIds.has(r.id)) fingerprints.add(fp);
  const merged = mergeLockfiles(ours, theirs, {
    ids: touchedIds,
    fingerprints,
    baseSpent: ours.spent_usd - runCost,
  });
  return stableStringify(merged);
}
