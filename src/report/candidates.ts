/**
 * Candidate sets in the sticky comment (§10): per set awaiting a pick, a numbered grid of previews,
 * its cost and the two commands to answer with. Ids are escaped (untrusted text); an id is only
 * ever shown inside a code span or escaped text. Each set sits between hidden markers naming its id,
 * so a command run (`pick`, `reroll`) replaces that set's block in whichever section shows it (the
 * full run's, or a shard's) and leaves the rest of the comment as it was.
 */

import { formatUsd } from '../shared/format.js';
import { escapeMarkdown, plural, safeImageUrl } from './escape.js';
import type { Previews } from './previews.js';
import type { EntryReport, RunReport } from './types.js';

const GRID_WIDTH = 160;
const SET_START = 'pixazo-images:set';
const SET_END = 'pixazo-images:set-end';
/** The heading above a section's sets. */
export const GRIDS_HEADING = '#### Candidates awaiting a pick';

/** Entries showing a set: bought in this run, or awaiting a pick from before. */
export function awaitingSets(report: RunReport): EntryReport[] {
  return report.entries.filter(
    (e) => e.candidates && (e.action === 'await' || e.status === 'generated' || e.status === 'planned'),
  );
}

/**
 * The hidden markers around a set's block. Ids match ID_PATTERN (letters, digits, `.`, `_`, `-`), so
 * one cannot end the HTML comment; anything else is percent-encoded all the same.
 */
function markers(id: string): { start: string; end: string } {
  const key = id.replace(/[^A-Za-z0-9._-]/g, (ch) => encodeURIComponent(ch)).replaceAll('--', '-%2D');
  return { start: `<!-- ${SET_START} ${key} -->`, end: `<!-- ${SET_END} ${key} -->` };
}

/** One set's block (markers included): the grid of `e`'s candidates with the commands to answer. */
export function setBlock(e: EntryReport, p: Previews): string[] {
  const files = e.candidates!.files;
  const id = escapeMarkdown(e.id, 80);
  const cells = files.map((f, i) => {
    const url = safeImageUrl(p.previewUrl?.(f) ?? (e.status === 'generated' ? e.mediaUrls?.[i] : undefined));
    if (!url || p.left <= 0) return '—';
    p.left--;
    return `<img src="${url}" width="${GRID_WIDTH}" alt="${id} candidate ${i + 1}">`;
  });
  const planned = e.status === 'planned' && e.action !== 'await';
  const { start, end } = markers(e.id);
  const lines = [
    start,
    `**${id}** — ${plural(files.length, 'candidate')}, ${formatUsd(e.candidates!.cost)}${planned ? ' (planned)' : ''}`,
    '',
    `| ${files.map((_, i) => `${i + 1}`).join(' | ')} |`,
    `|${files.map(() => ':-:').join('|')}|`,
    `| ${cells.join(' | ')} |`,
    '',
  ];
  // Ids match ID_PATTERN (letters, digits, `.`, `_`, `-`): safe inside a code span as they are.
  if (!planned)
    lines.push(
      `Reply \`/pixazo pick ${e.id} <1-${files.length}>\` to keep one, or \`/pixazo reroll ${e.id}\` for a new set.`,
      '',
    );
  lines.push(end);
  return lines;
}

/** Markdown lines: one numbered grid per set, empty when there is none. */
export function candidateGrids(report: RunReport, p: Previews): string[] {
  const sets = awaitingSets(report);
  if (sets.length === 0) return [];
  return [GRIDS_HEADING, '', ...sets.flatMap((e) => [...setBlock(e, p), ''])];
}

/**
 * A picked set's block: the chosen candidate's preview (when it can be seen) and where it went.
 * `url` is the published image's URL, if any.
 */
export function pickedBlock(
  id: string,
  k: number,
  n: number,
  file: string,
  url: string | undefined,
): string[] {
  const { start, end } = markers(id);
  const safe = safeImageUrl(url);
  const name = escapeMarkdown(id, 80);
  return [
    start,
    `✅ **${name}** — picked candidate ${k} of ${n}: \`${file.replaceAll('`', "'")}\``,
    '',
    ...(safe ? [`<img src="${safe}" width="${GRID_WIDTH}" alt="${name}, candidate ${k}">`, ''] : []),
    end,
  ];
}

/**
 * `body` with every block of set `id` replaced by `block` (each shard's section shows its own sets,
 * so a set is in one section; the same block goes wherever it is). Undefined when no block of `id`
 * is in the body.
 */
export function replaceSetBlock(body: string, id: string, block: readonly string[]): string | undefined {
  const { start, end } = markers(id);
  let found = false;
  let out = '';
  let from = 0;
  for (;;) {
    const s = body.indexOf(start, from);
    if (s < 0) break;
    const e = body.indexOf(end, s + start.length);
    if (e < 0) break;
    out += body.slice(from, s) + block.join('\n');
    from = e + end.length;
    found = true;
  }
  return found ? out + body.slice(from) : undefined;
}
