import path from 'node:path';
import { addCost, entryPrice } from '../models/pricing.js';
import { pricingQuality } from '../models/registry.js';
import { type PlannedEntry, spends } from '../plan/types.js';
import type {
  ConcurrencyReport,
  EntryReport,
  OrphanReport,
  RunReport,
  SubmissionCounts,
} from '../report/types.js';
import { formatUsd } from '../shared/format.js';
import { toPosix } from '../shared/paths.js';
import { ACTION_NAMES } from '../shared/settings.js';
import { BudgetError } from './errors.js';
import { noSubmissions } from './ledger.js';
import type { RunOptions } from './types.js';

/** An entry's report as planned; the run updates it as the entry progresses. */
export function entryReport(p: PlannedEntry, opts: RunOptions): EntryReport {
  const e = p.entry;
  const { manifest } = opts;
  const r: EntryReport = {
    id: e.id,
    action: p.action,
    reason: p.reason,
    status: statusBefore(p.action),
    model: e.model,
    quality: pricingQuality(e.params),
    images: e.count,
    estimatedCost: spends(p.action) ? entryPrice(e, manifest.pricing) : 0,
    cost: 0,
    files: [...e.outWorkspace],
    prompt: e.prompt,
  };
  if (p.previous)
    r.previousFiles = p.previous.files.map((f, i) =>
      f.path === e.out[i]
        ? e.outWorkspace[i]!
        : toPosix(path.relative(manifest.workspace, path.resolve(manifest.dir, f.path))),
    );
  // An image that stays as it is keeps what its record knows of its content credentials.
  if ((p.action === 'unchanged' || p.action === 'kept') && p.previous) {
    const flags = p.previous.files.map((f) => f.content_credentials);
    if (flags.every((f) => f !== undefined)) r.contentCredentials = flags as boolean[];
  }
  if (e.alt !== undefined) r.alt = e.alt;
  const deps = e.inputs.flatMap((i) => (i.kind === 'ref' ? [i.id] : []));
  if (deps.length > 0) r.dependsOn = [...new Set(deps)];
  if (p.action === 'skip') r.error = p.reason;
  // Candidates (§10): the set bought in this run, or the one awaiting a pick.
  if (p.candidateSet) r.candidates = { files: [...e.outWorkspace], cost: r.estimatedCost };
  if (p.awaiting)
    r.candidates = {
      files: p.setMove
        ? [...p.setMove.outWorkspace]
        : p.awaiting.files.map((f) =>
            toPosix(path.relative(manifest.workspace, path.resolve(manifest.dir, f.path))),
          ),
      cost: p.awaiting.cost_usd,
    };
  return r;
}

function statusBefore(action: PlannedEntry['action']): EntryReport['status'] {
  if (action === 'unchanged') return 'unchanged';
  if (action === 'kept') return 'kept';
  // Awaiting a pick (§10): nothing to do in this run, like an unchanged entry.
  if (action === 'await') return 'unchanged';
  if (action === 'skip') return 'failed';
  return 'planned';
}

/** Why entries would break `max-cost`: some that spend have no price, or the total is over it. */
export type BudgetProblem =
  | { readonly kind: 'unpriced'; readonly entries: readonly EntryReport[] }
  | { readonly kind: 'over'; readonly total: number; readonly maxCost: number };

/**
 * The one budget rule: the estimates of every entry that spends must be known and their total
 * within `max-cost`. Used before any submission (the plan) and before a submit the plan did not
 * count (a recorded image that did not verify, generated anew).
 */
export function budgetProblem(opts: RunOptions, entries: readonly EntryReport[]): BudgetProblem | undefined {
  if (opts.maxCost === undefined) return undefined;
  const unpriced = entries.filter((e) => spends(e.action) && e.estimatedCost === null);
  if (unpriced.length > 0) return { kind: 'unpriced', entries: unpriced };
  const total = entries.reduce((sum, e) => addCost(sum, e.estimatedCost ?? 0), 0);
  return total > opts.maxCost ? { kind: 'over', total, maxCost: opts.maxCost } : undefined;
}

/**
 * A submit the plan did not count (rule 8's recorded image did not verify, so the entry is generated
 * after all): its price joins the run's estimate only if the budget rule still holds with it.
 * Returns why it may not be submitted (its estimate left at 0), or undefined (counted).
 */
