import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redact } from './redact.js';

/** A path for a temp file beside `target`, so the final rename stays on one filesystem. */
export function tempBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `file` atomically (temp file beside it, then rename): a reader never sees half of it. Text
 * (the lockfile, the image index, the gallery …) passes the one redactor first (SPEC §9).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempBeside(file);
  try {
    await writeFile(tmp, typeof data === 'string' ? redact(data) : data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
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
