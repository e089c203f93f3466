import { readFile } from 'node:fs/promises';
import { guardedWriteFile } from './guard.js';

export { tempBeside } from './guard.js';

/**
 * Writes `file` atomically (temp file beside it, then rename; its folder created): a reader never
 * sees half of it. `root` is the folder it must stay in (the workspace, or a staging folder): the
 * path guard checks every step against it.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, root: string): Promise<void> {
  await guardedWriteFile(root, file, data);
}

/** A text file's content, or undefined when it does not exist; any other failure is thrown. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
