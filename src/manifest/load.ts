/**
 * Loading the manifest: YAML → schema → per-entry resolution → cross-entry checks. Every problem
 * found is collected and thrown together as one `ManifestError`, before anything touches the network.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ACTION_NAMES } from '../shared/settings.js';
import { displayName, type LoadOptions } from './check.js';
import { parseManifestText } from './parse.js';
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
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const config = (opts.names ?? ACTION_NAMES)('config');
    const message =
      code === 'ENOENT'
        ? `no such file; create the manifest, or point ${config} at it`
        : code === 'EISDIR'
          ? `is a folder; point ${config} at the YAML file`
          : `cannot be read (${code ?? String(err)})`;
    const file = displayName(abs, path.resolve(opts.workspace), opts.displayPath);
    // Line 0: the file as a whole, not a place in it (there is no line 1 to point at).
    throw new ManifestError([{ file, line: 0, col: 0, message, severity: 'error' }]);
  }
  return parseManifestText(text, opts);
}
