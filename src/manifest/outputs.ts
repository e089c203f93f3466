/**
 * One entry's `out`: the template's problems, `{n}` and the extension against the entry, and each
 * expanded path against the workspace (outside it, through a symlink, inside `.git`, a folder).
 */
import path from 'node:path';
import type { OutputFormat } from '../models/registry.js';
import type { Context } from './draft.js';
import { pathText } from './issues.js';
import type { Path } from './locator.js';
import { expandOut, extMismatch, hasImageNumber, templateProblems, withImageNumber } from './out.js';
import { badPathSyntax, kindOf, pathProblem, toPosix } from './paths.js';
import type { SourcePos } from './types.js';

/** Where a clash between keys is reported, and how that key is named. */
interface Blame {
  readonly pos: SourcePos;
  readonly where: string;
}

interface OutArgs {
  readonly id: string;
  readonly tpl: string;
  /** Where the template was written (`images.<id>` for the built-in one). */
  readonly outPath: Path;
  readonly count: number;
  readonly format: OutputFormat;
  /** false when `output_format` is broken: the extension cannot be judged, `{ext}` is a guess. */
  readonly formatKnown: boolean;
  readonly blame: (...keys: ('out' | 'number_of_images' | 'output_format')[]) => Blame;
  readonly ctx: Context;
}

/**
 * Checks the `out` template for this entry and expands it; nothing is expanded from a broken
 * template. `outWorkspace` leaves out paths whose `{ext}` is only a guess, so that no other entry
 * is told it clashes with them.
 */
export function expandOutputs(a: OutArgs): { out: string[]; outWorkspace: string[] } {
  const { at, issues } = a.ctx;
  const where = pathText(a.outPath);
  const none = { out: [], outWorkspace: [] };
  const problems = templateProblems(a.tpl);
  for (const p of problems) issues.error(at.inside(a.outPath, p.needle), `${where}: ${p.message}`);
  const syntax = badPathSyntax(a.tpl);
  if (syntax) issues.error(at.value(a.outPath), `${where}: \`${a.tpl}\` ${syntax}`);
  if (problems.length || syntax) return none;

  if (a.count > 1 && !hasImageNumber(a.tpl)) {
    const b = a.blame('out', 'number_of_images');
    issues.error(
      b.pos,
      `${b.where}: number_of_images is ${a.count} but \`out\` (\`${a.tpl}\`) has no \`{n}\`; add it, e.g. \`${withImageNumber(a.tpl)}\``,
    );
  }
  const out = expandOut(a.tpl, a.id, a.count, a.format);
  const ext = a.formatKnown ? extMismatch(a.tpl, out[0]!, a.format) : undefined;
  if (ext) {
    const b = a.blame('out', 'output_format');
    issues.error(b.pos, `${b.where}: \`out\` (\`${a.tpl}\`) ${ext}`);
  }
  const outWorkspace: string[] = [];
  // The built-in `{id}.{ext}` has no node of its own: point at the entry's id then.
  const pos = a.outPath[0] === 'images' && a.outPath.length === 2 ? at.key(a.outPath) : at.value(a.outPath);
  for (const rel of out) {
    const abs = path.resolve(a.ctx.dir, rel);
    const problem = pathProblem(abs, a.ctx.ws);
    // The template passed; its expansion may still make a name Windows refuses (`{id}` = `con`).
    const expanded = badPathSyntax(rel);
    if (expanded) issues.error(pos, `${where}: \`${rel}\` ${expanded}`);
    else if (problem) {
      const fix = problem.git
        ? "; `.git` is git's own folder, not the repository's files: write outputs elsewhere, e.g. `img/{id}.{ext}`"
        : '; outputs must stay inside the workspace';
      issues.error(pos, `${where}: \`${rel}\` ${problem.why}${fix}`);
    } else if (kindOf(abs) === 'directory')
      issues.error(pos, `${where}: \`${rel}\` is a folder; \`out\` must name a file`);
    if (a.formatKnown || !a.tpl.includes('{ext}'))
      outWorkspace.push(toPosix(path.relative(a.ctx.ws.root, abs)));
  }
  return { out, outWorkspace };
}
