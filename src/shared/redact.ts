/**
 * The one redactor at the sinks (SPEC §9). The secrets of a run — the API key and the part of
 * `webhook-url` beyond its origin — are registered once, where the inputs are read (action and CLI);
 * every text the tool emits or writes (log lines, annotations, outputs, job summary, PR comment, JSON
 * report, lockfile, image index, gallery, CLI streams) passes {@link redact} on its way out. So a
 * gateway or CDN that reflects the key in an error text, a media URL or a redirect target is covered
 * without each source having to remember. Text printed to a log also passes
 * {@link neutraliseCommands}: a line we did not issue cannot start a workflow command.
 */

import { toReferences } from './references.js';
import { MIN_KEY_LENGTH } from './secret-input.js';

/** What a secret is replaced with. */
export const MASK = '***';

/** Shortest derived form (base64 slices, webhook fragments) we replace: shorter would mask ordinary text. */
const MIN_FORM = 6;

/**
 * The stable part of `base64(prefix + secret + suffix)` for a prefix of `offset` bytes (0–2): the
 * characters that depend on the secret's bytes only. Together the three offsets find the secret inside
 * any base64 blob (`Basic base64(user:key)`, `base64(key:)`, a JSON body …) whatever precedes it.
 */
function base64Slice(secret: Buffer, offset: number): string {
  const padded = Buffer.concat([Buffer.alloc(offset), secret]);
  const full = Math.floor(padded.length / 3) * 3;
  const rest = padded.length - full;
  const encoded = padded.toString('base64');
  // Chars of the last, partial group that hold secret bits only: 1 of 2 (1 byte left), 2 of 3 (2 bytes).
  const end = (full / 3) * 4 + (rest === 0 ? 0 : rest === 1 ? 1 : 2);
  // Chars of the first group that still hold prefix bits: 0, 2 or 3.
  const start = [0, 2, 3][offset]!;
  return encoded.slice(start, end);
}

/** Every spelling of `secret` we might emit: plain, URL-encoded, JSON-escaped, markdown-escaped, base64. */
export function formsOf(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    JSON.stringify(secret).slice(1, -1),
    toReferences(secret),
  ]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const slice = base64Slice(bytes, offset);
    // A short secret's slices are a few letters that ordinary text holds: not worth masking.
    if (slice.length < MIN_FORM) continue;
    forms.add(slice);
    forms.add(slice.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((f) => f.length > 0);
}

/**
 * The secret parts of a webhook URL: everything beyond its origin (path, query, fragment, and any
 * user:password), and on their own the query values and the long path segments, so an echo of one
 * piece is caught too. Its origin stays readable. Returns [] for an unparsable URL (refused anyway).
 */
export function webhookSecrets(raw: string): string[] {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return [];
  }
  const parts = new Set<string>();
  // Whole, and cut where an echo may have cut it (without the fragment, without the query).
  for (const beyond of [`${u.pathname}${u.search}${u.hash}`, `${u.pathname}${u.search}`, u.pathname])
    if (beyond.length > 1) parts.add(beyond.slice(1));
  // The raw text beyond the origin, as the user wrote it (URL parsing may re-encode it).
  const rawBeyond = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  if (rawBeyond.length > 1) parts.add(rawBeyond.replace(/^\//, ''));
  if (u.username) parts.add(decodeURIComponent(u.username));
  if (u.password) parts.add(decodeURIComponent(u.password));
  for (const value of u.searchParams.values()) if (value.length >= MIN_FORM) parts.add(value);
  for (const seg of u.pathname.split('/')) if (seg.length >= 12) parts.add(decodeURIComponent(seg));
  if (u.hash.length > MIN_FORM) parts.add(u.hash.slice(1));
  return [...parts].filter((p) => p.length >= MIN_FORM);
}

/** A set of secrets and the text replacement they imply. */
export class Redactor {
  #forms: string[] = [];

  /** Registers the API key (every form of it). Empty is ignored. */
  addKey(key: string): void {
    // A key too short to be one is refused before it is sent (secret-input.ts); masking its few
    // characters would corrupt ordinary text, the lockfile included.
    if (key.length >= MIN_KEY_LENGTH) this.#add(formsOf(key));
  }

  /** Registers `webhook-url`'s parts beyond its origin. Empty is ignored. */
  addWebhook(url: string): void {
    if (url) this.#add(webhookSecrets(url).flatMap(formsOf));
  }

  /** Whether anything is registered. */
  get active(): boolean {
    return this.#forms.length > 0;
  }

  /** `text` with every registered form replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const form of this.#forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return out;
  }

  /** Forgets every secret (tests). */
  clear(): void {
    this.#forms = [];
  }

  #add(forms: string[]): void {
    // Longest first: a long form must be replaced whole before a shorter one cuts it apart.
    this.#forms = [...new Set([...this.#forms, ...forms])].sort((a, b) => b.length - a.length);
  }
}

/** The process's secrets: registered where the inputs are read, applied at every sink. */
export const secrets = new Redactor();

/** Replaces the process's secrets in `text`: every sink calls this on what it emits. */
export function redact(text: string): string {
  return secrets.active ? secrets.redact(text) : text;
}

/**
 * A line that, after optional whitespace, starts with `::` (or the old `##[` form) would be read by the
 * Actions runner as a workflow command (`::error`, `::add-mask`, `::stop-commands` …). Text we print
 * but did not issue as a command gets a zero-width space between the two characters: the log reads the
 * same, the runner sees no command.
 */
export function neutraliseCommands(text: string): string {
  return text.replace(/^([^\S\r\n]*)(:)(:)|^([^\S\r\n]*)(#)(#\[)/gm, (_m, ws1, a, b, ws2, c, d) =>
    a !== undefined ? `${ws1}${a}\u200B${b}` : `${ws2}${c}\u200B${d}`,
  );
}

/** What a log line or a terminal gets: redacted, and no workflow command we did not issue. */
export function forLog(text: string): string {
  return neutraliseCommands(redact(text));
}
