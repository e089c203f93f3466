/**
 * Markdown renderers for a RunReport: the job summary, the sticky PR comment and the CLI's report.
 * Pure string functions (no @actions/core), so all three say the same thing and tests need no runner.
 * Every piece of text we did not write ourselves goes through ./escape.ts.
 */

import { spends } from '../plan/types.js';
import { formatDuration, formatUsd } from '../shared/format.js';
import { candidateGrids } from './candidates.js';
import { changesSection } from './changes.js';
import { c2paMarkdown } from './credentials.js';
import { clipToSize, escapeMarkdown, fitRows, plural, utf8Bytes, utf16Units } from './escape.js';
import {
  afterUrls,
  artifactLink,
  beforeUrls,
  images,
  isUnchanged,
  type Previews,
  type UrlForPath,
} from './previews.js';
import { details, errorsAndOrphans, notices, omitted, submissions, totals } from './sections.js';
import type { EntryReport, EntryStatus, RunReport } from './types.js';

export type { UrlForPath };

/** Options of {@link renderSummary}. */
export interface SummaryOptions {
  /** URL of an image file as published (e.g. its raw URL at the pushed commit); no URL, no preview. */
  previewUrl?: UrlForPath;
  /** URL of an entry's previous image (base branch), for before → after previews. */
  previousUrl?: UrlForPath;
  /** Link to the uploaded artifact (publish: artifact). */
  artifactUrl?: string;
  /** Size ceiling in UTF-8 bytes; GitHub drops a step summary over 1 MiB whole. */
  maxBytes?: number;
}

/** Options of {@link renderComment}. */
export interface CommentOptions {
  /** The hidden marker the comment is found by; see {@link commentMarker}. */
  marker: string;
  /** URL of an image file as published; no URL, no preview. */
  previewUrl?: UrlForPath;
  /** URL of an entry's previous image (base branch): shown before → after. */
  previousUrl?: UrlForPath;
  /** Link to the uploaded artifact (publish: artifact). */
  artifactUrl?: string;
  /** A fork's PR: no secrets, so only the plan and its estimate. */
  forkPlanOnly?: boolean;
  /** Size ceiling in characters; GitHub refuses comment bodies over 65,536. */
  maxChars?: number;
}

/** Default summary ceiling: below 1 MiB with room for anything the adapter appends. */
export const SUMMARY_MAX_BYTES = 1_000_000;
/** Default comment ceiling: below GitHub's 65,536 characters with some room to spare. */
export const COMMENT_MAX_CHARS = 65_000;

/** More unchanged entries than this go into a collapsed table of their own. */
const UNCHANGED_INLINE = 10;
/** Comment rows shown open; the rest are collapsed. */
const COMMENT_OPEN_ROWS = 20;
/** Room kept for the notes that say what was left out. */
const NOTE_RESERVE = 600;

const ICON: Record<EntryStatus, string> = {
  generated: '✅',
  reused: '♻️',
  unchanged: '⚪',
  kept: '✋',
  failed: '❌',
  planned: '📝',
  pending: '⏳',
};

/** The comment's hidden marker for a manifest: one sticky comment per PR per manifest. */
export function commentMarker(manifestPath: string): string {
  const path = manifestPath.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
  // Only characters that cannot end the HTML comment (`-->`, `--!>`) or break a line survive as they are.
  const safe = path.replace(/[^A-Za-z0-9._/~-]/g, (ch) => encodeURIComponent(ch));
  return `<!-- pixazo-images:${safe} -->`;
}

function costCell(e: EntryReport): string {
  if (e.status === 'planned') return e.estimatedCost === 0 ? '—' : `est. ${formatUsd(e.estimatedCost)}`;
  const parts: string[] = [];
  if (e.status === 'generated') parts.push(formatUsd(e.cost));
  if (e.possiblyCharged !== undefined && e.possiblyCharged !== 0) {
    parts.push(`possibly charged ${formatUsd(e.possiblyCharged)}`);
  }
  return parts.join('<br>') || '—';
}

