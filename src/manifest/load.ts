/**
 * Loading the manifest: YAML → schema → per-entry resolution → cross-entry checks. Every problem
 * found is collected and thrown together as one `ManifestError`, before anything touches the network.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
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
  return parseManifestText(text, opts);
}
