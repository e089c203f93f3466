/**
 * Candidate sets in the sticky comment (§10): per set awaiting a pick, a numbered grid of previews,
 * its cost and the two commands to answer with. Ids are escaped (untrusted text); an id is only
 * ever shown inside a code span or escaped text.
 */
import { escapeMarkdown, plural, safeImageUrl } from './escape.js';
import { formatUsd } from './format.js';
import type { Previews } from './previews.js';
import type { EntryReport, RunReport } from './types.js';

const GRID_WIDTH = 160;

/** Entries showing a set: bought in this run, or awaiting a pick from before. */
export function awaitingSets(report: RunReport): EntryReport[] {
  return report.entries.filter(
    (e) => e.candidates && (e.action === 'await' || e.status === 'generated' || e.status === 'planned'),
  );
}

/** Markdown lines: one numbered grid per set, empty when there is none. */
export function candidateGrids(report: RunReport, p: Previews): string[] {
  const sets = awaitingSets(report);
  if (sets.length === 0) return [];
  const lines = ['#### Candidates awaiting a pick', ''];
  for (const e of sets) {
    const files = e.candidates!.files;
    const id = escapeMarkdown(e.id, 80);
    const cells = files.map((f, i) => {
      const url = safeImageUrl(
        p.previewUrl?.(f) ?? (e.status === 'generated' ? e.mediaUrls?.[i] : undefined),
      );
      if (!url || p.left <= 0) return '—';
      p.left--;
      return `<img src="${url}" width="${GRID_WIDTH}" alt="${id} candidate ${i + 1}">`;
    });
    const planned = e.status === 'planned' && e.action !== 'await';
    lines.push(
      `**${id}** — ${plural(files.length, 'candidate')}, ${formatUsd(e.candidates!.cost)}${planned ? ' (planned)' : ''}`,
      '',
      `| ${files.map((_, i) => `${i + 1}`).join(' | ')} |`,
      `|${files.map(() => ':-:').join('|')}|`,
      `| ${cells.join(' | ')} |`,
      '',
    );
    // Ids match ID_PATTERN (letters, digits, `.`, `_`, `-`): safe inside a code span as they are.
    if (!planned)
      lines.push(
        `Reply \`/pixazo pick ${e.id} <1-${files.length}>\` to keep one, or \`/pixazo reroll ${e.id}\` for a new set.`,
        '',
      );
  }
  return lines;
}
