import { formatCostOutput } from '../models/pricing.js';
import type { RunReport } from '../report/types.js';

/** Colors for a terminal: only on a TTY, never when NO_COLOR is set. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

export function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string) =>
    enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
  };
}

export function usd(n: number | null | undefined): string {
  return n === null || n === undefined ? 'unpriced' : `$${formatCostOutput(n)}`;
}

/** Terminals must not be driven by untrusted text: strip control characters from cells. */
function cell(s: string, max = 60): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * A plain text table (id, action, reason, model, quality, images, est. cost or cost), the totals,
 * then every error in full (the table cuts long reasons) and the orphans.
 */
export function planTable(report: RunReport, p: Paint): string {
  const planned = report.dryRun || report.planOnly;
  const header = ['id', 'action', 'reason', 'model', 'quality', 'images', planned ? 'est. cost' : 'cost'];
  const rows = report.entries.map((e) => [
    cell(e.dependsOn?.length ? `${e.id} ← ${e.dependsOn.join(', ')}` : e.id, 50),
    e.status === 'planned' ? e.action : e.status,
    cell(e.error ?? e.reason),
    e.model,
    e.quality,
    String(e.images),
    costCell(e),
  ]);
  const toMake = report.entries.filter((e) => costs(e)).reduce((n, e) => n + e.images, 0);
  const total = [
    'total',
    '',
    '',
    '',
    '',
    String(toMake),
    planned ? usd(report.estimatedCost) : usd(report.cost),
  ];
  const widths = header.map((h, i) => Math.max(h.length, total[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === 5 || i === 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = p.dim(widths.map((w) => '─'.repeat(w)).join('  '));
  const out = [
    p.bold(line(header)),
    ...rows.map((r) => colorRow(line(r), r[1]!, p)),
    rule,
    p.bold(line(total)),
  ];
  const t = report.totals;
  out.push('');
  const counts = planned
    ? actionCounts(report)
    : `${t.generated} generated, ${t.reused} reused, ${t.unchanged} unchanged, ${t.failed} failed`;
  out.push(
    `${report.entries.length} ${report.entries.length === 1 ? 'entry' : 'entries'}: ${counts}` +
      (report.orphans.length ? `, ${report.orphans.length} orphaned` : ''),
  );
  const unpriced =
    report.unpriced > 0
      ? ` (+ ${report.unpriced} unpriced image${report.unpriced === 1 ? '' : 's'}: add a pricing: entry)`
      : '';
  const images = `${toMake} image${toMake === 1 ? '' : 's'}`;
  out.push(
    planned
      ? p.bold(`Estimated cost: ${usd(report.estimatedCost)} for ${images}${unpriced}`) +
          (report.dryRun ? ' (dry run: nothing was sent or written)' : '')
      : p.bold(`Cost of this run: ${usd(report.cost)}${unpriced}`) +
          `; estimate was ${usd(report.estimatedCost)}; recorded spend of the manifest: ${usd(report.spentTotal)}`,
  );
  if (report.possiblyCharged > 0)
    out.push(
      p.yellow(`Possibly charged for FAILED requests: ${usd(report.possiblyCharged)} (not in the cost)`),
    );
  const failed = report.entries.filter((e) => e.error);
  if (failed.length > 0) {
    out.push('', p.bold('Errors:'));
    for (const e of failed) out.push(`  ${p.red(cell(e.id, 80))}: ${cell(e.error!, 2000)}`);
  }
  if (report.orphans.length > 0) {
    out.push('', p.bold('No longer in the manifest:'));
    for (const o of report.orphans)
      out.push(
        `  ${cell(o.id, 80)}: ${o.pruned ? 'deleted' : 'kept'} ${o.files.map((f) => cell(f, 200)).join(', ')}`,
      );
    if (report.orphans.some((o) => !o.pruned))
      out.push(p.dim('  (the CLI never deletes: remove them yourself, or run the action with prune: true)'));
  }
  return out.join('\n');
}

/** A plan's entries counted by what would happen to them: `3 generate, 1 unchanged`. */
function actionCounts(report: RunReport): string {
  const n = new Map<string, number>();
  for (const e of report.entries) {
    const what = e.status === 'planned' ? e.action : e.status;
    n.set(what, (n.get(what) ?? 0) + 1);
  }
  return [...n].map(([what, count]) => `${count} ${what}`).join(', ') || 'nothing to do';
}

/** Entries whose images cost money in this run (or would, in a plan). */
function costs(e: RunReport['entries'][number]): boolean {
  return (
    e.status === 'generated' || (e.status === 'planned' && (e.action === 'generate' || e.action === 'resume'))
  );
}

function costCell(e: RunReport['entries'][number]): string {
  if (e.status === 'generated') return usd(e.cost);
  if (e.status === 'planned')
    return e.action === 'generate' || e.action === 'resume' ? usd(e.estimatedCost) : '—';
  // A FAILED request may have been charged: shown with a question mark, never added to the cost.
  if (e.possiblyCharged) return `${usd(e.possiblyCharged)}?`;
  return '—';
}

function colorRow(text: string, state: string, p: Paint): string {
  if (state === 'failed' || state === 'pending' || state === 'skip') return p.red(text);
  if (state === 'generated' || state === 'generate') return p.green(text);
  if (state === 'unchanged') return p.dim(text);
  return text;
}
