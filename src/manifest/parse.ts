/**
 * The located reader: manifest text → `yaml` tree with positions → the checks of check.ts, so
 * every problem is reported at its line and column. A plain, valid manifest takes the quick path
 * instead (check.ts); this is where everything else is read.
 */
import { checkManifest, type LoadOptions, quickManifest, type Where, whereOf } from './check.js';
import { readYaml } from './document.js';
import { IssueList } from './issues.js';
import { type Manifest, ManifestError } from './types.js';

/**
 * Validates manifest text as if read from `opts.path` (used for relative paths and messages).
 * Synchronous: it checks local files (`out` containment, `input_images`) with sync fs calls.
 * @throws ManifestError with every problem found; never anything else for bad input.
 */
export function parseManifestText(text: string, opts: LoadOptions): Manifest {
  const where = whereOf(opts);
  return quickManifest(text, where) ?? locatedManifest(text, where);
}

/** The manifest read with positions: every problem is thrown located. */
export function locatedManifest(text: string, where: Where): Manifest {
  const issues = new IssueList(where.file);
  const { at, raw } = readYaml(text, issues);
  if (issues.hasErrors) throw new ManifestError(issues.all());
  const manifest = checkManifest(raw, at, issues, where);
  if (!manifest) throw new ManifestError(issues.all());
  return manifest;
}
