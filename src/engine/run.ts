import path from 'node:path';
import type { ResolvedEntry } from '../manifest/types.js';
import { addCost, entryPrice } from '../models/pricing.js';
import { FORMAT_EXT, pricingQuality } from '../models/registry.js';
import { FileVerifier, hashFileBoth } from '../plan/files.js';
import { fingerprintAll } from '../plan/fingerprint.js';
import { emptyLockfile, type LockRecord, parseLockfile, roundUsd } from '../plan/lockfile.js';
import { type PlannedEntry, planEntries } from '../plan/planner.js';
import { shardEntries } from '../plan/select.js';
import type { EntryReport, OrphanReport, RunReport } from '../report/types.js';
import { BudgetError, ConfigError } from './errors.js';
import { Execution } from './execution.js';
import { type GenerateOutcome, generate } from './generate.js';
import { Semaphore } from './schedule.js';
import { copyInto, insideWorkspace, LockStore, readTextIfExists, removeFile } from './store.js';
import type { EngineDeps, RunOptions } from './types.js';

interface EntryResult {
  ok: boolean;
  /** Absolute paths of the entry's files (when ok). */
  files: string[];
  /** Fresh media URLs when generated in this run (dependants send these). */
  mediaUrls?: string[];
}

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
  // git answers for the files while the lockfile is read and the entries fingerprinted.
  const verifier = new FileVerifier(manifest.workspace);
  verifier.prefetch();
  const lockText = await readTextIfExists(opts.lockfilePath);
  const lock = lockText === undefined ? emptyLockfile() : parseLockfile(lockText, lockDisplay);

  emit({
    type: 'phase',
    phase: 'plan',
    message: `Planning ${manifest.entries.length} entries of ${manifest.displayPath}`,
  });
  let selected = manifest.entries.filter((e) => !opts.only || opts.only(e.id));
  if (opts.shard) selected = shardEntries(selected, opts.shard);
  const fingerprints = await fingerprintAll(manifest.entries);
  const planned = await planEntries({
    entries: selected,
    fingerprints,
    lock,
    dir: manifest.dir,
    verifier,
    ...(opts.force ? { force: opts.force } : {}),
    now: Date.now(),
    allIds: manifest.entries.map((e) => e.id),
  });
  const reports = new Map(planned.map((p) => [p.entry.id, entryReport(p, opts, manifest.workspace)]));
  const orphans = findOrphans(lock, manifest.entries, manifest.dir, manifest.workspace);
  const planOnly = !deps.gateway;
  const report = (x?: Execution): RunReport =>
    buildReport(opts, lockDisplay, reports, orphans, started, clock.now(), lock.spent_usd, planOnly, x);

  for (const p of planned)
    emit({
      type: 'entry',
      id: p.entry.id,
      state: 'planned',
      elapsedMs: 0,
      detail: p.reason === p.action ? p.action : `${p.action}: ${p.reason}`,
    });
  checkBudget(opts, [...reports.values()], report);
  if (opts.dryRun || !deps.gateway) return report();
  // A no-op (every entry unchanged or kept, nothing stale to drop, nothing to prune) touches
  // nothing: the lockfile is left byte for byte as it was, without even serializing it again.
  if (nothingToDo(planned, lock, fingerprints, opts, orphans)) return report();
  await preflightInputs(planned, manifest.entries, deps);

  const store = new LockStore(opts.lockfilePath, lock, lockText);
  dropStale(lock, fingerprints, emit);
  const x = new Execution(opts, deps.gateway, clock, store, emit, started, deps.cache);
  x.prepoll(planned.flatMap((p) => (p.pending ? [p.pending.request_id] : [])));
  const slots = new Semaphore(Math.max(1, opts.concurrency));
  // Each entry's result as a promise that exists before any entry starts, so a dependant or a
  // copy can wait for an entry that comes later in the manifest.
  const results = new Map<string, Deferred<EntryResult>>(
    planned.map((p) => [p.entry.id, deferred<EntryResult>()]),
  );
  const resultOf = (id: string): Promise<EntryResult> | undefined => results.get(id)?.promise;
  const cacheSaves: Promise<void>[] = [];
  const claimed = new Set(manifest.entries.flatMap((e) => e.out));
  const written: string[] = [];
  const deleted: string[] = [];

  emit({ type: 'phase', phase: 'generate', message: 'Generating' });
  const runOne = async (p: PlannedEntry): Promise<EntryResult> => {
    const r = reports.get(p.entry.id)!;
    const fail = (error: string, status: 'failed' | 'pending' = 'failed'): EntryResult => {
      r.status = status;
      r.error = error;
      x.event(p.entry.id, status === 'pending' ? 'pending' : 'failed', error);
      return { ok: false, files: [] };
    };
    const record = async (files: string[], extra: Partial<LockRecord>): Promise<EntryResult> => {
      const hashes = await Promise.all(files.map(hashFileBoth));
      const prev = extra.request_id !== undefined ? undefined : (p.source?.record ?? p.previous);
      lock.images[p.entry.id] = {
        ...(prev ?? {
          request_id: null,
          cost_usd: null,
          duration_s: null,
          generated_at: new Date(clock.now()).toISOString(),
        }),
        ...extra,
        fingerprint: p.fp.value,
        parts: { ...p.fp.parts },
        model: p.entry.model,
        quality: pricingQuality(p.entry.params),
        files: hashes.map((h, i) => ({
          path: p.entry.out[i]!,
          sha256: h.sha256,
          blob: h.blob,
          bytes: h.bytes,
        })),
      };
      delete lock.pending[p.fp.value];
      delete lock.failed[p.fp.value];
      written.push(...files.map((f) => toPosix(path.relative(manifest.workspace, f))));
      await store.save();
      return { ok: true, files };
    };
    const targets = p.entry.out.map((rel) => path.resolve(manifest.dir, rel));

    switch (p.action) {
      case 'unchanged':
      case 'kept':
        return { ok: true, files: targets };
      case 'skip':
        return fail(p.reason);
      case 'move': {
        const src = p.source!;
        for (let i = 0; i < targets.length; i++) {
          const from = await insideWorkspace(manifest.workspace, manifest.dir, src.files[i]!.path);
          if (!from) return fail(`recorded file ${src.files[i]!.path} is outside the workspace`);
          await copyInto(from, targets[i]!);
        }
        if (src.id === p.entry.id) {
          for (const f of src.files) {
            const abs = await insideWorkspace(manifest.workspace, manifest.dir, f.path);
            if (abs && !claimed.has(f.path) && (await removeFile(abs)))
              deleted.push(toPosix(path.relative(manifest.workspace, abs)));
          }
        }
        r.status = 'reused';
        x.event(p.entry.id, 'moved', p.reason);
        return record(targets, {});
      }
      case 'copy': {
        const leader = await resultOf(p.copyOf!)!;
        if (!leader.ok) return fail(`blocked: ${p.copyOf} failed`);
        for (let i = 0; i < targets.length; i++) await copyInto(leader.files[i]!, targets[i]!);
        r.status = 'reused';
        const leaderRecord = lock.images[p.copyOf!];
        const copied = await record(targets, {
          request_id: leaderRecord?.request_id ?? null,
          cost_usd: 0,
          duration_s: null,
          generated_at: new Date(clock.now()).toISOString(),
        });
        return leader.mediaUrls ? { ...copied, mediaUrls: leader.mediaUrls } : copied;
      }
    }

    // generate / resume: wait for upstreams, then try the cache, then the gateway.
    const inputUrls: string[] = [];
    for (const input of p.entry.inputs) {
      if (input.kind === 'url') inputUrls.push(input.url);
      else if (input.kind === 'file') inputUrls.push(deps.inputUrl!(input));
      else {
        const up = resultOf(input.id);
        const upResult = up ? await up : undefined;
        if (upResult && !upResult.ok) return fail(`blocked by ${input.id}: it failed in this run`);
        const urls = upResult?.mediaUrls ?? upstreamFileUrls(manifest.entries, input.id, deps);
        inputUrls.push(...(input.index !== undefined ? [urls[input.index - 1]!] : urls));
      }
    }
    if (p.action === 'generate' && !p.bypassCache && deps.cache) {
      const staged = await deps.cache.restore(p.fp.value, p.entry.count, FORMAT_EXT[p.entry.format]);
      if (staged && staged.length === p.entry.count) {
        for (let i = 0; i < targets.length; i++) await copyInto(staged[i]!, targets[i]!);
        r.status = 'reused';
        r.action = 'reuse';
        r.reason = `${r.reason}; restored from cache`;
        r.estimatedCost = 0;
        x.event(p.entry.id, 'reused', 'from cache');
        return record(targets, {
          request_id: null,
          cost_usd: 0,
          duration_s: null,
          generated_at: new Date(clock.now()).toISOString(),
        });
      }
      const pending = await deps.cache.restorePending?.(p.fp.value);
      if (pending) p.pending = pending;
    }
    const release = await slots.acquire();
    let outcome: GenerateOutcome;
    try {
      const resume = p.pending
        ? { requestId: p.pending.request_id, submittedAt: Date.parse(p.pending.submitted_at) }
        : undefined;
      outcome = await generate(x, p.entry, p.fp.value, inputUrls, resume);
    } finally {
      release();
    }
    if (x.possiblyChargedBy.has(p.entry.id)) r.possiblyCharged = x.possiblyChargedBy.get(p.entry.id)!;
    if (outcome.requestId) r.requestId = outcome.requestId;
    switch (outcome.kind) {
      case 'completed': {
        const cost = entryPrice(p.entry, manifest.pricing);
        r.status = 'generated';
        r.cost = cost;
        r.durationS = outcome.durationS;
        r.mediaUrls = outcome.mediaUrls;
        if (cost !== null) lock.spent_usd = roundUsd(lock.spent_usd + cost);
        x.event(p.entry.id, 'written', r.files.join(', '));
        const res = await record(outcome.files, {
          request_id: outcome.requestId,
          cost_usd: cost,
          duration_s: outcome.durationS,
          generated_at: new Date(clock.now()).toISOString(),
        });
        if (deps.cache) cacheSaves.push(deps.cache.save(p.fp.value, outcome.files));
        return { ...res, mediaUrls: outcome.mediaUrls };
      }
      case 'refused': {
        lock.failed[p.fp.value] = {
          id: p.entry.id,
          status: outcome.status,
          error: outcome.error,
          at: new Date(clock.now()).toISOString(),
        };
        delete lock.pending[p.fp.value];
        if (outcome.charged) x.possiblyCharged(p.entry);
        r.possiblyCharged = x.possiblyChargedBy.get(p.entry.id) ?? null;
        if (!outcome.charged) delete r.possiblyCharged;
        await store.save();
        return fail(`${outcome.status === '400' ? 'refused' : 'FAILED'}: ${outcome.error}`);
      }
      case 'pending':
        return fail(outcome.error, 'pending');
      case 'failed':
        if (!outcome.keepPending) {
          delete lock.pending[p.fp.value];
          await store.save();
        }
        if (outcome.error.startsWith('not submitted')) x.counts.notSubmitted++;
        return fail(outcome.error);
    }
  };

  const settled = await Promise.allSettled(
    planned.map((p) =>
      runOne(p).then(
        (r) => results.get(p.entry.id)!.resolve(r),
        (err: unknown) => {
          // Dependants of an entry that crashed are blocked, not left waiting.
          results.get(p.entry.id)!.resolve({ ok: false, files: [] });
          throw err;
        },
      ),
    ),
  );
  await store.save();
  const crash = settled.find((s) => s.status === 'rejected');

  emit({ type: 'phase', phase: 'finish', message: 'Finishing' });
  if (opts.prune && !opts.only && (!opts.shard || opts.shard.index === 1)) {
    for (const o of orphans) {
      for (const f of lock.images[o.id]?.files ?? []) {
        const abs = await insideWorkspace(manifest.workspace, manifest.dir, f.path);
        if (abs && !claimed.has(f.path) && (await removeFile(abs)))
          deleted.push(toPosix(path.relative(manifest.workspace, abs)));
      }
      delete lock.images[o.id];
      o.pruned = true;
    }
  }
  await store.save();
  await Promise.allSettled(cacheSaves);
  if (crash) throw (crash as PromiseRejectedResult).reason;
  const final = report(x);
  final.filesWritten = written;
  final.filesDeleted = deleted;
  final.lockfileChanged = store.changedFrom(lockText);
  return final;
}

