/**
 * The character references markdown escaping writes (`report/escape.ts`), in one table: the
 * redactor (`redact.ts`) masks a secret in the escaped spelling too, so both must read the same one.
 *
 * Numeric/named character references rather than backslash escapes: they work in markdown text and
 * inside raw HTML (`<details>`, `<sub>`, attributes) alike, where backslashes mean nothing; and
 * CommonMark treats a character reference as literal text, never as syntax, so `&#91;x&#93;&#40;y&#41;`
 * renders as the characters of a link without being one. `|` must go even inside HTML attributes:
 * GFM splits table rows on it before anything else is parsed.
 */
const REFERENCES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '|': '&#124;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '!': '&#33;',
  '*': '&#42;',
  _: '&#95;',
  '#': '&#35;',
  '~': '&#126;',
  // A backslash before one of our references would escape its `&` and show the reference verbatim.
  '\\': '&#92;',
  // GitHub renders `$…$` as math.
  $: '&#36;',
};

/** Every character markdown text must not show raw. */
export const MARKDOWN_SPECIALS = /[&<>"'`|[\]()!*_#~\\$]/g;
/** What matters inside a double-quoted HTML attribute in a GFM table row: HTML and the row's `|`. */
export const ATTRIBUTE_SPECIALS = /[&<>"'`|]/g;

/** `text` with each character `specials` matches written as its character reference. */
export function toReferences(text: string, specials: RegExp = MARKDOWN_SPECIALS): string {
  return text.replace(specials, (ch) => REFERENCES[ch] ?? ch);
}
