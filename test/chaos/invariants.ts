/**
 * What must hold after every run of a chaos trial, and after the trial as a whole, whatever the
 * faults: nothing paid twice, nothing paid lost, the lockfile true to the disk, the key nowhere,
 * and a run that says "failed" exactly when something failed.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunEvent } from '../../src/engine/types.js';
import type { Lockfile } from '../../src/plan/lockfile.js';
import type { RunReport } from '../../src/report/types.js';
import type { JobRecord } from '../emulator/index.js';
import { sniff } from '../emulator/testkit.js';
import { candidateRequestIds, checkCandidateImages, checkCandidateSets } from './candidates.js';
import { filesHolding, keyForms } from './chaos-ws.js';

export type Lock = Lockfile;

export const INVARIANTS = [
  'paid-twice',
  'paid-image-lost',
  'lockfile-names-missing-file',
  'record-mismatch',
  'key-leak',
  'status-truth',
  'temp-file-left',
  'unmapped-job',
  'run-threw',
  'git-changed',
  'run-lock-left',
  'submitting-left',
  'unverified-image',
  'pick-paid',
  // concurrency and the gateway's hidden limits (limits.ts)
  'over-limit',
  'cap-exceeded',
  '429-charged',
  '429-storm',
] as const;
export type Invariant = (typeof INVARIANTS)[number];

export interface Violation {
  readonly invariant: Invariant;
  readonly detail: string;
}

/** What one run left behind, as the checks need it. */
export interface RunFacts {
  readonly index: number;
  readonly dir: string;
  readonly report?: RunReport;
  readonly events: readonly RunEvent[];
  /** Entry id → fingerprint for this run's manifest. */
  readonly fingerprints: ReadonlyMap<string, string>;
  readonly lock?: Lock;
  readonly lockText: string;
  /** Runs of the built bundle: its exit code and everything it printed (stdout, stderr, outputs, summary). */
  readonly action?: { readonly code: number | null; readonly printed: string };
  /** The run was SIGKILLed: it may leave its lock, intents and temp files; it has no report. */
  readonly killed?: boolean;
  /** The run's disk filled up under it: intents may stay (the write that moves them failed). */
  readonly diskFilled?: boolean;
  /** The first of two runs at once: the lockfile is the later run's, so its report is not held against it. */
  readonly partial?: boolean;
  /** Whether `<lockfile>.lock` exists after the run. */
  readonly runLockLeft?: boolean;
  /** `.git` (minus index and reflogs) before and after the run; undefined without git. */
  readonly git?: { readonly before: string | undefined; readonly after: string | undefined };
  /** Other folders the run wrote to (the image cache), searched for the key too. */
  readonly alsoWritten?: readonly string[];
  /**
   * In-process runs: `events` and `report` are the engine's own objects before any sink (the one
   * redactor works at the sinks, SPEC §9), so they are not searched for the key; the files are.
   */
  readonly preSink?: boolean;
  /** Temp files a killed run left (not this run's). */
  readonly leftByKill?: ReadonlySet<string>;
  /** The sha256 of every image the emulator made in this trial, and by the fingerprint it was made for. */
  readonly genuine?: Genuine;
}

/** The images the emulator made: any of them may be written; a record holds only its fingerprint's. */
export interface Genuine {
  readonly all: ReadonlySet<string>;
  readonly byFingerprint: ReadonlyMap<string, ReadonlySet<string>>;
}

const EXT_FORMAT: Readonly<Record<string, string>> = { png: 'png', jpg: 'jpeg', webp: 'webp' };

/** Every file under the workspace, relative, `/`-separated. */
async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Whether a record's files are on disk with the recorded bytes and the format their extension says. */
async function checkRecordFiles(dir: string, lock: Lock, out: Violation[]): Promise<Set<string>> {
  const good = new Set<string>();
  for (const [id, rec] of Object.entries(lock.images)) {
    let ok = true;
    for (const f of rec.files) {
      let bytes: Buffer;
      try {
        bytes = await readFile(path.resolve(dir, f.path));
      } catch {
        out.push({ invariant: 'lockfile-names-missing-file', detail: `${id}: ${f.path}` });
        ok = false;
        continue;
      }
      const sha = createHash('sha256').update(bytes).digest('hex');
      const want = EXT_FORMAT[path.extname(f.path).slice(1)];
      if (sha !== f.sha256 || bytes.length !== f.bytes || sniff(bytes) !== want) {
        out.push({ invariant: 'record-mismatch', detail: `${id}: ${f.path} does not match its record` });
        ok = false;
      }
    }
    if (ok) good.add(id);
  }
  return good;
}

