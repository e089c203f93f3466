/**
 * The `candidates` entry key and the top-level `candidates-dir` (§10): how many candidates a pull
 * request run buys for an entry, and where the sets awaiting a pick are written. `candidates` is
 * not hashed; an entry with `number_of_images` above 1 cannot also have it (a located error), and
 * a `defaults.candidates` is ignored for such an entry.
 */
import path from 'node:path';
import type { Context, Draft } from './draft.js';
import { badPathSyntax, pathProblem, toPosix } from './paths.js';
import type { CandidatesDir } from './types.js';

/** Where candidate sets go when the manifest does not say. */
export const DEFAULT_CANDIDATES_DIR = '.pixazo/candidates';

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 2 && (v as number) <= 8;

/**
 * Each entry's candidate count (only entries that have one), from the entry or `defaults`; the
 * schema has already refused values outside 2..8.
 */
export function checkCandidateCounts(
  images: Record<string, unknown>,
  defaults: unknown,
  drafts: ReadonlyMap<string, Draft>,
  ctx: Context,
): Map<string, number> {
  const fromDefaults = (defaults as { candidates?: unknown } | undefined)?.candidates;
  const counts = new Map<string, number>();
  for (const d of drafts.values()) {
    const own = (images[d.id] as { candidates?: unknown } | undefined)?.candidates;
    if (own !== undefined) {
      if (!isCount(own)) continue;
      if (d.count > 1) {
        ctx.issues.error(
          ctx.at.value(['images', d.id, 'candidates']),
          `images.${d.id}.candidates: an entry with number_of_images ${d.count} cannot also have candidates; remove one of the two`,
        );
        continue;
      }
      counts.set(d.id, own);
    } else if (isCount(fromDefaults) && d.count === 1) counts.set(d.id, fromDefaults);
  }
  return counts;
}

/** Checks `candidates-dir` (the path rules of `out`) and returns where candidate sets go. */
export function checkCandidatesDir(raw: unknown, ctx: Context): CandidatesDir | undefined {
  const text = typeof raw === 'string' && raw !== '' ? raw : DEFAULT_CANDIDATES_DIR;
  const pos = ctx.at.value(['candidates-dir']);
  const error = (why: string) => ctx.issues.error(pos, `candidates-dir: \`${text}\` ${why}`);
  const syntax = badPathSyntax(text);
  if (syntax) return void error(syntax);
  const abs = path.resolve(ctx.dir, text);
  const problem = pathProblem(abs, ctx.ws);
  if (problem)
    return void error(
      `${problem.why}${problem.git ? "; `.git` is git's own folder: choose another folder" : '; it must stay inside the workspace'}`,
    );
  return {
    abs,
    rel: toPosix(path.relative(ctx.dir, abs)),
    workspacePath: toPosix(path.relative(ctx.ws.root, abs)),
  };
}
