/**
 * Scrubbing of text that came from outside (gateway error messages, network error texts) before
 * we echo it: the API key must never appear in a log line, report or annotation.
 */

/** Longest gateway-originated text we repeat; enough for any real error message. */
export const MAX_MESSAGE_CHARS = 500;

/**
 * Replaces every occurrence of each secret (and of its URL-encoded form, since a gateway could
 * echo it back from a query string) with `***`. Empty secrets are ignored.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

/**
 * Makes untrusted text safe to echo in one log line: redacts the secrets *first* (truncating first
 * could cut a key in half and leave its beginning visible), turns control characters into spaces
 * (a newline followed by `::` would be read by the Actions runner as a workflow command), collapses
 * whitespace and truncates to `max` characters.
 */
export function cleanText(text: string, secrets: readonly string[], max = MAX_MESSAGE_CHARS): string {
  const flat = redact(text, secrets)
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
