import { spends } from '../plan/types.js';
import { plural } from '../report/escape.js';
import type { EntryReport, RunReport } from '../report/types.js';
import { formatUsd } from '../shared/format.js';
import type { Paint } from './color.js';
import {
  displayWidth,
  padEndColumns,
  padStartColumns,
  shortenColumns,
  wrapColumns,
  wrapItem,
} from './text-width.js';

/** How the table is laid out. */
export interface TableOptions {
  /** Columns to fit in (ids and reasons wrap, then quality and model give way); absent: all, unwrapped. */
  width?: number;
}

/** Terminals must not be driven by untrusted text: control characters become spaces. */
export function clean(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** An error in the table is cut to this length (the list below the table has it whole). */
const ERROR_CELL = 60;
const ID = 0;
const REASON = 2;
const GAP = 2;
/** Columns given up, in turn, when the table is too wide: quality, then model. */
const DROPS: readonly number[][] = [[], [4], [4, 3]];

/** Entries whose images are made (and paid for) in this run, or would be in a plan. */
function makes(e: EntryReport): boolean {
  return e.status === 'generated' || (e.status === 'planned' && spends(e.action));
}

function costCell(e: EntryReport): string {
  if (e.status === 'generated') return formatUsd(e.cost);
  if (e.status === 'planned') return makes(e) ? formatUsd(e.estimatedCost) : '—';
  // A FAILED request may have been charged: shown with a question mark, never added to the cost.
  if (e.possiblyCharged) return `${formatUsd(e.possiblyCharged)}?`;
  return '—';
}

/** Which columns to show and how wide: everything when it fits, else wrapping, then dropping. */
function layout(natural: number[], width: number | undefined): { cols: number[]; widths: number[] } {
  const all = natural.map((_, i) => i);
  if (width === undefined) return { cols: all, widths: natural };
  const needId = natural[ID]!;
  const needReason = natural[REASON]!;
  let cols = all;
  let room = 0;
  for (const drop of DROPS) {
    cols = all.filter((i) => !drop.includes(i));
    const fixed = cols.reduce((n, i) => n + (i === ID || i === REASON ? 0 : natural[i]!), 0);
    room = width - fixed - GAP * (cols.length - 1);
    // The reason wraps down to 16 columns first; then the id wraps, down to 12.
    const reasonMin = Math.min(needReason, 16);
    const id = Math.min(needId, Math.max(12, room - reasonMin));
    const reason = Math.min(needReason, room - id);
    if (reason >= reasonMin) return { cols, widths: withWidths(natural, id, reason) };
  }
  // Narrower than any comfortable layout: share what is left, each column at least its header.
  const id = Math.min(needId, Math.max(2, Math.floor(room * 0.4)));
  return { cols, widths: withWidths(natural, id, Math.min(needReason, Math.max(6, room - id))) };
}

function withWidths(natural: number[], id: number, reason: number): number[] {
  const widths = [...natural];
  widths[ID] = id;
  widths[REASON] = reason;
  return widths;
}

/**
 * The plan or run as a text table (id, action, reason, model, quality, images, est. cost or cost)
 * with a total, the counts and the cost line, then every error in full and the orphans. The images
 * column counts the images made in this run (or planned), so it adds up to its total.
 */
export function planTable(report: RunReport, p: Paint, opts: TableOptions = {}): string {
  const planned = report.dryRun || report.planOnly;
  const header = ['id', 'action', 'reason', 'model', 'quality', 'images', planned ? 'est. cost' : 'cost'];
  const rows = report.entries.map((e) => [
    clean(e.dependsOn?.length ? `${e.id} ← ${e.dependsOn.join(', ')}` : e.id),
    stateOf(e, planned),
    // Errors are listed in full below the table.
    e.error && opts.width !== undefined
      ? shortenColumns(clean(e.error), ERROR_CELL)
      : clean(e.error ?? e.reason),
    e.model,
    e.quality,
    makes(e) ? String(e.images) : '—',
    costCell(e),
  ]);
  const made = report.entries.filter(makes);
  const images = made.reduce((n, e) => n + e.images, 0);
  const unpriced = made
    .filter((e) => (e.status === 'generated' ? e.cost : e.estimatedCost) === null)
    .reduce((n, e) => n + e.images, 0);
  const amount = planned ? report.estimatedCost : report.cost;
  const total = ['total', '', '', '', '', String(images), formatUsd(amount)];
  const natural = header.map((h, i) =>
    Math.max(displayWidth(h), displayWidth(total[i]!), ...rows.map((r) => displayWidth(r[i]!))),
  );
  const { cols, widths } = layout(natural, opts.width);
  const render = (r: string[]): string[] => {
    const cells = cols.map((i) => (i === ID || i === REASON ? wrapColumns(r[i]!, widths[i]!) : [r[i]!]));
    const height = Math.max(...cells.map((c) => c.length));
    return Array.from({ length: height }, (_, n) =>
      cols
        .map((i, k) => {
          const text = cells[k]![n] ?? '';
          return i >= 5 ? padStartColumns(text, widths[i]!) : padEndColumns(text, widths[i]!);
        })
        .join(' '.repeat(GAP))
        .trimEnd(),
    );
  };
  const out = [
    ...render(header).map(p.bold),
    ...rows.flatMap((r) => render(r).map((line) => colorRow(line, r[1]!, p))),
    p.dim(cols.map((i) => '─'.repeat(widths[i]!)).join(' '.repeat(GAP))),
    ...render(total).map(p.bold),
    '',
    `${plural(report.entries.length, 'entry', 'entries')}: ${counts(report, planned)}` +
      (report.orphans.length ? `, ${report.orphans.length} no longer in the manifest` : ''),
  ];
  if (planned) {
    out.push(p.bold(costLine('Estimated cost', amount, images, unpriced, 'nothing to generate')));
    if (report.dryRun) out.push(p.dim('Dry run: nothing was sent or written.'));
  } else
    out.push(
      p.bold(costLine('Cost of this run', amount, images, unpriced, 'nothing generated')),
      `Estimate was ${formatUsd(report.estimatedCost)}; recorded spend of this manifest (all runs): ${formatUsd(report.spentTotal)}`,
    );
  if (report.possiblyCharged > 0)
    out.push(
      p.yellow(
        `Possibly charged for FAILED requests: ${formatUsd(report.possiblyCharged)} (not in the cost)`,
      ),
    );
  const failed = report.entries.filter((e) => e.error);
  if (failed.length > 0) {
    out.push('', p.bold(planned ? 'Skipped:' : 'Errors:'));
    // Wrapped to the width like the table above it, so a pipe to a file or a log stays readable.
    for (const e of failed) {
      const [first, ...rest] = wrapItem(`${clean(e.id)}: ${clean(e.error!)}`, opts.width);
      const id = clean(e.id);
      out.push(first!.replace(id, p.red(id)), ...rest);
    }
  }
  out.push(...awaitingLines(report, p, opts.width));
  out.push(...orphanLines(report, p));
  return out.join('\n');
}

/**
 * What the state column says: a plan says what would be done (skip, not failed: nothing failed
 * yet); a run what happened; a candidate set (§10) awaits a pick either way.
 */
function stateOf(e: EntryReport, planned: boolean): string {
  if (e.action === 'await') return 'awaiting';
  return planned || e.status === 'planned' ? e.action : e.status;
}

/** Candidate sets awaiting a pick (§10): each set's files side by side, and the command that picks. */
function awaitingLines(report: RunReport, p: Paint, width: number | undefined): string[] {
  const sets = report.entries.filter(
    (e) => e.candidates && (e.action === 'await' || e.status === 'generated'),
  );
  if (sets.length === 0) return [];
  const out = ['', p.bold('Awaiting a pick:')];
  for (const e of sets) {
    const files = e.candidates!.files.map((f, i) => `${i + 1}: ${clean(f)}`).join('  ');
    const n = e.candidates!.files.length;
    out.push(
      ...wrapItem(
        `${clean(e.id)}: ${plural(n, 'candidate')}, ${formatUsd(e.candidates!.cost)} — ${files}`,
        width,
      ),
      p.dim(`  pixazo-images pick ${clean(e.id)} <1-${n}>`),
    );
  }
  return out;
}

/**
 * `Estimated cost: $0.409 for 6 priced images; 1 image unpriced (add a pricing: entry)`: the amount
 * always says which images it covers, so an unpriced image is never read as free.
 */
function costLine(label: string, amount: number, images: number, unpriced: number, none: string): string {
  if (images === 0) return `${label}: ${formatUsd(0)} (${none})`;
  if (unpriced === 0) return `${label}: ${formatUsd(amount)} for ${plural(images, 'image')}`;
  const missing = `${plural(unpriced, 'image')} unpriced (add a pricing: entry)`;
  if (unpriced === images) return `${label}: unknown, ${missing}`;
  return `${label}: ${formatUsd(amount)} for ${plural(images - unpriced, 'priced image')}; ${missing}`;
}

/** The entries counted by what happened (or would) to them, zeros left out: `3 generate, 1 unchanged`. */
function counts(report: RunReport, planned: boolean): string {
  const n = new Map<string, number>();
  for (const e of report.entries) {
    const what = stateOf(e, planned);
    n.set(what, (n.get(what) ?? 0) + 1);
  }
  return [...n].map(([what, count]) => `${count} ${what}`).join(', ') || 'nothing to do';
}

function orphanLines(report: RunReport, p: Paint): string[] {
  if (report.orphans.length === 0) return [];
  const deleted = new Set(report.filesDeleted);
  const out = ['', p.bold('No longer in the manifest:')];
  for (const o of report.orphans) {
    const files = o.files.map(clean).join(', ');
    const id = clean(o.id);
    if (o.pruned && o.files.some((f) => deleted.has(f))) out.push(`  ${id}: deleted ${files}`);
    else if (o.pruned) out.push(`  ${id}: record dropped (its files were already gone)`);
    else if (o.filesGone) out.push(`  ${id}: files already gone (generate drops the record)`);
    else out.push(`  ${id}: kept ${files}`);
  }
  if (report.orphans.some((o) => !o.pruned && !o.filesGone))
    out.push(p.dim('  (generate --prune deletes them, when they are still as generated)'));
  return out;
}

function colorRow(text: string, state: string, p: Paint): string {
  if (state === 'failed' || state === 'pending' || state === 'skip') return p.red(text);
  if (state === 'generated' || state === 'generate') return p.green(text);
  if (state === 'unchanged') return p.dim(text);
  return text;
}
