import path from 'node:path';
import { FileVerifier } from '../plan/files.js';
import { fingerprintAll } from '../plan/fingerprint.js';
import { moveStaleIntents, type Tidied, tidyLockfile } from '../plan/housekeeping.js';
import { emptyLockfile, type Lockfile, parseLockfile } from '../plan/lockfile.js';
import { type PlannedEntry, planEntries } from '../plan/planner.js';
import { shardEntries } from '../plan/select.js';
import type { OrphanReport, RunReport } from '../report/types.js';
import { readTextIfExists } from '../shared/fs.js';
import { toPosix } from '../shared/paths.js';
import { plural } from '../shared/words.js';
import { writeImageIndex } from '../site/image-index.js';
import { EntryRunner } from './entries.js';
import { ConfigError } from './errors.js';
import { Execution } from './execution.js';
import { preflightInputs } from './inputs.js';
import { buildReport, checkBudget, entryReport, findOrphans, type ReportParts } from './plan-report.js';
import { deleteRecorded, recordedFileGone } from './prune.js';
import { LockRecords } from './records.js';
import { LockStore } from './store.js';
import type { EngineDeps, RunEvent, RunOptions } from './types.js';
import { checkUnclaimed, reportUnclaimed } from './unclaimed.js';

const DEFAULT_GRACE_MS = 5000;

/**
 * One run: plan every selected entry, check the budget, then (unless dry-run or plan-only)
 * carry out the plan with bounded concurrency, writing files atomically and the lockfile as
 * results arrive. Returns the report; throws ManifestError/LockfileError/ConfigError before any
 * spend, BudgetError with the refused plan.
 */
