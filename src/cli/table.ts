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

/** A plain text table (id, action, reason, model, quality, images, cost) with a total line. */
export function planTable(report: RunReport, p: Paint): string {
  const spent = report.entries.some((e) => e.status === 'generated' || e.status === 'failed');
  const header = ['id', 'action', 'reason', 'model', 'quality', 'images', spent ? 'cost' : 'est. cost'];
  const rows = report.entries.map((e) => [
    cell(e.dependsOn?.length ? `${e.id} ← ${e.dependsOn.join(', ')}` : e.id, 50),
    e.status === 'planned' ? e.action : e.status,
    cell(e.error ?? e.reason),
    e.model,
    e.quality,
    String(e.images),
    e.status === 'generated'
      ? usd(e.cost)
      : e.action === 'generate' || e.action === 'resume'
        ? usd(e.estimatedCost)
        : '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === 5 || i === 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [p.bold(line(header)), ...rows.map((r) => colorRow(line(r), r[1]!, p))];
  const t = report.totals;
  out.push('');
  out.push(
    `${report.entries.length} entries: ${t.generated} generated, ${t.reused} reused, ${t.unchanged} unchanged, ${t.failed} failed` +
      (report.orphans.length ? `, ${report.orphans.length} orphaned` : ''),
  );
  const unpriced =
    report.unpriced > 0 ? ` (+ ${report.unpriced} unpriced image${report.unpriced === 1 ? '' : 's'})` : '';
  out.push(
    report.dryRun || report.planOnly
      ? p.bold(`Estimated cost: ${usd(report.estimatedCost)}${unpriced}`)
      : p.bold(
          `Cost of this run: ${usd(report.cost)}${unpriced}; estimate was ${usd(report.estimatedCost)}; recorded spend of the manifest: ${usd(report.spentTotal)}`,
        ),
  );
  if (report.possiblyCharged > 0)
    out.push(p.yellow(`Possibly charged for FAILED requests: ${usd(report.possiblyCharged)}`));
  return out.join('\n');
}

function colorRow(text: string, state: string, p: Paint): string {
  if (state === 'failed' || state === 'pending' || state === 'skip') return p.red(text);
  if (state === 'generated' || state === 'generate') return p.green(text);
  if (state === 'unchanged') return p.dim(text);
  return text;
}