/** The checks after one run. */
export async function checkRun(run: RunFacts, key: string): Promise<Violation[]> {
  const out: Violation[] = [];
  const forms = keyForms(key);
  const holds = (text: string | Buffer): boolean => forms.some((f) => text.includes(f));
  const files = await allFiles(run.dir);
  for (const f of files) {
    if (f.endsWith('.tmp') && !run.killed && !run.leftByKill?.has(f))
      out.push({ invariant: 'temp-file-left', detail: `run ${run.index}: ${f}` });
    if (holds(await readFile(path.join(run.dir, f)).catch(() => Buffer.alloc(0))))
      out.push({ invariant: 'key-leak', detail: `run ${run.index}: in ${f}` });
  }
  for (const dir of run.alsoWritten ?? [])
    for (const f of await filesHolding(dir, forms))
      out.push({ invariant: 'key-leak', detail: `run ${run.index}: in ${path.basename(dir)}/${f}` });
  if (!run.preSink && holds(JSON.stringify(run.events)))
    out.push({ invariant: 'key-leak', detail: `run ${run.index}: in events` });
  if (!run.preSink && run.report && holds(JSON.stringify(run.report)))
    out.push({ invariant: 'key-leak', detail: `run ${run.index}: in the report` });
  if (run.action && holds(run.action.printed))
    out.push({ invariant: 'key-leak', detail: `run ${run.index}: in what the action printed` });
  if (run.git && run.git.before !== run.git.after)
    out.push({ invariant: 'git-changed', detail: `run ${run.index}: .git changed (publish: none)` });
  if (run.genuine) out.push(...(await checkImages(run, files, run.genuine)));
  if (!run.killed && run.runLockLeft)
    out.push({
      invariant: 'run-lock-left',
      detail: `run ${run.index}: images.lock.json.lock outlived the run`,
    });
  const intents = Object.keys(run.lock?.submitting ?? {});
  if (!run.killed && !run.diskFilled && intents.length > 0)
    out.push({
      invariant: 'submitting-left',
      detail: `run ${run.index}: ${intents.length} intent(s) left in submitting after a run that ended`,
    });
  if (run.killed || run.partial) return out;
  // The step fails exactly when an entry failed (fail-on-error) or the run was cancelled.
  if (run.action && run.report) {
    const shouldFail = run.report.totals.failed > 0 || run.report.cancelled;
    if ((run.action.code !== 0) !== shouldFail)
      out.push({
        invariant: 'status-truth',
        detail: `run ${run.index}: exit code ${run.action.code} with ${run.report.totals.failed} failed${run.report.cancelled ? ', cancelled' : ''}`,
      });
  }
  if (!run.lock) return out;
  const good = await checkRecordFiles(run.dir, run.lock, out);
  const goodSets = await checkCandidateSets(run.dir, run.lock, out);
  const report = run.report;
  if (!report) return out;
  const failing = report.entries.filter((e) => e.status === 'failed' || e.status === 'pending');
  if (report.totals.failed > 0 !== failing.length > 0)
    out.push({
      invariant: 'status-truth',
      detail: `run ${run.index}: totals.failed ${report.totals.failed}, ${failing.length} failing`,
    });
  for (const e of report.entries) {
    const fp = run.fingerprints.get(e.id);
    if (e.status === 'failed' || e.status === 'pending') {
      if (!e.error)
        out.push({ invariant: 'status-truth', detail: `run ${run.index}: ${e.id} failed silently` });
      if (e.status === 'pending' && !Object.keys(run.lock.pending).includes(fp ?? ''))
        out.push({ invariant: 'status-truth', detail: `run ${run.index}: ${e.id} pending but not recorded` });
      continue;
    }
    // Candidates (§10): a set bought or awaiting a pick is recorded under `candidates`, whole on disk;
    // an entry whose input awaits a pick waits, with no image yet.
    if (e.candidates) {
      if (!goodSets.has(fp ?? ''))
        out.push({
          invariant: 'status-truth',
          detail: `run ${run.index}: ${e.id} shows a candidate set that is not recorded and on disk`,
        });
      continue;
    }
    if (e.action === 'await') continue;
    const rec = run.lock.images[e.id];
    if (!rec || rec.fingerprint !== fp || !good.has(e.id))
      out.push({
        invariant: 'status-truth',
        detail: `run ${run.index}: ${e.id} is "${e.status}" but its image is not recorded and on disk`,
      });
  }
  return out;
}

