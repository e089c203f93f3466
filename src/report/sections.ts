/**
 * The parts the job summary and the PR comment share: notices, totals and cost, errors and orphans,
 * submission counts, and the small markdown helpers they are built with.
 */

import { formatUsd } from '../shared/format.js';
import { escapeMarkdown, plural } from './escape.js';
import { isUnchanged } from './previews.js';
import type { RunReport } from './types.js';

/** Lists (errors, orphans) are capped: they are bounded in size so the tables can be fitted around them. */
const LIST_CAP = 50;

export function notices(report: RunReport, forkPlanOnly = false): string[] {
  const estimate = formatUsd(report.estimatedCost);
  const lines = [
    forkPlanOnly
      ? '> 🔒 This pull request comes from a fork, where secrets are unavailable: nothing was generated and ' +
        `nothing was charged. Below is the plan; running it would cost an estimated **${estimate}**.`
      : report.planOnly
        ? '> ℹ️ This run was planned only — no API key (a pull request awaiting approval, or from a fork). ' +
          `Nothing was generated or charged; running the plan would cost an estimated **${estimate}**.`
        : '',
    report.dryRun ? '> ℹ️ **Dry run**: planned and estimated only — no gateway call, no file written.' : '',
    report.cancelled
      ? '> ⚠️ **Cancelled**: finished images were kept and recorded; requests still running stay pending and ' +
        'the next run resumes them without paying again. Nothing was published.'
      : '',
  ];
  return lines.filter(Boolean).flatMap((l) => [l, '']);
}

export function totals(report: RunReport): string[] {
  const t = report.totals;
  const planned = report.entries.filter((e) => e.status === 'planned' && !isUnchanged(e)).length;
  const lines = [
    `**${t.generated}** generated · **${t.reused}** reused · **${t.unchanged}** unchanged · ` +
      `**${t.failed}** failed${planned > 0 ? ` · **${planned}** planned` : ''}`,
    `Cost of this run: **${formatUsd(report.cost)}** · estimate: ${formatUsd(report.estimatedCost)} · ` +
      `recorded spend of this manifest (all runs): ${formatUsd(report.spentTotal)}`,
  ];
  if (report.unpriced > 0) {
    lines.push(
      `${plural(report.unpriced, 'image')} **unpriced** (the gateway publishes no price), not in the ` +
        'amounts above: a `pricing:` entry in the manifest fills it in.',
    );
  }
  if (report.possiblyCharged > 0) {
    lines.push(
      `Possibly charged for FAILED requests: **${formatUsd(report.possiblyCharged)}** (not in the cost).`,
    );
  }
  return lines.flatMap((l) => [l, '']);
}

/** A capped list: bounded in size, so the tables can be fitted around it. */
function list<T>(title: string, items: T[], format: (item: T) => string): string[] {
  if (items.length === 0) return [];
  const lines = items.slice(0, LIST_CAP).map((item) => `- ${format(item)}`);
  if (items.length > LIST_CAP) lines.push(`- … and ${items.length - LIST_CAP} more (see the JSON report)`);
  return [`### ${title}`, '', ...lines, ''];
}

export function errorsAndOrphans(report: RunReport): string[] {
  const failed = report.entries.filter((e) => e.error);
  const errors = list(
    'Errors',
    failed,
    (e) => `**${escapeMarkdown(e.id, 80)}**: ${escapeMarkdown(e.error ?? '', 400)}`,
  );
  const deleted = new Set(report.filesDeleted);
  const orphans = list('Entries no longer in the manifest', report.orphans, (o) => {
    const id = `**${escapeMarkdown(o.id, 80)}**`;
    // A record whose files were gone already is dropped without deleting anything.
    if (o.pruned && !o.files.some((f) => deleted.has(f)))
      return `${id}: record dropped (its files were gone)`;
    const what = o.pruned ? 'deleted' : 'kept (set `prune: true` to delete them)';
    return `${id}: ${plural(o.files.length, 'file')} ${what}`;
  });
  return [...errors, ...orphans];
}

export function submissions(report: RunReport): string[] {
  const s = report.submissions;
  if (s.attempted === 0 && s.notSubmitted === 0) return [];
  const lines = [
    `Submissions: ${s.attempted} attempted · ${s.accepted} accepted · ${s.refused} refused · ${s.outcomeUnknown} ` +
      `outcome unknown · ${s.notSubmitted} not submitted · ${plural(s.retries, 'retry', 'retries')}` +
      (s.rateLimited > 0 ? ` · ${s.rateLimited} refused with 429 (not charged)` : ''),
    '',
  ];
  if (report.concurrency)
    lines.push(`Concurrency (${report.concurrency.mode}): ${report.concurrency.summary}.`, '');
  if (s.outcomeUnknown > 0) {
    const n = plural(s.outcomeUnknown, 'submission');
    lines.push(`⚠️ ${n} lost the answer: the gateway may have accepted (and charged) them.`, '');
  }
  return lines;
}

export function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

export function omitted(n: number, why: string): string[] {
  return n > 0 ? [`_… ${plural(n, 'more entry', 'more entries')} not shown (${why})._`, ''] : [];
}
