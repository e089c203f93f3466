/**
 * The one home of money and durations as a person (or a workflow) reads them: the CLI, the job
 * summary, the PR comment, the gallery, progress lines, messages and the action's outputs all
 * format through here. Each format is quoted by tests and docs: change one only on purpose.
 */
import { roundCost } from '../models/pricing.js';

const USD = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 6 });

/**
 * The one money format of everything a person reads (CLI, job summary, PR comment, messages):
 * `$0.047`, `$0.120`, `$0.0125`, `$1,234.500`. Three decimals, as prices are quoted to a tenth of a
 * cent, and more only when the amount has them (up to the micro-dollars money is counted in), so a
 * price is never rounded away. `null` means nobody publishes a price: "unpriced", never `$0.000`.
 */
export function formatUsd(amount: number | null): string {
  if (amount === null) return 'unpriced';
  if (!Number.isFinite(amount)) return 'n/a';
  const rounded = roundCost(amount);
  // Rounding must not turn a real (tiny) charge into "$0.000".
  if (rounded === 0 && amount > 0) return '<$0.000001';
  const sign = rounded < 0 ? '-' : '';
  return `${sign}$${USD.format(Math.abs(rounded))}`;
}

/** The money format of the action's `cost`/`estimated-cost` outputs: a decimal string rounded to 4 places. */
export function formatCostOutput(n: number): string {
  return (Math.round(n * 1e4) / 1e4).toFixed(4);
}

/** Seconds for a table cell or a wait about to happen: `41.2 s`, `2m 05s`; `—` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  return `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s`;
}

/** Elapsed time as shown in progress lines: `+12.3s`. */
export function formatElapsed(ms: number): string {
  return `+${(ms / 1000).toFixed(1)}s`;
}

/** A duration spelled as the settings take it (`poll-timeout`), for messages: `250ms`, `1.5s`, `15m`. */
export function formatSetting(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10}s`;
  return `${ms}ms`;
}

/** Whole seconds, for how long something waited: `0 s`, `60 s`. */
export function formatSeconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))} s`;
}

/** A long wait, for messages about it: whole seconds under a minute (`45 s`), else whole minutes (`30 min`). */
export function formatMinutes(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** An age for a planning reason (`max_age`), as the manifest spells it: the largest whole unit (`2w`, `36h`). */
export function formatAge(ms: number): string {
  const units: [string, number][] = [
    ['w', 604_800_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [u, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${u}`;
  return `${ms}ms`;
}