/** URLs of an upstream's committed files (an upstream not regenerated in this run). */
function upstreamFileUrls(entries: readonly ResolvedEntry[], id: string, deps: EngineDeps): string[] {
  const up = entries.find((e) => e.id === id)!;
  return up.out.map((rel, i) =>
    deps.inputUrl!({ kind: 'file', path: rel, abs: '', workspacePath: up.outWorkspace[i]! }),
  );
}

/** Before spending: local inputs (and unchanged upstreams' files) must be reachable by the gateway. */
async function preflightInputs(
  planned: readonly PlannedEntry[],
  entries: readonly ResolvedEntry[],
  deps: EngineDeps,
): Promise<void> {
  const toSubmit = planned.filter((p) => p.action === 'generate' || p.action === 'resume');
  // Entries made in this run hand fresh media URLs to their dependants (a copy passes on its
  // leader's); only the others' committed files need a URL of their own.
  const regenerated = new Set(planned.filter((p) => p.action === 'copy').map((p) => p.entry.id));
  for (const p of toSubmit) regenerated.add(p.entry.id);
  const problems: string[] = [];
  for (const p of toSubmit) {
    for (const input of p.entry.inputs) {
      const files =
        input.kind === 'file'
          ? [input]
          : input.kind === 'ref' && !regenerated.has(input.id)
            ? (entries.find((e) => e.id === input.id)?.outWorkspace ?? []).map((w) => ({
                kind: 'file' as const,
                path: w,
                abs: '',
                workspacePath: w,
              }))
            : [];
      for (const file of files) {
        if (!deps.inputUrl) {
          problems.push(
            `${p.entry.id}: the local input ${file.workspacePath} needs a public URL for the gateway to fetch — set input-url-template (CLI: --input-url-template)`,
          );
          continue;
        }
        const problem = await deps.checkInput?.(file);
        if (problem) problems.push(`${p.entry.id}: ${problem}`);
      }
    }
  }
  if (problems.length > 0)
    throw new ConfigError(`Nothing was submitted:\n${[...new Set(problems)].join('\n')}`);
}