export function claimUnplanned(
  opts: RunOptions,
  entries: readonly EntryReport[],
  entry: EntryReport,
  price: number | null,
): string | undefined {
  const before = entry.estimatedCost;
  entry.estimatedCost = price;
  const problem = budgetProblem(opts, entries);
  if (!problem) return undefined;
  entry.estimatedCost = before;
  const n = opts.names ?? ACTION_NAMES;
  return problem.kind === 'unpriced'
    ? `not submitted: over ${n('max-cost')}: ${entry.model} has no known price, and the plan counted no cost for this entry (its recorded image did not verify)`
    : `not submitted: over ${n('max-cost')}: its recorded image did not verify, and generating it anew would bring the run to ${formatUsd(problem.total)}, over ${n('max-cost')} ${formatUsd(problem.maxCost)}`;
}

/** Before any submission: the plan must fit `max-cost`, and be priced when a ceiling is set. */
export function checkBudget(
  opts: RunOptions,
  entries: readonly EntryReport[],
  report: () => RunReport,
): void {
  const problem = budgetProblem(opts, entries);
  if (!problem) return;
  const n = opts.names ?? ACTION_NAMES;
  if (problem.kind === 'unpriced') {
    const unpriced = problem.entries;
    throw new BudgetError(
      `${n('max-cost')} is set but ${unpriced.map((e) => e.id).join(', ')} ${unpriced.length === 1 ? 'has' : 'have'} no known price (${[...new Set(unpriced.map((e) => e.model))].join(', ')}). Add a pricing: entry to the manifest, e.g.\npricing:\n  ${unpriced[0]!.model}: { default: 0.04 }`,
      report(),
    );
  }
  throw new BudgetError(
    `The plan would cost ${formatUsd(problem.total)}, over ${n('max-cost')} ${formatUsd(problem.maxCost)}: nothing was submitted. Raise it, or narrow the run with ${n('only')} or ${n('shard')}.`,
    report(),
  );
}

/** What the report is built from. */
export interface ReportParts {
  readonly opts: RunOptions;
  readonly lockfile: string;
  readonly entries: readonly EntryReport[];
  readonly orphans: OrphanReport[];
  /** When the run started (ms, on the run's clock). */
  readonly startedAt: number;
  /** Run time so far (ms). */
  readonly elapsedMs: number;
  readonly spentTotal: number;
  readonly planOnly: boolean;
  readonly submissions?: SubmissionCounts;
  readonly concurrency?: ConcurrencyReport;
  readonly filesWritten?: string[];
  readonly filesDeleted?: string[];
  readonly lockfileChanged?: boolean;
}

/** The run report from the entries' reports: totals, cost, estimate. */
export function buildReport(parts: ReportParts): RunReport {
  const { opts, entries } = parts;
  const count = (...s: EntryReport['status'][]): number => entries.filter((e) => s.includes(e.status)).length;
  const sum = (f: (e: EntryReport) => number | null | undefined): number =>
    entries.reduce((a, e) => addCost(a, f(e) ?? 0), 0);
  // Restored from the image cache (rule 9, status `reused`): planned to spend, but nothing was bought.
  const spending = entries.filter(
    (e) => e.status === 'generated' || (e.status !== 'reused' && spends(e.action)),
  );
  return {
    manifest: opts.manifest.displayPath,
    lockfile: parts.lockfile,
    dryRun: opts.dryRun,
    planOnly: parts.planOnly,
    cancelled: opts.signal?.aborted ?? false,
    startedAt: new Date(parts.startedAt).toISOString(),
    durationS: Math.round(parts.elapsedMs / 100) / 10,
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
    spentTotal: parts.spentTotal,
    entries: [...entries],
    orphans: parts.orphans,
    submissions: { ...(parts.submissions ?? noSubmissions()) },
    ...(parts.concurrency && (parts.concurrency.peak > 0 || parts.concurrency.refusals > 0)
      ? { concurrency: parts.concurrency }
      : {}),
    filesWritten: parts.filesWritten ?? [],
    filesDeleted: parts.filesDeleted ?? [],
    lockfileChanged: parts.lockfileChanged ?? false,
  };
}
