/**
 * Loading the manifest: YAML → schema → per-entry resolution → cross-entry checks. Every problem
 * found is collected and thrown together as one `ManifestError`, before anything touches the network.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { displayName, type LoadOptions, quickManifest, whereOf } from './check.js';
import { type Manifest, ManifestError } from './types.js';

export type { LoadOptions } from './check.js';
/**
 * Reads and validates the manifest.
 * @throws ManifestError with every problem (a missing or unreadable file included).
 */
export async function loadManifest(opts: LoadOptions): Promise<Manifest> {
  const abs = path.resolve(opts.path);
  let text: string;
  try {
    // One synchronous read: fs/promises takes several thread-pool round trips for the same bytes,
    // and nothing else waits for this process meanwhile.
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'not found; create it or point the `config` input (CLI: `--config`) at your manifest'
        : code === 'EISDIR'
          ? 'is a folder; point `config` at the YAML file'
          : `cannot be read (${code ?? String(err)})`;
    const file = displayName(abs, path.resolve(opts.workspace), opts.displayPath);
    throw new ManifestError([
      { file, line: 1, col: 1, message: `manifest ${file} ${why}`, severity: 'error' },
    ]);
  }
  // The located reader (and the `yaml` library) loads only for a manifest the quick path declines.
  const where = whereOf(opts);
  const quick = quickManifest(text, where);
  if (quick) return quick;
  const { locatedManifest } = await import('./parse.js');
  return locatedManifest(text, where);
}