export async function runEngine(opts: RunOptions, deps: EngineDeps): Promise<RunReport> {
  const { manifest } = opts;
  const clock = deps.clock;
  const started = clock.now();
  const emit = deps.events ?? (() => {});
  const lockDisplay = toPosix(path.relative(manifest.workspace, opts.lockfilePath));
  if (
    manifest.index &&
    path.resolve(manifest.index.abs).toLowerCase() === path.resolve(opts.lockfilePath).toLowerCase()
  )
    throw new ConfigError(
      `index: ${manifest.index.workspacePath} is the lockfile; name another file for the index`,
    );
  const verifier = new FileVerifier(manifest.workspace);
  verifier.prefetch();
  const lockText = await readTextIfExists(opts.lockfilePath);
  const lock = lockText === undefined ? emptyLockfile() : parseLockfile(lockText, lockDisplay);

  emit({
    type: 'phase',
    phase: 'plan',
    message: `Planning ${plural(manifest.entries.length, 'entry', 'entries')} of ${manifest.displayPath}`,
  });
  let selected = manifest.entries.filter((e) => !opts.only || opts.only(e.id));
  if (opts.shard) selected = shardEntries(selected, opts.shard);
  const fingerprints = await fingerprintAll(manifest.entries);
  // Rule 1a (the planner's, done here too so the run knows the lockfile changed).
  const staleIntents = moveStaleIntents(lock);
  const planned = await planEntries({
    entries: selected,
    fingerprints,
    lock,
    dir: manifest.dir,
    verifier,
    ...(opts.force ? { force: opts.force } : {}),
    retryUnknownSubmits: opts.retryUnknownSubmits ?? false,
    names: opts.names,
    now: clock.now(),
    allIds: manifest.entries.map((e) => e.id),
    manifest,
    ...(opts.candidates !== undefined && { candidates: opts.candidates }),
    ...(opts.pick && { pick: opts.pick }),
  });
  const reports = new Map(planned.map((p) => [p.entry.id, entryReport(p, opts)]));
  const orphans = findOrphans(lock, manifest.entries, opts);
  // A record whose files are all gone is dropped by any run that writes, --prune or not.
  const gone =
    opts.dryRun || !deps.gateway || !tidies(opts)
      ? new Set<string>()
      : await goneOrphans(orphans, lock, opts);
  const parts = (more: Partial<ReportParts> = {}): ReportParts => ({
    opts,
    lockfile: lockDisplay,
    entries: [...reports.values()],
    orphans,
    startedAt: started,
    elapsedMs: clock.now() - started,
    spentTotal: lock.spent_usd,
    planOnly: !deps.gateway,
    ...more,
  });
  announcePlan(planned, opts, emit);
  checkBudget(opts, [...reports.values()], () => buildReport(parts()));
  const wanted = new Set([...fingerprints.values()].map((f) => f.value));
  let tidied = tidyLockfile(lock, wanted, clock.now());
  if (!opts.dryRun && deps.gateway && tidied.unclaimed.length > 0) {
    const gateway = deps.gateway;
    const forgotten = await checkUnclaimed(tidied.unclaimed, lock, gateway, () => clock.now(), opts.signal);
    if (forgotten.length > 0)
      tidied = {
        ...tidied,
        unclaimed: tidied.unclaimed.filter((p) => !forgotten.includes(p)),
        forgotten,
        changed: true,
      };
  }
  reportUnclaimed(tidied, emit);
  if (opts.dryRun || !deps.gateway) return withIndex(buildReport(parts()), opts, false);
  // A no-op touches nothing: the lockfile is left byte for byte as it was, and so is a correct index.
  if (nothingToDo(planned, tidied, staleIntents.length > 0, opts, orphans, gone))
    return withIndex(buildReport(parts()), opts, await updateIndex(opts, lock, emit));
  await preflightInputs(planned, manifest.entries, deps, opts.names);

  const records = new LockRecords(
    new LockStore(opts.lockfilePath, lock, lockText, opts.manifest.workspace, lockDisplay),
    () => clock.now(),
    deps.cache,
  );
  const execution = new Execution(opts, deps.gateway, clock, records, emit, started);
  execution.prepoll(planned.flatMap((p) => (p.pending ? [p.pending.request_id] : [])));
  const runner = new EntryRunner(opts, deps, execution, records, reports, planned);

  emit({ type: 'phase', phase: 'generate', message: 'Generating' });
  let crash: unknown;
  await runner.runAll(planned).catch((err: unknown) => {
    crash = err;
  });
  // Every intent was moved by its answer; one left means its submit's fate is unknown.
  // A final write that fails (a full disk) does not stop the finish; the run fails with it at the end.
  let saveError: unknown;
  const saveFinal = (write: Promise<void>): Promise<void> =>
    write.then(
      () => {
        saveError = undefined;
      },
      (err: unknown) => {
        saveError = err;
      },
    );
  await saveFinal(records.settleIntents());
  await saveFinal(records.save());

  emit({ type: 'phase', phase: 'finish', message: 'Finishing' });
  if (tidies(opts) && !opts.signal?.aborted)
    await prune(orphans, gone, records.lock, opts, runner.deleted, emit);
  await saveFinal(records.save());
  const index = await updateIndex(opts, records.lock, emit);
  await settleCacheSaves(records.cacheSaves, opts);
  if (crash) throw crash;
  if (saveError) throw saveError;
  const report = buildReport(
    parts({
      submissions: execution.counts,
      concurrency: execution.limiter.report(execution.counts.rateLimited),
      spentTotal: lock.spent_usd,
      filesWritten: runner.written,
      filesDeleted: runner.deleted,
      lockfileChanged: records.changedFrom(lockText),
    }),
  );
  return withIndex(report, opts, index);
}

/**
 * Brings the image index (`index:`) up to date with the lockfile; returns whether this run wrote it.
 * The images are already written and recorded, so a failure here is a warning: the next run writes
 * the index.
 */
async function updateIndex(opts: RunOptions, lock: Lockfile, emit: (e: RunEvent) => void): Promise<boolean> {
  const target = opts.manifest.index;
  if (!target) return false;
  try {
    const { written, unsized } = await writeImageIndex(opts.manifest, lock);
    for (const id of unsized.sort())
      emit({
        type: 'warning',
        message: `${id}: left out of the image index ${target.workspacePath}: a recorded image file is missing or unreadable, so its size is unknown.`,
        id,
      });
    if (written) emit({ type: 'notice', message: `Wrote the image index ${target.workspacePath}.` });
    return written;
  } catch (err) {
    emit({
      type: 'warning',
      message: `Could not write the image index ${target.workspacePath} (${(err as Error).message}); the images and the lockfile are written, and the next run writes the index.`,
      file: target.workspacePath,
    });
    return false;
  }
}

function withIndex(report: RunReport, opts: RunOptions, changed: boolean): RunReport {
  const target = opts.manifest.index;
  if (target) report.index = { file: target.workspacePath, changed };
  return report;
}