/**
 * No bytes land that the emulator did not make: every image file under the workspace is one of the
 * trial's genuine images (not a cut-off, garbage, corrupt or poisoned copy), and every recorded file
 * is an image made for that record's fingerprint (not another entry's image a poisoned cache swapped in).
 */
async function checkImages(run: RunFacts, files: readonly string[], genuine: Genuine): Promise<Violation[]> {
  const out: Violation[] = [];
  const sha = async (f: string): Promise<string | undefined> => {
    const bytes = await readFile(path.join(run.dir, f)).catch(() => undefined);
    return bytes && createHash('sha256').update(bytes).digest('hex');
  };
  for (const f of files) {
    if (!(f.startsWith('img/') || f.startsWith('.pixazo/candidates/')) || f.endsWith('.tmp')) continue;
    const h = await sha(f);
    if (h && !genuine.all.has(h))
      out.push({
        invariant: 'unverified-image',
        detail: `run ${run.index}: ${f} is no image the gateway made`,
      });
  }
  for (const [id, rec] of Object.entries(run.lock?.images ?? {})) {
    const made = genuine.byFingerprint.get(rec.fingerprint);
    for (const f of rec.files)
      if (!made?.has(f.sha256))
        out.push({
          invariant: 'unverified-image',
          detail: `run ${run.index}: ${id} records ${f.path} with bytes not made for its fingerprint`,
        });
  }
  out.push(...checkCandidateImages(run.lock, genuine, run.index));
  return out;
}

/** One accepted job, with the fingerprint of the entry that asked for it. */
export interface PaidJob {
  readonly job: JobRecord;
  readonly fingerprint: string;
  readonly run: number;
}

/**
 * The checks over the whole trial: no fingerprint accepted-and-charged twice (ERROR is refunded)
 * unless the trial may pay twice; every completed job still wanted is recorded with its files, or
 * still pending, or remembered as failed or unknown.
 */
export function checkTrial(
  paid: readonly PaidJob[],
  last: RunFacts,
  mayPayTwice: boolean,
  /** Fingerprints the trial itself made pay again (their image deleted, the cache poisoned or empty). */
  mayRepay: ReadonlySet<string> = new Set(),
): Violation[] {
  const out: Violation[] = [];
  const byFp = new Map<string, PaidJob[]>();
  for (const p of paid) {
    if (p.job.outcome === 'ERROR') continue;
    byFp.set(p.fingerprint, [...(byFp.get(p.fingerprint) ?? []), p]);
  }
  if (!mayPayTwice)
    for (const [fp, list] of byFp)
      if (list.length > 1 && !mayRepay.has(fp))
        out.push({
          invariant: 'paid-twice',
          detail: `${fp.slice(0, 19)}… "${list[0]!.job.prompt}" accepted ${list.length}× (runs ${list.map((p) => p.run).join(', ')})`,
        });
  const lock = last.lock;
  if (!lock) return out;
  const wanted = new Set(last.fingerprints.values());
  const recorded = new Set([
    ...Object.values(lock.images).flatMap((r) => (r.request_id ? [r.request_id] : [])),
    ...candidateRequestIds(lock),
  ]);
  for (const [fp, list] of byFp) {
    if (!wanted.has(fp)) continue;
    const completed = list.filter((p) => p.job.outcome === 'COMPLETED');
    if (completed.length === 0) continue;
    if (lock.pending[fp] || lock.failed[fp] || lock.unknown?.[fp]) continue;
    if (completed.some((p) => recorded.has(p.job.requestId))) continue;
    // A record the trial erased comes back from the cache without its request id.
    if (mayRepay.has(fp) && Object.values(lock.images).some((r) => r.fingerprint === fp)) continue;
    out.push({
      invariant: 'paid-image-lost',
      detail: `"${completed[0]!.job.prompt}" completed (${completed[0]!.job.requestId}) but is not recorded, pending, failed or unknown`,
    });
  }
  return out;
}
