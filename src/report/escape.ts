/**
 * Escaping for untrusted text (prompts, ids, gateway error messages, file paths) that we place in
 * GitHub-flavoured markdown: job summaries, PR comments, the CLI's report. `core.summary` escapes
 * nothing, and a PR's manifest is written by whoever opened the PR, so everything we did not write
 * ourselves goes through here before it reaches markdown. Also the size-limit helpers those
 * renderers share (money and durations are formatted in `format.ts`).
 */

import { ATTRIBUTE_SPECIALS, toReferences } from '../shared/references.js';

/** Zero-width joiner: invisible, but breaks GitHub's @mention, #issue and autolink detection. */
const ZWJ = '\u200D';

/**
 * Control characters (`\p{Cc}`: C0, DEL, C1) and bidirectional marks, overrides and isolates, which can
 * make text display differently from what it is.
 */
const INVISIBLE_CONTROLS = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Collapses every line break and whitespace run to one space (a newline ends a table row and a blank
 * line ends an HTML block) and drops control and bidi-override characters.
 */
export function collapseWhitespace(text: string): string {
  // Whitespace first: tabs and newlines are control characters too, but must become spaces.
  return text.replace(/\s+/gu, ' ').replace(INVISIBLE_CONTROLS, '').replace(/ {2,}/g, ' ').trim();
}

/**
 * Shortens `text` to at most `maxLength` code points (never splitting a surrogate pair), ending with an
 * ellipsis when anything was cut.
 */
export function truncate(text: string, maxLength: number): string {
  // `length` counts UTF-16 units, never fewer than code points: a cheap exit for the common case.
  if (text.length <= maxLength) return text;
  let points = 0;
  // UTF-16 length of the first `maxLength - 1` code points: what is kept when the ellipsis is added.
  let keep = 0;
  for (const ch of text) {
    points++;
    if (points > maxLength) return text.slice(0, keep).trimEnd() + '…';
    if (points < maxLength) keep += ch.length;
  }
  return text;
}

/** Inserts a zero-width joiner where GitHub would otherwise notify, cross-reference or autolink. */
function neutralizeReferences(text: string): string {
  return (
    text
      // @user, @org/team, user@example.com (e-mail autolink), owner/repo@sha
      .replace(/@(?=[\p{L}\p{N}_])/gu, `@${ZWJ}`)
      // #123 and owner/repo#123 would link the issue and add a "mentioned this" event to it.
      .replace(/#(?=\p{N})/gu, `#${ZWJ}`)
      // GFM's extended autolinks: scheme:// and www.
      .replace(/:\/\//g, `:${ZWJ}//`)
      .replace(/\b(www)\./gi, `$1${ZWJ}.`)
  );
}

/**
 * Escapes untrusted text for markdown text, a GFM table cell, or text inside an HTML block: one line,
 * no HTML, no links or images, no emphasis, no @mentions or #references, no autolinks; truncated to
 * `maxLength` code points (before escaping, so a reference is never cut in half).
 */
export function escapeMarkdown(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  const line = truncate(collapseWhitespace(text), maxLength);
  return toReferences(neutralizeReferences(line));
}

/**
 * Escapes untrusted text for a double-quoted HTML attribute value (an image's `alt`), also safe inside a
 * GFM table row. Markdown is not parsed inside attributes, so only HTML and the row's `|` matter.
 */
export function escapeHtmlAttribute(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  return toReferences(truncate(collapseWhitespace(text), maxLength), ATTRIBUTE_SPECIALS);
}

function percentEncode(ch: string): string {
  return Array.from(Buffer.from(ch, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(
    '',
  );
}

/**
 * Makes a URL we constructed safe as a markdown link destination or a double-quoted HTML attribute:
 * percent-encodes whitespace, parentheses, quotes, brackets, `|`, backslash and non-ASCII characters, and
 * writes `&` as `&amp;` (both contexts decode it back). Existing `%XX` escapes are kept as they are.
 */
export function escapeUrlForMarkdown(url: string): string {
  return url
    .toWellFormed()
    .replace(/[^\x21-\x7e]|[()<>"'`|\\[\]{}^]/gu, percentEncode)
    .replace(/&/g, '&amp;');
}

/**
 * Returns `url` escaped for markdown when it is an absolute `https:` or `http:` URL, else undefined.
 * GitHub strips `data:` images from summaries, and any other scheme has no business in a preview.
 */
export function safeImageUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  // The parsed form is the one whose scheme we checked (the parser drops tabs and newlines).
  return escapeUrlForMarkdown(parsed.href);
}

export { plural } from '../shared/words.js';

/** How a size limit counts: GitHub limits step summaries in bytes and comments in characters. */
export type Measure = (text: string) => number;
/** UTF-8 bytes. */
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');
/** UTF-16 code units: never fewer than characters, so a limit kept in these is kept in characters. */
export const utf16Units: Measure = (text) => text.length;

/** Takes leading `rows` while they fit in `budget`; `used` counts each taken row with its newline. */
export function fitRows(rows: string[], budget: number, measure: Measure): { kept: string[]; used: number } {
  const kept: string[] = [];
  let used = 0;
  for (const row of rows) {
    const size = measure(row) + 1;
    if (used + size > budget) break;
    kept.push(row);
    used += size;
  }
  return { kept, used };
}

/** Last resort when text still exceeds `max`: cuts at a line boundary and says so. */
export function clipToSize(text: string, max: number, measure: Measure): string {
  if (measure(text) <= max) return text;
  const note = '\n\n_… truncated to fit the size limit; see the JSON report._\n';
  const room = max - measure(note);
  let cut = text.slice(0, Math.max(0, room));
  // A character is at least one unit, so dropping the overshoot's worth of characters always progresses.
  for (let over = measure(cut) - room; over > 0; over = measure(cut) - room) {
    cut = cut.slice(0, cut.length - over);
  }
  return cut.slice(0, Math.max(0, cut.lastIndexOf('\n'))) + note;
}
