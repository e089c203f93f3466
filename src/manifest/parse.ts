/**
 * Manifest text → `yaml` tree with positions → the checks of check.ts, so every problem is
 * reported at its line and column.
 */
import { checkManifest, type LoadOptions, whereOf } from './check.js';
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
  const issues = new IssueList(where.file);
  const { at, raw } = readYaml(text, issues);
  if (raw === undefined) throw new ManifestError(issues.all());
  const manifest = checkManifest(raw, at, issues, where);
  if (!manifest) throw new ManifestError(issues.all());
  return manifest;
}