function nothingToDo(
  planned: readonly PlannedEntry[],
  lock: ReturnType<typeof emptyLockfile>,
  fingerprints: ReadonlyMap<string, { value: string }>,
  opts: RunOptions,
  orphans: readonly OrphanReport[],
): boolean {
  if (!planned.every((p) => p.action === 'unchanged' || p.action === 'kept')) return false;
  if (opts.prune && orphans.length > 0) return false;
  const recorded = [...Object.keys(lock.pending), ...Object.keys(lock.failed)];
  if (recorded.length === 0) return true;
  const wanted = new Set([...fingerprints.values()].map((f) => f.value));
  return recorded.every((fp) => wanted.has(fp));
}

/** Pending and failed records of fingerprints no entry wants any more are dropped. */
function dropStale(
  lock: ReturnType<typeof emptyLockfile>,
  fingerprints: ReadonlyMap<string, { value: string }>,
  emit: EngineDeps['events'] & {},
): void {
  const wanted = new Set([...fingerprints.values()].map((f) => f.value));
  for (const [fp, pending] of Object.entries(lock.pending)) {
    if (wanted.has(fp)) continue;
    emit({
      type: 'warning',
      message: `Dropping pending request ${pending.request_id} of "${pending.id}": no entry asks for it any more (it may have been charged).`,
      id: pending.id,
    });
    delete lock.pending[fp];
  }
  for (const fp of Object.keys(lock.failed)) if (!wanted.has(fp)) delete lock.failed[fp];
}

