/**
 * Fixes for the YAML syntax errors people actually make, added to the parser's own message,
 * which names the grammar rule rather than the slip.
 */

/** YAML's error code for `key: text: more` (a plain value holding `: `). */
const NESTED_IN_COMPACT = 'BLOCK_AS_IMPLICIT_KEY';

/**
 * The hint for a syntax error at `line` (the source line it points into), or an empty string.
 * A plain value with `: ` inside reads to YAML as a map in a map: quoting the value fixes it, and
 * the hint shows the line quoted, comment kept.
 */
export function syntaxHint(code: string, line: string): string {
  if (code !== NESTED_IN_COMPACT) return '';
  const m = /^(\s*(?:-\s+)?)([^\s:#'"][^:#]*?):\s+(.*?)\s*$/.exec(line);
  if (!m) return '';
  const [, indent, key, rest] = m as unknown as [string, string, string, string];
  if (/^['"]/.test(rest) || !/:(\s|$)/.test(rest)) return '';
  // A ` #` ends a plain value: what follows is a comment, kept after the quoted value.
  const hash = rest.search(/\s#/);
  const value = hash < 0 ? rest : rest.slice(0, hash).trimEnd();
  const comment = hash < 0 ? '' : ` ${rest.slice(hash).trimStart()}`;
  const what = key === 'prompt' ? 'the prompt' : 'the value';
  return `; a colon followed by a space inside a value starts a map: quote ${what}: \`${indent.trimStart()}${key}: ${quote(value)}${comment}\``;
}

/** A YAML double-quoted scalar (JSON's escapes are YAML's), or single quotes when that reads better. */
export function quote(value: string): string {
  if (!/["\\]/.test(value)) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  return JSON.stringify(value);
}
