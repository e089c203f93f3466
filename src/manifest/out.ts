/**
 * The `out` template: placeholders, file extension and expansion into one path per image.
 * Pure string work; workspace containment is checked by the caller (see `paths.ts`).
 */
import path from 'node:path';
import { FORMAT_EXT, FORMAT_EXTENSIONS, type OutputFormat } from '../models/registry.js';

/** `out` when neither the entry nor `defaults` sets it. */
export const DEFAULT_OUT = '{id}.{ext}';

const PLACEHOLDERS = new Set(['id', 'n', 'ext']);

/** A problem in the template itself; `needle` is the text to point at inside the value. */
export interface TemplateProblem {
  readonly needle: string;
  readonly message: string;
}

/** Unknown placeholders and stray braces — problems whatever the entry. */
export function templateProblems(tpl: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const rest = tpl.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    if (!PLACEHOLDERS.has(name))
      problems.push({
        needle: whole,
        message: `unknown placeholder \`${whole}\`; use \`{id}\`, \`{n}\` or \`{ext}\``,
      });
    return '';
  });
  const stray = /[{}]/.exec(rest);
  if (stray)
    problems.push({
      needle: stray[0],
      message: `stray \`${stray[0]}\`; placeholders are \`{id}\`, \`{n}\`, \`{ext}\``,
    });
  return problems;
}

/** Whether the template distinguishes the images of one entry. */
export function hasImageNumber(tpl: string): boolean {
  return tpl.includes('{n}');
}

/** The template with `{n}` added before the file extension, for "e.g." hints. */
export function withImageNumber(tpl: string): string {
  const slash = tpl.lastIndexOf('/');
  const dot = tpl.lastIndexOf('.');
  return dot > slash + 1 ? `${tpl.slice(0, dot)}-{n}${tpl.slice(dot)}` : `${tpl}-{n}`;
}

/**
 * Expands the template for one entry: one path per image (`{n}` is 1-based), normalized and
 * `/`-separated, still relative to the manifest's folder.
 */
export function expandOut(tpl: string, id: string, count: number, format: OutputFormat): string[] {
  const paths: string[] = [];
  for (let n = 1; n <= count; n++) {
    const p = tpl.replaceAll('{id}', id).replaceAll('{n}', String(n)).replaceAll('{ext}', FORMAT_EXT[format]);
    paths.push(path.posix.normalize(p));
  }
  return paths;
}

/**
 * Why the expanded path's extension disagrees with the format, or `undefined`. A template ending
 * in `.{ext}` always agrees; otherwise the literal extension must be one the format is known by
 * (png → .png, jpeg → .jpg/.jpeg, webp → .webp), case aside.
 */
export function extMismatch(tpl: string, expanded: string, format: OutputFormat): string | undefined {
  if (tpl.endsWith('.{ext}')) return undefined;
  const ext = path.posix.extname(expanded).slice(1);
  const ok = FORMAT_EXTENSIONS[format];
  if (ok.includes(ext.toLowerCase())) return undefined;
  const fix = `end it with \`.{ext}\` or \`.${ok[0]}\``;
  return ext ? `ends in \`.${ext}\` but output_format is ${format}; ${fix}` : `has no file extension; ${fix}`;
}