function checkBudget(opts: RunOptions, entries: EntryReport[], report: () => RunReport): void {
  if (opts.maxCost === undefined) return;
  const unpriced = entries.filter(
    (e) => (e.action === 'generate' || e.action === 'resume') && e.estimatedCost === null,
  );
  if (unpriced.length > 0) {
    throw new BudgetError(
      `max-cost is set but ${unpriced.map((e) => e.id).join(', ')} ${unpriced.length === 1 ? 'has' : 'have'} no known price (${[...new Set(unpriced.map((e) => e.model))].join(', ')}). Add a pricing: entry to the manifest, e.g.\npricing:\n  ${unpriced[0]!.model}: { default: 0.04 }`,
      report(),
    );
  }
  const total = entries.reduce((sum, e) => addCost(sum, e.estimatedCost ?? 0), 0);
  if (total > opts.maxCost) {
    throw new BudgetError(
      `The plan would cost $${total.toFixed(4)}, over max-cost $${opts.maxCost}: nothing was submitted. Raise max-cost, or narrow the run with only/shard.`,
      report(),
    );
  }
}

function entryReport(p: PlannedEntry, opts: RunOptions, workspace: string): EntryReport {
  const e = p.entry;
  const quality = pricingQuality(e.params);
  const spends = p.action === 'generate' || p.action === 'resume';
  const r: EntryReport = {
    id: e.id,
    action: p.action,
    reason: p.reason,
    status: statusBefore(p.action),
    model: e.model,
    quality,
    images: e.count,
    estimatedCost: spends ? entryPrice(e, opts.manifest.pricing) : 0,
    cost: 0,
    files: [...e.outWorkspace],
    prompt: e.prompt,
  };
  if (p.previous)
    // Usually the same paths as now: their workspace form is known already.
    r.previousFiles = p.previous.files.map((f, i) =>
      f.path === e.out[i]
        ? e.outWorkspace[i]!
        : toPosix(path.relative(workspace, path.resolve(opts.manifest.dir, f.path))),
    );
  if (e.alt !== undefined) r.alt = e.alt;
  const deps = e.inputs.flatMap((i) => (i.kind === 'ref' ? [i.id] : []));
  if (deps.length > 0) r.dependsOn = [...new Set(deps)];
  if (p.action === 'skip') r.error = p.reason;
  return r;
}

