import path from 'node:path';
import type { Gateway } from '../gateway/types.js';
import { FileVerifier } from '../plan/files.js';
import { fingerprintAll } from '../plan/fingerprint.js';
import { moveStaleIntents, type Tidied, tidyLockfile } from '../plan/housekeeping.js';
import { emptyLockfile, type Lockfile, parseLockfile } from '../plan/lockfile.js';
import { planEntries } from '../plan/planner.js';
import { shardEntries } from '../plan/select.js';
import type { PlannedEntry } from '../plan/types.js';
import type { OrphanReport, RunReport } from '../report/types.js';
import type { Clock } from '../shared/clock.js';
import { readTextIfExists } from '../shared/fs.js';
import { toPosix } from '../shared/paths.js';
import { plural } from '../shared/words.js';
import { writeImageIndex } from '../site/image-index.js';
import { EntryRunner } from './entries.js';
import { ConfigError } from './errors.js';
import { EntryFeed, SubmitGate } from './feed.js';
import type { GenerateContext } from './generate.js';
import { preflightInputs } from './inputs.js';
import { Ledger } from './ledger.js';
import { Limiter } from './limiter.js';
import { findOrphans, pruneOrphans, tidiesOrphans } from './orphans.js';
import { buildReport, checkBudget, entryReport, type ReportParts } from './plan-report.js';
import { StatusPoller } from './poller.js';
import { LockRecords } from './records.js';
import { Folders, LockStore } from './store.js';
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
  const orphans = await findOrphans(lock, opts);
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
  if (nothingToDo(planned, tidied, staleIntents.length > 0, opts, orphans))
    return withIndex(buildReport(parts()), opts, await updateIndex(opts, lock, emit));
  await preflightInputs(planned, manifest.entries, deps, opts.names);

  const records = new LockRecords(
    new LockStore(opts.lockfilePath, lock, lockText, opts.manifest.workspace, lockDisplay),
    () => clock.now(),
    deps.cache,
  );
  const ctx = carrying(opts, deps.gateway, clock, records, emit, started);
  ctx.poller.prepoll(planned.flatMap((p) => (p.pending ? [p.pending.request_id] : [])));
  const runner = new EntryRunner(opts, deps, ctx, records, reports, planned);

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
  if (tidiesOrphans(opts) && !opts.signal?.aborted)
    await pruneOrphans(orphans, records.lock, opts, runner.deleted, emit);
  await saveFinal(records.save());
  const index = await updateIndex(opts, records.lock, emit);
  await settleCacheSaves(records.cacheSaves, opts);
  if (crash) throw crash;
  if (saveError) throw saveError;
  const report = buildReport(
    parts({
      submissions: ctx.ledger.counts,
      concurrency: ctx.limiter.report(ctx.ledger.counts.rateLimited),
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
): boolean {
  if (!planned.every((p) => p.action === 'unchanged' || p.action === 'kept' || p.action === 'await'))
    return false;
  if ((opts.prune && orphans.length > 0) || orphans.some((o) => o.filesGone)) return false;
  // An awaited set the plan moves (rule 1c) is shown where it goes: it must get there.
  if (planned.some((p) => p.setMove?.carries)) return false;
  // A lockfile with intents left by a stopped run (moved to unknown when planning) is rewritten.
  return !tidied.changed && !movedIntents;
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

/**
 * What carrying out the plan uses, each part in its own place: the in-flight limit, the ledger of
 * submissions and charges, the status poller, the events, the stop of new submits, the folders made.
 */
function carrying(
  opts: RunOptions,
  gateway: Gateway,
  clock: Clock,
  records: LockRecords,
  emit: (e: RunEvent) => void,
  started: number,
): GenerateContext {
  const feed = new EntryFeed(emit, clock, started);
  const gate = new SubmitGate(feed, opts.signal);
  const limiter = new Limiter(opts.concurrency, clock);
  const poller = new StatusPoller(gateway, clock, opts.signal, opts, limiter, feed, gate, () => records.lock);
  return {
    gateway,
    clock,
    signal: opts.signal,
    limiter,
    ledger: new Ledger(),
    poller,
    feed,
    gate,
    folders: new Folders(opts.manifest.workspace),
    opts,
  };
}
