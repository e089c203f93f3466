/**
 * Candidates (§10) in chaos trials: what kind of run each run of a trial with candidate entries is
 * (a pull request run, a push run, a pick), and the checks that hold for candidate sets — a set
 * recorded under `candidates` has its files on disk with the recorded bytes, made by the gateway for
 * that fingerprint, and a pick never pays.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunOptions } from '../../src/engine/types.js';
import { idMatcher } from '../../src/plan/select.js';
import { sniff } from '../emulator/testkit.js';
import type { Genuine, Lock, Violation } from './invariants.js';
import type { EntrySpec, Trial } from './trial.js';

/** What a run of a trial with candidates adds to its options; `pick` names the entry a pick run picks. */
export interface CandidateRunMode {
  readonly opts: Partial<RunOptions>;
  /** A pull request run: the built action runs on a `pull_request` event. */
  readonly pr: boolean;
  readonly pick?: string;
}

/**
 * The run's mode. A pick is made only when the entry's set is recorded (as the action and the CLI
 * check before they run); otherwise the run is a pull request run.
 */
export async function candidateRunMode(
  trial: Trial,
  run: number,
  entries: readonly EntrySpec[],
  fingerprints: ReadonlyMap<string, string>,
  dir: string,
): Promise<CandidateRunMode> {
  const spec = trial.candidateRuns?.[run];
  if (!spec || spec.kind === 'push') return { opts: {}, pr: false };
  if (spec.kind === 'pick') {
    const id = entries[spec.index]?.id;
    const lock = await readFile(path.join(dir, 'images.lock.json'), 'utf8')
      .then((t) => JSON.parse(t) as Lock)
      .catch(() => undefined);
    const set = id === undefined ? undefined : lock?.candidates?.[fingerprints.get(id) ?? ''];
    if (id !== undefined && set && spec.k <= set.files.length)
      return { opts: { pick: { id, k: spec.k }, only: idMatcher([id]) }, pr: false, pick: id };
  }
  return { opts: { candidates: true }, pr: true };
}

const EXT_FORMAT: Readonly<Record<string, string>> = { png: 'png', jpg: 'jpeg', webp: 'webp' };

/**
 * Every recorded candidate set's files are on disk with the recorded bytes and format; returns the
 * fingerprints whose sets are whole.
 */
export async function checkCandidateSets(dir: string, lock: Lock, out: Violation[]): Promise<Set<string>> {
  const good = new Set<string>();
  for (const [fp, set] of Object.entries(lock.candidates ?? {})) {
    let ok = true;
    for (const f of set.files) {
      const bytes = await readFile(path.resolve(dir, f.path)).catch(() => undefined);
      if (!bytes) {
        out.push({ invariant: 'lockfile-names-missing-file', detail: `candidates of ${set.id}: ${f.path}` });
        ok = false;
        continue;
      }
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (
        sha !== f.sha256 ||
        bytes.length !== f.bytes ||
        sniff(bytes) !== EXT_FORMAT[path.extname(f.path).slice(1)]
      ) {
        out.push({
          invariant: 'record-mismatch',
          detail: `candidates of ${set.id}: ${f.path} does not match its record`,
        });
        ok = false;
      }
    }
    if (ok) good.add(fp);
  }
  return good;
}

/** Every recorded candidate was made by the gateway for the set's fingerprint. */
export function checkCandidateImages(lock: Lock | undefined, genuine: Genuine, index: number): Violation[] {
  const out: Violation[] = [];
  for (const [fp, set] of Object.entries(lock?.candidates ?? {})) {
    const made = genuine.byFingerprint.get(fp);
    for (const f of set.files)
      if (!made?.has(f.sha256))
        out.push({
          invariant: 'unverified-image',
          detail: `run ${index}: candidates of ${set.id} record ${f.path} with bytes not made for its fingerprint`,
        });
  }
  return out;
}

/** Request ids a candidate set holds: a completed job recorded there is not lost. */
export function candidateRequestIds(lock: Lock): string[] {
  return Object.values(lock.candidates ?? {}).flatMap((s) => (s.request_id ? [s.request_id] : []));
}