function statusBefore(action: PlannedEntry['action']): EntryReport['status'] {
  if (action === 'unchanged') return 'unchanged';
  if (action === 'kept') return 'kept';
  if (action === 'skip') return 'failed';
  return 'planned';
}

function findOrphans(
  lock: ReturnType<typeof emptyLockfile>,
  entries: readonly ResolvedEntry[],
  dir: string,
  workspace: string,
): OrphanReport[] {
  const ids = new Set(entries.map((e) => e.id));
  return Object.entries(lock.images)
    .filter(([id]) => !ids.has(id))
    .map(([id, rec]) => ({
      id,
      files: rec.files.map((f) => toPosix(path.relative(workspace, path.resolve(dir, f.path)))),
      pruned: false,
    }));
}

function buildReport(
  opts: RunOptions,
  lockDisplay: string,
  reports: Map<string, EntryReport>,
  orphans: OrphanReport[],
  started: number,
  now: number,
  spentTotal: number,
  planOnly: boolean,
  x: Execution | undefined,
): RunReport {
  const entries = [...reports.values()];
  const count = (...s: EntryReport['status'][]): number => entries.filter((e) => s.includes(e.status)).length;
  const sum = (f: (e: EntryReport) => number | null | undefined): number =>
    entries.reduce((a, e) => addCost(a, f(e) ?? 0), 0);
  const spending = entries.filter(
    (e) => e.status === 'generated' || e.action === 'generate' || e.action === 'resume',
  );
  return {
    manifest: opts.manifest.displayPath,
    lockfile: lockDisplay,
    dryRun: opts.dryRun,
    planOnly,
    cancelled: opts.signal?.aborted ?? false,
    startedAt: new Date(Date.now() - (now - started)).toISOString(),
    durationS: Math.round((now - started) / 100) / 10,
    totals: {
      generated: count('generated'),
      reused: count('reused'),
      unchanged: count('unchanged', 'kept'),
      failed: count('failed', 'pending'),
    },
    cost: sum((e) => (e.status === 'generated' ? e.cost : 0)),
    estimatedCost: sum((e) => e.estimatedCost),
    unpriced: spending
      .filter((e) => (e.status === 'generated' ? e.cost === null : e.estimatedCost === null))
      .reduce((a, e) => a + e.images, 0),
    possiblyCharged: sum((e) => e.possiblyCharged),
    spentTotal,
    entries,
    orphans,
    submissions: x
      ? { ...x.counts }
      : { attempted: 0, accepted: 0, refused: 0, outcomeUnknown: 0, notSubmitted: 0, retries: 0 },
    filesWritten: [],
    filesDeleted: [],
    lockfileChanged: false,
  };
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
