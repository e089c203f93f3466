/**
 * `pixazo-images gallery [--out DIR]`: plans the manifest (no network, no key) and writes
 * `gallery.html`, every entry with its images, its state and what it cost. The page goes beside the
 * manifest by default, where the manifest's own `out` paths lead to the images.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../engine/errors.js';
import { runEngine } from '../engine/run.js';
import { pathProblem, workspaceOf } from '../manifest/paths.js';
import type { Manifest } from '../manifest/types.js';
import { emptyLockfile, parseLockfile } from '../plan/lockfile.js';
import { realClock } from '../shared/clock.js';
import { readTextIfExists } from '../shared/fs.js';
import { entersGit, isInside, toPosix } from '../shared/paths.js';
import { plural } from '../shared/words.js';
import { GALLERY_FILE, writeGallery } from '../site/gallery.js';

/** What the command needs from the CLI: the loaded manifest, and `--out` as typed. */
export interface GalleryArgs {
  manifest: Manifest;
  lockfilePath: string;
  /** `--out DIR`, relative to `cwd`; the manifest's folder when absent. */
  out?: string;
  cwd: string;
}

/** Writes the gallery; returns the line to print. Throws ConfigError for an `--out` inside `.git`. */
export async function galleryCommand(a: GalleryArgs): Promise<string> {
  const { manifest } = a;
  const outDir = a.out === undefined ? manifest.dir : path.resolve(a.cwd, a.out);
  const problem = pathProblem(path.join(outDir, GALLERY_FILE), workspaceOf(manifest.workspace));
  if (problem?.git || entersGit(outDir))
    throw new ConfigError(
      `--out ${a.out}: ${problem?.why ?? 'is inside `.git`'}; write the gallery elsewhere`,
    );
  // A plan: what is up to date, outdated, refused before or pending, without any call.
  const report = await runEngine(
    {
      manifest,
      lockfilePath: a.lockfilePath,
      dryRun: true,
      // Candidate sets (§10) show as awaiting a pick, not as the candidate 1 a push run would use.
      candidates: true,
      prune: false,
      concurrency: 1,
      pollInterval: { min: 0, max: 0 },
      pollTimeoutMs: 0,
    },
    { clock: realClock },
  );
  const lockText = await readTextIfExists(a.lockfilePath);
  const lockDisplay = toPosix(path.relative(manifest.workspace, a.lockfilePath));
  const lock = lockText === undefined ? emptyLockfile() : parseLockfile(lockText, lockDisplay);
  // `--out` may name a folder outside the workspace on purpose; there the guard still keeps the
  // page out of any `.git` (the file system's root as its root: every real path is checked).
  const inWorkspace = outDir === manifest.workspace || isInside(manifest.workspace, outDir);
  const writeRoot = inWorkspace ? manifest.workspace : path.parse(outDir).root;
  const file = await writeGallery({ report, lock, workspace: manifest.workspace, outDir, writeRoot });
  const shown = path.relative(a.cwd, file) || file;
  const n = report.entries.length;
  return `Wrote ${shown} (${plural(n, 'entry', 'entries')}): ${pathToFileURL(file).href}`;
}
