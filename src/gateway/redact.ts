/**
 * One-line scrubbing of text that came from outside (gateway error messages, network error texts)
 * before it becomes part of a message. The secrets come from the one redactor (src/shared/redact.ts),
 * which every sink applies anyway; this keeps the one-line role (control characters, length) and
 * redacts *before* truncating, so a key cut in half cannot leave its beginning visible.
 */
import { Redactor, redact as redactRegistered } from '../shared/redact.js';

/** Longest gateway-originated text we repeat; enough for any real error message. */
export const MAX_MESSAGE_CHARS = 500;

/**
 * Replaces the registered secrets, and `extra` ones (a client's own key, for code that runs without
 * the action's or the CLI's registration, e.g. tests), in every form the one redactor knows.
 */
export function redact(text: string, extra: readonly string[] = []): string {
  const local = new Redactor();
  for (const secret of extra) local.addKey(secret);
  return local.redact(redactRegistered(text));
}

/**
 * Makes untrusted text safe to echo in one log line: redacts the secrets *first* (truncating first
 * could cut a key in half and leave its beginning visible), turns control characters into spaces
 * (a newline followed by `::` would be read by the Actions runner as a workflow command), collapses
 * whitespace and truncates to `max` characters.
 */
export function cleanText(text: string, secrets: readonly string[] = [], max = MAX_MESSAGE_CHARS): string {
  const flat = redact(text, secrets)
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
