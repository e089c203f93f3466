/**
 * The rule for the two secret inputs (SPEC §9), shared by the action (`api-key`, `webhook-url`) and
 * the CLI (`PIXAZO_API_KEY`, `--webhook-url`): after trimming, every character must be printable
 * ASCII (U+0020–U+007E). Anything else — a pasted line break, U+2028, a non-Latin letter — would
 * make every request fail with an undici header error, so it is an input error before any call.
 * A webhook's international host name is the one exception: it is turned into its punycode form.
 * Messages describe the character, never repeat the value (both are often secrets).
 */

import { plural } from './words.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** What is wrong with `ch`, in words a user recognises. */
function describe(ch: string): string {
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /\p{Cc}/u.test(ch)
    ? `a control character (a line break, tab or the like: ${code})`
    : `a character outside printable ASCII (${code})`;
}

/** The first character of `text` outside printable ASCII, described, or undefined. */
function firstBad(text: string): string | undefined {
  for (const ch of text) if (!PRINTABLE_ASCII.test(ch)) return describe(ch);
  return undefined;
}

/**
 * Shortest API key accepted. A shorter one is no subscription key (a slip: part of the secret, a
 * placeholder), and the redactor would mask every occurrence of those few characters in ordinary
 * text — the lockfile included — so it is refused before anything is sent or masked.
 */
export const MIN_KEY_LENGTH = 8;

/**
 * Checks an API key (already trimmed). Returns the problem, completing "<input> …", or undefined
 * when the key may be sent (empty: not given, which the caller decides about).
 */
export function keyProblem(key: string): string | undefined {
  const bad = firstBad(key);
  if (bad) return `has ${bad} inside: set it again without it`;
  if (key.length > 0 && key.length < MIN_KEY_LENGTH)
    return `is ${plural(key.length, 'character')} long, too short for a subscription key (${MIN_KEY_LENGTH} or more): set the whole key`;
  return undefined;
}

/**
 * A webhook URL as it is forwarded, or what is wrong: `bad` describes a character (completing
 * "has … inside"), `notUrl` says it is no http(s) URL (each adapter words that its own way).
 */
export type WebhookCheck = { url: string } | { bad: string } | { notUrl: true };

/**
 * Checks a webhook URL (already trimmed): an http(s) URL whose characters are printable ASCII but
 * for its host name, which may be international and is forwarded in punycode (`new URL` does that).
 */
export function checkWebhookUrl(raw: string): WebhookCheck {
  // The host as written: after the scheme and any user:password@, up to the port, path, query or fragment.
  const m = /^([a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?)([^/?#:]*)(.*)$/is.exec(raw);
  const outside = m ? `${m[1]}${m[3]}` : raw;
  const bad = firstBad(outside) ?? (m ? hostProblem(m[2]!) : undefined);
  if (bad) return { bad };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { notUrl: true };
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || !m) return { notUrl: true };
  // Only a non-ASCII host needed the parser; otherwise the URL is forwarded exactly as written.
  return { url: PRINTABLE_ASCII.test(raw) ? raw : u.href };
}

/** A host may hold letters of any script, but no control, format or separator characters. */
function hostProblem(host: string): string | undefined {
  for (const ch of host) if (/[\p{C}\p{Z}]/u.test(ch)) return describe(ch);
  return undefined;
}