function actionCell(e: EntryReport): string {
  if (e.action === 'await') return '⏳ awaiting';
  const outcome = e.status === 'failed' || e.status === 'pending' ? ` (${e.status})` : '';
  return `${ICON[e.status]} ${escapeMarkdown(carriedOut(e))}${outcome}`;
}

/**
 * The action as carried out: the plan's, except where the engine took another way — the image cache
 * restored what the plan would generate (rule 9: `reuse`), or recorded bytes that did not verify were
 * generated anew (`generate`). The report keeps the plan's action as it was.
 */
function carriedOut(e: EntryReport): string {
  if (e.status === 'reused' && spends(e.action)) return 'reuse';
  if (e.status === 'generated' && !spends(e.action)) return 'generate';
  return e.action;
}

function summaryRow(e: EntryReport, p: Previews): string {
  const after = images(afterUrls(e, p), e, p);
  const before = after ? images(beforeUrls(e, p), e, p) : '';
  const preview = (before ? `${before} → ${after}` : after) || '—';
  const id = idCell(e);
  const what = [escapeMarkdown(e.reason, 160), escapeMarkdown(e.model, 40), escapeMarkdown(e.quality, 20)];
  const time = formatDuration(e.durationS);
  return `| ${id} | ${actionCell(e)} | ${what.join(' | ')} | ${e.images} | ${costCell(e)} | ${time} | ${preview} |`;
}

const SUMMARY_HEADER = [
  '| id | action | reason | model | quality | images | cost | time | preview |',
  '|---|---|---|---|---|--:|--:|--:|---|',
];

/**
 * Renders the job summary: notices, totals and cost, a row per entry (many unchanged ones collapsed),
 * errors, orphans, submissions. Kept under `maxBytes`: unchanged rows give way first (to a count), then
 * the table is cut with a note.
 */
export function renderSummary(report: RunReport, opts: SummaryOptions = {}): string {
  const max = opts.maxBytes ?? SUMMARY_MAX_BYTES;
  const p: Previews = { previewUrl: opts.previewUrl, previousUrl: opts.previousUrl, left: 100 };
  const head = [
    `## 🖼️ pixazo-images: ${escapeMarkdown(report.manifest, 200)}`,
    '',
    ...notices(report),
    ...totals(report),
    ...artifactLink(opts.artifactUrl),
  ];
  const tail = [
    ...changesSection(report.entries),
    ...errorsAndOrphans(report),
    ...submissions(report),
    `<sub>Lockfile ${escapeMarkdown(report.lockfile, 200)} · run time ${formatDuration(report.durationS)}</sub>`,
    '',
  ];
  const unchanged = report.entries.filter(isUnchanged);
  const collapse = unchanged.length > UNCHANGED_INLINE;
  const main = collapse ? report.entries.filter((e) => !isUnchanged(e)) : report.entries;

  let budget = max - utf8Bytes([...head, ...tail, ...SUMMARY_HEADER].join('\n')) - NOTE_RESERVE;
  const rows = fitRows(
    main.map((e) => summaryRow(e, p)),
    budget,
    utf8Bytes,
  );
  budget -= rows.used;
  const body = rows.kept.length > 0 ? [...SUMMARY_HEADER, ...rows.kept, ''] : [];
  body.push(...omitted(main.length - rows.kept.length, 'summary size limit; see the JSON report'));
  if (collapse) {
    const title = plural(unchanged.length, 'unchanged entry', 'unchanged entries');
    const all = unchanged.map((e) => summaryRow(e, p));
    const fitted = fitRows(all, budget - utf8Bytes(SUMMARY_HEADER.join('\n')) - 100, utf8Bytes).kept;
    const listed = fitted.length === all.length;
    body.push(
      ...(listed
        ? details(title, [...SUMMARY_HEADER, ...fitted])
        : [`_${title}, not listed (size limit)._`, '']),
    );
  }
  return clipToSize([...head, ...body, ...tail].join('\n'), max, utf8Bytes);
}