/** One event per entry as planned; a hand-edited file also gets a warning on the file itself. */
function announcePlan(planned: readonly PlannedEntry[], opts: RunOptions, emit: (e: RunEvent) => void): void {
  for (const p of planned) {
    emit({
      type: 'entry',
      id: p.entry.id,
      state: 'planned',
      action: p.action,
      elapsedMs: 0,
      detail: p.reason === p.action ? p.action : `${p.action}: ${p.reason}`,
    });
    for (const f of p.edited ?? []) {
      const file = toPosix(path.relative(opts.manifest.workspace, path.resolve(opts.manifest.dir, f.path)));
      emit({
        type: 'warning',
        message: `${p.entry.id}: ${file} was edited by hand, so it is kept as it is${p.staleKept ? ' although it is older than max_age' : ''}; force the entry to regenerate it.`,
        id: p.entry.id,
        file,
      });
    }
  }
}

function nothingToDo(
  planned: readonly PlannedEntry[],
  tidied: Tidied,
  movedIntents: boolean,
  opts: RunOptions,
  orphans: readonly OrphanReport[],
  gone: ReadonlySet<string>,
): boolean {
  if (!planned.every((p) => p.action === 'unchanged' || p.action === 'kept' || p.action === 'await'))
    return false;
  if ((opts.prune && orphans.length > 0) || gone.size > 0) return false;
  // A lockfile with intents left by a stopped run (moved to unknown when planning) is rewritten.
  return !tidied.changed && !movedIntents;
}

/**
 * Orphans are tidied only by a run over the whole manifest: a run restricted by `only`, or a shard
 * other than the first, cannot tell an orphan from an entry it did not look at.
 */
function tidies(opts: RunOptions): boolean {
  return !opts.only && (!opts.shard || opts.shard.index === 1);
}

/** Orphans none of whose files is left (each missing, or claimed by an entry of the manifest). */
async function goneOrphans(
  orphans: readonly OrphanReport[],
  lock: Lockfile,
  opts: RunOptions,
): Promise<Set<string>> {
  const { workspace, dir } = opts.manifest;
  const claimed = new Set(opts.manifest.entries.flatMap((e) => e.out));
  const gone = new Set<string>();
  for (const o of orphans) {
    const files = lock.images[o.id]?.files ?? [];
    const left = await Promise.all(
      files.map(async (f) => !claimed.has(f.path) && !(await recordedFileGone(workspace, dir, f.path))),
    );
    if (!left.includes(true)) gone.add(o.id);
  }
  return gone;
}

/**
 * With `prune`, orphans' files are deleted only when they are still exactly what this tool wrote
 * (see deleteRecorded); a file kept gets a warning. The record goes once none of its files is left,
 * and, with or without `prune`, when none was left before the run (`gone`).
 */
async function prune(
  orphans: OrphanReport[],
  gone: ReadonlySet<string>,
  lock: Lockfile,
  opts: RunOptions,
  deleted: string[],
  emit: (e: RunEvent) => void,
): Promise<void> {
  const { workspace, dir } = opts.manifest;
  const claimed = new Set(opts.manifest.entries.flatMap((e) => e.out));
  for (const o of orphans) {
    const record = lock.images[o.id];
    if (!record) continue;
    if (!opts.prune) {
      if (!gone.has(o.id)) continue;
      delete lock.images[o.id];
      o.pruned = true;
      emit({
        type: 'notice',
        message: `Dropped the record of "${o.id}": it left the manifest and its files are gone.`,
      });
      continue;
    }
    let kept = 0;
    for (const f of record.files) {
      if (claimed.has(f.path)) continue;
      const done = await deleteRecorded(workspace, dir, f);
      if (!done) continue;
      const file = toPosix(path.relative(workspace, path.resolve(dir, f.path)));
      if ('deleted' in done) {
        deleted.push(file);
        emit({ type: 'notice', message: `Pruned ${file} (entry "${o.id}" left the manifest).` });
      } else {
        kept++;
        emit({
          type: 'warning',
          message: `Not pruning ${file} of "${o.id}": ${done.kept}. Delete it by hand if it is no longer needed.`,
          id: o.id,
          file,
        });
      }
    }
    if (kept > 0) continue;
    delete lock.images[o.id];
    o.pruned = true;
  }
}

/** The cache is best effort: after a cancel it gets what is left of the grace period, no more. */
async function settleCacheSaves(saves: readonly Promise<void>[], opts: RunOptions): Promise<void> {
  const all = Promise.allSettled(saves);
  if (!opts.signal?.aborted) {
    await all;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, opts.cancelGraceMs ?? DEFAULT_GRACE_MS);
  });
  await Promise.race([all, grace]);
  clearTimeout(timer);
}