function commentRow(e: EntryReport, p: Previews, withBefore: boolean): string {
  const prompt = e.prompt ? `<br><sub>${escapeMarkdown(e.prompt, 140)}</sub>` : '';
  const after = images(afterUrls(e, p), e, p) || '—';
  const before = withBefore ? `${images(beforeUrls(e, p), e, p) || '—'} | ` : '';
  const change = `${actionCell(e)}: ${escapeMarkdown(e.reason, 160)}`;
  const id = `**${escapeMarkdown(e.id, 80)}**${upstreams(e)}${c2paMarkdown(e.contentCredentials)}`;
  return `| ${id}${prompt} | ${change} | ${before}${after} | ${costCell(e)} |`;
}

/** ` ← hero, base` for an entry made from other entries' images. */
function upstreams(e: EntryReport): string {
  return e.dependsOn?.length ? ` ← ${e.dependsOn.map((d) => escapeMarkdown(d, 80)).join(', ')}` : '';
}

function idCell(e: EntryReport): string {
  return `${escapeMarkdown(e.id, 80)}${upstreams(e)}${c2paMarkdown(e.contentCredentials)}`;
}

/**
 * Renders the sticky PR comment: the marker first, then changed entries only (before → after previews
 * when the base branch had an image), reasons, cost or estimate; for a fork, the plan and a note that
 * nothing ran. Rows past the first few are collapsed, and the body is kept under `maxChars`.
 */
export function renderComment(report: RunReport, opts: CommentOptions): string {
  const title = [opts.marker, `### 🖼️ Generated images: ${escapeMarkdown(report.manifest, 200)}`, ''];
  return commentBody(report, opts, title);
}

/**
 * One run's part of the sticky comment, without the comment's marker and title (see
 * ./comment-sections.ts): notices, totals and cost, changed entries, errors; under `maxChars`, with
 * fewer previews first (`previews`: how many images it may embed) and rows left out after that.
 */
export function renderCommentSection(
  report: RunReport,
  opts: Omit<CommentOptions, 'marker'> & { previews?: number },
): string {
  return commentBody(report, opts, []);
}

function commentBody(
  report: RunReport,
  opts: Omit<CommentOptions, 'marker'> & { previews?: number },
  title: string[],
): string {
  const max = opts.maxChars ?? COMMENT_MAX_CHARS;
  const p: Previews = {
    previewUrl: opts.previewUrl,
    previousUrl: opts.previousUrl,
    left: opts.previews ?? 60,
  };
  const changed = report.entries.filter((e) => !isUnchanged(e));
  const withBefore = changed.some((e) => beforeUrls(e, p).length > 0);
  const head = [
    ...title,
    ...notices(report, opts.forkPlanOnly),
    ...totals(report),
    ...artifactLink(opts.artifactUrl),
  ];
  const tail = [
    ...changesSection(changed),
    ...errorsAndOrphans(report),
    '<sub>Unchanged entries are not listed.</sub>',
    '',
  ];
  const header = [
    `| entry | change | ${withBefore ? 'before | after' : 'preview'} | cost |`,
    `|---|---|${withBefore ? '---|---' : '---'}|--:|`,
  ];
  const fixed = utf16Units([...head, ...tail, ...header, ...header].join('\n')) + NOTE_RESERVE;
  const rows = fitRows(
    changed.map((e) => commentRow(e, p, withBefore)),
    max - fixed,
    utf16Units,
  ).kept;
  const open = rows.slice(0, COMMENT_OPEN_ROWS);
  const rest = rows.slice(COMMENT_OPEN_ROWS);
  const body =
    changed.length === 0 ? ['No image changes.', ''] : open.length > 0 ? [...header, ...open, ''] : [];
  if (rest.length > 0)
    body.push(...details(plural(rest.length, 'more entry', 'more entries'), [...header, ...rest]));
  body.push(...omitted(changed.length - rows.length, 'comment size limit; see the job summary'));
  // Candidates (§10): sets awaiting a pick, as numbered grids with the commands to answer.
  body.push(...candidateGrids(report, p));
  return clipToSize([...head, ...body, ...tail].join('\n'), max, utf16Units);
}
